package dev.soulbox.sdk.internal;

import dev.soulbox.sdk.SoulBoxException;
import io.grpc.Channel;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.AbstractStub;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/** How the orchestrator's admin services are called: on the client's channel, with its API key and deadline. */
public record AdminCalls(ClientTransport transport, CallSettings settings, String apiKey) {

  /** A stub that sends the API key, for example {@code stub(SandboxServiceGrpc::newBlockingStub)}. */
  <S extends AbstractStub<S>> S stub(Function<Channel, S> newStub) {
    return Headers.attach(newStub.apply(transport.channel()), ApiKeys.headers(apiKey));
  }

  /** The same, for a short call: with the client's request timeout as its deadline. */
  <S extends AbstractStub<S>> S shortCall(Function<Channel, S> newStub) {
    return stub(newStub).withDeadlineAfter(settings.requestTimeout().toMillis(), TimeUnit.MILLISECONDS);
  }

  /** The failure of {@code action} (on sandbox {@code sandboxId}, when it has one) as the SDK reports it. */
  SoulBoxException failure(StatusRuntimeException e, String action, String sandboxId) {
    return ApiKeys.explain(StatusMapping.toException(e, action, sandboxId), apiKey);
  }

  @Override
  public String toString() {
    return "AdminCalls[" + transport + (apiKey == null ? ", no API key]" : ", with an API key]");
  }

  boolean hasApiKey() {
    return apiKey != null;
  }
}
