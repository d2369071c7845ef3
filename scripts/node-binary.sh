#!/usr/bin/env bash
# Prints the path of a Node.js binary of the given major version, fetched once
# from the npm registry (the node-linux-<arch> packages carry the official
# builds; npm checks each tarball's integrity) and cached outside the repo.
# The test machines reach npm but not nodejs.org.
#
#   scripts/node-binary.sh 22   # -> ~/.cache/llm-otel/node/22.23.5/bin/node
set -euo pipefail

declare -A PINNED=([22]=22.23.5 [24]=24.22.3)
major=${1:?usage: node-binary.sh <22|24>}
version=${PINNED[$major]:?no pinned Node.js $major}
case "$(uname -m)" in
  x86_64) arch=x64 ;;
  aarch64 | arm64) arch=arm64 ;;
  *) echo "node-binary.sh: no Node.js package for $(uname -m)" >&2 && exit 1 ;;
esac
CACHE="${LLM_OTEL_CACHE:-$HOME/.cache/llm-otel}/node/$version"
if [ ! -x "$CACHE/bin/node" ]; then
  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT
  (cd "$work" && npm pack --silent "node-linux-$arch@$version" >/dev/null)
  tar xzf "$work"/node-linux-"$arch"-"$version".tgz -C "$work"
  mkdir -p "$CACHE/bin"
  mv "$work/package/bin/node" "$CACHE/bin/node"
fi
echo "$CACHE/bin/node"
