//! Faults in the middle of a run, made on purpose between a plugin and a real API server: an
//! interceptor (plain HTTP, in this process) sits between the plugin and `kubectl proxy`, and
//! - lets someone else edit the mesh ConfigMap between our read and our write: our guarded write is
//!   refused, we read again and redo the edit, and both edits survive;
//! - answers the first restart of a Deployment with 429 and `Retry-After: 1`: we wait and retry,
//!   and the workload is restarted.
mod common;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use bytes::Bytes;
use common::*;
use http_body_util::{BodyExt, Full};
use hyper::service::service_fn;
use hyper::{Request, Response};
use hyper_util::rt::{TokioExecutor, TokioIo};
use k8s_openapi::api::apps::v1::Deployment;
use k8s_openapi::api::core::v1::ConfigMap;
use kube::api::{Api, Patch, PatchParams};

/// A child process killed when the test ends, even when it fails (a `kubectl proxy` left running
/// would hold the test's output open).
struct KillOnDrop(std::process::Child);

impl Drop for KillOnDrop {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// `kubectl proxy` for `ctx` on a free port: plain HTTP, the admin's credentials added.
fn kubectl_proxy(ctx: &str) -> (KillOnDrop, String) {
    use std::io::BufRead;
    let mut child = std::process::Command::new("kubectl")
        .env_remove("KUBECONFIG")
        .arg("--kubeconfig")
        .arg(kubeconfig())
        .args(["--context", ctx, "proxy", "--port", "0"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("kubectl proxy");
    let mut line = String::new();
    std::io::BufReader::new(child.stdout.take().unwrap()).read_line(&mut line).unwrap();
    let addr = line
        .trim()
        .rsplit(' ')
        .next()
        .unwrap_or_else(|| panic!("kubectl proxy said {line:?}"))
        .to_string();
    (KillOnDrop(child), format!("http://{addr}"))
}

#[derive(Default)]
struct Seen {
    mesh_patches: AtomicUsize,
    deployment_patches: AtomicUsize,
}

// Multi-threaded: the interceptor serves while this thread waits for the plugin.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_concurrent_edit_and_throttling_lose_nothing() {
    let ctx = take_contexts(1).remove(0);
    let fx = Fixture::new(&ctx, &unique("t-faults"), &FixtureOpts::default()).await;
    fx.wait_injected(1).await;
    let (_proxy, upstream) = kubectl_proxy(&ctx);
    let seen = Arc::new(Seen::default());
    let cm_path = format!("/api/v1/namespaces/{}/configmaps/{}", fx.istio_ns, fx.mesh_configmap());
    let cms: Api<ConfigMap> = Api::namespaced(fx.client.clone(), &fx.istio_ns);

    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let forward = hyper_util::client::legacy::Client::builder(TokioExecutor::new())
        .build_http::<Full<Bytes>>();
    let (seen2, cms2, cm_mesh) = (seen.clone(), cms.clone(), fx.mesh_configmap());
    tokio::spawn(async move {
        loop {
            let (io, _) = listener.accept().await.unwrap();
            let (seen, cms, cm_mesh, cm_path, forward, upstream) = (
                seen2.clone(),
                cms2.clone(),
                cm_mesh.clone(),
                cm_path.clone(),
                forward.clone(),
                upstream.clone(),
            );
            tokio::spawn(async move {
                let svc = service_fn(move |req: Request<hyper::body::Incoming>| {
                    let (seen, cms, cm_mesh, cm_path, forward, upstream) = (
                        seen.clone(),
                        cms.clone(),
                        cm_mesh.clone(),
                        cm_path.clone(),
                        forward.clone(),
                        upstream.clone(),
                    );
                    async move {
                        let patch = req.method() == hyper::Method::PATCH;
                        let path = req.uri().path().to_string();
                        if patch
                            && path == cm_path
                            && seen.mesh_patches.fetch_add(1, Ordering::SeqCst) == 0
                        {
                            // Someone else edits the ConfigMap after our read, before our write.
                            cms.patch(
                                &cm_mesh,
                                &PatchParams::default(),
                                &Patch::Merge(
                                    serde_json::json!({"data": {"edited-by": "someone-else"}}),
                                ),
                            )
                            .await
                            .unwrap();
                        }
                        if patch
                            && path.contains("/deployments/")
                            && seen.deployment_patches.fetch_add(1, Ordering::SeqCst) == 0
                        {
                            let body = serde_json::json!({"kind": "Status", "apiVersion": "v1", "status": "Failure", "reason": "TooManyRequests", "code": 429, "message": "slow down"});
                            return Ok::<_, hyper::Error>(
                                Response::builder()
                                    .status(429)
                                    .header("Retry-After", "1")
                                    .header("Content-Type", "application/json")
                                    .body(Full::new(Bytes::from(body.to_string())))
                                    .unwrap(),
                            );
                        }
                        let (mut parts, body) = req.into_parts();
                        let bytes = body.collect().await?.to_bytes();
                        parts.uri = format!(
                            "{upstream}{}",
                            parts.uri.path_and_query().map(|p| p.as_str()).unwrap_or("/")
                        )
                        .parse()
                        .unwrap();
                        parts.headers.remove(hyper::header::HOST);
                        let resp = forward
                            .request(Request::from_parts(parts, Full::new(bytes)))
                            .await
                            .expect("kubectl proxy answers");
                        let (parts, body) = resp.into_parts();
                        let bytes = body.collect().await.map(|b| b.to_bytes()).unwrap_or_default();
                        Ok(Response::from_parts(parts, Full::new(bytes)))
                    }
                });
                let _ = hyper::server::conn::http1::Builder::new()
                    .serve_connection(TokioIo::new(io), svc)
                    .await;
            });
        }
    });

    let tmp = tempfile::tempdir().unwrap();
    let kc = tmp.path().join("via-interceptor.yaml");
    std::fs::write(
        &kc,
        format!(
            "apiVersion: v1\nkind: Config\nclusters:\n- name: x\n  cluster: {{server: \"http://127.0.0.1:{port}\"}}\n\
             users:\n- name: x\n  user: {{}}\ncontexts:\n- name: {ctx}\n  context: {{cluster: x, user: x}}\ncurrent-context: {ctx}\n"
        ),
    )
    .unwrap();
    let mut args = vec![
        "set",
        "--mode",
        "proxy-config",
        "--addr",
        "both.survive:9411",
        "--context",
        &ctx,
        "--istio-namespace",
        &fx.istio_ns,
        "-n",
        &fx.app_ns[0],
    ];
    let rev = fx.revision_args();
    args.extend(rev.iter().map(String::as_str));
    let out = plugin("mesh-tracing").env("KUBECONFIG", &kc).args(&args).output().unwrap();
    let report = ok(out);

    // Both edits survive: theirs (a key of the ConfigMap) and ours (the tracing address).
    let cm = cms.get(&fx.mesh_configmap()).await.unwrap();
    let data = cm.data.unwrap();
    assert_eq!(
        data.get("edited-by").map(String::as_str),
        Some("someone-else"),
        "their edit was lost"
    );
    assert!(data["mesh"].contains("both.survive:9411"), "our edit was lost:\n{}", data["mesh"]);
    assert_eq!(
        seen.mesh_patches.load(Ordering::SeqCst),
        2,
        "the refused write was not redone once"
    );
    // The throttled restart was retried after Retry-After, and done.
    assert_eq!(seen.deployment_patches.load(Ordering::SeqCst), 2, "{report}");
    let dep =
        Api::<Deployment>::namespaced(fx.client.clone(), &fx.app_ns[0]).get("app1").await.unwrap();
    let annotations = dep.spec.unwrap().template.metadata.unwrap().annotations.unwrap_or_default();
    assert!(annotations.contains_key("kubectl.kubernetes.io/restartedAt"), "{report}");
    fx.delete().await;
}
