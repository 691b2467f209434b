//! A real Istio control plane per cluster: `tests/cluster/istio.py` renders the install with the built
//! istioctl, applies it, and runs the built istiod (pilot-discovery) as a local process that plays
//! kubelet for it. Tests read istiod's own view from its debug endpoints.

use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use k8s_openapi::api::core::v1::{ConfigMap, Namespace, Pod};
use kube::api::{Api, ListParams, Patch, PatchParams};
use kube::Client;
use serde_json::json;

use super::{client, deployment, kubeconfig, wait_for};

/// The label that scopes a test's istiod (meshConfig.discoverySelectors) to the test's namespaces, so
/// that several control planes share a cluster without writing each other's `istio-ca-root-cert`.
pub const MESH_LABEL: &str = "kubectl-mesh.test/mesh";

/// One cluster's install in [`RealIstio::start`].
pub struct Member<'a> {
    pub context: &'a str,
    pub network: &'a str,
    pub eastwest: bool,
    /// Istio's remote profile, injected by the istiod of this (primary) context.
    pub remote_of: Option<&'a str>,
    /// istioctl's `default` profile (with `istio-ingressgateway`) instead of `minimal`.
    pub ingress: bool,
    /// The revision: `None` names it after the Istio namespace, `Some("")` is the default revision
    /// (ConfigMap `istio`, as a plain `istioctl install` makes it).
    pub revision: Option<&'a str>,
}

impl<'a> Member<'a> {
    pub fn primary(context: &'a str, network: &'a str) -> Self {
        Member { context, network, eastwest: true, remote_of: None, ingress: false, revision: None }
    }
}

/// One istiod, revision `ns`, in Istio namespace `ns`, as a running local process.
pub struct RealIstio {
    pub context: String,
    pub client: Client,
    /// Istio namespace and revision (the same name).
    pub ns: String,
    pub network: String,
    /// A remote cluster (Istio's remote profile): no istiod of its own, injected by a primary's.
    pub remote: bool,
    pub state: PathBuf,
    child: Option<Child>,
    pub debug_port: u16,
    /// istiod's plaintext xDS port (15010 in a pod) and its CLUSTER_ID.
    pub xds_port: u16,
    pub cluster_id: String,
    /// Namespaces this install owns (its own and the app namespaces), deleted when it is dropped, so
    /// that a failed test leaves nothing behind to conflict with the next (istioctl analyze would
    /// rightly see two Gateways on one port).
    owned: std::sync::Mutex<Vec<String>>,
}

fn istio_py() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/cluster/istio.py")
}

impl RealIstio {
    /// Start the install in each (context, network), concurrently; returns once every istiod is ready.
    pub async fn start_all(ns: &str, clusters: &[(String, String)]) -> Vec<RealIstio> {
        let with: Vec<Member> = clusters.iter().map(|(c, n)| Member::primary(c, n)).collect();
        Self::start(ns, &with).await
    }

    /// Installs of several shapes at once (primaries, then the remotes they inject).
    pub async fn start(ns: &str, members: &[Member<'_>]) -> Vec<RealIstio> {
        let mut out: Vec<RealIstio> = Vec::new();
        // Primaries first: a remote's webhook names its primary's istiod.
        for remote in [false, true] {
            let batch: Vec<(String, String, Vec<String>)> = members
                .iter()
                .filter(|m| m.remote_of.is_some() == remote)
                .map(|m| {
                    let rev = m.revision.unwrap_or(ns);
                    let mut extra =
                        vec!["--discovery-label".to_string(), format!("{MESH_LABEL}={ns}")];
                    if !rev.is_empty() {
                        extra.extend(["--revision".into(), rev.to_string()]);
                    }
                    if !m.eastwest {
                        extra.push("--no-eastwest".into());
                    }
                    if m.ingress {
                        extra.extend(["--profile".into(), "default".into()]);
                    }
                    if let Some(p) = m.remote_of {
                        let p =
                            out.iter().find(|r| r.context == p).expect("the primary starts first");
                        extra.extend(["--remote-of".into(), p.state.display().to_string()]);
                    }
                    (m.context.to_string(), m.network.to_string(), extra)
                })
                .collect();
            out.extend(Self::spawn(ns, &batch).await);
        }
        let order = |r: &RealIstio| members.iter().position(|m| m.context == r.context);
        out.sort_by_key(order);
        out
    }

    async fn spawn(ns: &str, clusters: &[(String, String, Vec<String>)]) -> Vec<RealIstio> {
        let mut started = Vec::new();
        for (ctx, network, extra) in clusters {
            // Two control planes may share a namespace (revisions): the revision names the state too.
            let rev = extra
                .iter()
                .position(|a| a == "--revision")
                .map(|i| format!("-{}", extra[i + 1]))
                .unwrap_or_default();
            let state = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
                .join("istio")
                .join(format!("{ctx}-{ns}{rev}"));
            let _ = std::fs::remove_dir_all(&state);
            std::fs::create_dir_all(&state).unwrap();
            let log = std::fs::File::create(state.with_extension("log")).unwrap();
            let child = Command::new("python3")
                .arg(istio_py())
                .args(["up", "--kubeconfig"])
                .arg(kubeconfig())
                .args(["--context", ctx, "--namespace", ns, "--network", network])
                .args(extra)
                .arg("--state")
                .arg(&state)
                .stdin(Stdio::null())
                .stdout(log.try_clone().unwrap())
                .stderr(log)
                .spawn()
                .expect("python3 tests/cluster/istio.py");
            started.push((ctx.clone(), network.clone(), state, child));
        }
        let mut out = Vec::new();
        for (ctx, network, state, mut child) in started {
            let ready = wait_for(Duration::from_secs(180), || {
                let exited = child.try_wait().unwrap();
                let ready = state.join("ready").exists();
                async move {
                    if let Some(status) = exited {
                        return Some(Err(status));
                    }
                    ready.then_some(Ok(()))
                }
            })
            .await;
            let log = std::fs::read_to_string(state.with_extension("log")).unwrap_or_default();
            match ready {
                Some(Ok(())) => {}
                Some(Err(status)) => panic!("istio.py for {ctx}/{ns} exited ({status}):\n{log}"),
                None => panic!("istiod for {ctx}/{ns} not ready within 180s:\n{log}"),
            }
            let info: serde_json::Value =
                serde_json::from_str(&std::fs::read_to_string(state.join("istiod.json")).unwrap())
                    .unwrap();
            out.push(RealIstio {
                client: client(&ctx).await,
                context: ctx,
                ns: ns.to_string(),
                network,
                remote: info["remote"].as_bool().unwrap_or(false),
                state,
                child: Some(child),
                debug_port: info["debug"].as_u64().unwrap_or(0) as u16,
                xds_port: info["grpc"].as_u64().unwrap_or(0) as u16,
                cluster_id: info["cluster"].as_str().unwrap_or_default().to_string(),
                owned: std::sync::Mutex::new(vec![ns.to_string()]),
            });
        }
        out
    }

    /// The certificate chain istiod presents on its secure gRPC port (15012 in a pod), as PEM
    /// blocks, read with `openssl s_client`; empty while it is not listening.
    pub fn served_chain(&self) -> Vec<String> {
        let info: serde_json::Value = match std::fs::read_to_string(self.state.join("istiod.json"))
            .ok()
            .and_then(|t| serde_json::from_str(&t).ok())
        {
            Some(v) => v,
            None => return vec![],
        };
        let port = info["secureGrpc"].as_u64().unwrap_or(0);
        let out = Command::new("openssl")
            .args([
                "s_client",
                "-connect",
                &format!("127.0.0.1:{port}"),
                "-showcerts",
                "-servername",
                "istiod.istio-system.svc",
            ])
            .stdin(Stdio::null())
            .output()
            .expect("openssl");
        let text = String::from_utf8_lossy(&out.stdout);
        text.split("-----BEGIN CERTIFICATE-----")
            .skip(1)
            .filter_map(|b| {
                b.split_once("-----END CERTIFICATE-----").map(|(body, _)| {
                    format!("-----BEGIN CERTIFICATE-----{body}-----END CERTIFICATE-----\n")
                })
            })
            .collect()
    }

    /// GET one of istiod's debug endpoints (`/debug/clusterz`, …) as JSON.
    pub async fn debug(&self, path: &str) -> serde_json::Value {
        assert!(!self.remote, "{} is a remote cluster: it runs no istiod", self.context);
        let port = self.debug_port;
        let path = path.to_string();
        tokio::task::spawn_blocking(move || {
            let out = Command::new("curl")
                .args(["-sf", "--max-time", "10", &format!("http://127.0.0.1:{port}{path}")])
                .output()
                .expect("curl");
            assert!(out.status.success(), "GET {path} from istiod failed");
            serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{path}: {e}"))
        })
        .await
        .unwrap()
    }

    /// What istiod pushes to `pod`'s sidecar, asked over xDS as that sidecar would
    /// (`mesh-probe xds`, built on istio.io/istio/pkg/adsc by build.sh): every HTTP connection
    /// manager's tracing (`tracing[].tracing`, `tracing[].collectorCluster`) and the endpoints of
    /// each collector cluster (`endpoints`).
    pub async fn pushed_to(&self, pod: &Pod) -> serde_json::Value {
        assert!(!self.remote, "{} is a remote cluster: it runs no istiod", self.context);
        let bin = PathBuf::from(
            std::env::var("ISTIO_BIN").expect("ISTIO_BIN (set by tests/cluster/local.sh)"),
        )
        .join("mesh-probe");
        let labels =
            serde_json::to_string(&pod.metadata.labels.clone().unwrap_or_default()).unwrap();
        let args = vec![
            "xds".to_string(),
            "--xds".to_string(),
            format!("127.0.0.1:{}", self.xds_port),
            "--namespace".into(),
            pod.metadata.namespace.clone().unwrap_or_default(),
            "--pod".into(),
            pod.metadata.name.clone().unwrap_or_default(),
            "--cluster".into(),
            self.cluster_id.clone(),
            "--network".into(),
            self.network.clone(),
            "--labels".into(),
            labels,
        ];
        tokio::task::spawn_blocking(move || {
            let out = Command::new(&bin)
                .args(&args)
                .output()
                .unwrap_or_else(|e| panic!("{}: {e}", bin.display()));
            assert!(
                out.status.success(),
                "mesh-probe xds failed: {}",
                String::from_utf8_lossy(&out.stderr)
            );
            serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
                panic!("mesh-probe xds: {e}: {}", String::from_utf8_lossy(&out.stdout))
            })
        })
        .await
        .unwrap()
    }

    /// A workload certificate from istiod's CA (its secure gRPC port, 15012 in a pod), requested
    /// as the proxy of a pod running as `ns/sa` does (`mesh-probe csr`): a CSR for its SPIFFE
    /// identity and a service-account token for the `istio-ca` audience, istiod verified against
    /// `root_pem`. The chain istiod returns, leaf first, as PEM.
    pub async fn workload_chain(
        &self,
        ns: &str,
        sa: &str,
        root_pem: &str,
    ) -> Result<Vec<String>, String> {
        use k8s_openapi::api::authentication::v1::{TokenRequest, TokenRequestSpec};
        let tr = TokenRequest {
            spec: TokenRequestSpec {
                audiences: vec!["istio-ca".into()],
                expiration_seconds: Some(600),
                ..Default::default()
            },
            ..Default::default()
        };
        let sas: Api<k8s_openapi::api::core::v1::ServiceAccount> =
            Api::namespaced(self.client.clone(), ns);
        let token: TokenRequest = sas
            .create_subresource("token", sa, &Default::default(), &tr)
            .await
            .map_err(|e| format!("token for {ns}/{sa}: {e}"))?;
        let token = token.status.map(|s| s.token).unwrap_or_default();
        let info: serde_json::Value = serde_json::from_str(
            &std::fs::read_to_string(self.state.join("istiod.json")).map_err(|e| e.to_string())?,
        )
        .map_err(|e| e.to_string())?;
        let dir = tempfile::tempdir().unwrap();
        let (token_file, root_file) = (dir.path().join("token"), dir.path().join("root.pem"));
        std::fs::write(&token_file, token).unwrap();
        std::fs::write(&root_file, root_pem).unwrap();
        let bin = PathBuf::from(
            std::env::var("ISTIO_BIN").expect("ISTIO_BIN (set by tests/cluster/local.sh)"),
        )
        .join("mesh-probe");
        let mut cmd = Command::new(&bin);
        cmd.args([
            "csr",
            "--ca",
            &format!("127.0.0.1:{}", info["secureGrpc"].as_u64().unwrap_or(0)),
        ])
        .arg("--root")
        .arg(&root_file)
        .args([
            "--san",
            &format!("istiod-{}.{}.svc", self.ns, self.ns),
            "--cluster",
            &self.cluster_id,
        ])
        .arg("--token")
        .arg(&token_file)
        .args(["--identity", &format!("spiffe://cluster.local/ns/{ns}/sa/{sa}")]);
        let out = tokio::task::spawn_blocking(move || cmd.output())
            .await
            .unwrap()
            .map_err(|e| format!("{}: {e}", bin.display()))?;
        if !out.status.success() {
            return Err(format!(
                "mesh-probe csr: {}",
                String::from_utf8_lossy(&out.stderr).lines().last().unwrap_or_default()
            ));
        }
        let v: serde_json::Value =
            serde_json::from_slice(&out.stdout).map_err(|e| e.to_string())?;
        Ok(v["chain"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|c| c.as_str().map(str::to_string))
            .collect())
    }

    /// Whether every HTTP connection manager istiod pushes to `pod`'s sidecar sends spans to
    /// `cluster` with `sampling`% random sampling, and that cluster's endpoints are `endpoints`
    /// (not checked when empty). `Err` says what istiod pushed instead.
    pub async fn traces_to(
        &self,
        pod: &Pod,
        cluster: &str,
        sampling: f64,
        endpoints: &[&str],
    ) -> Result<(), String> {
        let pushed = self.pushed_to(pod).await;
        let hcms = pushed["tracing"].as_array().cloned().unwrap_or_default();
        let summary = || {
            hcms.iter()
                .map(|t| {
                    format!(
                        "{} -> {} at {}%",
                        t["listener"],
                        t["collectorCluster"],
                        t["tracing"]["randomSampling"]["value"]
                    )
                })
                .collect::<Vec<_>>()
                .join(", ")
        };
        if hcms.is_empty()
            || !hcms.iter().all(|t| {
                t["collectorCluster"] == cluster
                    && t["tracing"]["randomSampling"]["value"].as_f64() == Some(sampling)
            })
        {
            return Err(format!("want {cluster} at {sampling}%, istiod pushes: [{}]", summary()));
        }
        let got: Vec<&str> = pushed["endpoints"][cluster]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|e| e.as_str())
            .collect();
        if !endpoints.is_empty() && got != endpoints {
            return Err(format!("{cluster} has endpoints {got:?}, want {endpoints:?}"));
        }
        Ok(())
    }

    /// The cluster ids istiod lists in `/debug/clusterz` with their sync status.
    pub async fn clusterz(&self) -> Vec<(String, String)> {
        let v = self.debug("/debug/clusterz").await;
        let mut out: Vec<(String, String)> = v
            .as_array()
            .unwrap()
            .iter()
            .map(|c| {
                (
                    c["id"].as_str().unwrap().to_string(),
                    c["syncStatus"].as_str().unwrap_or("").to_string(),
                )
            })
            .collect();
        out.sort();
        out
    }

    /// How often the harness restarted istiod because its Deployment was restarted.
    pub fn restarts(&self) -> u32 {
        std::fs::read_to_string(self.state.join("restarts"))
            .ok()
            .and_then(|s| s.trim().parse().ok())
            .unwrap_or(0)
    }

    pub fn log(&self) -> String {
        std::fs::read_to_string(self.state.join("istiod.log")).unwrap_or_default()
    }

    /// An app namespace injected by this istiod (label `istio.io/rev`), with one Deployment per name.
    pub async fn app_namespace(&self, name: &str, apps: &[&str]) {
        self.owned.lock().unwrap().push(name.to_string());
        let nss: Api<Namespace> = Api::all(self.client.clone());
        let ns = json!({"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": name,
            "labels": {"istio.io/rev": self.ns, MESH_LABEL: self.ns}}});
        nss.patch(name, &PatchParams::apply("test-fixture").force(), &Patch::Apply(&ns))
            .await
            .unwrap();
        let deps: Api<k8s_openapi::api::apps::v1::Deployment> =
            Api::namespaced(self.client.clone(), name);
        for app in apps {
            deps.patch(
                app,
                &PatchParams::apply("test-fixture").force(),
                &Patch::Apply(deployment(app)),
            )
            .await
            .unwrap();
        }
    }

    /// Pods in `ns` that istiod injected, newest first.
    pub async fn injected_pods(&self, ns: &str) -> Vec<Pod> {
        let pods: Api<Pod> = Api::namespaced(self.client.clone(), ns);
        let mut v: Vec<Pod> = pods
            .list(&ListParams::default())
            .await
            .unwrap()
            .items
            .into_iter()
            .filter(|p| {
                p.metadata
                    .annotations
                    .as_ref()
                    .is_some_and(|a| a.contains_key("sidecar.istio.io/status"))
            })
            .collect();
        v.sort_by(|a, b| b.metadata.creation_timestamp.cmp(&a.metadata.creation_timestamp));
        v
    }

    /// The root certificate istiod distributes into `ns`.
    pub async fn root_cert_in(&self, ns: &str) -> Option<String> {
        let cms: Api<ConfigMap> = Api::namespaced(self.client.clone(), ns);
        cms.get_opt("istio-ca-root-cert").await.ok().flatten()?.data?.get("root-cert.pem").cloned()
    }

    fn stop(&mut self) {
        if let Some(mut child) = self.child.take() {
            // SIGTERM: the harness stops istiod and removes the cluster-scoped objects it applied.
            let _ = Command::new("kill").arg(child.id().to_string()).status();
            let _ = child.wait();
        }
    }
}

impl Drop for RealIstio {
    fn drop(&mut self) {
        self.stop();
        let owned = self.owned.lock().unwrap().clone();
        if owned.is_empty() {
            return;
        }
        let _ = Command::new("kubectl")
            .arg("--kubeconfig")
            .arg(kubeconfig())
            .args([
                "--context",
                &self.context,
                "delete",
                "namespace",
                "--ignore-not-found",
                "--wait=false",
            ])
            .args(&owned)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status();
    }
}

/// `PROXY_CONFIG` of a pod's istio-proxy (a native sidecar in current Istio, so an init container).
pub fn proxy_config(p: &Pod) -> Option<serde_json::Value> {
    let spec = p.spec.as_ref()?;
    let c = spec
        .containers
        .iter()
        .chain(spec.init_containers.iter().flatten())
        .find(|c| c.name == "istio-proxy")?;
    let pc = c.env.as_ref()?.iter().find(|e| e.name == "PROXY_CONFIG")?.value.clone()?;
    serde_json::from_str(&pc).ok()
}

/// A plugin run with the test's kubeconfig and Istio namespace, in `dir`.
pub fn with_ns(ns: &str, name: &str, args: &[&str], dir: &std::path::Path) -> std::process::Output {
    super::plugin(name)
        .current_dir(dir)
        .arg("--kubeconfig")
        .arg(kubeconfig())
        .args(["--istio-namespace", ns])
        .args(args)
        .output()
        .unwrap()
}

/// Poll `check` until it holds (istiod acts on what we write asynchronously), or fail with `what`.
pub async fn eventually<F, Fut>(what: &str, secs: u64, mut check: F)
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = bool>,
{
    let ok = wait_for(Duration::from_secs(secs), || {
        let f = check();
        async move { f.await.then_some(()) }
    })
    .await;
    assert!(ok.is_some(), "istiod never showed: {what}");
}

/// istiod's `/debug/clusterz` on `port`, read with a plain HTTP/1.0 GET (`null` if it did not answer).
pub fn clusterz_now(port: u16) -> serde_json::Value {
    use std::io::{Read, Write};
    let Ok(mut s) = std::net::TcpStream::connect(("127.0.0.1", port)) else {
        return serde_json::Value::Null;
    };
    let _ = s.set_read_timeout(Some(Duration::from_secs(5)));
    let _ = s.write_all(b"GET /debug/clusterz HTTP/1.0\r\nHost: localhost\r\n\r\n");
    let mut text = String::new();
    let _ = s.read_to_string(&mut text);
    text.split_once("\r\n\r\n")
        .and_then(|(_, body)| serde_json::from_str(body).ok())
        .unwrap_or_default()
}
