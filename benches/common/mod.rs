//! Shared by the benchmarks: run commands, time them, print ratios. Timings are printed, never
//! asserted.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

/// The release binary of a plugin (cargo bench builds it).
pub fn bin(name: &str) -> PathBuf {
    let exe = std::env::current_exe().unwrap();
    // target/release/deps/ca-xxxx -> target/release/
    exe.parent().unwrap().parent().unwrap().join(format!("kubectl-{name}"))
}

/// Run a command, panic with its stderr if it fails.
pub fn run(cmd: &mut Command) -> String {
    let out = cmd.output().unwrap_or_else(|e| panic!("{cmd:?}: {e}"));
    assert!(out.status.success(), "{cmd:?}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).into_owned()
}

pub fn sh(script: &str, dir: &Path) -> String {
    run(Command::new("bash").arg("-ec").arg(script).current_dir(dir))
}

/// Time `f` `n` times; the median.
pub fn median(n: usize, mut f: impl FnMut()) -> Duration {
    let mut v: Vec<Duration> = (0..n)
        .map(|_| {
            let t = Instant::now();
            f();
            t.elapsed()
        })
        .collect();
    v.sort();
    v[v.len() / 2]
}

pub fn report(what: &str, ours: Duration, theirs: Duration, theirs_name: &str) {
    println!(
        "{what}: kubectl-mesh {:.1} ms, {theirs_name} {:.1} ms, ratio {:.2} (ours/theirs; below 1 is faster), speed-up {:.1}x",
        ours.as_secs_f64() * 1e3,
        theirs.as_secs_f64() * 1e3,
        ours.as_secs_f64() / theirs.as_secs_f64(),
        theirs.as_secs_f64() / ours.as_secs_f64()
    );
}

pub fn kubeconfig() -> PathBuf {
    PathBuf::from(
        std::env::var("MESH_TEST_KUBECONFIG").expect("benchmarks need clusters: run `make bench`"),
    )
}

pub fn unique(prefix: &str) -> String {
    let n = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_nanos();
    format!("{prefix}-{:x}", n % 0xffffff)
}

/// A real Istio install (tests/cluster/istio.py: istioctl-rendered, istiod as a local process) in
/// one context, Istio namespace `ns`, no revision: namespaces labelled `istio-injection=enabled` are
/// injected by that istiod. Stopped (and its cluster-scoped objects removed) when dropped.
pub struct Istio {
    child: std::process::Child,
    pub state: tempfile::TempDir,
}

impl Istio {
    pub fn start(context: &str, ns: &str) -> Istio {
        let state = tempfile::tempdir().unwrap();
        let script = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/cluster/istio.py");
        let log = std::fs::File::create(state.path().join("istio.log")).unwrap();
        let child = Command::new("python3")
            .arg(script)
            .args(["up", "--kubeconfig"])
            .arg(kubeconfig())
            .args(["--context", context, "--namespace", ns, "--state"])
            .arg(state.path().join("s"))
            .stdout(log.try_clone().unwrap())
            .stderr(log)
            .spawn()
            .expect("python3 tests/cluster/istio.py (ISTIO_BIN is set by tests/cluster/local.sh)");
        let mut me = Istio { child, state };
        let deadline = Instant::now() + Duration::from_secs(240);
        while !me.state.path().join("s/ready").exists() {
            let log =
                || std::fs::read_to_string(me.state.path().join("istio.log")).unwrap_or_default();
            if let Some(status) = me.child.try_wait().unwrap() {
                panic!("istio.py exited ({status}):\n{}", log());
            }
            assert!(Instant::now() < deadline, "istiod not ready within 240s:\n{}", log());
            std::thread::sleep(Duration::from_millis(250));
        }
        me
    }
}

impl Drop for Istio {
    fn drop(&mut self) {
        let _ = Command::new("kill").arg(self.child.id().to_string()).status();
        let _ = self.child.wait();
    }
}

/// `n` injected Deployments `app0..` in each (namespace, n), the namespaces labelled for the
/// default revision's injection; applied with kubectl in `context`.
pub fn apply_workloads(context: &str, spread: &[(String, usize)]) {
    let mut y = String::new();
    for (ns, n) in spread {
        y.push_str(&format!("---\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: {ns}\n  labels: {{istio-injection: enabled}}\n"));
        for i in 0..*n {
            y.push_str(&format!("---\napiVersion: apps/v1\nkind: Deployment\nmetadata: {{name: app{i}, namespace: {ns}}}\nspec:\n  replicas: 1\n  selector: {{matchLabels: {{app: app{i}}}}}\n  template:\n    metadata: {{labels: {{app: app{i}}}}}\n    spec: {{containers: [{{name: app, image: nginx}}]}}\n"));
        }
    }
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("all.yaml");
    std::fs::write(&f, y).unwrap();
    let kubectl = || {
        let mut c = Command::new("kubectl");
        c.arg("--kubeconfig").arg(kubeconfig()).args(["--context", context, "apply", "-f"]).arg(&f);
        c
    };
    // Namespaces first (the first pass may race them), then the rest.
    let _ = kubectl().output();
    run(&mut kubectl());
}

/// Wait (5 min at most) until `want` pods in `namespaces` are injected by istiod, with `address` in
/// their proxy's config (any when `None`).
pub async fn settle_injected(
    client: &kube::Client,
    namespaces: &[String],
    want: usize,
    address: Option<&str>,
) {
    use k8s_openapi::api::core::v1::Pod;
    use kube::api::{Api, ListParams};
    let deadline = Instant::now() + Duration::from_secs(300);
    loop {
        let mut ok = 0;
        for ns in namespaces {
            let pods = Api::<Pod>::namespaced(client.clone(), ns)
                .list(&ListParams::default())
                .await
                .unwrap()
                .items;
            ok += pods
                .iter()
                .filter(|p| {
                    p.spec.as_ref().is_some_and(|s| {
                        s.containers.iter().chain(s.init_containers.iter().flatten()).any(|c| {
                            c.env.iter().flatten().any(|e| {
                                e.name == "PROXY_CONFIG"
                                    && e.value
                                        .as_deref()
                                        .is_some_and(|v| address.is_none_or(|a| v.contains(a)))
                            })
                        })
                    })
                })
                .count();
        }
        if ok >= want || Instant::now() > deadline {
            return;
        }
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
}

/// A client for `context` of the clusters' kubeconfig.
pub async fn client(context: &str) -> kube::Client {
    let k = kube::config::Kubeconfig::read_from(kubeconfig()).unwrap();
    let opts =
        kube::config::KubeConfigOptions { context: Some(context.into()), ..Default::default() };
    kube::Client::try_from(kube::Config::from_custom_kubeconfig(k, &opts).await.unwrap()).unwrap()
}

/// The writes in a plugin's `-v 6` request log (access reviews left out).
pub fn api_writes(log: &str) -> usize {
    log.lines()
        .filter(|l| {
            l.ends_with("requesting")
                && ["POST", "PUT", "PATCH", "DELETE"]
                    .iter()
                    .any(|m| l.contains(&format!("http.method={m} ")))
        })
        .filter(|l| !l.contains("selfsubjectaccessreviews"))
        .count()
}

/// API responses in a `kubectl -v=6` log: `"Response" verb=…` (kubectl 1.33+) or `GET https://… 200 OK
/// in 2 milliseconds` (earlier round_trippers lines).
pub fn kubectl_requests(log: &[u8]) -> usize {
    String::from_utf8_lossy(log)
        .lines()
        .filter(|l| {
            l.contains("\"Response\" verb=")
                || (l.contains("round_trippers.go")
                    && l.contains(" https://")
                    && l.contains(" milliseconds"))
        })
        .count()
}
