package dev.soulbox.orchestrator.egress;

import java.net.InetAddress;
import java.net.InterfaceAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * What the egress proxy, which runs on the host and so past the host's firewall, never connects
 * to for a sandbox: loopback, link-local, unspecified and multicast addresses, this host's own
 * addresses, and the networks of its bridges (other sandboxes, containers). Read again at most every
 * few seconds, as bridges come and go.
 */
final class ForbiddenAddresses {
  private static final long REFRESH_NANOS = 5_000_000_000L;

  private record Block(byte[] network, int prefix) {}

  private volatile List<Block> blocks = List.of();
  private volatile long readAt;

  boolean contains(InetAddress address) {
    if (address.isLoopbackAddress() || address.isLinkLocalAddress() || address.isAnyLocalAddress()
        || address.isMulticastAddress()) {
      return true;
    }
    byte[] a = address.getAddress();
    if (a.length == 4 && (a[0] & 0xff) == 169 && (a[1] & 0xff) == 254) {
      return true;
    }
    for (Block b : current()) {
      if (inBlock(a, b)) {
        return true;
      }
    }
    return false;
  }

  private List<Block> current() {
    if (System.nanoTime() - readAt > REFRESH_NANOS) {
      blocks = read();
      readAt = System.nanoTime();
    }
    return blocks;
  }

  private static List<Block> read() {
    List<Block> out = new ArrayList<>();
    try {
      for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
        boolean bridge = isBridge(nic.getName());
        for (InterfaceAddress ia : nic.getInterfaceAddresses()) {
          byte[] address = ia.getAddress().getAddress();
          int bits = address.length * 8;
          out.add(new Block(address, bridge ? ia.getNetworkPrefixLength() : bits)); // its own address, or its network
        }
      }
    } catch (SocketException e) {
      // keep the checks that need no interface list
    }
    return out;
  }

  /** Docker's bridges (docker0, br-…) and SoulBox's (soulbox0). */
  private static boolean isBridge(String name) {
    return name.equals("docker0") || name.startsWith("br-") || name.startsWith("soulbox");
  }

  private static boolean inBlock(byte[] a, Block b) {
    if (a.length != b.network().length) {
      return false;
    }
    for (int bit = 0; bit < b.prefix(); bit++) {
      int mask = 0x80 >> (bit % 8);
      if ((a[bit / 8] & mask) != (b.network()[bit / 8] & mask)) {
        return false;
      }
    }
    return true;
  }
}
