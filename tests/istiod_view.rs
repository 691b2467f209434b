//! istiod's view in the product: `mesh-secret list`'s ISTIOD column and doctor's
//! `remotesecrets.istiod` ask the real istiod through a port-forward to its pod (kwok runs the pod;
//! its PortForward reaches the local istiod process), and must agree with the real
//! `istioctl remote-clusters`. Then a disagreement on purpose (a permission istiod's informers need,
//! taken away: the laptop's check still works, istiod times out) and an istiod whose pod is gone.
mod common;

use std::collections::BTreeMap;
use std::process::Command;
use std::time::Duration;

use common::istiod::{clusterz_now, eventually, with_ns, RealIstio};
use common::*;
use k8s_openapi::api::apps::v1::Deployment;
use k8s_openapi::api::rbac::v1::{ClusterRole, ClusterRoleBinding};
use kube::api::{Api, ListParams, Patch, PatchParams};
use serde_json::json;

fn istioctl() -> Command {
    let bin = std::env::var("ISTIO_BIN").expect("ISTIO_BIN (set by tests/cluster/local.sh)");
    Command::new(std::path::Path::new(&bin).join("istioctl"))
}

/// What `istioctl remote-clusters` prints for `ctx`: remote cluster id → sync status (istiod's own
/// cluster, which has no secret, left out).
fn istioctl_remote_clusters(ctx: &str, ns: &str) -> BTreeMap<String, String> {
    let o = istioctl()
        .arg("--kubeconfig")
        .arg(kubeconfig())
        .args(["--context", ctx, "-i", ns, "remote-clusters", "--revision", ns])
        .output()
        .unwrap();
    let out = stdout(&o);
    assert!(o.status.success(), "istioctl remote-clusters: {out}{}", stderr(&o));
    out.lines()
        .skip(1)
        .filter_map(|l| {
            let f: Vec<&str> = l.split_whitespace().collect();
            // NAME SECRET STATUS ISTIOD [REVISION]; istiod's own cluster has an empty SECRET.
            (f.len() >= 4 && f[1].contains('/')).then(|| (f[0].to_string(), f[2].to_string()))
        })
        .collect()
}

/// `mesh-secret list -o json` for one holder: remote cluster → ISTIOD column, and the exit status.
fn listed(
    ns: &str,
    ctx: &str,
    dir: &std::path::Path,
) -> (BTreeMap<String, String>, Vec<serde_json::Value>, bool) {
    let o = with_ns(ns, "mesh-secret", &["list", "--context", ctx, "-o", "json"], dir);
    let rows: Vec<serde_json::Value> = serde_json::from_str(&stdout(&o))
        .unwrap_or_else(|e| panic!("list -o json: {e}: {}{}", stdout(&o), stderr(&o)));
    let by_remote = rows
        .iter()
        .map(|r| {
            (
                r["remoteCluster"].as_str().unwrap().to_string(),
                r["istiod"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    (by_remote, rows, o.status.success())
}

fn doctor(ns: &str, all: &str, dir: &std::path::Path) -> (Vec<serde_json::Value>, bool) {
    let o = with_ns(ns, "mesh-tracing", &["doctor", "--context", all, "-o", "json"], dir);
    let checks: Vec<serde_json::Value> = serde_json::from_str(&stdout(&o))
        .unwrap_or_else(|e| panic!("doctor -o json: {e}: {}{}", stdout(&o), stderr(&o)));
    (checks, o.status.success())
}

fn istiod_checks(checks: &[serde_json::Value]) -> Vec<&serde_json::Value> {
    checks.iter().filter(|c| c["id"] == "remotesecrets.istiod").collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn list_and_doctor_give_istiods_verdict_as_istioctl_does() {
    let ctxs = take_contexts(2);
    let id = unique("t-view");
    let clusters: Vec<(String, String)> =
        ctxs.iter().enumerate().map(|(i, c)| (c.clone(), format!("network{}", i + 1))).collect();
    let istiods = RealIstio::start_all(&id, &clusters).await;
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let all = ctxs.join(",");
    ok(with_ns(&id, "mesh-secret", &["link", "--context", &all, "--allow-loopback"], dir));
    for ist in &istiods {
        eventually(&format!("both clusters synced in {}", ist.context), 60, || async {
            let got = ist.clusterz().await;
            got.len() == 2 && got.iter().all(|(_, s)| s == "synced")
        })
        .await;
    }

    // 1. Agreement: list's ISTIOD column is what istioctl remote-clusters prints, for each holder.
    for (i, ctx) in ctxs.iter().enumerate() {
        let (ours, rows, success) = listed(&id, ctx, dir);
        let theirs = istioctl_remote_clusters(ctx, &id);
        assert_eq!(ours, theirs, "{ctx}: list vs istioctl remote-clusters");
        assert_eq!(ours.get(&ctxs[1 - i]).map(String::as_str), Some("synced"), "{rows:?}");
        assert!(success && rows.iter().all(|r| r["works"] == true), "{rows:?}");
    }
    let table = ok(with_ns(&id, "mesh-secret", &["list", "--context", &all], dir));
    assert!(table.lines().next().unwrap().contains("ISTIOD"), "{table}");
    assert_eq!(table.matches(" synced ").count(), 2, "{table}");
    // (doctor's other stages are not green here, no CA or exposure: only its istiod check counts;
    // an error in any check exits 1.)
    let (checks, _) = doctor(&id, &all, dir);
    let judged = istiod_checks(&checks);
    assert!(
        judged.len() == 2
            && judged.iter().all(|c| c["status"] == "ok" && c["detail"] == "istiod has synced 1"),
        "{judged:#?}"
    );

    // 2. A disagreement on purpose: take EndpointSlices out of every ClusterRole bound to the
    // reader account in ctxs[1] (the suite's and Istio's own istio-reader-clusterrole-<ns>), then
    // restart ctxs[0]'s istiod. The laptop's check (pods, services, endpoints, namespaces) still
    // works; istiod's informers cannot sync and it says timeout after its 30 s.
    let remote = client(&ctxs[1]).await;
    let bindings: Api<ClusterRoleBinding> = Api::all(remote.clone());
    let roles: Api<ClusterRole> = Api::all(remote.clone());
    let mut stripped = 0;
    for b in bindings.list(&ListParams::default()).await.unwrap() {
        let reader = b.subjects.iter().flatten().any(|s| {
            s.kind == "ServiceAccount"
                && s.name == "istio-reader-service-account"
                && s.namespace.as_deref() == Some(id.as_str())
        });
        if !reader || b.role_ref.kind != "ClusterRole" {
            continue;
        }
        let mut role = roles.get(&b.role_ref.name).await.unwrap();
        for rule in role.rules.iter_mut().flatten() {
            rule.resources.iter_mut().flatten().for_each(|r| {
                if r == "endpointslices" {
                    *r = "endpointslices-withheld".into();
                }
            });
        }
        role.metadata.managed_fields = None;
        let patch = json!({"rules": role.rules});
        roles
            .patch(&b.role_ref.name, &PatchParams::default(), &Patch::Merge(&patch))
            .await
            .unwrap();
        stripped += 1;
    }
    assert!(stripped >= 2, "the suite's and Istio's reader roles: {stripped}");
    let deps: Api<Deployment> = Api::namespaced(istiods[0].client.clone(), &id);
    let name = deps
        .list(&ListParams::default().labels("app=istiod"))
        .await
        .unwrap()
        .items
        .remove(0)
        .metadata
        .name
        .unwrap();
    let restart = json!({"spec": {"template": {"metadata": {"annotations": {
        "kubectl.kubernetes.io/restartedAt": "2026-12-04T00:00:00Z"}}}}});
    deps.patch(&name, &PatchParams::default(), &Patch::Merge(&restart)).await.unwrap();
    let before = istiods[0].restarts();
    eventually("the istiod restarted", 120, || async { istiods[0].restarts() > before }).await;
    eventually("istiod's verdict on the remote: timeout", 120, || async {
        istiod_checks_timeout(&istiods[0]).await
    })
    .await;
    let (ours, rows, success) = listed(&id, &ctxs[0], dir);
    assert_eq!(ours, istioctl_remote_clusters(&ctxs[0], &id), "after the restart");
    assert_eq!(ours.get(&ctxs[1]).map(String::as_str), Some("timeout"), "{rows:?}");
    assert!(!success, "list must exit 1 when istiod has not synced: {rows:?}");
    assert!(rows.iter().all(|r| r["works"] == true), "the laptop's check still works: {rows:?}");
    let o = with_ns(&id, "mesh-secret", &["list", "--context", &ctxs[0]], dir);
    let e = fails(o, 1);
    assert!(
        e.contains("istiod has not synced 1 of 1") && e.contains("though it works from here"),
        "{e}"
    );
    let (checks, success) = doctor(&id, &all, dir);
    let judged = istiod_checks(&checks);
    let good = judged.iter().find(|c| c["cluster"] == ctxs[1].as_str()).expect("ctxs[1]");
    assert_eq!(good["status"], "ok", "the other direction still syncs: {judged:#?}");
    let bad =
        judged.iter().find(|c| c["cluster"] == ctxs[0].as_str()).expect("a check for ctxs[0]");
    assert!(!success && bad["status"] == "error", "{judged:#?}");
    assert!(bad["detail"].as_str().unwrap().contains(&format!("{}: timeout", ctxs[1])), "{bad}");

    // 3. istiod's pod gone (its Deployment scaled to 0): list says istiod cannot be asked and still
    // gives the laptop's view; doctor fails on it.
    let scale = json!({"spec": {"replicas": 0}});
    deps.patch(&name, &PatchParams::default(), &Patch::Merge(&scale)).await.unwrap();
    let pods: Api<k8s_openapi::api::core::v1::Pod> =
        Api::namespaced(istiods[0].client.clone(), &id);
    eventually("the istiod pod gone", 60, || async {
        pods.list(&ListParams::default().labels("app=istiod")).await.unwrap().items.is_empty()
    })
    .await;
    let (ours, rows, _) = listed(&id, &ctxs[0], dir);
    assert_eq!(
        ours.get(&ctxs[1]).map(String::as_str),
        Some(format!("not asked: no Running istiod pod in {id}").as_str()),
        "{rows:?}"
    );
    assert!(rows.iter().all(|r| r["works"] == true), "{rows:?}");
    let (checks, success) = doctor(&id, &all, dir);
    let down =
        istiod_checks(&checks).into_iter().find(|c| c["cluster"] == ctxs[0].as_str()).cloned();
    assert!(!success && down.as_ref().is_some_and(|c| c["status"] == "error"), "{down:#?}");
    drop(istiods);
    tokio::time::sleep(Duration::from_millis(100)).await;
}

/// istiod (restarting: it may not answer yet) lists a cluster with sync status timeout.
async fn istiod_checks_timeout(ist: &RealIstio) -> bool {
    let v = clusterz_now(ist.debug_port);
    v.as_array().is_some_and(|a| a.iter().any(|c| c["syncStatus"] == "timeout"))
}
