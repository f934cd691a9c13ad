package dev.soulbox.agent.auth;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Chooses the user a call acts as, the way envd does: {@code authorization: Basic
 * base64("user:")} names it, and without the header the agent's default user is used.
 */
public final class CallerInterceptor implements ServerInterceptor {
  static final Metadata.Key<String> AUTHORIZATION =
      Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

  private final UserAccounts accounts;
  private final Supplier<UserAccount> defaultUser;

  public CallerInterceptor(UserAccounts accounts, UserAccount defaultUser) {
    this(accounts, () -> defaultUser);
  }

  /** {@code defaultUser} is read at each call: envd's {@code /init} may change it. */
  public CallerInterceptor(UserAccounts accounts, Supplier<UserAccount> defaultUser) {
    this.accounts = accounts;
    this.defaultUser = defaultUser;
  }

  @Override
  public <ReqT, RespT> ServerCall.Listener<ReqT> interceptCall(
      ServerCall<ReqT, RespT> call, Metadata headers, ServerCallHandler<ReqT, RespT> next) {
    String header = headers.get(AUTHORIZATION);
    UserAccount fallback = defaultUser.get();
    UserAccount user = fallback;
    if (header != null) {
      Optional<String> name = basicUser(header);
      if (name.isEmpty()) {
        return reject(call, "authorization header must be 'Basic base64(\"<user>:\")'");
      }
      Optional<UserAccount> account = name.get().isEmpty() ? Optional.of(fallback) : accounts.find(name.get());
      if (account.isEmpty()) {
        return reject(call, "user " + name.get() + " does not exist in the sandbox");
      }
      user = account.get();
    }
    return Contexts.interceptCall(Context.current().withValue(Caller.KEY, user), call, headers, next);
  }

  static Optional<String> basicUser(String header) {
    if (!header.regionMatches(true, 0, "Basic ", 0, 6)) {
      return Optional.empty();
    }
    try {
      String decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
      int colon = decoded.indexOf(':');
      return Optional.of(colon < 0 ? decoded : decoded.substring(0, colon));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  private static <ReqT, RespT> ServerCall.Listener<ReqT> reject(ServerCall<ReqT, RespT> call, String message) {
    call.close(Status.UNAUTHENTICATED.withDescription(message), new Metadata());
    return new ServerCall.Listener<>() {};
  }
}
