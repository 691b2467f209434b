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

step() { printf '\n\033[1m## %s\033[0m\n' "$*"; }
run() { printf '\033[36m$ %s\033[0m\n' "$*"; "$@"; }

step "Two clusters, one kubeconfig"
run kubectl config get-contexts

step "The plugins"
for p in mesh-ca mesh-secret mesh-expose mesh-tracing; do
  run kubectl-$p --version
done
