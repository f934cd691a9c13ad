package dev.soulbox.orchestrator.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.BuildImageResultCallback;
import com.github.dockerjava.api.command.InspectImageResponse;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.DockerClientException;
import com.github.dockerjava.api.model.BuildResponseItem;
import com.github.dockerjava.api.model.Image;
import dev.soulbox.grpc.FailedPreconditionException;
import dev.soulbox.grpc.InvalidArgumentException;
import dev.soulbox.grpc.NotFoundException;
import dev.soulbox.orchestrator.runtime.ResourceLimits;
import dev.soulbox.orchestrator.runtime.Template;
import dev.soulbox.orchestrator.runtime.TemplateStore;
import java.io.ByteArrayInputStream;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Templates as local images {@code soulbox/<name>:latest} labelled {@code dev.soulbox.template.name}
 * (or {@code dev.soulbox.template}, as the image build labels them). {@code soulbox/base} and
 * {@code soulbox/desktop} count as templates even without labels. Builds never pull.
 */
public final class DockerTemplateStore implements TemplateStore {
  private static final Pattern TEMPLATE_TAG = Pattern.compile("soulbox/([a-z0-9][a-z0-9_.-]*):latest");
  private static final Set<String> BUILT_IN = Set.of("base", "desktop");

  private final DockerClient docker;

  public DockerTemplateStore(DockerClient docker) {
    this.docker = docker;
  }

  @Override
  public List<Template> list() {
    List<Template> templates = new ArrayList<>();
    for (Image image : DockerErrors.call("list templates", () -> docker.listImagesCmd().exec())) {
      for (String tag : image.getRepoTags() == null ? new String[0] : image.getRepoTags()) {
        Matcher m = TEMPLATE_TAG.matcher(tag);
        if (m.matches() && isTemplate(m.group(1), image.getLabels())) {
          templates.add(template(m.group(1), image.getLabels(),
              image.getCreated() == null ? null : Instant.ofEpochSecond(image.getCreated()),
              image.getSize() == null ? 0 : image.getSize()));
        }
      }
    }
    templates.sort(Comparator.comparing(Template::name));
    return templates;
  }

  @Override
  public Optional<Template> find(String name) {
    return DockerErrors.call("look up template " + name, () -> {
      try {
        InspectImageResponse image = docker.inspectImageCmd(Template.imageOf(name)).exec();
        Map<String, String> labels = image.getConfig() == null ? null : image.getConfig().getLabels();
        if (!isTemplate(name, labels)) {
          return Optional.empty();
        }
        Instant created = image.getCreated() == null ? null : OffsetDateTime.parse(image.getCreated()).toInstant();
        return Optional.of(template(name, labels, created, image.getSize() == null ? 0 : image.getSize()));
      } catch (com.github.dockerjava.api.exception.NotFoundException e) {
        return Optional.empty();
      }
    });
  }

  @Override
  public Template build(String name, String dockerfile, byte[] contextTar, ResourceLimits defaults, boolean desktop,
                        int poolSize, Consumer<String> log) {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put(Labels.TEMPLATE_NAME, name);
    labels.put(Labels.TEMPLATE, name);
    labels.put(Labels.TEMPLATE_DESKTOP, String.valueOf(desktop));
    labels.put(Labels.TEMPLATE_POOL, String.valueOf(poolSize)); // always: a FROM's own setting is not inherited
    if (defaults.cpus() > 0) {
      labels.put(Labels.TEMPLATE_CPUS, String.valueOf(defaults.cpus()));
    }
    if (defaults.memoryMib() > 0) {
      labels.put(Labels.TEMPLATE_MEMORY_MIB, String.valueOf(defaults.memoryMib()));
    }
    if (defaults.pids() > 0) {
      labels.put(Labels.TEMPLATE_PIDS, String.valueOf(defaults.pids()));
    }
    BuildImageResultCallback callback = new BuildImageResultCallback() {
      @Override
      public void onNext(BuildResponseItem item) {
        if (item.getStream() != null) {
          item.getStream().lines().filter(l -> !l.isBlank()).forEach(log);
        }
        if (item.isErrorIndicated() && item.getErrorDetail() != null) {
          log.accept("error: " + item.getErrorDetail().getMessage());
        }
        super.onNext(item);
      }
    };
    DockerErrors.run("build template " + name, () -> {
      try {
        docker.buildImageCmd(new ByteArrayInputStream(BuildContext.tar(dockerfile, contextTar)))
            .withDockerfilePath(BuildContext.DOCKERFILE)
            .withPull(false)
            .withTags(Set.of(Template.imageOf(name)))
            .withLabels(labels)
            .withRemove(true)
            .withForcerm(true)
            .exec(callback)
            .awaitImageId();
      } catch (DockerClientException | com.github.dockerjava.api.exception.DockerException e) {
        throw new InvalidArgumentException("building template " + name + " failed: " + e.getMessage(), e);
      }
    });
    return find(name).orElseThrow(() -> new IllegalStateException("template " + name + " vanished right after its build"));
  }

  @Override
  public void delete(String name) {
    DockerErrors.run("delete template " + name, () -> {
      try {
        docker.removeImageCmd(Template.imageOf(name)).withForce(false).exec();
      } catch (com.github.dockerjava.api.exception.NotFoundException e) {
        throw new NotFoundException("template " + name + " does not exist");
      } catch (ConflictException e) {
        throw new FailedPreconditionException("template " + name + " is still in use: " + e.getMessage());
      }
    });
  }

  private static boolean isTemplate(String name, Map<String, String> labels) {
    if (BUILT_IN.contains(name)) {
      return true;
    }
    return labels != null && (name.equals(labels.get(Labels.TEMPLATE_NAME)) || name.equals(labels.get(Labels.TEMPLATE)));
  }

  private static Template template(String name, Map<String, String> labels, Instant created, long size) {
    Map<String, String> l = labels == null ? Map.of() : labels;
    ResourceLimits defaults = new ResourceLimits(number(l.get(Labels.TEMPLATE_CPUS)),
        (long) number(l.get(Labels.TEMPLATE_MEMORY_MIB)), (long) number(l.get(Labels.TEMPLATE_PIDS)));
    boolean desktop = "desktop".equals(name) || Boolean.parseBoolean(l.get(Labels.TEMPLATE_DESKTOP));
    int poolSize = l.containsKey(Labels.TEMPLATE_POOL) ? (int) number(l.get(Labels.TEMPLATE_POOL))
        : Template.BASE.equals(name) ? Template.BASE_POOL_SIZE : 0;
    return new Template(name, Template.imageOf(name), created, size, defaults, desktop, poolSize);
  }

  private static double number(String value) {
    try {
      return value == null ? 0 : Math.max(0, Double.parseDouble(value));
    } catch (NumberFormatException e) {
      return 0;
    }
  }
}
