#!/usr/bin/env bash
# Installs everything bake and its tests need on a fresh Debian 12 machine, then builds bake.
# Idempotent: safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."

# crun/runc: the OCI runtime the engine drives; attr: getfattr/setfattr for overlayfs opaque
# markers (Node has no xattr API); busybox-static: base images for fixtures and tests;
# umoci/skopeo: independent checks of our OCI output; docker-registry: the test registry;
# git: git sources and contexts (ADD <git URL>, remote bake definitions); perl (Essential):
# the process helper that makes mount/umount/syncfs calls without a fork per call.
packages=(git perl crun runc attr bzip2 xz-utils zstd busybox-static umoci skopeo docker-registry qemu-user-static binfmt-support openssl)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
fi

npm ci --no-audit --no-fund --loglevel=error
npm run build --silent

# The busybox base image the fixtures and the root docker-bake.hcl build on.
bash fixtures/base/make-busybox-layout.sh fixtures/.base/busybox 1 >/dev/null

# The two-architecture busybox base (linux/amd64 + linux/arm64) of the multi-platform tests, from
# Debian's busybox-static packages of both architectures (the script adds arm64 to dpkg if needed).
bash fixtures/base/make-busybox-multiarch.sh fixtures/.base/busybox-multiarch 1 >/dev/null
