package dev.soulbox.agent.process;

import dev.soulbox.grpc.AlreadyExistsException;
import dev.soulbox.grpc.InvalidArgumentException;
import dev.soulbox.grpc.NotFoundException;
import dev.soulbox.proto.process.ProcessSelector;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's processes by pid and by tag. A process stays here while it runs and for
 * {@code retention} after it ends, so a late client still learns how it ended.
 */
public final class ProcessRegistry implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ProcessRegistry.class);

  private final Map<Long, ManagedProcess> byPid = new HashMap<>();
  private final Map<String, ManagedProcess> byTag = new HashMap<>();
  private final ScheduledExecutorService scheduler;
  private final Duration retention;

  public ProcessRegistry(ScheduledExecutorService scheduler, Duration retention) {
    this.scheduler = scheduler;
    this.retention = retention;
  }

  /** Fails early when a running process already carries {@code tag}. */
  synchronized void checkTagFree(String tag) {
    ManagedProcess holder = tag == null ? null : byTag.get(tag);
    if (holder != null && holder.running()) {
      throw new AlreadyExistsException("tag " + tag + " is in use by running process " + holder.pid());
    }
  }

  synchronized void add(ManagedProcess process) {
    checkTagFree(process.tag());
    byPid.put(process.pid(), process);
    if (process.tag() != null) {
      byTag.put(process.tag(), process);
    }
    process.end().whenComplete((exit, error) -> scheduler.schedule(
        () -> remove(process), retention.toMillis(), TimeUnit.MILLISECONDS));
  }

  ManagedProcess find(ProcessSelector selector) {
    ManagedProcess found;
    String what;
    synchronized (this) {
      switch (selector.getSelectorCase()) {
        case PID -> {
          found = byPid.get(Integer.toUnsignedLong(selector.getPid()));
          what = "pid " + Integer.toUnsignedLong(selector.getPid());
        }
        case TAG -> {
          found = byTag.get(selector.getTag());
          what = "tag " + selector.getTag();
        }
        default -> throw new InvalidArgumentException("process selector is empty; set pid or tag");
      }
    }
    if (found == null) {
      throw new NotFoundException("no process with " + what + "; List shows the running processes");
    }
    return found;
  }

  synchronized List<ManagedProcess> running() {
    List<ManagedProcess> running = new ArrayList<>();
    for (ManagedProcess p : byPid.values()) {
      if (p.running()) {
        running.add(p);
      }
    }
    return running;
  }

  public synchronized int runningCount() {
    return running().size();
  }

  private synchronized void remove(ManagedProcess process) {
    byPid.remove(process.pid(), process);
    if (process.tag() != null) {
      byTag.remove(process.tag(), process);
    }
    process.release();
  }

  /**
   * Ends every process group the agent started, including what finished processes left running
   * in the background: TERM, then KILL once the grace period is over.
   */
  @Override
  public void close() {
    List<ManagedProcess> all;
    synchronized (this) {
      all = new ArrayList<>(byPid.values());
    }
    if (all.isEmpty()) {
      return;
    }
    log.info("stopping the process groups of {} processes", all.size());
    all.forEach(p -> p.signalGroupQuietly(Signals.SIGTERM));
    long deadline = System.currentTimeMillis() + 2_000;
    for (ManagedProcess p : all) {
      try {
        p.end().get(Math.max(1, deadline - System.currentTimeMillis()), TimeUnit.MILLISECONDS);
      } catch (Exception e) {
        // still running: killed below
      }
    }
    all.forEach(p -> p.signalGroupQuietly(Signals.SIGKILL));
  }
}
