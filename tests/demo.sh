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
echo "(istioctl renders each install; istiod, built from istio.io/istio, runs as a local process: tests/cluster/istio.py)"
pids=()
for i in 1 2; do
  python3 "$here/cluster/istio.py" up --kubeconfig "$KUBECONFIG" --context cluster$i --network network$i \
    --state "$work/istio-cluster$i" >"$work/istio-cluster$i.log" 2>&1 &
  pids+=($!)
done
trap 'kill "${pids[@]}" 2>/dev/null; wait "${pids[@]}" 2>/dev/null; rm -rf "$work"' EXIT
for i in 1 2; do
  for _ in $(seq 1 360); do [[ -f $work/istio-cluster$i/ready ]] && break; sleep 0.5; done
  [[ -f $work/istio-cluster$i/ready ]] || { cat "$work/istio-cluster$i.log" >&2; exit 1; }
done
for i in 1 2; do kubectl --context cluster$i apply -f "$here/cluster/demo-istio.yaml" >/dev/null; done
# The collector: Istio's Jaeger addon in cluster1 (its pod run by kwok, the built Jaeger behind it).
python3 "$here/cluster/collector.py" up --kubeconfig "$KUBECONFIG" --context cluster1 --namespace istio-system \
  --state "$work/collector" >"$work/collector.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 240); do [[ -f $work/collector/ready ]] && break; sleep 0.5; done
[[ -f $work/collector/ready ]] || { cat "$work/collector.log" >&2; exit 1; }
# A cloud's load balancer gives each east-west gateway an address; here the status says it.
for i in 1 2; do
  kubectl --context cluster$i -n istio-system patch service istio-eastwestgateway --subresource status --type merge \
    -p "{\"status\":{\"loadBalancer\":{\"ingress\":[{\"ip\":\"192.168.229.10$((i - 1))\"}]}}}" >/dev/null
done
run kubectl config get-contexts
sleep 3
run kubectl get pods -n demo --context cluster1

step "1. One root CA (replaces make root-ca / clusterN-cacerts, scp, kubectl create secret cacerts)"
run kubectl mesh-ca init
run kubectl mesh-ca install --context cluster1,cluster2 --restart-istiod
run kubectl mesh-ca status --context cluster1,cluster2

step "2. Remote secrets both ways (replaces istioctl x create-remote-secret, scp, kubectl apply per pair)"
echo "(these API servers listen on loopback, hence --allow-loopback; real clusters pass --server CTX=https://…)"
run kubectl mesh-secret link --context cluster1,cluster2 --allow-loopback
# (istiod loads a new secret and syncs its cluster within a second or two: list fails until it has)
for _ in $(seq 1 60); do kubectl mesh-secret list --context cluster1,cluster2 >/dev/null 2>&1 && break; sleep 0.5; done
echo "(WORKS: a request from here with the secret's token; ISTIOD: istiod's own /debug/clusterz, through a port-forward to its pod)"
run kubectl mesh-secret list --context cluster1,cluster2

step "3. zipkin on cluster1's east-west gateway, pinned to 192.168.229.100 (replaces kubectl edit svc, kubectl patch, zipkin-gw-vs.yaml)"
run kubectl mesh-expose zipkin --context cluster1 --external-ip 192.168.229.100
run kubectl mesh-expose services --context cluster1,cluster2
run kubectl mesh-expose status --context cluster1,cluster2

step "4. Every cluster's tracing at the gateway, through the Telemetry API (Istio 1.22+: istiod pushes it to running proxies, nothing restarts)"
run kubectl mesh-tracing set --via-gateway cluster1 --context cluster1,cluster2 --dry-run
run kubectl mesh-tracing set --via-gateway cluster1 --context cluster1,cluster2
run kubectl mesh-tracing show --context cluster1,cluster2
step "4b. Istio before 1.22 has no Telemetry API: the guide's path, defaultConfig.tracing in the mesh config, stale proxies restarted (shown as a dry run)"
run kubectl mesh-tracing set --mode proxy-config --via-gateway cluster1 --context cluster1,cluster2 --dry-run

echo "(requests through both clusters' proxies: Envoy is in no registry we reach, so their spans are posted as its zipkin tracer sends them)"
for c in cluster1 cluster2; do python3 "$here/cluster/collector.py" post --state "$work/collector" --cluster-id "$c" --count 5; done

step "5. The whole chain, checked"
run kubectl mesh-tracing doctor --context cluster1,cluster2
step "6. And as the collector sees it: each cluster's spans, asked through a port-forward to its pod"
run kubectl mesh-tracing spans --context cluster1,cluster2
kubectl --context cluster1 -n demo get cm istio-ca-root-cert -o jsonpath='{.data.root-cert\.pem}' | diff -q - mesh-ca/root-cert.pem >/dev/null &&
  echo "istio-ca-root-cert in cluster1/demo is our root"
printf '\n%sAll green: one root, remote secrets both ways and synced by istiod, zipkin published, tracing pointed at it in every cluster, spans from each at the collector.%s\n' "$bold" "$off"
