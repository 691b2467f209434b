#!/usr/bin/env python3
"""A real collector for one local cluster (test and demo support, not shipped).

    collector.py up --kubeconfig K --context C --namespace NS --state DIR
    collector.py post --state DIR --cluster-id ID [--count N]

up: runs the built Jaeger (JAEGER_BIN: its OpenTelemetry-based all-in-one, zipkin v2 JSON in,
Jaeger's query API out) as a local process on free loopback ports; applies Istio's own Jaeger addon
(ISTIO_BIN/jaeger.yaml: the Deployment and the zipkin Service) in NS; waits until kwok runs its pod;
and creates a kwok PortForward that sends the pod's 16686 (query) and 9411 (zipkin) to the process.
Writes DIR/collector.json (ports, pod) and DIR/ready, then stays in the foreground; SIGTERM stops
Jaeger (the pod stays, the collector behind it is gone).

post: what Envoy's zipkin tracer sends for N requests through a sidecar of cluster ID (v2 JSON,
with the istio.* tags Envoy adds), to the collector's zipkin port. Envoy is in no registry the
machines reach; this is the one thing here that plays it.
"""
import argparse
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


CONFIG = """service:
  extensions: [jaeger_storage, jaeger_query]
  pipelines:
    traces: {{receivers: [zipkin], exporters: [jaeger_storage_exporter]}}
  telemetry:
    metrics: {{level: none}}
    logs: {{level: warn}}
extensions:
  jaeger_query:
    storage: {{traces: mem}}
    http: {{endpoint: "127.0.0.1:{query}"}}
    grpc: {{endpoint: "127.0.0.1:{grpc}"}}
  jaeger_storage:
    backends: {{mem: {{memory: {{max_traces: 10000}}}}}}
receivers:
  zipkin: {{endpoint: "127.0.0.1:{zipkin}"}}
exporters:
  jaeger_storage_exporter: {{trace_storage: mem}}
"""


def kubectl(a, *args, stdin=None):
    cmd = ["kubectl", "--kubeconfig", a.kubeconfig, "--context", a.context, "-n", a.namespace, *args]
    return subprocess.run(cmd, input=stdin, text=True, capture_output=True, check=True).stdout


def up(a):
    jaeger = os.environ.get("JAEGER_BIN") or sys.exit("collector.py: JAEGER_BIN is not set (tests/cluster/local.sh sets it)")
    istio = os.environ.get("ISTIO_BIN") or sys.exit("collector.py: ISTIO_BIN is not set")
    os.makedirs(a.state, exist_ok=True)
    ports = {"query": free_port(), "grpc": free_port(), "zipkin": free_port()}
    conf = os.path.join(a.state, "jaeger.yaml")
    with open(conf, "w") as f:
        f.write(CONFIG.format(**ports))
    stopping = []
    signal.signal(signal.SIGTERM, lambda *_: stopping.append(True))
    signal.signal(signal.SIGINT, lambda *_: stopping.append(True))
    log = open(os.path.join(a.state, "jaeger.log"), "ab")
    proc = subprocess.Popen([jaeger, "--config", conf], stdout=log, stderr=subprocess.STDOUT)
    try:
        deadline = time.time() + 60
        while True:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{ports['query']}/api/services", timeout=2).read()
                break
            except OSError:
                if proc.poll() is not None or time.time() > deadline:
                    sys.exit(f"collector.py: jaeger did not start; see {a.state}/jaeger.log")
                time.sleep(0.2)
        addon = open(os.path.join(istio, "jaeger.yaml")).read().replace("namespace: istio-system", f"namespace: {a.namespace}")
        kubectl(a, "apply", "--server-side", "--force-conflicts", "--field-manager", "collector-install", "-f", "-", stdin=addon)
        pod, deadline = None, time.time() + 60
        while not pod:
            pods = json.loads(kubectl(a, "get", "pods", "-l", "app=jaeger", "-o", "json"))["items"]
            running = [p for p in pods if p.get("status", {}).get("phase") == "Running"
                       and not p["metadata"].get("deletionTimestamp")]
            if running:
                pod = running[0]["metadata"]["name"]
            elif time.time() > deadline:
                sys.exit("collector.py: kwok did not run the jaeger pod (see the cluster's kwok.log)")
            else:
                time.sleep(0.25)
        forward = {"apiVersion": "kwok.x-k8s.io/v1alpha1", "kind": "PortForward",
                   "metadata": {"name": pod, "namespace": a.namespace},
                   "spec": {"forwards": [
                       {"ports": [16686], "target": {"address": "127.0.0.1", "port": ports["query"]}},
                       {"ports": [9411], "target": {"address": "127.0.0.1", "port": ports["zipkin"]}}]}}
        kubectl(a, "apply", "--server-side", "--field-manager", "collector-install", "-f", "-", stdin=json.dumps(forward))
        with open(os.path.join(a.state, "collector.json"), "w") as f:
            json.dump({**ports, "pod": pod, "pid": proc.pid}, f)
        open(os.path.join(a.state, "ready"), "w").close()
        print(f"collector.py: jaeger for {a.context}/{a.namespace} ready behind pod {pod}", file=sys.stderr)
        while not stopping and proc.poll() is None:
            time.sleep(0.2)
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()


def post(a):
    info = json.load(open(os.path.join(a.state, "collector.json")))
    now = int(time.time() * 1_000_000)
    spans = []
    for i in range(a.count):
        span_id = os.urandom(8).hex()
        spans.append({
            "traceId": os.urandom(16).hex(), "id": span_id, "kind": "SERVER",
            "name": "productpage.default.svc.cluster.local:9080/*",
            "timestamp": now - (a.count - i) * 1000, "duration": 1200, "shared": True,
            "localEndpoint": {"serviceName": "productpage.default", "ipv4": "198.18.1.9"},
            "tags": {"istio.cluster_id": a.cluster_id, "istio.mesh_id": "mesh1", "istio.namespace": "default",
                     "istio.canonical_service": "productpage", "istio.canonical_revision": "v1",
                     "component": "proxy", "node_id": "sidecar~198.18.1.9~productpage-v1-0.default~default.svc.cluster.local",
                     "http.method": "GET", "http.status_code": "200", "http.url": "http://productpage:9080/",
                     "upstream_cluster": "inbound|9080||", "response_flags": "-", "request_size": "0",
                     "response_size": "512", "downstream_cluster": "-", "user_agent": "curl/8.5.0",
                     "guid:x-request-id": os.urandom(8).hex()},
        })
    req = urllib.request.Request(f"http://127.0.0.1:{info['zipkin']}/api/v2/spans", data=json.dumps(spans).encode(),
                                 headers={"Content-Type": "application/json"}, method="POST")
    urllib.request.urlopen(req, timeout=10).read()


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest="cmd", required=True)
    u = sub.add_parser("up")
    u.add_argument("--kubeconfig", required=True)
    u.add_argument("--context", required=True)
    u.add_argument("--namespace", required=True)
    u.add_argument("--state", required=True)
    s = sub.add_parser("post")
    s.add_argument("--state", required=True)
    s.add_argument("--cluster-id", required=True)
    s.add_argument("--count", type=int, default=1)
    a = p.parse_args()
    up(a) if a.cmd == "up" else post(a)


if __name__ == "__main__":
    main()
