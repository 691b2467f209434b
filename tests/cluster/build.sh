#!/usr/bin/env bash
# Build what the local clusters run from the Go modules pinned in versions.env, once, and cache the
# binaries under ${XDG_CACHE_HOME:-~/.cache}/kubectl-mesh/bin/<version>/:
#   kube-apiserver, kube-controller-manager, kube-scheduler
#                                            k8s.io/kubernetes (through a small wrapper module)
#   kwok                                     sigs.k8s.io/kwok (simulated kubelets: pods that run)
#   etcd                                     go.etcd.io/etcd/server/v3 (wrapper module)
#   pilot-discovery, istioctl, mesh-probe    istio.io/istio (mesh-probe: tests/cluster/probe)
#   kubectl-krew, validate-krew-manifest     sigs.k8s.io/krew
#   jaeger                                   github.com/jaegertracing/jaeger (a real collector for the spans tests)
# Everything comes from the Go module proxy; Debian's packages only for the tools around it.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=versions.env
. "$HERE/versions.env"
CACHE="${XDG_CACHE_HOME:-$HOME/.cache}/kubectl-mesh"
export GOCACHE="${GOCACHE_OVERRIDE:-$CACHE/gocache}" GOFLAGS="-mod=mod -buildvcs=false" CGO_ENABLED=0
export GOTOOLCHAIN=local

log() { echo "cluster/build: $*" >&2; }
SUDO=""
[[ $(id -u) -eq 0 ]] || SUDO="sudo"

# Every Debian package the tests and the demo use: openssl, curl and jq by the harness and the
# demo, time and procps by the benches, zsh and fish by tests/completion_shells.rs (bash is there).
# tests/packaging.rs fails if .ci/run installs anything this list lacks.
need_pkgs=()
for p in openssl curl jq time procps zsh fish; do
  # (a removed package dpkg still knows, config files left, is not installed)
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || need_pkgs+=("$p")
done
if [[ ${#need_pkgs[@]} -gt 0 ]]; then
  log "installing ${need_pkgs[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need_pkgs[@]}" >/dev/null
fi
command -v go >/dev/null || { log "Go is not installed (the machines have Go 1.26)"; exit 1; }

# build NAME DEST PKG... : build main packages PKG into DEST inside the wrapper module $CACHE/mod/NAME
build() {
  local name=$1 dest=$2; shift 2
  local mod="$CACHE/mod/$name" t0=$SECONDS
  mkdir -p "$mod" "$dest.tmp"
  (cd "$mod" && "$MODFN" >go.mod)
  log "building $name ($*)"
  if ! (cd "$mod" && go build -trimpath -ldflags "-s -w $LDFLAGS" -o "$dest.tmp/" "$@") >"$CACHE/build-$name.log" 2>&1; then
    tail -n 40 "$CACHE/build-$name.log" >&2; exit 1
  fi
  mv "$dest.tmp"/* "$dest/"; rmdir "$dest.tmp"
  log "$name built in $((SECONDS - t0)) s"
}

kube_mod() {
  local v0="v0${KUBERNETES_VERSION#v1}"
  echo "module kubectl-mesh.test/kube"
  echo "go 1.26"
  echo "require k8s.io/kubernetes $KUBERNETES_VERSION"
  curl -sfL "$(go env GOPROXY | cut -d, -f1)/k8s.io/kubernetes/@v/$KUBERNETES_VERSION.mod" |
    sed -n 's|^\s*\(k8s.io/[a-z0-9-]*\) => ./staging/.*|replace \1 => \1 '"$v0"'|p'
}
etcd_mod() {
  echo "module kubectl-mesh.test/etcd"
  echo "go 1.26"
  echo "require go.etcd.io/etcd/server/v3 $ETCD_VERSION"
}
krew_mod() {
  echo "module kubectl-mesh.test/krew"
  echo "go 1.26"
  echo "require sigs.k8s.io/krew $KREW_VERSION"
}
kwok_mod() {
  echo "module kubectl-mesh.test/kwok"
  echo "go 1.26"
  echo "require sigs.k8s.io/kwok $KWOK_VERSION"
}
jaeger_mod() {
  echo "module kubectl-mesh.test/jaeger"
  echo "go 1.26"
  echo "require github.com/jaegertracing/jaeger $JAEGER_VERSION"
}
istio_mod() {
  echo "module kubectl-mesh.test/istio"
  echo "go 1.26"
  echo "require istio.io/istio $ISTIO_VERSION"
}

BIN="$CACHE/bin"
K="$BIN/kubernetes-$KUBERNETES_VERSION" E="$BIN/etcd-$ETCD_VERSION" I="$BIN/istio-$ISTIO_VERSION"
KR="$BIN/krew-$KREW_VERSION" KW="$BIN/kwok-$KWOK_VERSION" JG="$BIN/jaeger-$JAEGER_VERSION"
mkdir -p "$K" "$E" "$I" "$KR" "$KW" "$JG"
if [[ ! -x $E/etcd ]]; then
  MODFN=etcd_mod LDFLAGS="" build etcd "$E" go.etcd.io/etcd/server/v3
  mv "$E/v3" "$E/etcd" 2>/dev/null || mv "$E/server" "$E/etcd"
fi
if [[ ! -x $K/kube-apiserver || ! -x $K/kube-controller-manager || ! -x $K/kube-scheduler ]]; then
  kv="-X k8s.io/component-base/version.gitVersion=$KUBERNETES_VERSION -X k8s.io/component-base/version.gitMajor=1"
  kv+=" -X k8s.io/component-base/version.gitMinor=$(echo "$KUBERNETES_VERSION" | cut -d. -f2)"
  kv+=" -X k8s.io/client-go/pkg/version.gitVersion=$KUBERNETES_VERSION"
  MODFN=kube_mod LDFLAGS="$kv" build kubernetes "$K" \
    k8s.io/kubernetes/cmd/kube-apiserver k8s.io/kubernetes/cmd/kube-controller-manager \
    k8s.io/kubernetes/cmd/kube-scheduler
fi
# kwok: one simulated kubelet per cluster (one node), so pods are scheduled, run and port-forward.
if [[ ! -x $KW/kwok ]]; then
  MODFN=kwok_mod LDFLAGS="" build kwok "$KW" sigs.k8s.io/kwok/cmd/kwok
  # Its stages (nodes Ready with a heartbeat; pods Running and Ready, deleted when asked) and its
  # PortForward CRD, from the module itself (the Stage files without their kustomization files).
  src=$(cd "$CACHE/mod/kwok" && go list -m -f '{{.Dir}}' sigs.k8s.io/kwok)
  mkdir -p "$KW/stages"
  cp "$src"/kustomize/stage/node/fast/node-initialize.yaml "$src"/kustomize/stage/node/heartbeat/node-heartbeat.yaml \
    "$src"/kustomize/stage/pod/fast/pod-*.yaml "$KW/stages/"
  cp "$src/kustomize/crd/bases/kwok.x-k8s.io_portforwards.yaml" "$KW/portforward-crd.yaml"
  chmod -R u+w "$KW"
fi
if [[ ! -x $I/pilot-discovery || ! -x $I/istioctl || ! -x $I/gen-eastwest-gateway.sh || ! -f $I/jaeger.yaml ]]; then
  mkdir -p "$CACHE/mod/istio"
  (cd "$CACHE/mod/istio" && istio_mod >go.mod && go mod download istio.io/istio)
  src=$(cd "$CACHE/mod/istio" && go list -m -f '{{.Dir}}' istio.io/istio)
  # Versioned as Istio's Makefile does (VERSION file + "-dev"), so istioctl and istiod agree.
  MODFN=istio_mod LDFLAGS="-X istio.io/istio/pkg/version.buildVersion=$(cat "$src/VERSION")-dev" build istio "$I" \
    istio.io/istio/pilot/cmd/pilot-discovery istio.io/istio/istioctl/cmd/istioctl
  # The east-west gateway as Istio's own multicluster sample script describes it.
  install -m 0755 "$src/samples/multicluster/gen-eastwest-gateway.sh" "$I/gen-eastwest-gateway.sh"
  # Istio's Jaeger addon (its Deployment and the zipkin Service), as a user installs a collector.
  install -m 0644 "$src/samples/addons/jaeger.yaml" "$I/jaeger.yaml"
fi
# krew (tests/packaging.rs): `validate-krew-manifest -skip-install`, the checks krew-index's CI runs
# before it downloads anything, and krew itself as `kubectl-krew`, to install a release offline.
if [[ ! -x $KR/kubectl-krew || ! -x $KR/validate-krew-manifest ]]; then
  MODFN=krew_mod LDFLAGS="" build krew "$KR" sigs.k8s.io/krew/cmd/krew sigs.k8s.io/krew/cmd/validate-krew-manifest
  mv "$KR/krew" "$KR/kubectl-krew"
fi
# jaeger (tests/spans.rs): its OpenTelemetry-based all-in-one, which takes zipkin v2 JSON and serves
# Jaeger's query API; the tests run it behind a kwok pod as a cluster's collector.
if [[ ! -x $JG/jaeger ]]; then
  MODFN=jaeger_mod LDFLAGS="" build jaeger "$JG" github.com/jaegertracing/jaeger/cmd/jaeger
fi
# mesh-probe (tests/cluster/probe): asks istiod what a workload would, with Istio's own client code
# (xDS as a pod's sidecar; a workload certificate from its CA); rebuilt when its source changes (it
# shares the Istio build's cache).
PROBE_SUM=$(cat "$HERE"/probe/*.go | sha256sum | cut -c1-16)
if [[ ! -x $I/mesh-probe || $(cat "$I/mesh-probe.sum" 2>/dev/null) != "$PROBE_SUM" ]]; then
  rm -rf "$CACHE/mod/istio/cmd"
  mkdir -p "$CACHE/mod/istio/cmd/mesh-probe"
  cp "$HERE"/probe/*.go "$CACHE/mod/istio/cmd/mesh-probe/"
  MODFN=istio_mod LDFLAGS="" build istio "$I" ./cmd/mesh-probe
  echo "$PROBE_SUM" >"$I/mesh-probe.sum"
fi
