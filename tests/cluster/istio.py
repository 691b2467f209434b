#!/usr/bin/env python3
"""A real Istio control plane for one local cluster (test support, not shipped).

    istio.py up --kubeconfig K --context C --namespace NS --state DIR
                [--revision R] [--cluster-name NAME] [--network NET] [--mesh-id ID] [--discovery-label K=V]
                [--no-eastwest] [--profile minimal|default] [--remote-of PRIMARY_STATE_DIR]

1. Renders the install with the built istioctl (`manifest generate`, the guide's values: meshID,
   clusterName, network) and the east-west gateway that Istio's own
   samples/multicluster/gen-eastwest-gateway.sh describes, and applies all of it with kubectl.
2. Points the rendered webhook configurations at the loopback address istiod serves on (the only
   edit: without pods the API server has no other way to reach istiod). istiod itself keeps their
   caBundle current, as in a cluster.
3. Runs the built pilot-discovery as a local process, with the environment and flags of the rendered
   istiod Deployment (downward-API values filled in as kubelet would), plus: --kubeconfig, listen
   addresses on loopback, USE_REMOTE_CERTS=true with an empty ROOT_CA_DIR (istiod then loads the
   `cacerts` Secret itself at start), ISTIOD_CUSTOM_HOST=127.0.0.1 (so its serving certificate is
   valid for the loopback webhook URL).
4. Stays in the foreground as istiod's kubelet: a new `kubectl.kubernetes.io/restartedAt` on the istiod
   Deployment restarts the process with the Deployment's current env (and ROOT_CA_DIR emptied, as a
   new pod's would be); a changed `cacerts` Secret is written into ROOT_CA_DIR, as kubelet updates a
   mounted Secret.
5. Runs istiod behind its Deployment's pod: kwok (tests/cluster/local.sh) schedules the pod and
   reports it Running; istiod waits for it, takes its name as POD_NAME, and a kwok `PortForward` named
   after the pod sends the pod's ports (15014 monitoring and debug, 8080, 15010, 15012, 15017) to the
   local process, so `kubectl port-forward pod/<istiod pod> 15014` reaches this istiod (as
   `istioctl remote-clusters` does). A restart waits for the Deployment's new pod, and the old pod's
   PortForward goes.
6. Writes DIR/istiod.json (ports, pid, pod) and DIR/ready once istiod answers /ready. On SIGTERM it stops
   istiod and removes the cluster-scoped objects it applied (webhooks, RBAC), then exits. It also exits
   when the namespace is deleted.

--remote-of: Istio's `remote` profile instead (no istiod, no mesh config), its injection webhook
calling the primary's istiod (values.istiodRemote.injectionURL, with injectionCABundle = the root
the primary's istiod serves under, kept current as an installer would after a CA change).
"""
import argparse
import base64
import json
import os
import random
import shutil
import signal
import socket
import ssl
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request

import yaml

RESTARTED_AT = "kubectl.kubernetes.io/restartedAt"
CLUSTER_SCOPED = {"MutatingWebhookConfiguration", "ValidatingWebhookConfiguration", "ClusterRole",
                  "ClusterRoleBinding", "ValidatingAdmissionPolicy", "ValidatingAdmissionPolicyBinding"}


def log(msg):
    print(f"istio.py: {msg}", file=sys.stderr, flush=True)


PORT_CLAIMS = os.path.join(tempfile.gettempdir(), "kubectl-mesh-istio-ports")


def alive(pid):
    try:
        os.kill(pid, 0)
        return True
    except ProcessLookupError:
        return False
    except PermissionError:
        return True


def free_ports(n):
    """n loopback ports for istiod, below the ephemeral range (so no outgoing connection takes one
    between here and istiod's bind) and claimed for this process (so concurrent installs never pick
    the same one). A claim is a file naming its pid; a dead pid's claim is free again."""
    os.makedirs(PORT_CLAIMS, exist_ok=True)
    rnd = random.Random()
    ports = []
    while len(ports) < n:
        p = rnd.randrange(20000, 26000)
        claim = os.path.join(PORT_CLAIMS, str(p))
        try:
            fd = os.open(claim, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
        except FileExistsError:
            try:
                owner = int(open(claim).read() or "0")
            except (OSError, ValueError):
                owner = 0
            if owner and not alive(owner):
                try:
                    os.unlink(claim)
                except FileNotFoundError:
                    pass
            continue
        os.write(fd, str(os.getpid()).encode())
        os.close(fd)
        s = socket.socket()
        try:
            s.bind(("127.0.0.1", p))
        except OSError:
            continue  # in use by something else: keep the claim, pick another
        finally:
            s.close()
        ports.append(p)
    return ports


class Api:
    """Just enough of a Kubernetes client: GETs with the kubeconfig's client certificate."""
    # (the kubeconfig is a minified one: one cluster, one user)

    def __init__(self, kubeconfig_path, tmp):
        kc = yaml.safe_load(open(kubeconfig_path))
        cluster = kc["clusters"][0]["cluster"]
        user = kc["users"][0]["user"]
        self.server = cluster["server"].rstrip("/")
        ctx = ssl.create_default_context(cadata=base64.b64decode(cluster["certificate-authority-data"]).decode())
        cert, key = os.path.join(tmp, "client.crt"), os.path.join(tmp, "client.key")
        for path, field in ((cert, "client-certificate-data"), (key, "client-key-data")):
            with open(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "wb") as f:
                f.write(base64.b64decode(user[field]))
        ctx.load_cert_chain(cert, key)
        self.ctx = ctx

    def get(self, path):
        """The object as a dict, or None on 404."""
        try:
            with urllib.request.urlopen(self.server + path, context=self.ctx, timeout=10) as r:
                return json.load(r)
        except urllib.error.HTTPError as e:
            if e.code == 404:
                return None
            raise


def run(cmd, **kw):
    return subprocess.run(cmd, check=True, **kw)


def render(a, istioctl, eastwest_script):
    common = ["--set", f"values.global.istioNamespace={a.namespace}",
              "--set", f"values.global.meshID={a.mesh_id}",
              "--set", f"values.global.multiCluster.clusterName={a.cluster_name}",
              "--set", f"values.global.network={a.network}"]
    if a.revision:
        common += ["--set", f"revision={a.revision}"]
    if a.remote_of:
        # Istio's remote profile: no istiod, no mesh config; the webhook calls the primary's istiod
        # (values.istiodRemote.injectionURL, as for a primary reached through its gateway).
        # remotePilotAddress becomes an EndpointSlice, which refuses loopback; only pods would use it
        # (to reach istiod on 15012) and none run here, so it is a documentation address (RFC 5737).
        cp = ["--set", "profile=remote", "--set", "values.global.remotePilotAddress=192.0.2.1",
              "--set", f"values.istiodRemote.injectionURL={a.injection_url}",
              "--set", f"values.istiodRemote.injectionCABundle={a.injection_ca}"]
    else:
        cp = ["--set", f"profile={a.profile}"]
        if a.profile == "default":
            # The default profile's istio-ingressgateway, in the Istio namespace like istiod.
            cp += ["--set", "components.ingressGateways[0].name=istio-ingressgateway",
                   "--set", "components.ingressGateways[0].enabled=true",
                   "--set", f"components.ingressGateways[0].namespace={a.namespace}"]
    if a.discovery_label and not a.remote_of:
        k, v = a.discovery_label.split("=", 1)
        cp += ["--set", f"meshConfig.discoverySelectors[0].matchLabels.{k.replace('.', chr(92) + '.')}={v}"]
    out = run([istioctl, "manifest", "generate", *cp, *common], capture_output=True, text=True).stdout
    if not a.eastwest:
        return [d for d in yaml.safe_load_all(out) if d]
    gen = [eastwest_script, "--network", a.network] + (["--revision", a.revision] if a.revision else [])
    iop = run(gen, capture_output=True, text=True).stdout
    iop_doc = yaml.safe_load(iop)
    for g in iop_doc["spec"]["components"]["ingressGateways"]:
        g["namespace"] = a.namespace
    ew = run([istioctl, "manifest", "generate", "-f", "-", *common], input=yaml.safe_dump(iop_doc),
             capture_output=True, text=True).stdout
    docs = [d for d in yaml.safe_load_all(out + "\n---\n" + ew) if d]
    return docs


def point_webhooks_at(docs, https_port):
    for d in docs:
        if d["kind"] not in ("MutatingWebhookConfiguration", "ValidatingWebhookConfiguration"):
            continue
        for wh in d.get("webhooks", []):
            svc = wh["clientConfig"].pop("service", None)
            if svc is not None:
                wh["clientConfig"]["url"] = f"https://127.0.0.1:{https_port}{svc.get('path') or '/'}"


def istiod_deployment(docs):
    for d in docs:
        if d["kind"] == "Deployment" and d["metadata"]["name"].startswith("istiod"):
            return d
    raise SystemExit("istio.py: the rendered install has no istiod Deployment")


def istiod_command(a, dep, binary, ports, kubeconfig, state, pod_name):
    pod = dep["spec"]["template"]["spec"]
    c = next(c for c in pod["containers"] if c["name"] == "discovery")
    field = {"metadata.name": pod_name, "metadata.namespace": a.namespace,
             "spec.serviceAccountName": pod.get("serviceAccountName", "istiod")}
    env = {k: v for k, v in os.environ.items() if k in ("PATH", "HOME", "TMPDIR")}
    for e in c.get("env", []):
        if "value" in e:
            env[e["name"]] = str(e["value"])
        elif "fieldRef" in e.get("valueFrom", {}):
            env[e["name"]] = field.get(e["valueFrom"]["fieldRef"]["fieldPath"], "")
        elif "resourceFieldRef" in e.get("valueFrom", {}):
            env[e["name"]] = "2"
    http, https, grpc, sgrpc, mon, ctrlz = ports
    env.update({
        "KUBECONFIG": kubeconfig,
        "USE_REMOTE_CERTS": "true",
        "ROOT_CA_DIR": os.path.join(state, "cacerts"),
        "ISTIOD_CUSTOM_HOST": "127.0.0.1",
        "CLUSTER_ID": a.cluster_name,
    })
    args = [x for x in c.get("args", []) if not x.startswith("--monitoringAddr")]
    none = os.path.join(state, "no-mounted-config")
    args += ["--kubeconfig", kubeconfig, "--meshConfig", os.path.join(none, "mesh"),
             "--networksConfig", os.path.join(none, "meshNetworks"),
             "--httpAddr", f"127.0.0.1:{http}", "--httpsAddr", f"127.0.0.1:{https}",
             "--grpcAddr", f"127.0.0.1:{grpc}", "--secureGRPCAddr", f"127.0.0.1:{sgrpc}",
             "--monitoringAddr", f"127.0.0.1:{mon}", "--ctrlz_port", str(ctrlz), "--ctrlz_address", "127.0.0.1"]
    return [binary] + args, env


class Istiod:
    def __init__(self, cmd, env, state, http_port):
        self.cmd, self.env, self.state, self.http_port = cmd, env, state, http_port
        self.proc = None
        self.starts = 0

    def start(self):
        cacerts = self.env["ROOT_CA_DIR"]
        shutil.rmtree(cacerts, ignore_errors=True)  # a new pod starts with an empty volume
        self.starts += 1
        logf = open(os.path.join(self.state, "istiod.log"), "ab")
        logf.write(f"--- start {self.starts} ---\n".encode())
        self.proc = subprocess.Popen(self.cmd, env=self.env, cwd=self.state, stdout=logf, stderr=subprocess.STDOUT)
        deadline = time.time() + 120
        while time.time() < deadline:
            if self.proc.poll() is not None:
                raise SystemExit(f"istio.py: istiod exited with {self.proc.returncode}; see {self.state}/istiod.log")
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{self.http_port}/ready", timeout=2) as r:
                    if r.status == 200:
                        return
            except (urllib.error.URLError, OSError):
                pass
            time.sleep(0.25)
        raise SystemExit(f"istio.py: istiod not ready within 120s; see {self.state}/istiod.log")

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


# The istiod pod's ports (Istio's Deployment and Service) and which of the local process's they reach.
POD_PORTS = {15014: "monitoring", 8080: "debug", 15010: "grpc", 15012: "secureGrpc", 15017: "webhook"}


def running_pod(api, ns, dep, not_named=None, timeout=90):
    """The newest Running, Ready pod of Deployment dep other than not_named (kwok runs it), or exit."""
    sel = ",".join(f"{k}={v}" for k, v in sorted(dep["spec"]["selector"]["matchLabels"].items()))
    deadline = time.time() + timeout
    while time.time() < deadline:
        pods = (api.get(f"/api/v1/namespaces/{ns}/pods?labelSelector={urllib.parse.quote(sel)}") or {}).get("items", [])
        ready = [p for p in pods if p["metadata"]["name"] != not_named and not p["metadata"].get("deletionTimestamp")
                 and p.get("status", {}).get("phase") == "Running"
                 and any(c["type"] == "Ready" and c["status"] == "True" for c in p["status"].get("conditions", []))]
        if ready:
            return max(ready, key=lambda p: p["metadata"]["creationTimestamp"])["metadata"]["name"]
        time.sleep(0.25)
    raise SystemExit(f"istio.py: no Running pod of {ns}/{dep['metadata']['name']} within {timeout}s "
                     "(is kwok running? see the cluster's kwok.log and scheduler.log)")


def forward_pod(kubectl, ns, pod, info, old=None):
    """A kwok PortForward for the pod: its ports to this istiod's; the previous pod's one deleted."""
    pf = {"apiVersion": "kwok.x-k8s.io/v1alpha1", "kind": "PortForward", "metadata": {"name": pod, "namespace": ns},
          "spec": {"forwards": [{"ports": [port], "target": {"address": "127.0.0.1", "port": info[key]}}
                                for port, key in POD_PORTS.items()]}}
    run(kubectl + ["apply", "--server-side", "--field-manager", "istio-install", "-f", "-"],
        input=json.dumps(pf), text=True, stdout=subprocess.DEVNULL)
    if old:
        run(kubectl + ["-n", ns, "delete", "portforward.kwok.x-k8s.io", old, "--ignore-not-found", "--wait=false"],
            stdout=subprocess.DEVNULL)


def sync_cacerts(secret, cacerts_dir):
    """What kubelet does for a mounted Secret: make the files match its data (atomically)."""
    if not os.path.isdir(cacerts_dir) or not os.listdir(cacerts_dir):
        return False  # istiod started without cacerts (self-signed); only a restart changes that
    data = {k: base64.b64decode(v) for k, v in ((secret or {}).get("data") or {}).items()}
    changed = False
    for k, v in data.items():
        p = os.path.join(cacerts_dir, k)
        if not os.path.exists(p) or open(p, "rb").read() != v:
            tmp = p + ".tmp"
            with open(os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "wb") as f:
                f.write(v)
            os.replace(tmp, p)
            changed = True
    return changed


def up(a):
    binaries = os.environ.get("ISTIO_BIN") or sys.exit("istio.py: ISTIO_BIN is not set (tests/cluster/local.sh sets it)")
    istioctl, discovery = os.path.join(binaries, "istioctl"), os.path.join(binaries, "pilot-discovery")
    eastwest = os.path.join(binaries, "gen-eastwest-gateway.sh")
    state = os.path.abspath(a.state)
    os.makedirs(state, exist_ok=True)
    kubeconfig = os.path.join(state, "kubeconfig")
    kc = run(["kubectl", "config", "view", "--minify", "--flatten", "--kubeconfig", a.kubeconfig, "--context", a.context],
             capture_output=True, text=True).stdout
    with open(os.open(kubeconfig, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "w") as f:
        f.write(kc)
    kubectl = ["kubectl", "--kubeconfig", kubeconfig]

    primary = None
    if a.remote_of:
        info = json.load(open(os.path.join(a.remote_of, "istiod.json")))
        os.makedirs(os.path.join(state, "primary"), exist_ok=True)
        primary = Api(os.path.join(a.remote_of, "kubeconfig"), os.path.join(state, "primary"))
        a.injection_url = f"https://127.0.0.1:{info['webhook']}/inject/cluster/{a.cluster_name}/net/{a.network}"
        a.injection_ca = primary_root(primary, info["namespace"])
    docs = render(a, istioctl, eastwest)
    ports = free_ports(6)
    # The only edit to what istioctl rendered: a primary's webhooks call istiod on loopback (a
    # remote's already name its primary's istiod by URL).
    point_webhooks_at(docs, ports[1])
    labels = {"topology.istio.io/network": a.network}
    if a.discovery_label:
        k, v = a.discovery_label.split("=", 1)
        labels[k] = v
    ns = {"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": a.namespace, "labels": labels}}
    with open(os.path.join(state, "install.yaml"), "w") as f:
        yaml.safe_dump_all([ns] + docs, f)
    run(kubectl + ["apply", "--server-side", "--force-conflicts", "--field-manager", "istio-install",
                   "-f", os.path.join(state, "install.yaml")], stdout=subprocess.DEVNULL)
    docs_applied = docs

    if primary is not None:
        return serve_remote(a, state, kubectl, Api(kubeconfig, state), primary, json.load(open(os.path.join(a.remote_of, "istiod.json"))), docs_applied)

    dep = istiod_deployment(docs)
    api = Api(kubeconfig, state)
    info = {"debug": ports[0], "webhook": ports[1], "grpc": ports[2], "secureGrpc": ports[3], "monitoring": ports[4]}
    pod = [running_pod(api, a.namespace, dep)]
    forward_pod(kubectl, a.namespace, pod[0], info)
    cmd, env = istiod_command(a, dep, discovery, ports, kubeconfig, state, pod[0])
    istiod = Istiod(cmd, env, state, ports[0])
    dep_path = f"/apis/apps/v1/namespaces/{a.namespace}/deployments/{dep['metadata']['name']}"
    secret_path = f"/api/v1/namespaces/{a.namespace}/secrets/cacerts"

    def restarted_at():
        d = api.get(dep_path) or {}
        return ((d.get("spec", {}).get("template", {}).get("metadata") or {}).get("annotations") or {}).get(RESTARTED_AT)

    stopping = stop_on_signals()
    seen = [restarted_at()]
    istiod.start()
    announce(state, {"pid": istiod.proc.pid, "pod": pod[0], **info}, a,
             f"istiod for {a.context}/{a.namespace} ready (debug 127.0.0.1:{ports[0]})")

    def tick():
        if istiod.proc.poll() is not None:
            log(f"istiod exited with {istiod.proc.returncode}; see {state}/istiod.log")
            return False
        now = restarted_at()
        if now != seen[0]:
            seen[0] = now
            log(f"istiod Deployment restarted ({now}): restarting istiod")
            with open(os.path.join(state, "restarts"), "w") as f:
                f.write(str(istiod.starts))
            istiod.stop()
            # A new pod runs the Deployment's current template: `kubectl set env` takes effect here.
            live = api.get(dep_path) or dep
            old, pod[0] = pod[0], running_pod(api, a.namespace, live, not_named=pod[0])
            forward_pod(kubectl, a.namespace, pod[0], info, old=old)
            istiod.cmd, istiod.env = istiod_command(a, live, discovery, ports, kubeconfig, state, pod[0])
            istiod.start()
            with open(os.path.join(state, "pod"), "w") as f:
                f.write(pod[0])
        elif sync_cacerts(api.get(secret_path), env["ROOT_CA_DIR"]):
            log("cacerts changed: files rewritten, as kubelet does")
        return True

    try:
        supervise(a, api, stopping, tick)
    finally:
        istiod.stop()
        delete_cluster_scoped(docs_applied, state, kubectl)


def stop_on_signals():
    """A list that SIGTERM/SIGINT make non-empty (set before istiod starts, so the clean-up always runs)."""
    stopping = []
    signal.signal(signal.SIGTERM, lambda *_: stopping.append(True))
    signal.signal(signal.SIGINT, lambda *_: stopping.append(True))
    return stopping


def announce(state, info, a, message):
    """DIR/istiod.json, then DIR/ready: what the tests wait for."""
    with open(os.path.join(state, "istiod.json"), "w") as f:
        json.dump({"supervisor": os.getpid(), **info, "namespace": a.namespace, "revision": a.revision or "",
                   "cluster": a.cluster_name, "network": a.network}, f)
    open(os.path.join(state, "ready"), "w").close()
    log(message)


def supervise(a, api, stopping, tick):
    """Every half second, until a signal or the Istio namespace is gone: tick(); it returns False to
    stop. An API server that does not answer is retried."""
    while not stopping:
        time.sleep(0.5)
        try:
            if api.get(f"/api/v1/namespaces/{a.namespace}") is None:
                log(f"namespace {a.namespace} is gone; stopping")
                return
            if not tick():
                return
        except (urllib.error.URLError, OSError, subprocess.CalledProcessError) as e:
            log(f"API server not answering ({e}); retrying")


def delete_cluster_scoped(docs_applied, state, kubectl):
    scoped = [d for d in docs_applied if d["kind"] in CLUSTER_SCOPED]
    if scoped:
        path = os.path.join(state, "cluster-scoped.yaml")
        with open(path, "w") as f:
            yaml.safe_dump_all(scoped, f)
        subprocess.run(kubectl + ["delete", "--ignore-not-found", "--wait=false", "-f", path],
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def root_of(primary, ns):
    """The root the primary's istiod serves under (its istio-ca-root-cert), base64 as a webhook
    caBundle takes it; None until istiod has published it."""
    cm = primary.get(f"/api/v1/namespaces/{ns}/configmaps/istio-ca-root-cert") or {}
    root = (cm.get("data") or {}).get("root-cert.pem")
    return base64.b64encode(root.encode()).decode() if root else None


def primary_root(primary, ns):
    deadline = time.time() + 60
    while time.time() < deadline:
        root = root_of(primary, ns)
        if root:
            return root
        time.sleep(0.5)
    raise SystemExit(f"istio.py: the primary's istiod published no istio-ca-root-cert in {ns}")


def serve_remote(a, state, kubectl, api, primary, info, docs_applied):
    """A remote cluster has no istiod of its own. What stays to do is the installer's: keep
    values.istiodRemote.injectionCABundle (the webhook's caBundle) equal to the root the primary's
    istiod serves under, which changes when `mesh-ca install` plugs in a CA and istiod restarts."""
    webhooks = [d["metadata"]["name"] for d in docs_applied if d["kind"] == "MutatingWebhookConfiguration"]
    stopping = stop_on_signals()
    announce(state, {"remote": True, "primaryDebug": info["debug"]}, a,
             f"remote {a.context}/{a.namespace} ready, injected by {info['cluster']}")
    seen = [a.injection_ca]

    def tick():
        now = root_of(primary, info["namespace"]) or seen[0]
        if now != seen[0]:
            for name in webhooks:
                wh = api.get(f"/apis/admissionregistration.k8s.io/v1/mutatingwebhookconfigurations/{name}") or {}
                ops = [{"op": "replace", "path": f"/webhooks/{i}/clientConfig/caBundle", "value": now}
                       for i in range(len(wh.get("webhooks", [])))]
                run(kubectl + ["patch", "mutatingwebhookconfiguration", name, "--type=json", "-p", json.dumps(ops)],
                    stdout=subprocess.DEVNULL)
            seen[0] = now
            log("the primary's root changed: injection caBundle updated, as a re-install would")
        return True

    try:
        supervise(a, api, stopping, tick)
    finally:
        delete_cluster_scoped(docs_applied, state, kubectl)


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest="cmd", required=True)
    u = sub.add_parser("up")
    u.add_argument("--kubeconfig", required=True)
    u.add_argument("--context", required=True)
    u.add_argument("--namespace", default="istio-system")
    u.add_argument("--revision", default="")
    u.add_argument("--cluster-name")
    u.add_argument("--network", default="network1")
    u.add_argument("--mesh-id", default="mesh1")
    u.add_argument("--discovery-label", default="")
    u.add_argument("--state", required=True)
    u.add_argument("--no-eastwest", dest="eastwest", action="store_false", help="no east-west gateway")
    u.add_argument("--profile", default="minimal", choices=["minimal", "default"],
                   help="istioctl's profile for a primary: default adds istio-ingressgateway (not injected: it reads the mesh ConfigMap as a file)")
    u.add_argument("--remote-of", default="",
                   help="the state folder of the primary's istio.py: install Istio's remote profile, injected by that istiod")
    a = p.parse_args()
    a.cluster_name = a.cluster_name or a.context
    up(a)


if __name__ == "__main__":
    main()
