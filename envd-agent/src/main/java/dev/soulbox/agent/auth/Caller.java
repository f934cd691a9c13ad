package dev.soulbox.agent.auth;

import io.grpc.Context;

/** The account a call acts as, set by {@link CallerInterceptor} for the duration of the call. */
public final class Caller {
  static final Context.Key<UserAccount> KEY = Context.key("soulbox-caller");

  private Caller() {}

  /** The calling user; only valid on a thread that runs inside a call's context. */
  public static UserAccount current() {
    UserAccount user = KEY.get();
    if (user == null) {
      throw new IllegalStateException("no caller in this context");
    }
    return user;
  }
}
