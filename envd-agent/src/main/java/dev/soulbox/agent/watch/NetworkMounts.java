package dev.soulbox.agent.watch;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

/** Filesystems where inotify sees only local changes, so a watch would silently miss the others' (envd refuses them too). */
final class NetworkMounts {
  private static final Set<String> TYPES = Set.of("nfs", "nfs4", "cifs", "smb3", "smbfs", "ncpfs", "afs", "ceph",
      "glusterfs", "lustre", "fuse.sshfs", "fuse.glusterfs", "fuse.s3fs", "fuse.rclone", "fuse.gcsfuse", "davfs");

  private NetworkMounts() {}

  static boolean isNetworkType(String type) {
    return TYPES.contains(type);
  }

  /** The filesystem type of a network mount holding {@code path}, or null when it is local (or unknown). */
  static String networkTypeOf(Path path) {
    try {
      String type = Files.getFileStore(path).type();
      return isNetworkType(type) ? type : null;
    } catch (IOException e) {
      return null;
    }
  }
}
