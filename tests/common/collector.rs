//! A real collector behind a kwok pod (`tests/cluster/collector.py`): the built Jaeger runs as a
//! local process, Istio's own Jaeger addon is applied in the cluster, kwok runs its pod, and a kwok
//! PortForward sends the pod's 16686 (query) and 9411 (zipkin) to the process. Envoy is in no
//! registry we reach: [`Jaeger::post_envoy_spans`] sends what Envoy's zipkin tracer sends.

use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use super::{kubeconfig, wait_for};

pub struct Jaeger {
    child: Child,
    pub pod: String,
    state: tempfile::TempDir,
    stopped: bool,
}

fn collector_py() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/cluster/collector.py")
}

impl Jaeger {
    /// Jaeger running for `ns` of `ctx`, its pod Running there and forwarded to it.
    pub async fn start(ctx: &str, ns: &str) -> Jaeger {
        let state = tempfile::tempdir().unwrap();
        let child = Command::new("python3")
            .arg(collector_py())
            .arg("up")
            .arg("--kubeconfig")
            .arg(kubeconfig())
            .args(["--context", ctx, "--namespace", ns, "--state"])
            .arg(state.path())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let ready = state.path().join("ready");
        let up =
            wait_for(Duration::from_secs(120), || async { ready.exists().then_some(()) }).await;
        assert!(up.is_some(), "collector.py up did not get ready in {ctx}/{ns}");
        let info: serde_json::Value =
            serde_json::from_slice(&std::fs::read(state.path().join("collector.json")).unwrap())
                .unwrap();
        Jaeger { child, pod: info["pod"].as_str().unwrap().to_string(), state, stopped: false }
    }

    /// `n` spans as a sidecar of `cluster_id` sends them, to the collector's zipkin port.
    pub fn post_envoy_spans(&self, cluster_id: &str, n: usize) {
        let o = Command::new("python3")
            .arg(collector_py())
            .args(["post", "--cluster-id", cluster_id, "--count", &n.to_string(), "--state"])
            .arg(self.state.path())
            .output()
            .unwrap();
        assert!(o.status.success(), "collector.py post: {}", String::from_utf8_lossy(&o.stderr));
    }

    /// Stop the collector's process (the pod stays: the collector behind it is gone).
    pub fn stop(&mut self) {
        if !std::mem::replace(&mut self.stopped, true) {
            // SIGTERM: collector.py stops Jaeger before it exits.
            unsafe { libc::kill(self.child.id() as i32, libc::SIGTERM) };
            let _ = self.child.wait();
        }
    }
}

impl Drop for Jaeger {
    fn drop(&mut self) {
        self.stop();
    }
}
