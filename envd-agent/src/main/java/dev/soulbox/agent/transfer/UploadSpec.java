package dev.soulbox.agent.transfer;

import dev.soulbox.agent.auth.UserAccount;
import dev.soulbox.agent.auth.UserAccounts;
import dev.soulbox.agent.auth.UserPaths;
import dev.soulbox.grpc.InvalidArgumentException;
import dev.soulbox.proto.agent.v1.UploadHeader;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Pattern;

/** A validated upload header: where the file goes and what it must look like once written. */
record UploadSpec(Path target, int mode, UserAccount owner, boolean noOverwrite, OptionalLong size,
                  Optional<String> sha256) {
  static final int DEFAULT_MODE = 0644;
  private static final int MAX_MODE = 07777;
  private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-fA-F]{64}");

  static UploadSpec of(UploadHeader header, UserAccount caller, UserAccounts accounts) {
    Path target = UserPaths.resolve(header.getPath(), caller);
    if (target.getParent() == null) {
      throw new InvalidArgumentException("path " + target + " is a directory; give the path of a file");
    }
    return new UploadSpec(target, mode(header), owner(header, caller, accounts), header.getNoOverwrite(),
        size(header), sha256(header));
  }

  private static int mode(UploadHeader header) {
    if (!header.hasMode()) {
      return DEFAULT_MODE;
    }
    int mode = header.getMode();
    if (Integer.compareUnsigned(mode, MAX_MODE) > 0) {
      throw new InvalidArgumentException("mode 0" + Integer.toUnsignedString(mode, 8)
          + " is not valid; give permission bits up to 07777 (for example 0644 = 420)");
    }
    return mode;
  }

  private static UserAccount owner(UploadHeader header, UserAccount caller, UserAccounts accounts) {
    if (!header.hasOwner()) {
      return caller;
    }
    String name = header.getOwner();
    if (name.isEmpty()) {
      throw new InvalidArgumentException("owner is empty; omit it to own the file yourself, or name a user");
    }
    return accounts.find(name).orElseThrow(() ->
        new InvalidArgumentException("owner " + name + " does not exist in the sandbox"));
  }

  private static OptionalLong size(UploadHeader header) {
    if (!header.hasSize()) {
      return OptionalLong.empty();
    }
    if (header.getSize() < 0) {
      throw new InvalidArgumentException("size " + Long.toUnsignedString(header.getSize())
          + " is larger than any file can be");
    }
    return OptionalLong.of(header.getSize());
  }

  private static Optional<String> sha256(UploadHeader header) {
    if (!header.hasSha256()) {
      return Optional.empty();
    }
    if (!SHA256_HEX.matcher(header.getSha256()).matches()) {
      String given = header.getSha256();
      throw new InvalidArgumentException("sha256 '" + (given.length() > 80 ? given.substring(0, 80) + "…" : given)
          + "' is not a SHA-256; give 64 lowercase hex digits");
    }
    return Optional.of(header.getSha256().toLowerCase(Locale.ROOT));
  }
}
