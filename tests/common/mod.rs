//! Shared test support: the local clusters (or `MESH_TEST_KUBECONFIG`), the Istio fixture, and
//! running the plugin binaries as a user would.
//!
//! Every cluster test gets its own Istio namespace and app namespaces, so tests run in parallel.
#![allow(dead_code)]

pub mod collector;
pub mod istiod;
pub mod local;
pub mod snapshot;

use std::path::PathBuf;
use std::process::{Command, Output};
use std::time::Duration;

use k8s_openapi::api::core::v1::{Pod, Service};
use kube::api::{Api, ListParams, Patch, PatchParams};
use kube::config::{KubeConfigOptions, Kubeconfig};
use kube::{Client, Config};
use serde_json::json;

/// The kubeconfig of the test clusters. Cluster tests fail (never skip) without one.
pub fn kubeconfig() -> PathBuf {
    match std::env::var_os("MESH_TEST_KUBECONFIG") {
        Some(p) if !p.is_empty() => PathBuf::from(p),
        _ => panic!(
            "no test clusters: run `make test`, or start them with `tests/cluster/local.sh up 3` and set \
             MESH_TEST_KUBECONFIG=target/local-clusters/kubeconfig"
        ),
    }
}

/// The contexts of the test clusters, in order (cluster1, cluster2, …), without the bare one and
/// the one the fault tests break.
pub fn contexts() -> Vec<String> {
    let kc = Kubeconfig::read_from(kubeconfig()).expect("read the test kubeconfig");
    let bare = bare_context_name();
    let mut c: Vec<String> = kc
        .contexts
        .into_iter()
        .map(|c| c.name)
        .filter(|n| *n != bare && n != FAULT_CONTEXT)
        .collect();
    c.sort();
    c
}

fn bare_context_name() -> String {
    std::env::var("MESH_TEST_BARE_CONTEXT").unwrap_or_else(|_| "bare".into())
}

/// A cluster without Istio (no Istio CRDs, no injector). `make test` starts one
/// (MESH_BARE_CLUSTER=1); with your own clusters, name one in MESH_TEST_BARE_CONTEXT.
pub fn bare_context() -> String {
    let name = bare_context_name();
    let kc = Kubeconfig::read_from(kubeconfig()).expect("read the test kubeconfig");
    assert!(
        kc.contexts.iter().any(|c| c.name == name),
        "this test needs a cluster without Istio: `make test` starts one; with your own clusters set MESH_TEST_BARE_CONTEXT"
    );
    name
}

/// The local cluster whose API server and etcd the fault tests stop, kill and restart
/// (`MESH_FAULT_CLUSTER=1`, as `make test` starts it); no other test uses it.
pub const FAULT_CONTEXT: &str = "faults";

pub fn fault_context() -> String {
    let kc = Kubeconfig::read_from(kubeconfig()).expect("read the test kubeconfig");
    assert!(
        kc.contexts.iter().any(|c| c.name == FAULT_CONTEXT),
        "this test stops and kills an API server: it needs the local cluster `faults` (`make test` starts it; \
         by hand: MESH_FAULT_CLUSTER=1 tests/cluster/local.sh up 3)"
    );
    FAULT_CONTEXT.to_string()
}

/// The first `n` contexts; fails if the test clusters are fewer.
pub fn take_contexts(n: usize) -> Vec<String> {
    let c = contexts();
    assert!(c.len() >= n, "this test needs {n} clusters, MESH_TEST_KUBECONFIG has {}", c.len());
    c[..n].to_vec()
}

pub async fn client(context: &str) -> Client {
    let kc = Kubeconfig::read_from(kubeconfig()).unwrap();
    let opts = KubeConfigOptions { context: Some(context.into()), ..Default::default() };
    let config = Config::from_custom_kubeconfig(kc, &opts).await.unwrap();
    Client::try_from(config).unwrap()
}

/// A kubeconfig file in `dir` with one context, `gone`, whose API server refuses connections (a
/// loopback port just freed); returns its path and the port.
pub fn unreachable_kubeconfig(dir: &std::path::Path) -> (PathBuf, u16) {
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = closed.local_addr().unwrap().port();
    drop(closed);
    let path = dir.join("gone.yaml");
    std::fs::write(
        &path,
        format!(
            "apiVersion: v1\nkind: Config\nclusters:\n- name: gone\n  cluster: {{server: \"https://127.0.0.1:{port}\", insecure-skip-tls-verify: true}}\n\
             users:\n- name: gone\n  user: {{token: t}}\ncontexts:\n- name: gone\n  context: {{cluster: gone, user: gone}}\n"
        ),
    )
    .unwrap();
    (path, port)
}

/// A name unique to this test run: `<prefix>-<random>`, a DNS label.
pub fn unique(prefix: &str) -> String {
    let nanos =
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().subsec_nanos();
    let pid = std::process::id();
    let mut p: String = prefix.chars().take(40).collect();
    p = p.trim_end_matches('-').to_string();
    format!("{p}-{:x}{:x}", pid % 4096, nanos % 0xfffff)
}

pub const READER_SA: &str = "istio-reader-service-account";
pub const EASTWEST: &str = "istio-eastwestgateway";

/// What the fixture puts in each cluster besides its real Istio install (istioctl-rendered, istiod
/// running as a local process, Istio namespace and revision = the fixture's id).
#[derive(Clone, Debug)]
pub struct FixtureOpts {
    /// `topology.istio.io/network` of the install (default network1).
    pub network: Option<String>,
    /// The user's zipkin Service in the Istio namespace.
    pub zipkin: bool,
    /// Injected Deployments per app namespace.
    pub deployments: usize,
    pub app_namespaces: usize,
}

impl Default for FixtureOpts {
    fn default() -> Self {
        FixtureOpts { network: None, zipkin: true, deployments: 1, app_namespaces: 1 }
    }
}

/// One cluster with a real Istio install of its own, in namespaces of its own.
pub struct Fixture {
    pub context: String,
    pub client: Client,
    pub istio_ns: String,
    pub app_ns: Vec<String>,
    /// The install (its istiod, or for a remote its supervisor).
    pub istiod: Option<istiod::RealIstio>,
}

fn ssa() -> PatchParams {
    PatchParams::apply("test-fixture").force()
}

async fn apply<K>(api: &Api<K>, v: serde_json::Value) -> K
where
    K: kube::Resource + Clone + serde::de::DeserializeOwned + serde::Serialize + std::fmt::Debug,
{
    let name = v["metadata"]["name"].as_str().unwrap().to_string();
    api.patch(&name, &ssa(), &Patch::Apply(&v))
        .await
        .unwrap_or_else(|e| panic!("fixture: apply {name}: {e}"))
}

impl Fixture {
    /// Set up the fixture in `context`, with Istio namespace `<id>` and app namespaces `<id>-app<N>`.
    pub async fn new(context: &str, id: &str, opts: &FixtureOpts) -> Fixture {
        Self::real(context, id, opts).await
    }

    /// The same fixture in every context; real installs start concurrently.
    pub async fn new_all(contexts: &[String], id: &str, opts: &FixtureOpts) -> Vec<Fixture> {
        let network = opts.network.clone().unwrap_or_else(|| "network1".into());
        let clusters: Vec<(String, String)> =
            contexts.iter().map(|c| (c.clone(), network.clone())).collect();
        let mut v = Vec::new();
        for ist in istiod::RealIstio::start_all(id, &clusters).await {
            v.push(Self::around(ist, opts).await);
        }
        v
    }

    /// A real Istio install in `context`: Istio namespace and revision `<id>`, app namespaces
    /// `<id>-app<N>` injected by its istiod, and the user's zipkin Service.
    async fn real(context: &str, id: &str, opts: &FixtureOpts) -> Fixture {
        let network = opts.network.clone().unwrap_or_else(|| "network1".into());
        let ist =
            istiod::RealIstio::start_all(id, &[(context.to_string(), network)]).await.remove(0);
        Self::around(ist, opts).await
    }

    /// The app namespaces and zipkin around an install.
    pub async fn around(ist: istiod::RealIstio, opts: &FixtureOpts) -> Fixture {
        let id = ist.ns.clone();
        let id = id.as_str();
        let context = ist.context.clone();
        let context = context.as_str();
        let client = ist.client.clone();
        let app_ns: Vec<String> =
            (1..=opts.app_namespaces).map(|i| format!("{id}-app{i}")).collect();
        let apps: Vec<String> = (1..=opts.deployments).map(|i| format!("app{i}")).collect();
        let apps: Vec<&str> = apps.iter().map(String::as_str).collect();
        for ns in &app_ns {
            ist.app_namespace(ns, &apps).await;
        }
        if opts.zipkin {
            let svcs: Api<Service> = Api::namespaced(client.clone(), id);
            apply(&svcs, json!({"apiVersion": "v1", "kind": "Service",
                "metadata": {"name": "zipkin", "labels": {"app": "zipkin"}},
                "spec": {"selector": {"app": "zipkin"},
                         "ports": [{"name": "http-query", "port": 9411, "protocol": "TCP", "targetPort": 9411}]}})).await;
        }
        Fixture {
            context: context.to_string(),
            client,
            istio_ns: id.to_string(),
            app_ns,
            istiod: Some(ist),
        }
    }

    /// The mesh config's ConfigMap: `istio-<revision>`.
    pub fn mesh_configmap(&self) -> String {
        format!("istio-{}", self.istio_ns)
    }

    /// `--revision <id>` (mesh-tracing reads `istio-<id>`).
    pub fn revision_args(&self) -> Vec<String> {
        vec!["--revision".into(), self.istio_ns.clone()]
    }

    /// The istiod Deployment's name.
    pub fn istiod_deployment(&self) -> String {
        format!("istiod-{}", self.istio_ns)
    }

    /// Wait until every Deployment in the app namespaces has an injected pod from its newest
    /// ReplicaSet (the controller and the injector are real, so this takes a moment).
    pub async fn wait_injected(&self, per_namespace: usize) {
        for ns in &self.app_ns {
            let pods: Api<Pod> = Api::namespaced(self.client.clone(), ns);
            let ok = wait_for(Duration::from_secs(60), || async {
                let list = pods.list(&ListParams::default()).await.ok()?;
                let injected = list
                    .items
                    .iter()
                    .filter(|p| {
                        p.metadata
                            .annotations
                            .as_ref()
                            .is_some_and(|a| a.contains_key("sidecar.istio.io/status"))
                    })
                    .count();
                (injected >= per_namespace).then_some(())
            })
            .await;
            assert!(ok.is_some(), "pods in {ns} of {} were not injected within 60s", self.context);
        }
    }

    /// Remove everything the fixture made: dropping the install stops its istiod and deletes its
    /// namespaces.
    pub async fn delete(self) {}
}

/// An east-west gateway Service shaped like `gen-eastwest-gateway.sh | istioctl install` leaves it,
/// for tests that deliberately set up a cluster without Istio.
pub fn eastwest_service() -> serde_json::Value {
    json!({"apiVersion": "v1", "kind": "Service",
        "metadata": {"name": EASTWEST, "labels": {"app": EASTWEST, "istio": "eastwestgateway",
            "topology.istio.io/network": "network1", "install.operator.istio.io/owning-resource": "unknown"}},
        "spec": {"type": "LoadBalancer", "selector": {"app": EASTWEST, "istio": "eastwestgateway"},
            "ports": [
                {"name": "status-port", "port": 15021, "protocol": "TCP", "targetPort": 15021},
                {"name": "tls", "port": 15443, "protocol": "TCP", "targetPort": 15443},
                {"name": "tls-istiod", "port": 15012, "protocol": "TCP", "targetPort": 15012},
                {"name": "tls-webhook", "port": 15017, "protocol": "TCP", "targetPort": 15017}]}})
}

pub fn deployment(name: &str) -> serde_json::Value {
    json!({"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": name},
        "spec": {"replicas": 1, "selector": {"matchLabels": {"app": name}},
            "template": {"metadata": {"labels": {"app": name}},
                "spec": {"containers": [{"name": "app", "image": "nginx:1.21"}]}}}})
}

/// Poll `f` every 100 ms until it returns `Some`, or give up after `timeout`.
pub async fn wait_for<T, F, Fut>(timeout: Duration, mut f: F) -> Option<T>
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Option<T>>,
{
    let deadline = tokio::time::Instant::now() + timeout;
    loop {
        if let Some(v) = f().await {
            return Some(v);
        }
        if tokio::time::Instant::now() >= deadline {
            return None;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Whether the API server behind `c` accepts `token` (a TokenReview, as the admin).
pub async fn authenticates(c: &Client, token: &str) -> bool {
    use k8s_openapi::api::authentication::v1::{TokenReview, TokenReviewSpec};
    let tr = TokenReview {
        spec: TokenReviewSpec { token: Some(token.into()), ..Default::default() },
        ..Default::default()
    };
    let r = Api::<TokenReview>::all(c.clone()).create(&Default::default(), &tr).await.unwrap();
    r.status.and_then(|s| s.authenticated).unwrap_or(false)
}

/// `f` until it is `Ok`, for 60 s at most; its last `Err` otherwise.
pub async fn wait_until_ok<T, F, Fut>(mut f: F) -> Result<T, String>
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Result<T, String>>,
{
    let deadline = tokio::time::Instant::now() + Duration::from_secs(60);
    loop {
        let r = f().await;
        if r.is_ok() || tokio::time::Instant::now() >= deadline {
            return r;
        }
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
}

/// A plugin binary as built by cargo for this test run.
pub fn plugin(name: &str) -> Command {
    let path = match name {
        "mesh-ca" => env!("CARGO_BIN_EXE_kubectl-mesh-ca"),
        "mesh-secret" => env!("CARGO_BIN_EXE_kubectl-mesh-secret"),
        "mesh-expose" => env!("CARGO_BIN_EXE_kubectl-mesh-expose"),
        "mesh-tracing" => env!("CARGO_BIN_EXE_kubectl-mesh-tracing"),
        other => panic!("no plugin {other}"),
    };
    let mut c = Command::new(path);
    c.env_remove("KUBECONFIG");
    c
}

/// Run a plugin against the test clusters (`--kubeconfig` set) and return its output.
pub fn run(name: &str, args: &[&str]) -> Output {
    let out =
        plugin(name).arg("--kubeconfig").arg(kubeconfig()).args(args).output().expect("run plugin");
    out
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Assert success and return stdout.
#[track_caller]
pub fn ok(o: Output) -> String {
    assert!(
        o.status.success(),
        "exit {:?}\nstdout:\n{}\nstderr:\n{}",
        o.status.code(),
        stdout(&o),
        stderr(&o)
    );
    stdout(&o)
}

/// Assert failure with `code` and a one-line error; return stderr.
#[track_caller]
pub fn fails(o: Output, code: i32) -> String {
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(code), "stdout:\n{}\nstderr:\n{err}", stdout(&o));
    assert_eq!(err.trim_end().lines().count(), 1, "error is not one line:\n{err}");
    assert!(err.starts_with("error: "), "{err}");
    err
}
