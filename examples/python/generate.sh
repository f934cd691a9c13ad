#!/bin/sh
# Generates Python messages and gRPC stubs from SoulBox's protos (proto/src/main/proto) into
# gen/, which git ignores. Needs Debian's protobuf-compiler-grpc (protoc and grpc_python_plugin).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
protos=$here/../../proto/src/main/proto
plugin=$(command -v grpc_python_plugin) || {
  echo "grpc_python_plugin is missing: apt-get install protobuf-compiler-grpc python3-grpcio" >&2
  exit 1
}
rm -rf "$here/gen"
mkdir "$here/gen"
cd "$protos"
# shellcheck disable=SC2046 # the proto paths have no spaces
protoc -I. --python_out="$here/gen" --grpc_python_out="$here/gen" --plugin=protoc-gen-grpc_python="$plugin" \
  $(find . -name '*.proto' | sed 's|^\./||' | sort)
echo "stubs of $(find . -name '*.proto' | wc -l) protos in $here/gen"
