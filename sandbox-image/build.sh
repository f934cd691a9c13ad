#!/usr/bin/env bash
# Builds the sandbox templates into the local Docker engine, without any registry.
#
#   sandbox-image/build.sh [--agent-jar PATH] [--rebuild] [--refresh-rootfs] [-v] [TEMPLATE...|all]
#
#   soulbox/debian:bookworm  Debian minbase made by debootstrap and `docker import`ed
#   soulbox/base:latest      + Java, tini, runit, the envd agent supervised on :49983
#   soulbox/desktop:latest   + XFCE on Xvfb :0, Chromium (DevTools :9222), VNC on :5910, noVNC
#
# A template is a folder next to this script with a Dockerfile; it becomes soulbox/NAME:latest.
# Naming one builds what it is FROM first (soulbox/base:latest -> base). Default: all of them.
#
# Everything is cached by content: the debootstrap tarball is kept in $SOULBOX_CACHE_DIR
# (default /var/cache/soulbox), and each template image carries the hash of its inputs
# (its folder, the agent jar, its parent image) in the label dev.soulbox.template.hash, so a
# run with nothing changed builds nothing.
#
#   --agent-jar PATH   agent jar to install (default: envd-agent/target/soulbox-envd-agent.jar)
#   --rebuild          rebuild the templates even when their hash matches, without layer cache
#   --refresh-rootfs   run debootstrap again instead of using the cached tarball
#   -v, --verbose      stream the output of debootstrap and docker build (else it goes to a log)
#
# Environment: SOULBOX_CACHE_DIR, SOULBOX_DEBIAN_MIRROR (default: this machine's apt mirror,
# else http://deb.debian.org/debian), SOULBOX_DEBIAN_SECURITY_MIRROR.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(dirname "$here")

suite=bookworm
debian_image=soulbox/debian:$suite
label_hash=dev.soulbox.template.hash
# Bump when this script changes what it puts into an image, so every template is rebuilt.
build_format=1

agent_jar=$repo/envd-agent/target/soulbox-envd-agent.jar
# the agent's JVM options, shared with the scripts that run it outside a sandbox
jvm_options=$repo/envd-agent/jvm.options
targets=()
rebuild=0
refresh_rootfs=0
verbose=0

say() { echo "build.sh: $*"; }
die() { echo "build.sh: $*" >&2; exit 1; }

while [ $# -gt 0 ]; do
  case $1 in
    --agent-jar) [ $# -ge 2 ] || die "--agent-jar needs a path"; agent_jar=$2; shift 2 ;;
    --agent-jar=*) agent_jar=${1#*=}; shift ;;
    --rebuild) rebuild=1; shift ;;
    --refresh-rootfs) refresh_rootfs=1; shift ;;
    -v | --verbose) verbose=1; shift ;;
    -h | --help) sed -n '2,/^set -euo/{/^set -euo/d;s/^# \{0,1\}//;p}' "$0"; exit 0 ;;
    all) shift ;;
    -*) die "unknown option '$1' (see --help)" ;;
    *) [ -f "$here/$1/Dockerfile" ] || die "no template '$1': $here/$1/Dockerfile does not exist"
       targets+=("$1"); shift ;;
  esac
done

# --- preconditions: one line each, saying what to do ------------------------------------------

command -v docker >/dev/null 2>&1 || die "docker is not installed; run scripts/ensure-docker.sh first"
docker info >/dev/null 2>&1 || die "no Docker engine answers; run scripts/ensure-docker.sh first"
[ -f "$agent_jar" ] || die "agent jar $agent_jar not found; build it with: mvn -B -ntp -DskipTests package -pl envd-agent -am"
agent_jar=$(cd "$(dirname "$agent_jar")" && pwd)/$(basename "$agent_jar")

if [ -n "${SOULBOX_CACHE_DIR:-}" ]; then
  cache=$SOULBOX_CACHE_DIR
elif [ "$(id -u)" -eq 0 ]; then
  cache=/var/cache/soulbox
else
  cache=${XDG_CACHE_HOME:-$HOME/.cache}/soulbox
fi
mkdir -p "$cache/logs" || die "cannot create cache directory $cache (set SOULBOX_CACHE_DIR)"

# One build at a time per cache: two debootstraps into the same tarball would corrupt it.
exec 9>"$cache/build.lock"
flock -n 9 || { say "waiting for another build.sh to finish"; flock 9; }

# The legacy builder uses local images as they are; BuildKit may try to resolve FROM remotely.
export DOCKER_BUILDKIT=0

work=$(mktemp -d "$cache/work.XXXXXX")
cleanup() {
  # a failed debootstrap can leave /proc or /sys mounted inside the tree: never rm -rf through them
  awk -v w="$work/" 'index($2, w) == 1 { print $2 }' /proc/mounts | sort -r | xargs -r -n1 umount -l 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

# Runs a step, with its output streamed (-v) or kept in a log whose tail is shown on failure.
run_logged() {
  local log=$1; shift
  if [ "$verbose" -eq 1 ]; then
    "$@" 2>&1 | tee "$log"
    return "${PIPESTATUS[0]}"
  fi
  if ! "$@" >"$log" 2>&1; then
    tail -n 25 "$log" | sed 's/^/    /' >&2
    return 1
  fi
}

image_label() { docker image inspect -f "{{ index .Config.Labels \"$2\" }}" "$1" 2>/dev/null || true; }
image_id() { docker image inspect -f '{{.Id}}' "$1" 2>/dev/null || true; }
image_size() { docker image inspect -f '{{.Size}}' "$1" | awk '{ printf "%d MB", $1 / 1000000 }'; }
elapsed() { echo "$((SECONDS - $1))s"; }

# --- the Debian rootfs ------------------------------------------------------------------------

# The mirror apt of this machine uses for $suite (one-line or deb822 sources), so debootstrap goes
# where the network allows; $1 = suite to look for.
host_mirror() {
  local want=$1 f
  for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
    [ -r "$f" ] || continue
    # deb [options] URI SUITE COMPONENTS...
    awk -v want="$want" '$1 == "deb" {
        i = 2; if ($i ~ /^\[/) { while ($i !~ /\]$/) i++; i++ }
        if ($(i + 1) == want) { print $i; exit } }' "$f"
  done
  for f in /etc/apt/sources.list.d/*.sources; do
    [ -r "$f" ] || continue
    # paragraphs of "Field: value" lines
    awk -v want="$want" 'BEGIN { RS = ""; FS = "\n" }
      { types = uris = suites = ""
        for (i = 1; i <= NF; i++) {
          if ($i ~ /^#/) continue
          split($i, kv, ":[ \t]*")
          v = substr($i, index($i, ":") + 1); sub(/^[ \t]+/, "", v)
          if (kv[1] == "Types") types = v; if (kv[1] == "URIs") uris = v; if (kv[1] == "Suites") suites = v
        }
        if ((" " types " ") ~ / deb / && (" " suites " ") ~ (" " want " ")) { split(uris, u, " "); print u[1]; exit } }' "$f"
  done
}

arch=$(dpkg --print-architecture 2>/dev/null || uname -m | sed 's/x86_64/amd64/;s/aarch64/arm64/')
mirror=${SOULBOX_DEBIAN_MIRROR:-$(host_mirror "$suite" | sed -n 1p)}
mirror=${mirror:-http://deb.debian.org/debian}
security_mirror=${SOULBOX_DEBIAN_SECURITY_MIRROR:-$(host_mirror "$suite-security" | sed -n 1p)}
security_mirror=${security_mirror:-http://deb.debian.org/debian-security}
rootfs_tar=$cache/debian-$suite-minbase-$arch.tar

ensure_debootstrap() {
  if command -v debootstrap >/dev/null 2>&1 && [ -f /usr/share/keyrings/debian-archive-keyring.gpg ]; then return; fi
  [ "$(id -u)" -eq 0 ] || die "debootstrap is not installed; install it as root: sudo apt-get install -y debootstrap debian-archive-keyring"
  command -v apt-get >/dev/null 2>&1 || die "debootstrap is not installed and there is no apt-get to install it"
  say "installing debootstrap"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq debootstrap debian-archive-keyring >/dev/null 2>&1 \
    || { DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null \
         && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq debootstrap debian-archive-keyring >/dev/null; } \
    || die "could not install debootstrap with apt-get"
}

# Turns a fresh debootstrap tree into a container base: no host identity, no caches, apt set up
# for image builds (no docs or translations, services never started inside `docker build`).
prepare_rootfs() {
  local root=$1
  cat >"$root/etc/apt/sources.list" <<EOF
deb $mirror $suite main
deb $mirror $suite-updates main
deb $security_mirror $suite-security main
EOF
  # invoke-rc.d asks this before starting a service: in an image there is no init to start it under
  printf '#!/bin/sh\nexit 101\n' >"$root/usr/sbin/policy-rc.d"
  chmod 755 "$root/usr/sbin/policy-rc.d"
  cat >"$root/etc/apt/apt.conf.d/90soulbox" <<'EOF'
Acquire::Languages "none";
Acquire::GzipIndexes "true";
APT::AutoRemove::SuggestsImportant "false";
DPkg::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true"; };
Dir::Cache::pkgcache "";
Dir::Cache::srcpkgcache "";
EOF
  cat >"$root/etc/dpkg/dpkg.cfg.d/90soulbox-slim" <<'EOF'
# Sandbox images carry no manuals or translations; delete this file to get them back.
path-exclude /usr/share/doc/*
path-include /usr/share/doc/*/copyright
path-exclude /usr/share/man/*
path-exclude /usr/share/info/*
path-exclude /usr/share/locale/*
path-include /usr/share/locale/locale.alias
EOF
  find "$root/usr/share/doc" -mindepth 1 -not -name copyright -not -type d -delete 2>/dev/null || true
  rm -rf "$root"/usr/share/man/* "$root"/usr/share/info/* "$root"/usr/share/locale/*/
  rm -rf "$root"/var/lib/apt/lists/* "$root"/var/cache/apt/* "$root"/var/cache/debconf/*-old \
    "$root"/var/log/*.log "$root"/var/log/apt/* "$root"/tmp/* "$root"/var/tmp/*
  # Docker provides these per container; the host's must not leak into the image.
  : >"$root/etc/resolv.conf"
  : >"$root/etc/hostname"
  : >"$root/etc/machine-id"
}

build_rootfs_tarball() {
  ensure_debootstrap
  [ "$(id -u)" -eq 0 ] || die "debootstrap must run as root (the tarball is cached in $cache afterwards)"
  local root=$work/rootfs log=$cache/logs/debootstrap.log start=$SECONDS
  say "debootstrap $suite ($arch, minbase) from $mirror - the slow step, cached afterwards"
  run_logged "$log" debootstrap --variant=minbase --arch="$arch" \
    --keyring=/usr/share/keyrings/debian-archive-keyring.gpg "$suite" "$root" "$mirror" \
    || die "debootstrap failed (log: $log); set SOULBOX_DEBIAN_MIRROR to a reachable Debian mirror"
  prepare_rootfs "$root"
  # /dev, /proc and /sys are provided by the runtime; numeric owners keep ids stable
  tar --numeric-owner --exclude='./dev/*' --exclude='./proc/*' --exclude='./sys/*' \
    -C "$root" -cf "$rootfs_tar.partial" .
  sha256sum "$rootfs_tar.partial" | cut -d' ' -f1 >"$rootfs_tar.sha256"
  mv "$rootfs_tar.partial" "$rootfs_tar"
  rm -rf "$root"
  say "rootfs tarball $rootfs_tar ($(du -m "$rootfs_tar" | cut -f1) MB) in $(elapsed "$start")"
}

ensure_debian_image() {
  local start=$SECONDS sha
  if [ "$refresh_rootfs" -eq 1 ] || [ ! -f "$rootfs_tar" ] || [ ! -s "$rootfs_tar.sha256" ]; then
    build_rootfs_tarball
  fi
  sha=$(cat "$rootfs_tar.sha256")
  if [ "$(image_label "$debian_image" "$label_hash")" = "$sha" ]; then
    printf '  %-26s up to date\n' "$debian_image"
    return
  fi
  replaced+=("$(image_id "$debian_image")")
  docker import \
    --change "LABEL $label_hash=$sha" \
    --change "LABEL dev.soulbox.template=debian" \
    --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    --change 'ENV LANG=C.UTF-8' \
    --change 'CMD ["/bin/bash"]' \
    "$rootfs_tar" "$debian_image" >/dev/null || die "docker import of $rootfs_tar failed"
  printf '  %-26s imported   %s in %s\n' "$debian_image" "$(image_size "$debian_image")" "$(elapsed "$start")"
}

# --- templates --------------------------------------------------------------------------------

# Everything a template image is made of: its folder (names, modes, contents), the agent jar, the
# parent image and this script's format. Equal hash, equal image.
template_hash() {
  local dir=$1 parent_id=$2
  {
    echo "format $build_format"
    echo "parent $parent_id"
    echo "agent $agent_sha"
    echo "jvm $jvm_sha"
    # of the modes only the executable bit counts: the context is normalised to 755/644 below
    (cd "$dir" && find . -type f \( -perm -u+x -printf 'x %p\n' -o -printf '- %p\n' \) | LC_ALL=C sort \
      && find . -type f -print0 | LC_ALL=C sort -z | xargs -0 -r sha256sum)
  } | sha256sum | cut -c1-64
}

declare -A done_templates=()
# ids of the images that new builds took the tags from, oldest first
replaced=()

build_template() {
  local name=$1 dir=$here/$1 image=soulbox/$1:latest start parent parent_id hash ctx log
  [ -z "${done_templates[$name]:-}" ] || return 0
  done_templates[$name]=1
  parent=$(awk 'toupper($1) == "FROM" { print $2; exit }' "$dir/Dockerfile")
  # a parent that is itself a template here is brought up to date first
  if [[ $parent =~ ^soulbox/([a-z0-9._-]+):latest$ ]] && [ -f "$here/${BASH_REMATCH[1]}/Dockerfile" ]; then
    build_template "${BASH_REMATCH[1]}"
  fi
  start=$SECONDS
  parent_id=$(image_id "$parent")
  [ -n "$parent_id" ] || die "template $name needs $parent, which is not in the engine"
  hash=$(template_hash "$dir" "$parent_id")
  if [ "$rebuild" -eq 0 ] && [ "$(image_label "$image" "$label_hash")" = "$hash" ]; then
    printf '  %-26s up to date (%s)\n' "$image" "${hash:0:12}"
    return
  fi
  # The build context is the template's folder plus the agent jar, so any template can install it.
  ctx=$work/ctx-$name
  mkdir -p "$ctx"
  cp -a "$dir/." "$ctx/"
  cp "$agent_jar" "$ctx/soulbox-envd-agent.jar"
  cp "$jvm_options" "$ctx/jvm.options"
  # COPY keeps modes: a checkout made under a strict umask must not give root-only files
  chmod -R u+rwX,go+rX,go-w "$ctx"
  log=$cache/logs/build-$name.log
  replaced+=("$(image_id "$image")")
  local args=(build --pull=false --label "$label_hash=$hash" --label "dev.soulbox.template.name=$name" -t "$image")
  [ "$rebuild" -eq 1 ] && args+=(--no-cache)
  run_logged "$log" docker "${args[@]}" "$ctx" || die "docker build of $image failed (log: $log)"
  rm -rf "$ctx"
  printf '  %-26s built      %s in %s (%s)\n' "$image" "$(image_size "$image")" "$(elapsed "$start")" "${hash:0:12}"
}

total_start=$SECONDS
agent_sha=$(sha256sum "$agent_jar" | cut -d' ' -f1)
jvm_sha=$(sha256sum "$jvm_options" | cut -d' ' -f1)
if [ ${#targets[@]} -eq 0 ]; then
  for f in "$here"/*/Dockerfile; do targets+=("$(basename "$(dirname "$f")")"); done
fi
say "building ${targets[*]} (agent $(basename "$agent_jar") ${agent_sha:0:12}, cache $cache)"
ensure_debian_image
for t in "${targets[@]}"; do build_template "$t"; done

# Images whose tag moved to a new build are dropped, children before parents. Docker refuses
# (and they stay) while a container or another tag still uses them.
removed=0
for ((i = ${#replaced[@]} - 1; i >= 0; i--)); do
  id=${replaced[i]}
  if [ -n "$id" ] && [ -z "$(docker image inspect -f '{{join .RepoTags ""}}' "$id" 2>/dev/null)" ] \
     && docker rmi "$id" >/dev/null 2>&1; then
    removed=$((removed + 1))
  fi
done
[ "$removed" -eq 0 ] || say "removed $removed replaced image(s)"
say "done in $(elapsed "$total_start")"
