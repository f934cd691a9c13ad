package dev.soulbox.orchestrator.tls;

import java.net.InetAddress;
import java.util.Arrays;
import java.util.List;

/**
 * The names a certificate authority may sign for, as its name constraints say to every client that checks them:
 * DNS domains (each with all its subdomains) and blocks of IP addresses.
 */
record NameScope(List<String> domains, List<Block> blocks) {
  NameScope {
    domains = List.copyOf(domains);
    blocks = List.copyOf(blocks);
  }

  /** The addresses that share their first {@code prefixLength} bits with {@code address}. */
  record Block(InetAddress address, int prefixLength) {
    Block {
      int bits = address.getAddress().length * 8;
      if (prefixLength < 0 || prefixLength > bits) {
        throw new IllegalArgumentException("a prefix of " + address + " is 0 to " + bits + " bits, not " + prefixLength);
      }
    }

    /** The address, masked, then the mask: an iPAddress name constraint (RFC 5280, 4.2.1.10). */
    byte[] addressAndMask() {
      byte[] address = this.address.getAddress();
      byte[] both = Arrays.copyOf(address, address.length * 2);
      for (int i = 0; i < address.length; i++) {
        int maskBits = Math.max(0, Math.min(8, prefixLength - 8 * i));
        byte mask = (byte) (0xff00 >>> maskBits);
        both[i] = (byte) (address[i] & mask);
        both[address.length + i] = mask;
      }
      return both;
    }
  }
}
