#!/usr/bin/env bash
# Build kube-apiserver and kube-controller-manager from Debian's `kubernetes` source package
# and cache them under ${XDG_CACHE_HOME:-~/.cache}/kubectl-mesh/bin. Nothing is downloaded
# from anywhere but Debian's package archive.
set -euo pipefail

CACHE="${XDG_CACHE_HOME:-$HOME/.cache}/kubectl-mesh"
BIN="$CACHE/bin"

log() { echo "cluster/build: $*" >&2; }
SUDO=""
[[ $(id -u) -eq 0 ]] || SUDO="sudo"

need_pkgs=()
for p in golang-go etcd-server rsync jq dpkg-dev openssl curl time; do
  dpkg -s "$p" >/dev/null 2>&1 || need_pkgs+=("$p")
done
if [[ ${#need_pkgs[@]} -gt 0 ]]; then
  log "installing ${need_pkgs[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need_pkgs[@]}" >/dev/null
fi

if [[ -x "$BIN/kube-apiserver" && -x "$BIN/kube-controller-manager" ]]; then
  exit 0
fi

# deb-src for `apt-get source`
if ! grep -rqs '^Types:.*deb-src\|^deb-src' /etc/apt/sources.list /etc/apt/sources.list.d/; then
  log "enabling deb-src"
  if [[ -f /etc/apt/sources.list.d/debian.sources ]]; then
    $SUDO sed -i 's/^Types: deb$/Types: deb deb-src/' /etc/apt/sources.list.d/debian.sources
  else
    $SUDO sed -n 's/^deb /deb-src /p' /etc/apt/sources.list | $SUDO tee /etc/apt/sources.list.d/kubectl-mesh-src.list >/dev/null
  fi
  log "apt-get update"
  $SUDO apt-get update -qq
fi

SRC="$CACHE/src"
mkdir -p "$SRC" "$BIN"
cd "$SRC"
tree=$(find . -maxdepth 1 -type d -name 'kubernetes-*' | head -n1)
if [[ -z "$tree" ]]; then
  log "apt-get source kubernetes"
  apt-get source -qq kubernetes >/dev/null
  tree=$(find . -maxdepth 1 -type d -name 'kubernetes-*' | head -n1)
fi
tree=$(cd "$tree" && pwd)

# Go >= 1.18 changed runtime.mapiterinit; reflect2 v1.0.1 links to it with the old signature
# and kube-apiserver faults the first time it encodes a map with sorted keys. Apply what
# reflect2 v1.0.2 did: a full hiter struct and mapiterinit(rtype, m, &it).
r2="$tree/vendor/github.com/modern-go/reflect2/unsafe_link.go"
if [[ -f "$r2" ]] && grep -q 'func mapiterinit(rtype unsafe.Pointer, m unsafe.Pointer) \*hiter' "$r2"; then
  log "patching vendored reflect2 for Go >= 1.18"
  python3 - "$r2" "$tree/vendor/github.com/modern-go/reflect2/unsafe_map.go" <<'PY'
import re, sys
link, umap = sys.argv[1], sys.argv[2]
s = open(link).read()
s = s.replace("func mapiterinit(rtype unsafe.Pointer, m unsafe.Pointer) *hiter",
              "func mapiterinit(rtype unsafe.Pointer, m unsafe.Pointer, it *hiter)")
s = re.sub(r"type hiter struct \{.*?\n\}", """type hiter struct {
	key         unsafe.Pointer
	value       unsafe.Pointer
	t           unsafe.Pointer
	h           unsafe.Pointer
	buckets     unsafe.Pointer
	bptr        unsafe.Pointer
	overflow    *[]unsafe.Pointer
	oldoverflow *[]unsafe.Pointer
	startBucket uintptr
	offset      uint8
	wrapped     bool
	B           uint8
	i           uint8
	bucket      uintptr
	checkBucket uintptr
}""", s, flags=re.S)
open(link, "w").write(s)
m = open(umap).read()
old = "return &UnsafeMapIterator{\n\t\thiter:      mapiterinit(type2.rtype, *(*unsafe.Pointer)(obj)),"
assert old in m or "mapiterinit(type2.rtype, *(*unsafe.Pointer)(obj))" in m, "unexpected unsafe_map.go"
m = re.sub(r"return &UnsafeMapIterator\{\n\t\thiter:\s+mapiterinit\(type2\.rtype, \*\(\*unsafe\.Pointer\)\(obj\)\),",
           "var it hiter\n\tmapiterinit(type2.rtype, *(*unsafe.Pointer)(obj), &it)\n\treturn &UnsafeMapIterator{\n\t\thiter:      &it,", m)
open(umap, "w").write(m)
PY
  grep -q 'mapiterinit(type2.rtype, \*(\*unsafe.Pointer)(obj), &it)' "$tree/vendor/github.com/modern-go/reflect2/unsafe_map.go"
fi

log "building kube-apiserver and kube-controller-manager (about 8 minutes on two cores)"
cd "$tree"
mkdir -p .go/src/k8s.io
ln -sfn "$tree" .go/src/k8s.io/kubernetes
cd .go/src/k8s.io/kubernetes
export GOPATH="$tree/.go" GO111MODULE=off GOFLAGS="" GOCACHE="$CACHE/gocache"
make WHAT="cmd/kube-apiserver cmd/kube-controller-manager" KUBE_VERBOSE=0 >"$CACHE/build.log" 2>&1 || {
  tail -n 40 "$CACHE/build.log" >&2; exit 1; }
out=$(find "$tree/_output" -type f -name kube-apiserver -path '*bin*' | head -n1)
install -m 0755 "$out" "$BIN/kube-apiserver"
install -m 0755 "$(dirname "$out")/kube-controller-manager" "$BIN/kube-controller-manager"
log "cached in $BIN"
