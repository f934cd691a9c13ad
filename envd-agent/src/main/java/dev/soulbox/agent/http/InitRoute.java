package dev.soulbox.agent.http;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import dev.soulbox.agent.auth.UserAccount;
import dev.soulbox.agent.auth.UserAccounts;
import dev.soulbox.agent.init.SandboxSettings;
import io.grpc.netty.shaded.io.netty.handler.codec.http.DefaultHttpHeaders;
import io.grpc.netty.shaded.io.netty.handler.codec.http.HttpResponseStatus;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * envd's {@code POST /init}: sets the sandbox's environment variables, access token, default user
 * and default working directory, and answers 204 with {@code X-Envd-Version}. Once the sandbox
 * has a token, only a caller who knows it (header or body) may init it again. Everything is
 * checked before anything changes. The clock, volume mounts and CA bundle fields are envd's
 * Firecracker plumbing and are not used here.
 */
final class InitRoute {
  private static final Logger log = LoggerFactory.getLogger(InitRoute.class);

  private final SandboxSettings settings;
  private final UserAccounts accounts;
  private final String envdVersion;

  InitRoute(SandboxSettings settings, UserAccounts accounts, String envdVersion) {
    this.settings = settings;
    this.accounts = accounts;
    this.envdVersion = envdVersion;
  }

  Exchange handle(Reply reply) {
    return new BufferedExchange(reply, 1 << 20, body -> init(reply, body));
  }

  private void init(Reply reply, byte[] body) {
    Struct.Builder json = Struct.newBuilder();
    try {
      Json.merge(body.length == 0 ? "{}" : new String(body, StandardCharsets.UTF_8), json);
    } catch (InvalidProtocolBufferException | RuntimeException e) {
      reply.json(HttpResponseStatus.BAD_REQUEST, Rest.error(400, "body is not a JSON object: " + e.getMessage()));
      return;
    }
    Map<String, Value> fields = json.getFieldsMap();
    String newToken = string(fields, "accessToken");
    String current = settings.accessToken();
    if (current != null && !knows(current, reply.headers().get("x-access-token")) && !knows(current, newToken)) {
      reply.json(HttpResponseStatus.UNAUTHORIZED, Rest.error(401,
          "this sandbox already has an access token; init it with that token"));
      return;
    }
    Map<String, String> envVars = new LinkedHashMap<>();
    Value vars = fields.get("envVars");
    if (vars != null && vars.hasStructValue()) {
      for (Map.Entry<String, Value> v : vars.getStructValue().getFieldsMap().entrySet()) {
        if (!v.getValue().hasStringValue()) {
          reply.json(HttpResponseStatus.BAD_REQUEST, Rest.error(400, "envVars." + v.getKey() + " must be a string"));
          return;
        }
        envVars.put(v.getKey(), v.getValue().getStringValue());
      }
    } else if (vars != null && !vars.hasNullValue()) {
      reply.json(HttpResponseStatus.BAD_REQUEST, Rest.error(400, "envVars must be an object of strings"));
      return;
    }
    String userName = string(fields, "defaultUser");
    Optional<UserAccount> user = userName == null || userName.isEmpty() ? Optional.empty() : accounts.find(userName);
    if (userName != null && !userName.isEmpty() && user.isEmpty()) {
      reply.json(HttpResponseStatus.BAD_REQUEST, Rest.error(400, "defaultUser " + userName + " does not exist"));
      return;
    }
    String workdir = string(fields, "defaultWorkdir");
    if (workdir != null && !workdir.isEmpty() && !(workdir.startsWith("/") && Files.isDirectory(Path.of(workdir)))) {
      reply.json(HttpResponseStatus.BAD_REQUEST, Rest.error(400,
          "defaultWorkdir " + workdir + " is not an absolute path of a directory"));
      return;
    }
    settings.putEnvVars(envVars);
    if (newToken != null && !newToken.isEmpty()) {
      settings.setAccessToken(newToken);
    }
    user.ifPresent(settings::setDefaultUser);
    if (workdir != null && !workdir.isEmpty()) {
      settings.setWorkdir(Path.of(workdir));
    }
    log.info("initialised: {} environment variable(s), access token {}, default user {}, workdir {}", envVars.size(),
        settings.accessToken() == null ? "off" : "required", settings.defaultUser().name(),
        settings.workdir() == null ? "home" : settings.workdir());
    reply.send(HttpResponseStatus.NO_CONTENT, null, new byte[0], new DefaultHttpHeaders().set("X-Envd-Version", envdVersion));
  }

  private static boolean knows(String token, String presented) {
    return presented != null && MessageDigest.isEqual(token.getBytes(StandardCharsets.UTF_8),
        presented.getBytes(StandardCharsets.UTF_8));
  }

  private static String string(Map<String, Value> fields, String name) {
    Value v = fields.get(name);
    return v != null && v.hasStringValue() ? v.getStringValue() : null;
  }
}
