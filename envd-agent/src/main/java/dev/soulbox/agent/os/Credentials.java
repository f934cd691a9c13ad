package dev.soulbox.agent.os;

import java.util.List;

/** Who a child runs as: its user and group ids and its supplementary groups. */
public record Credentials(int uid, int gid, List<Integer> groups) {
  public Credentials {
    groups = List.copyOf(groups);
  }
}
