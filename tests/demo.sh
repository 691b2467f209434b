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
command -v curl >/dev/null || { echo "demo: curl is needed (make setup installs it)" >&2; exit 1; }
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
kubectl --context cluster1 -n istio-system create service clusterip zipkin --tcp=9411:9411 >/dev/null
run kubectl config get-contexts
sleep 3
run kubectl get pods -n demo --context cluster1
debug() { # debug CLUSTER PATH: istiod's own view
  curl -s "http://127.0.0.1:$(python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['debug'])" "$work/istio-$1/istiod.json")$2"
}

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
run kubectl mesh-expose services --context cluster1,cluster2
run kubectl mesh-expose status --context cluster1,cluster2

step "4. Every cluster's tracing at the gateway, through the Telemetry API (Istio 1.22+: istiod pushes it to running proxies, nothing restarts)"
run kubectl mesh-tracing set --via-gateway cluster1 --context cluster1,cluster2 --dry-run
run kubectl mesh-tracing set --via-gateway cluster1 --context cluster1,cluster2
run kubectl mesh-tracing show --context cluster1,cluster2
step "4b. Istio before 1.22 has no Telemetry API: the guide's path, defaultConfig.tracing in the mesh config, stale proxies restarted (shown as a dry run)"
run kubectl mesh-tracing set --mode proxy-config --via-gateway cluster1 --context cluster1,cluster2 --dry-run

step "5. The whole chain, checked"
run kubectl mesh-tracing doctor --context cluster1,cluster2
step "6. And as istiod sees it"
printf '%s$ curl istiod-of-cluster1/debug/clusterz%s\n' "$cyan" "$off"; debug cluster1 /debug/clusterz; echo
printf '%s$ curl istiod-of-cluster2/debug/mesh | the kubectl-mesh-tracing provider%s\n' "$cyan" "$off"
debug cluster2 /debug/mesh | python3 -c 'import json,sys; print(json.dumps([p for p in json.load(sys.stdin).get("extensionProviders", []) if p["name"] == "kubectl-mesh-tracing"]))'
kubectl --context cluster1 -n demo get cm istio-ca-root-cert -o jsonpath='{.data.root-cert\.pem}' | diff -q - mesh-ca/root-cert.pem >/dev/null &&
  echo "istio-ca-root-cert in cluster1/demo is our root"
printf '\n%sAll green: one root, remote secrets both ways, zipkin published, tracing pointed at it in every cluster.%s\n' "$bold" "$off"
