package dev.soulbox.orchestrator.docker;

import com.github.dockerjava.api.exception.DockerException;
import dev.soulbox.grpc.ServiceException;
import dev.soulbox.grpc.UnavailableException;
import java.io.IOException;
import java.util.function.Supplier;

/** Engine failures that are not about a particular sandbox become one clear UNAVAILABLE. */
final class DockerErrors {
  private DockerErrors() {}

  static <T> T call(String what, Supplier<T> action) {
    try {
      return action.get();
    } catch (ServiceException | DockerException e) {
      throw e;
    } catch (RuntimeException e) {
      if (hasIoCause(e)) {
        throw new UnavailableException("the Docker engine cannot be reached while trying to " + what + ": "
            + rootMessage(e) + " (is dockerd running? set --docker-host or DOCKER_HOST)", e);
      }
      throw e;
    }
  }

  static void run(String what, Runnable action) {
    call(what, () -> {
      action.run();
      return null;
    });
  }

  private static boolean hasIoCause(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof IOException) {
        return true;
      }
    }
    return false;
  }

  private static String rootMessage(Throwable t) {
    Throwable root = t;
    while (root.getCause() != null) {
      root = root.getCause();
    }
    return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
  }
}
