//! The shared library against the real local API servers: clients per context, fan-out,
//! server-side apply, guarded JSON Patch, Istio discovery, and the fixture's injector.
mod common;

use std::time::Duration;

use common::*;
use k8s_openapi::api::apps::v1::{Deployment, ReplicaSet};
use k8s_openapi::api::core::v1::{ConfigMap, Pod};
use kube::api::{Api, ListParams, Patch, PatchParams};
use kubectl_mesh::apply::{self, FIELD_MANAGER};
use kubectl_mesh::cli::{DryRun, GlobalArgs};
use kubectl_mesh::cluster;
use kubectl_mesh::istio::{self, IstioKind};
use kubectl_mesh::session::Session;
use serde_json::json;

fn args(contexts: &[String]) -> GlobalArgs {
    GlobalArgs {
        kubeconfig: Some(kubeconfig()),
        contexts: contexts.to_vec(),
        istio_namespace: "istio-system".into(),
        request_timeout: Duration::from_secs(10),
        ..Default::default()
    }
}

#[tokio::test]
async fn clients_per_context_fan_out_concurrently() {
    let ctxs = take_contexts(2);
    let clusters = Session::new(args(&ctxs), None).unwrap().clusters().await.unwrap();
    assert_eq!(clusters.iter().map(|c| c.context.clone()).collect::<Vec<_>>(), ctxs);
    cluster::check_all_reachable(&clusters).await.unwrap();
    let servers = cluster::fan_out_all(&clusters, |_, c| async move {
        Ok(c.client
            .apiserver_version()
            .await
            .map_err(|e| kubectl_mesh::error::Error::msg(e.to_string()))?
            .git_version)
    })
    .await
    .unwrap();
    assert_eq!(servers.len(), 2);
    // Independent clusters: different API servers.
    assert_ne!(clusters[0].server, clusters[1].server);
}

#[tokio::test]
async fn an_unreachable_context_is_one_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("kubeconfig");
    std::fs::write(
        &path,
        "apiVersion: v1\nkind: Config\ncurrent-context: dead\nclusters:\n- name: dead\n  cluster: {server: 'https://127.0.0.1:1'}\nusers:\n- name: u\n  user: {token: secret-token-value}\ncontexts:\n- name: dead\n  context: {cluster: dead, user: u}\n",
    )
    .unwrap();
    let a = GlobalArgs {
        kubeconfig: Some(path),
        request_timeout: Duration::from_secs(5),
        ..Default::default()
    };
    let clusters = Session::new(a.clone(), None).unwrap().clusters().await.unwrap();
    let e = cluster::check_all_reachable(&clusters).await.unwrap_err().to_string();
    assert!(e.starts_with("failed to reach context dead (https://127.0.0.1:1)"), "{e}");
    assert!(!e.contains('\n'), "{e}");
    assert!(!e.contains("secret-token-value"), "{e}");
}

#[tokio::test]
async fn server_side_apply_is_idempotent_and_guarded_patch_refuses_stale_writes() {
    let ctx = &take_contexts(1)[0];
    let fx = Fixture::new(
        ctx,
        &unique("t-apply"),
        &FixtureOpts { deployments: 0, ..Default::default() },
    )
    .await;
    let cms: Api<ConfigMap> = Api::namespaced(fx.client.clone(), &fx.istio_ns);
    let cm: ConfigMap = serde_json::from_value(json!({"apiVersion": "v1", "kind": "ConfigMap",
        "metadata": {"name": "owned", "namespace": fx.istio_ns}, "data": {"k": "v"}}))
    .unwrap();
    // Client dry-run sends nothing.
    apply::apply(&cms, "owned", &cm, DryRun::Client, || "ConfigMap".into()).await.unwrap();
    assert!(cms.get_opt("owned").await.unwrap().is_none());
    // Server dry-run persists nothing.
    apply::apply(&cms, "owned", &cm, DryRun::Server, || "ConfigMap".into()).await.unwrap();
    assert!(cms.get_opt("owned").await.unwrap().is_none());
    let first =
        apply::apply(&cms, "owned", &cm, DryRun::None, || "ConfigMap".into()).await.unwrap();
    let second =
        apply::apply(&cms, "owned", &cm, DryRun::None, || "ConfigMap".into()).await.unwrap();
    assert_eq!(
        first.metadata.resource_version, second.metadata.resource_version,
        "second apply changed the object"
    );
    let managers: Vec<String> =
        second.metadata.managed_fields.unwrap().into_iter().filter_map(|m| m.manager).collect();
    assert_eq!(managers, [FIELD_MANAGER]);

    // A guarded patch at the current resourceVersion applies; at a stale one it is refused.
    let rv = second.metadata.resource_version.clone().unwrap();
    let op =
        serde_json::from_value(json!({"op": "add", "path": "/data/k2", "value": "v2"})).unwrap();
    let p = apply::guarded(&rv, vec![op]);
    let patched = apply::json_patch(&cms, "owned", &p, DryRun::None, || "ConfigMap".into())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(patched.data.unwrap()["k2"], "v2");
    let e = apply::json_patch(&cms, "owned", &p, DryRun::None, || {
        format!("ConfigMap {}/owned in {ctx}", fx.istio_ns)
    })
    .await
    .unwrap_err()
    .to_string();
    assert!(
        e.starts_with(&format!("failed to patch ConfigMap {}/owned in {ctx}: ", fx.istio_ns)),
        "{e}"
    );
    fx.delete().await;
}

#[tokio::test]
async fn istio_kinds_are_found_by_discovery() {
    let ctxs = take_contexts(1);
    // Istio's CRDs come with an install: this test must not rely on an earlier test's.
    let opts = FixtureOpts { zipkin: false, deployments: 0, ..Default::default() };
    let fx = Fixture::new(&ctxs[0], &unique("t-disc"), &opts).await;
    let clusters = Session::new(args(&ctxs), None).unwrap().clusters().await.unwrap();
    for kind in [
        IstioKind::Gateway,
        IstioKind::VirtualService,
        IstioKind::ServiceEntry,
        IstioKind::Telemetry,
    ] {
        let ar = istio::resource(&clusters[0], kind).await.unwrap();
        assert_eq!(ar.kind, kind.kind());
        assert_eq!(ar.version, "v1", "{kind:?}");
        assert_eq!(ar.group, kind.group());
    }
    fx.delete().await;
}

/// The fixture's injector behaves like istiod's: pods get an istio-proxy whose PROXY_CONFIG is the
/// mesh config *at the time the pod was created*, so a restart picks up an edit.
#[tokio::test]
async fn istiod_injects_proxy_config_from_the_current_mesh_config() {
    let ctx = &take_contexts(1)[0];
    let fx = Fixture::new(ctx, &unique("t-inject"), &FixtureOpts::default()).await;
    fx.wait_injected(1).await;
    let ns = &fx.app_ns[0];
    let pods: Api<Pod> = Api::namespaced(fx.client.clone(), ns);
    let address = |p: &Pod| {
        common::istiod::proxy_config(p)
            .and_then(|pc| pc["tracing"]["zipkin"]["address"].as_str().map(str::to_string))
    };
    let before = pods.list(&ListParams::default()).await.unwrap().items;
    assert!(
        common::istiod::proxy_config(&before[0]).is_some(),
        "istiod did not inject PROXY_CONFIG"
    );
    assert_eq!(address(&before[0]), None, "a current Istio install has no default tracer");

    // Edit the mesh config, then restart the Deployment the way `kubectl rollout restart` does.
    let cms: Api<ConfigMap> = Api::namespaced(fx.client.clone(), &fx.istio_ns);
    let cm = cms.get(&fx.mesh_configmap()).await.unwrap();
    let mut mesh: serde_yaml::Value = serde_yaml::from_str(&cm.data.unwrap()["mesh"]).unwrap();
    mesh["defaultConfig"]["tracing"] =
        serde_yaml::from_str("zipkin: {address: 10.1.2.3:15018}").unwrap();
    let text = serde_yaml::to_string(&mesh).unwrap();
    cms.patch(
        &fx.mesh_configmap(),
        &PatchParams::default(),
        &Patch::Merge(json!({"data": {"mesh": text}})),
    )
    .await
    .unwrap();
    let deps: Api<Deployment> = Api::namespaced(fx.client.clone(), ns);
    deps.patch(
        "app1",
        &PatchParams::default(),
        &Patch::Merge(json!({"spec": {"template": {"metadata": {
        "annotations": {"kubectl.kubernetes.io/restartedAt": "2026-01-01T00:00:00Z"}}}}})),
    )
    .await
    .unwrap();
    let fresh = wait_for(Duration::from_secs(60), || async {
        let items = pods.list(&ListParams::default()).await.ok()?.items;
        items.into_iter().find(|p| address(p).as_deref() == Some("10.1.2.3:15018"))
    })
    .await;
    assert!(fresh.is_some(), "no pod with the new tracing address after a restart");
    let rss: Api<ReplicaSet> = Api::namespaced(fx.client.clone(), ns);
    assert_eq!(
        rss.list(&ListParams::default()).await.unwrap().items.len(),
        2,
        "the controller made a new ReplicaSet"
    );
    fx.delete().await;
}

#[tokio::test]
async fn kubeconfig_lists_overrides_and_local_commands_behave_like_kubectl() {
    let ctx = take_contexts(1).remove(0);
    let tmp = tempfile::tempdir().unwrap();
    // A KUBECONFIG list naming a missing file: kubectl skips it, so do we.
    let missing = tmp.path().join("nonexistent");
    let list = std::env::join_paths([missing.clone(), kubeconfig()]).unwrap();
    let o = plugin("mesh-expose")
        .env("KUBECONFIG", &list)
        .args(["status", "--context", &ctx, "--istio-namespace", "default"])
        .output()
        .unwrap();
    assert!(!stderr(&o).contains("nonexistent"), "{}", stderr(&o));
    assert!(stdout(&o).contains(&ctx), "{}", stdout(&o));
    // Only missing files: one clear error naming them, unquoted.
    let o = plugin("mesh-expose").env("KUBECONFIG", &missing).args(["status"]).output().unwrap();
    let e = fails(o, 2);
    assert!(
        e.contains(&format!("none of the files in KUBECONFIG exists ({})", missing.display())),
        "{e}"
    );
    // A cluster that cannot be read makes status exit non-zero, with the table still printed.
    let dead = tmp.path().join("dead.yaml");
    std::fs::write(&dead, "apiVersion: v1\nkind: Config\ncontexts: [{name: dead, context: {cluster: dead, user: u}}]\nclusters: [{name: dead, cluster: {server: 'https://127.0.0.1:1'}}]\nusers: [{name: u, user: {token: t}}]\n").unwrap();
    let list = std::env::join_paths([kubeconfig(), dead]).unwrap();
    let o = plugin("mesh-expose")
        .env("KUBECONFIG", &list)
        .args([
            "status",
            "--context",
            &format!("{ctx},dead"),
            "--istio-namespace",
            "default",
            "--request-timeout",
            "3s",
        ])
        .output()
        .unwrap();
    assert!(stdout(&o).contains(&ctx) && stdout(&o).contains("dead"), "{}", stdout(&o));
    let e = fails(o, 1);
    assert!(e.contains("could not read dead"), "{e}");
    // kubectl's one-cluster overrides are refused with a pointer; local commands refuse --context.
    for flag in ["--as=admin", "--as-group=system:masters", "--user=admin", "--cluster=cluster1"] {
        let e = fails(plugin("mesh-secret").args(["list", flag]).output().unwrap(), 2);
        assert!(e.contains("kubectl config set-context"), "{flag}: {e}");
    }
    for cmd in [&["init"][..], &["issue", "c1"], &["verify"]] {
        let o = plugin("mesh-ca")
            .current_dir(tmp.path())
            .args(cmd)
            .args(["--context", &ctx])
            .output()
            .unwrap();
        let e = fails(o, 2);
        assert!(e.contains("--context does not apply"), "{cmd:?}: {e}");
    }
    assert!(!tmp.path().join("mesh-ca").exists(), "a refused command wrote files");
}

/// The local clusters run pods as a real cluster does (kube-scheduler, and kwok as the node's
/// kubelet): a Deployment rolls out and `kubectl rollout status` returns, a restart replaces the pod
/// and the old one goes, pod IPs come from the benchmarking range, and `kubectl port-forward` reaches
/// the local process a kwok PortForward names, through the API server and kwok.
#[tokio::test]
async fn pods_run_roll_out_and_port_forward_as_on_a_real_cluster() {
    use std::io::{BufRead, BufReader, Read, Write};
    let ctx = &take_contexts(1)[0];
    let ns = unique("t-kwok");
    let c = client(ctx).await;
    let kubectl = |args: &[&str]| {
        std::process::Command::new("kubectl")
            .arg("--kubeconfig")
            .arg(kubeconfig())
            .args(["--context", ctx.as_str(), "-n", ns.as_str()])
            .args(args)
            .output()
            .unwrap()
    };
    let nss: Api<k8s_openapi::api::core::v1::Namespace> = Api::all(c.clone());
    nss.patch(
        &ns,
        &PatchParams::apply("test"),
        &Patch::Apply(json!({"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": ns}})),
    )
    .await
    .unwrap();
    let deps: Api<Deployment> = Api::namespaced(c.clone(), &ns);
    deps.patch("web", &PatchParams::apply("test"), &Patch::Apply(deployment("web"))).await.unwrap();
    let o = kubectl(&["rollout", "status", "deployment/web", "--timeout", "60s"]);
    assert!(o.status.success(), "rollout status: {}{}", stdout(&o), stderr(&o));
    let pods: Api<Pod> = Api::namespaced(c.clone(), &ns);
    let running = pods.list(&ListParams::default()).await.unwrap().items;
    assert_eq!(running.len(), 1, "one pod for one replica");
    let pod = &running[0];
    let status = pod.status.as_ref().unwrap();
    assert_eq!(status.phase.as_deref(), Some("Running"));
    assert!(status.pod_ip.as_deref().is_some_and(|ip| ip.starts_with("198.18.")), "{status:?}");
    let name = pod.metadata.name.clone().unwrap();

    // A local HTTP server plays the pod's process on port 8080.
    let server = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let target = server.local_addr().unwrap().port();
    std::thread::spawn(move || {
        for s in server.incoming().flatten() {
            let mut s = s;
            let mut buf = [0u8; 1024];
            let _ = s.read(&mut buf);
            let _ = s.write_all(b"HTTP/1.0 200 OK\r\nContent-Length: 5\r\n\r\nhello");
        }
    });
    let pf = json!({"apiVersion": "kwok.x-k8s.io/v1alpha1", "kind": "PortForward",
        "metadata": {"name": name, "namespace": ns},
        "spec": {"forwards": [{"ports": [8080], "target": {"address": "127.0.0.1", "port": target}}]}});
    let o = std::process::Command::new("kubectl")
        .arg("--kubeconfig")
        .arg(kubeconfig())
        .args(["--context", ctx.as_str(), "apply", "--server-side", "-f", "-"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::null())
        .spawn()
        .and_then(|mut ch| {
            ch.stdin.take().unwrap().write_all(pf.to_string().as_bytes())?;
            ch.wait()
        })
        .unwrap();
    assert!(o.success(), "apply the PortForward");
    let mut forward = std::process::Command::new("kubectl")
        .arg("--kubeconfig")
        .arg(kubeconfig())
        .args([
            "--context",
            ctx.as_str(),
            "-n",
            ns.as_str(),
            "port-forward",
            &format!("pod/{name}"),
            ":8080",
        ])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    // (kept open until the end: kubectl writes a line per connection, and a closed pipe kills it)
    let mut said = BufReader::new(forward.stdout.take().unwrap());
    let mut line = String::new();
    said.read_line(&mut line).unwrap();
    // "Forwarding from 127.0.0.1:NNNNN -> 8080"
    let local: u16 = line
        .split("127.0.0.1:")
        .nth(1)
        .and_then(|r| r.split_whitespace().next())
        .and_then(|p| p.parse().ok())
        .unwrap_or_else(|| panic!("kubectl port-forward said {line:?}"));
    // kwok watches PortForwards: the first connections may beat its informer.
    let got = wait_for(Duration::from_secs(20), || async move {
        let mut s = std::net::TcpStream::connect(("127.0.0.1", local)).ok()?;
        s.set_read_timeout(Some(Duration::from_secs(5))).ok()?;
        s.write_all(b"GET / HTTP/1.0\r\n\r\n").ok()?;
        let mut text = String::new();
        let _ = s.read_to_string(&mut text);
        text.ends_with("hello").then_some(text)
    })
    .await;
    let _ = forward.kill();
    let _ = forward.wait();
    drop(said);
    assert!(got.is_some(), "kubectl port-forward did not reach the local process through kwok");

    // A restart replaces the pod; the old one goes.
    let o = kubectl(&["rollout", "restart", "deployment/web"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let o = kubectl(&["rollout", "status", "deployment/web", "--timeout", "60s"]);
    assert!(o.status.success(), "rollout status after restart: {}{}", stdout(&o), stderr(&o));
    let replaced = wait_for(Duration::from_secs(60), || async {
        let items = pods.list(&ListParams::default()).await.ok()?.items;
        (items.len() == 1 && items[0].metadata.name.as_deref() != Some(name.as_str())).then_some(())
    })
    .await;
    assert!(replaced.is_some(), "the old pod did not go after the restart");
    nss.delete(&ns, &Default::default()).await.unwrap();
}
