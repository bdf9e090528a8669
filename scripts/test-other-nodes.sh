#!/usr/bin/env bash
# Runs the test suite again on Node 22 and 24 (bake supports 20, 22 and 24). Their binaries come
# from the npm registry's node-linux-<arch> packages (the only registry this machine reaches),
# cached under node_modules/.cache/nodes. Usage: scripts/test-other-nodes.sh [VERSION...]
set -euo pipefail
cd "$(dirname "$0")/.."
versions=("$@")
[ ${#versions[@]} -gt 0 ] || versions=(22 24)
case "$(uname -m)" in
  x86_64) arch=x64 ;;
  aarch64) arch=arm64 ;;
  *) echo "no Node package for $(uname -m)" >&2; exit 1 ;;
esac
cache="$PWD/node_modules/.cache/nodes"
mkdir -p "$cache"
status=0
for major in "${versions[@]}"; do
  dir="$cache/$major"
  if [ ! -x "$dir/package/bin/node" ]; then
    tarball="$(cd "$cache" && npm pack --silent "node-linux-$arch@$major")"
    rm -rf "$dir.tmp" && mkdir -p "$dir.tmp"
    tar xzf "$cache/$tarball" -C "$dir.tmp" && rm -f "$cache/$tarball"
    rm -rf "$dir" && mv "$dir.tmp" "$dir"
  fi
  echo "== tests on Node $("$dir/package/bin/node" --version)"
  PATH="$dir/package/bin:$PATH" npm test || status=1
done
exit $status
