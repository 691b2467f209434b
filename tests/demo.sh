#!/usr/bin/env bash
# make demo: the guide's two-control-plane, two-network case with the real commands, each printed
# before it runs, on two local clusters. Expects MESH_TEST_KUBECONFIG (local.sh run sets it) and the
# folder of the built binaries.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
bindir=$(cd "${1:-target/release}" && pwd)
export KUBECONFIG="$MESH_TEST_KUBECONFIG"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir "$work/bin"
for p in mesh-ca mesh-secret mesh-expose mesh-tracing; do   # laid out as `make install` does
  ln -s "$bindir/kubectl-$p" "$work/bin/kubectl-$p"
  ln -s "$bindir/kubectl-$p" "$work/bin/kubectl-${p//-/_}"
done
export PATH="$work/bin:$PATH"
cd "$work"

bold=$'\033[1m'; cyan=$'\033[36m'; off=$'\033[0m'
[[ -t 1 ]] || { bold=""; cyan=""; off=""; }
step() { printf '\n%s## %s%s\n' "$bold" "$*" "$off"; }
run() { printf '%s$ %s%s\n' "$cyan" "$*" "$off"; "$@"; }

step "Two clusters (local API servers), Istio installed in each: multi-primary, network1 and network2"
for i in 1 2; do
  sed "s/@NETWORK@/network$i/" "$here/cluster/demo-istio.yaml" | kubectl --context cluster$i apply -f - >/dev/null
done
kubectl --context cluster1 -n istio-system create service clusterip zipkin --tcp=9411:9411 >/dev/null
run kubectl config get-contexts
sleep 2
run kubectl get pods -n demo --context cluster1

step "1. One root CA (replaces make root-ca / clusterN-cacerts, scp, kubectl create secret cacerts)"
run kubectl mesh-ca init
run kubectl mesh-ca install --context cluster1,cluster2 --restart-istiod
run kubectl mesh-ca status --context cluster1,cluster2

step "2. Remote secrets both ways (replaces istioctl x create-remote-secret, scp, kubectl apply per pair)"
echo "(these API servers listen on loopback, hence --allow-loopback; real clusters pass --server CTX=https://…)"
run kubectl mesh-secret link --context cluster1,cluster2 --allow-loopback
run kubectl mesh-secret list --context cluster1,cluster2

step "3. zipkin on cluster1's east-west gateway, pinned to 192.168.229.100 (replaces kubectl edit svc, kubectl patch, zipkin-gw-vs.yaml)"
run kubectl mesh-expose zipkin --context cluster1 --external-ip 192.168.229.100
run kubectl mesh-expose services --context cluster1
run kubectl mesh-expose services --context cluster2
run kubectl mesh-expose status --context cluster1,cluster2

step "4. Every cluster's mesh config at the gateway, then only the stale proxies restarted (replaces kubectl edit cm istio + rollout restart, per cluster)"
run kubectl mesh-tracing set --via-gateway cluster1 --context cluster1,cluster2 --dry-run
run kubectl mesh-tracing set --via-gateway cluster1 --context cluster1,cluster2
sleep 2
run kubectl mesh-tracing show --context cluster1,cluster2

step "5. The whole chain, checked"
run kubectl mesh-tracing doctor --context cluster1,cluster2
printf '\n%sAll green: one root, remote secrets both ways, zipkin published, mesh configs pointed at it, proxies fresh.%s\n' "$bold" "$off"
