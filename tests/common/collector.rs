//! A real collector behind a kwok pod: the built Jaeger (its OpenTelemetry-based all-in-one: zipkin
//! v2 JSON in, Jaeger's query API out) runs as a local process; Istio's own Jaeger addon
//! (`samples/addons/jaeger.yaml`: the Deployment and the `zipkin` Service) is applied in the
//! cluster, kwok runs its pod, and a kwok PortForward sends the pod's 16686 (query) and 9411
//! (zipkin) to the process. Envoy is in no registry we reach: [`Jaeger::post_envoy_spans`] sends
//! what Envoy's zipkin tracer sends, with the tags Envoy adds.

use std::io::Write;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use k8s_openapi::api::core::v1::Pod;
use kube::api::{Api, ListParams};

use super::{client, kubeconfig, wait_for};

pub struct Jaeger {
    child: Child,
    pub context: String,
    pub ns: String,
    pub zipkin_port: u16,
    pub query_port: u16,
    pub pod: String,
    _dir: tempfile::TempDir,
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

fn kubectl_apply(ctx: &str, ns: &str, yaml: &str) {
    let mut ch = Command::new("kubectl")
        .arg("--kubeconfig")
        .arg(kubeconfig())
        .args([
            "--context",
            ctx,
            "-n",
            ns,
            "apply",
            "--server-side",
            "--force-conflicts",
            "-f",
            "-",
        ])
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .unwrap();
    ch.stdin.take().unwrap().write_all(yaml.as_bytes()).unwrap();
    assert!(ch.wait().unwrap().success(), "kubectl apply in {ctx}/{ns}");
}

impl Jaeger {
    /// Jaeger running for `ns` of `ctx`, its pod Running there and forwarded to it.
    pub async fn start(ctx: &str, ns: &str) -> Jaeger {
        let bin = PathBuf::from(
            std::env::var("JAEGER_BIN").expect("JAEGER_BIN (set by tests/cluster/local.sh)"),
        );
        let dir = tempfile::tempdir().unwrap();
        let (zipkin_port, query_port, grpc_port) = (free_port(), free_port(), free_port());
        let config = format!(
            "service:
  extensions: [jaeger_storage, jaeger_query]
  pipelines:
    traces: {{receivers: [zipkin], exporters: [jaeger_storage_exporter]}}
  telemetry:
    metrics: {{level: none}}
    logs: {{level: warn}}
extensions:
  jaeger_query:
    storage: {{traces: mem}}
    http: {{endpoint: 127.0.0.1:{query_port}}}
    grpc: {{endpoint: 127.0.0.1:{grpc_port}}}
  jaeger_storage:
    backends: {{mem: {{memory: {{max_traces: 10000}}}}}}
receivers:
  zipkin: {{endpoint: 127.0.0.1:{zipkin_port}}}
exporters:
  jaeger_storage_exporter: {{trace_storage: mem}}
"
        );
        let path = dir.path().join("jaeger.yaml");
        std::fs::write(&path, config).unwrap();
        let log = std::fs::File::create(dir.path().join("jaeger.log")).unwrap();
        let child = Command::new(&bin)
            .arg("--config")
            .arg(&path)
            .stdout(log.try_clone().unwrap())
            .stderr(log)
            .spawn()
            .unwrap();
        let up = wait_for(Duration::from_secs(60), || async move {
            std::net::TcpStream::connect(("127.0.0.1", query_port)).ok().map(|_| ())
        })
        .await;
        assert!(
            up.is_some(),
            "jaeger did not listen: {}",
            std::fs::read_to_string(dir.path().join("jaeger.log")).unwrap_or_default()
        );
        // Istio's addon, in this namespace.
        let istio_bin = PathBuf::from(std::env::var("ISTIO_BIN").expect("ISTIO_BIN"));
        let addon = std::fs::read_to_string(istio_bin.join("jaeger.yaml")).unwrap();
        kubectl_apply(
            ctx,
            ns,
            &addon.replace("namespace: istio-system", &format!("namespace: {ns}")),
        );
        let pods: Api<Pod> = Api::namespaced(client(ctx).await, ns);
        let pod = wait_for(Duration::from_secs(60), || async {
            let items = pods.list(&ListParams::default().labels("app=jaeger")).await.ok()?.items;
            items
                .into_iter()
                .find(|p| p.status.as_ref().and_then(|s| s.phase.as_deref()) == Some("Running"))
                .and_then(|p| p.metadata.name)
        })
        .await
        .expect("kwok did not run the jaeger pod");
        let forward = serde_json::json!({"apiVersion": "kwok.x-k8s.io/v1alpha1", "kind": "PortForward",
            "metadata": {"name": pod, "namespace": ns},
            "spec": {"forwards": [
                {"ports": [16686], "target": {"address": "127.0.0.1", "port": query_port}},
                {"ports": [9411], "target": {"address": "127.0.0.1", "port": zipkin_port}}]}});
        kubectl_apply(ctx, ns, &forward.to_string());
        Jaeger {
            child,
            context: ctx.into(),
            ns: ns.into(),
            zipkin_port,
            query_port,
            pod,
            _dir: dir,
        }
    }

    /// `n` spans as a sidecar of `cluster_id` sends them (Envoy's zipkin tracer: v2 JSON, with the
    /// istio.* tags Envoy adds), to the collector's zipkin port.
    pub fn post_envoy_spans(&self, cluster_id: &str, n: usize) {
        let now_us =
            std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_micros()
                as u64;
        let spans: Vec<serde_json::Value> = (0..n)
            .map(|i| {
                let id = format!("{:016x}", now_us.wrapping_mul(31).wrapping_add(i as u64 * 7919) ^ cluster_id.len() as u64);
                serde_json::json!({
                    "traceId": format!("{:016x}{}", now_us, &id[..16]), "id": id, "kind": "SERVER",
                    "name": "productpage.default.svc.cluster.local:9080/*",
                    "timestamp": now_us - (n - i) as u64 * 1000, "duration": 1200, "shared": true,
                    "localEndpoint": {"serviceName": "productpage.default", "ipv4": "198.18.1.9"},
                    "tags": {"istio.cluster_id": cluster_id, "istio.mesh_id": "mesh1",
                             "istio.namespace": "default", "istio.canonical_service": "productpage",
                             "istio.canonical_revision": "v1", "component": "proxy",
                             "node_id": "sidecar~198.18.1.9~productpage-v1-0.default~default.svc.cluster.local",
                             "http.method": "GET", "http.status_code": "200", "http.url": "http://productpage:9080/",
                             "upstream_cluster": "inbound|9080||", "response_flags": "-",
                             "request_size": "0", "response_size": "512", "downstream_cluster": "-",
                             "user_agent": "curl/8.5.0", "guid:x-request-id": format!("req-{i}")}
                })
            })
            .collect();
        let mut ch = Command::new("curl")
            .args([
                "-sf",
                "-X",
                "POST",
                "-H",
                "Content-Type: application/json",
                "--data-binary",
                "@-",
            ])
            .arg(format!("http://127.0.0.1:{}/api/v2/spans", self.zipkin_port))
            .stdin(Stdio::piped())
            .spawn()
            .unwrap();
        ch.stdin
            .take()
            .unwrap()
            .write_all(serde_json::Value::Array(spans).to_string().as_bytes())
            .unwrap();
        assert!(ch.wait().unwrap().success(), "POST spans to jaeger");
    }

    /// Stop the process (the pod stays: the collector is then unreachable behind it).
    pub fn stop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for Jaeger {
    fn drop(&mut self) {
        self.stop();
    }
}
