package dev.soulbox.orchestrator.e2b;

import com.google.gson.JsonArray;
import dev.soulbox.grpc.FailedPreconditionException;
import dev.soulbox.grpc.InvalidArgumentException;
import dev.soulbox.grpc.NotFoundException;
import dev.soulbox.orchestrator.lifecycle.SandboxIds;
import dev.soulbox.orchestrator.lifecycle.SandboxRequest;
import dev.soulbox.orchestrator.lifecycle.Sandboxes;
import dev.soulbox.orchestrator.runtime.EgressPolicy;
import dev.soulbox.orchestrator.runtime.SandboxInstance;
import dev.soulbox.orchestrator.runtime.SandboxState;
import dev.soulbox.orchestrator.runtime.SandboxUsage;
import dev.soulbox.orchestrator.runtime.Template;
import dev.soulbox.orchestrator.runtime.TemplateStore;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/** E2B's sandbox endpoints, each a short delegation to {@link Sandboxes}, the same calls the gRPC API makes. */
final class SandboxEndpoints {
  private static final long MAX_SECONDS = Integer.MAX_VALUE;

  private final Sandboxes sandboxes;
  private final TemplateStore templates;
  private final SandboxJson json;

  SandboxEndpoints(Sandboxes sandboxes, TemplateStore templates, SandboxJson json) {
    this.sandboxes = sandboxes;
    this.templates = templates;
    this.json = json;
  }

  /**
   * {@code POST /sandboxes} and {@code POST /v2/sandboxes}: 201 and a {@code Sandbox}. A sandbox of a desktop template
   * gets its VNC route, so the console can show its desktop.
   */
  ApiAnswer create(ApiCall call) {
    SandboxRequest asked = NewSandbox.read(call.json(false));
    boolean desktop = templates.find(asked.template()).map(Template::desktop).orElse(false);
    SandboxInstance created = sandboxes.create(!desktop ? asked : new SandboxRequest(asked.template(),
        asked.timeout(), asked.metadata(), asked.envVars(), true, asked.resources(), asked.egress()));
    return ApiAnswer.json(HttpResponseStatus.CREATED, json.sandbox(created));
  }

  /** {@code GET /sandboxes/{id}}: a {@code SandboxDetail}. */
  ApiAnswer get(ApiCall call) {
    noQuery(call);
    return ApiAnswer.json(HttpResponseStatus.OK, json.detail(sandboxes.get(id(call))));
  }

  /** {@code GET /sandboxes}: the running sandboxes, by metadata. */
  ApiAnswer listV1(ApiCall call) {
    return list(ListQuery.v1(call.parameters()));
  }

  /** {@code GET /v2/sandboxes}: by metadata and state, a page at a time; {@code X-Next-Token} when more follow. */
  ApiAnswer listV2(ApiCall call) {
    return list(ListQuery.v2(call.parameters()));
  }

  private ApiAnswer list(ListQuery query) {
    List<SandboxInstance> all = sandboxes.list(Map.of(), Set.of());
    ListQuery.Page page = query.page(all.stream()
        .filter(s -> s.matches(query.metadata()) && query.states().contains(s.state())).toList());
    JsonArray items = new JsonArray();
    page.items().forEach(s -> items.add(json.listed(s)));
    ApiAnswer answer = ApiAnswer.json(HttpResponseStatus.OK, items)
        .withHeader("X-Total-Running", String.valueOf(all.stream().filter(s -> s.state() == SandboxState.RUNNING).count()));
    return page.nextToken() == null ? answer : answer.withHeader("X-Next-Token", page.nextToken());
  }

  /** {@code DELETE /sandboxes/{id}}: 204. */
  ApiAnswer kill(ApiCall call) {
    noQuery(call);
    sandboxes.kill(id(call));
    return ApiAnswer.noContent();
  }

  /** {@code POST /sandboxes/{id}/timeout} {@code {"timeout": seconds}}: the sandbox ends that long from now; 204. */
  ApiAnswer setTimeout(ApiCall call) {
    noQuery(call);
    String id = id(call);
    JsonFields body = call.json(false);
    long seconds = body.integer("timeout", 1, MAX_SECONDS)
        .orElseThrow(() -> new InvalidArgumentException("timeout is required: seconds from now until the sandbox ends"));
    body.refuseUnread();
    sandboxes.setTimeout(id, Duration.ofSeconds(seconds));
    return ApiAnswer.noContent();
  }

  /** {@code POST /sandboxes/{id}/pause}: 204; 409 when already paused. Memory is always kept. */
  ApiAnswer pause(ApiCall call) {
    noQuery(call);
    String id = id(call);
    JsonFields body = call.json(true);
    if (!body.bool("memory").orElse(true)) {
      throw new InvalidArgumentException("SoulBox cannot honour memory: false: a paused sandbox always keeps its "
          + "memory and processes");
    }
    body.refuseUnread();
    sandboxes.pause(id);
    return ApiAnswer.noContent();
  }

  /** {@code POST /sandboxes/{id}/resume} {@code {"timeout", "autoPause"}}: 201 and a {@code Sandbox}; 409 if running. */
  ApiAnswer resume(ApiCall call) {
    noQuery(call);
    String id = id(call);
    JsonFields body = call.json(true);
    OptionalLong timeout = body.integer("timeout", 1, MAX_SECONDS);
    if (body.bool("autoPause").orElse(false)) {
      throw new InvalidArgumentException("SoulBox cannot honour autoPause: true: a sandbox is killed at its timeout, "
          + "never paused");
    }
    body.refuseUnread();
    SandboxInstance resumed = sandboxes.resume(id, Duration.ofSeconds(timeout.orElse(0)));
    return ApiAnswer.json(HttpResponseStatus.CREATED, json.sandbox(resumed));
  }

  /**
   * {@code POST /sandboxes/{id}/connect} (v1: {@code timeout} required) and {@code /v2/…/connect} (optional): a
   * running sandbox is answered 200, its end moved later if the timeout asks for that (never earlier); a paused one
   * is resumed, 201.
   */
  ApiAnswer connect(ApiCall call, boolean timeoutRequired) {
    noQuery(call);
    String id = id(call);
    JsonFields body = call.json(!timeoutRequired);
    OptionalLong timeout = body.integer("timeout", 1, MAX_SECONDS);
    if (timeout.isEmpty() && timeoutRequired) {
      throw new InvalidArgumentException("timeout is required: seconds from now the sandbox should live at least");
    }
    if (!body.bool("memory").orElse(true)) {
      throw new InvalidArgumentException("SoulBox cannot honour memory: false (onResume: reboot): a paused sandbox "
          + "always resumes with its memory and processes");
    }
    body.refuseUnread();
    Duration wanted = Duration.ofSeconds(timeout.orElse(0));
    SandboxInstance s = sandboxes.get(id);
    if (s.state() == SandboxState.PAUSED) {
      try {
        return ApiAnswer.json(HttpResponseStatus.CREATED, json.sandbox(sandboxes.resume(id, wanted)));
      } catch (FailedPreconditionException resumedMeanwhile) {
        s = sandboxes.get(id);
      }
    }
    if (!wanted.isZero() && Instant.now().plus(wanted).isAfter(s.endAt())) {
      s = sandboxes.setTimeout(id, wanted);
    }
    return ApiAnswer.json(HttpResponseStatus.OK, json.sandbox(s));
  }

  /**
   * {@code PUT /sandboxes/{id}/network} {@code {"allow_internet_access", "allowOut", "denyOut"}}: replaces the
   * sandbox's egress policy, as gRPC {@code UpdateNetwork} does; 204.
   */
  ApiAnswer updateNetwork(ApiCall call) {
    noQuery(call);
    String id = id(call);
    JsonFields body = call.json(false);
    EgressPolicy policy = NewSandbox.network(Optional.of(body), body.bool("allow_internet_access").orElse(null));
    sandboxes.updateNetwork(id, policy);
    return ApiAnswer.noContent();
  }

  /** {@code GET /sandboxes/{id}/metrics?start=&end=}: the sample taken now, when it falls between them. */
  ApiAnswer metrics(ApiCall call) {
    Parameters query = call.query();
    long start = query.integer("start", 0, Long.MAX_VALUE / 1000).orElse(0L);
    long end = query.integer("end", 0, Long.MAX_VALUE / 1000).orElse(Long.MAX_VALUE / 1000);
    query.refuseUnread();
    if (start > end) {
      throw new InvalidArgumentException("start (" + start + ") is after end (" + end + ")");
    }
    SandboxUsage usage = sandboxes.usage(id(call));
    JsonArray samples = new JsonArray();
    long at = usage.timestamp().getEpochSecond();
    if (at >= start - 1 && at <= end + 1) {
      samples.add(SandboxJson.metric(usage));
    }
    return ApiAnswer.json(HttpResponseStatus.OK, samples);
  }

  /** The id in the path; one that can never be a sandbox's is not found, as E2B answers it. */
  static String id(ApiCall call) {
    String id = call.sandboxId();
    if (!SandboxIds.isWellFormed(id)) {
      throw new NotFoundException("sandbox " + ListQuery.cut(id) + " does not exist (sandbox ids are 20 characters"
          + " of a-z and 0-9)");
    }
    return id;
  }

  static void noQuery(ApiCall call) {
    call.query().refuseUnread();
  }
}
