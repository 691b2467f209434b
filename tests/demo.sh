#!/usr/bin/env bash
# make demo: the guide's two-control-plane, two-network case with the real commands, each printed
# before it runs. Expects MESH_TEST_KUBECONFIG (local.sh run sets it) and the built binaries' folder.
set -euo pipefail
bindir=$(cd "${1:-target/release}" && pwd)
export PATH="$bindir:$PATH"
export KUBECONFIG="$MESH_TEST_KUBECONFIG"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
for p in mesh-ca mesh-secret mesh-expose mesh-tracing; do   # as `make install` lays them out
  ln -s "$bindir/kubectl-$p" "$work/kubectl-${p//-/_}"
done
export PATH="$work:$PATH"

step() { printf '\n\033[1m## %s\033[0m\n' "$*"; }
run() { printf '\033[36m$ %s\033[0m\n' "$*"; "$@"; }

step "Two clusters, one kubeconfig"
run kubectl config get-contexts

step "1. One root CA for both clusters (guide step 1: make root-ca, make clusterN-cacerts, scp, kubectl create secret)"
run kubectl mesh-ca init
run kubectl mesh-ca install --context cluster1,cluster2
run kubectl mesh-ca status --context cluster1,cluster2
