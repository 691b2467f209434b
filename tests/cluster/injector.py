#!/usr/bin/env python3
"""A stand-in for istiod's sidecar injector, for the local test clusters.

Served over TLS on loopback and registered by local.sh as a MutatingWebhookConfiguration for pods
in namespaces labelled istio-injection=enabled or istio.io/rev. Like the real injector it adds an
`istio-init` init container, an `istio-proxy` container whose PROXY_CONFIG env is the mesh config's
*current* defaultConfig (as JSON), and the `sidecar.istio.io/status` annotation; pods that already
carry that annotation (`istioctl kube-inject`) are left alone.

Which mesh config: ConfigMap `istio` (or `istio-<rev>` for istio.io/rev=<rev>) in the Istio namespace.
The Istio namespace is istio-system unless the pod's namespace carries the test-only label
`kubectl-mesh.test/istio-namespace`, which lets tests run in parallel, each with its own Istio namespace.
"""
import argparse
import base64
import json
import ssl
import sys
import urllib.error
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import yaml

ISTIO_NS_LABEL = "kubectl-mesh.test/istio-namespace"
PROXY_IMAGE = "docker.io/istio/proxyv2:1.11.0"


class Api:
    def __init__(self, server, ca, cert, key):
        self.server = server.rstrip("/")
        self.ctx = ssl.create_default_context(cafile=ca)
        self.ctx.load_cert_chain(cert, key)

    def get(self, path):
        try:
            with urllib.request.urlopen(self.server + path, context=self.ctx, timeout=5) as r:
                return json.load(r)
        except urllib.error.HTTPError as e:
            if e.code == 404:
                return None
            raise


def proxy_config(api, namespace):
    ns = api.get(f"/api/v1/namespaces/{namespace}") or {}
    labels = ns.get("metadata", {}).get("labels", {}) or {}
    istio_ns = labels.get(ISTIO_NS_LABEL, "istio-system")
    rev = labels.get("istio.io/rev", "default")
    cm_name = "istio" if rev in ("", "default") else f"istio-{rev}"
    cm = api.get(f"/api/v1/namespaces/{istio_ns}/configmaps/{cm_name}")
    mesh = {}
    if cm:
        mesh = yaml.safe_load(cm.get("data", {}).get("mesh", "") or "{}") or {}
    pc = dict(mesh.get("defaultConfig") or {})
    pc.setdefault("discoveryAddress", f"istiod.{istio_ns}.svc:15012")
    return pc, rev


def patch_for(pod, pc, rev):
    meta = pod.get("metadata", {})
    ann = meta.get("annotations") or {}
    spec = pod.get("spec", {})
    ops = []
    if not ann:
        ops.append({"op": "add", "path": "/metadata/annotations", "value": {}})
    status = {"initContainers": ["istio-init"], "containers": ["istio-proxy"],
              "volumes": ["istio-envoy"], "imagePullSecrets": None, "revision": rev}
    ops.append({"op": "add", "path": "/metadata/annotations/sidecar.istio.io~1status",
                "value": json.dumps(status, separators=(",", ":"))})
    init = {"name": "istio-init", "image": PROXY_IMAGE, "args": ["istio-iptables", "-p", "15001"]}
    if spec.get("initContainers"):
        ops.append({"op": "add", "path": "/spec/initContainers/-", "value": init})
    else:
        ops.append({"op": "add", "path": "/spec/initContainers", "value": [init]})
    proxy = {
        "name": "istio-proxy", "image": PROXY_IMAGE,
        "args": ["proxy", "sidecar", "--domain", "$(POD_NAMESPACE).svc.cluster.local"],
        "ports": [{"containerPort": 15090, "name": "http-envoy-prom", "protocol": "TCP"}],
        "env": [{"name": "PROXY_CONFIG", "value": json.dumps(pc, sort_keys=True, separators=(",", ":"))}],
        "volumeMounts": [{"name": "istio-envoy", "mountPath": "/etc/istio/proxy"}],
    }
    ops.append({"op": "add", "path": "/spec/containers/-", "value": proxy})
    vol = {"name": "istio-envoy", "emptyDir": {"medium": "Memory"}}
    if spec.get("volumes"):
        ops.append({"op": "add", "path": "/spec/volumes/-", "value": vol})
    else:
        ops.append({"op": "add", "path": "/spec/volumes", "value": [vol]})
    return ops


class Handler(BaseHTTPRequestHandler):
    api = None

    def log_message(self, fmt, *args):
        sys.stderr.write("injector: " + (fmt % args) + "\n")

    def do_POST(self):
        review = json.loads(self.rfile.read(int(self.headers.get("Content-Length", 0))))
        req = review.get("request", {})
        resp = {"uid": req.get("uid"), "allowed": True}
        try:
            pod = req.get("object") or {}
            ann = (pod.get("metadata", {}).get("annotations") or {})
            if "sidecar.istio.io/status" not in ann:
                pc, rev = proxy_config(self.api, req.get("namespace"))
                ops = patch_for(pod, pc, rev)
                resp["patchType"] = "JSONPatch"
                resp["patch"] = base64.b64encode(json.dumps(ops).encode()).decode()
        except Exception as e:  # deny rather than create an un-injected pod silently
            resp = {"uid": req.get("uid"), "allowed": False,
                    "status": {"code": 500, "message": f"injection failed: {e}"}}
        body = json.dumps({"apiVersion": "admission.k8s.io/v1", "kind": "AdmissionReview",
                           "response": resp}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--port", type=int, required=True)
    p.add_argument("--cert", required=True)
    p.add_argument("--key", required=True)
    p.add_argument("--server", required=True)
    p.add_argument("--ca", required=True)
    p.add_argument("--client-cert", required=True)
    p.add_argument("--client-key", required=True)
    a = p.parse_args()
    Handler.api = Api(a.server, a.ca, a.client_cert, a.client_key)
    srv = ThreadingHTTPServer(("127.0.0.1", a.port), Handler)
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(a.cert, a.key)
    srv.socket = ctx.wrap_socket(srv.socket, server_side=True)
    srv.serve_forever()


if __name__ == "__main__":
    main()
