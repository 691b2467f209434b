#!/usr/bin/env bash
# make dist: one archive per plugin and platform, and krew manifests with their sha256.
#
#   plugins/dist.sh OUTDIR VERSION [TARGET_TRIPLE=BINDIR ...]
#
# Each TARGET_TRIPLE=BINDIR pair names a folder holding the four binaries built for that target
# (`make dist` passes the host's; a release job passes one per cross-built target). Platforms not
# built are left out of the manifests, which krew accepts; a release lists all four.
set -euo pipefail
out=$1; version=$2; shift 2
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
base_uri="${RELEASE_BASE_URI:-https://github.com/kubectl-mesh/kubectl-mesh/releases/download/v$version}"
mkdir -p "$out"
plat_of() {
  case $1 in
    x86_64-*linux*) echo linux amd64 ;; aarch64-*linux*) echo linux arm64 ;;
    x86_64-apple-darwin) echo darwin amd64 ;; aarch64-apple-darwin) echo darwin arm64 ;;
    *) echo "dist: unsupported target $1" >&2; return 1 ;;
  esac
}
declare -A sums=()
for pair in "$@"; do
  triple=${pair%%=*}; bindir=${pair#*=}
  read -r os arch < <(plat_of "$triple")
  for p in mesh-ca mesh-secret mesh-expose mesh-tracing; do
    name="kubectl-${p}_v${version}_${os}_${arch}.tar.gz"
    stage=$(mktemp -d)
    install -m 0755 "$bindir/kubectl-$p" "$stage/kubectl-$p"
    install -m 0644 "$root/LICENSE" "$stage/LICENSE"
    # Reproducible archives: fixed order, owner and mtime.
    tar --sort=name --owner=0 --group=0 --numeric-owner --mtime=@0 -C "$stage" -cf - "kubectl-$p" LICENSE |
      gzip -n >"$out/$name"
    rm -rf "$stage"
    sums["$p/$os/$arch"]="$(sha256sum "$out/$name" | cut -d' ' -f1) $base_uri/$name"
  done
done
for p in mesh-ca mesh-secret mesh-expose mesh-tracing; do
  for key in "${!sums[@]}"; do if [[ $key == $p/* ]]; then echo "$key ${sums[$key]}"; fi; done |
    python3 "$root/plugins/fill_manifest.py" "$root/plugins/$p/krew.yaml" "v$version" >"$out/$p.yaml"
  echo "$out/$p.yaml"
done
