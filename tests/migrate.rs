//! `mesh-tracing migrate` on the real istiod: from the guide's defaultConfig.tracing to the
//! Telemetry API and back. The new settings go in first, the old ones come out, and only the
//! workloads whose proxies carried the removed defaultConfig.tracing restart: a workload that runs
//! without it (here app2, never restarted since the address was set with --no-restart) is left
//! alone. istiod's own views show the provider and the Telemetry afterwards.
mod common;

use std::time::Duration;

use common::local::{audited_writes, kubeconfig_as};
use common::*;
use k8s_openapi::api::apps::v1::Deployment;
use k8s_openapi::api::core::v1::{ConfigMap, Pod};
use kube::api::{
    Api, ApiResource, DynamicObject, GroupVersionKind, ListParams, Patch, PatchParams,
};
use serde_json::json;

const ADDR: &str = "192.0.2.88:15018";

async fn generation(fx: &Fixture, app: &str) -> i64 {
    Api::<Deployment>::namespaced(fx.client.clone(), &fx.app_ns[0])
        .get(app)
        .await
        .unwrap()
        .metadata
        .generation
        .unwrap()
}

async fn mesh(fx: &Fixture) -> (serde_yaml::Value, String) {
    let cm = Api::<ConfigMap>::namespaced(fx.client.clone(), &fx.istio_ns)
        .get(&fx.mesh_configmap())
        .await
        .unwrap();
    (
        serde_yaml::from_str(&cm.data.unwrap()["mesh"]).unwrap(),
        cm.metadata.resource_version.unwrap(),
    )
}

fn telemetries(fx: &Fixture) -> Api<DynamicObject> {
    let ar = ApiResource::from_gvk(&GroupVersionKind::gvk("telemetry.istio.io", "v1", "Telemetry"));
    Api::namespaced_with(fx.client.clone(), &fx.istio_ns, &ar)
}

/// Names of the workloads a step reports as restarted.
fn restarted(step: &serde_json::Value) -> Vec<String> {
    let mut v: Vec<String> = step["workloads"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|w| w["result"] == "restarted")
        .map(|w| w["name"].as_str().unwrap().to_string())
        .collect();
    v.sort();
    v
}

#[tokio::test]
async fn migrate_moves_the_mesh_both_ways_and_restarts_only_what_carried_the_old_setting() {
    let ctx = take_contexts(1).remove(0);
    let fx = Fixture::new(
        &ctx,
        &unique("t-migrate"),
        &FixtureOpts { deployments: 2, ..Default::default() },
    )
    .await;
    fx.wait_injected(2).await;
    let istiod = fx.istiod.as_ref().unwrap();
    let app = fx.app_ns[0].clone();
    let tracing = |args: &[&str]| {
        plugin("mesh-tracing")
            .arg("--kubeconfig")
            .arg(kubeconfig())
            .args(["--context", &ctx, "--istio-namespace", &fx.istio_ns, "-n", &app])
            .args(args)
            .args(fx.revision_args())
            .output()
            .unwrap()
    };
    // The guide's path, with no restart; then only app1 restarts, so only its proxies carry it.
    ok(tracing(&[
        "set",
        "--mode",
        "proxy-config",
        "--addr",
        ADDR,
        "--sampling",
        "9",
        "--no-restart",
    ]));
    let at = json!({"spec": {"template": {"metadata": {"annotations": {"kubectl.kubernetes.io/restartedAt": "2026-11-24T00:00:00Z"}}}}});
    Api::<Deployment>::namespaced(fx.client.clone(), &app)
        .patch("app1", &PatchParams::default(), &Patch::Merge(at))
        .await
        .unwrap();
    let pods: Api<Pod> = Api::namespaced(fx.client.clone(), &app);
    let carried = wait_for(Duration::from_secs(60), || async {
        let items = pods.list(&ListParams::default().labels("app=app1")).await.ok()?.items;
        items
            .iter()
            .any(|p| {
                istiod::proxy_config(p).is_some_and(|pc| pc["tracing"]["zipkin"]["address"] == ADDR)
            })
            .then_some(())
    })
    .await;
    assert!(carried.is_some(), "app1's new pods never carried the address");
    let (app1, app2) = (generation(&fx, "app1").await, generation(&fx, "app2").await);

    // A client dry run lists the restarts and writes nothing.
    let (_, rv) = mesh(&fx).await;
    let dry = ok(tracing(&["migrate", "--to", "telemetry", "--dry-run"]));
    assert!(
        dry.contains("# 1/2 the Telemetry API")
            && dry.contains("# 2/2 defaultConfig.tracing removed"),
        "{dry}"
    );
    assert!(
        dry.contains(&format!("Deployment {app}/app1: would restart")) && !dry.contains("app2"),
        "{dry}"
    );
    assert_eq!(mesh(&fx).await.1, rv, "a dry run wrote the mesh config");
    assert!(
        telemetries(&fx).get_opt("mesh-default").await.unwrap().is_none(),
        "a dry run created the Telemetry"
    );

    let out: serde_json::Value =
        serde_json::from_str(&ok(tracing(&["migrate", "--to", "telemetry", "-o", "json"])))
            .unwrap();
    assert_eq!(restarted(&out["proxyConfig"]), ["app1"], "{out}");
    assert!(generation(&fx, "app1").await > app1, "app1 was not restarted");
    assert_eq!(
        generation(&fx, "app2").await,
        app2,
        "app2 never carried the setting, yet it was restarted"
    );
    let (m, _) = mesh(&fx).await;
    assert!(
        m["defaultConfig"]["tracing"].get("zipkin").is_none(),
        "defaultConfig.tracing stayed: {m:?}"
    );
    let provider = m["extensionProviders"]
        .as_sequence()
        .unwrap()
        .iter()
        .find(|p| p["name"] == "kubectl-mesh-tracing")
        .cloned()
        .unwrap();
    assert_eq!(provider["zipkin"]["service"], "collector.kubectl-mesh.internal");
    assert_eq!(provider["zipkin"]["port"], 15018);
    let tel = telemetries(&fx).get("mesh-default").await.unwrap();
    assert_eq!(
        tel.data["spec"]["tracing"][0]["randomSamplingPercentage"], 9.0,
        "the sampling did not carry over"
    );
    let seen = wait_for(Duration::from_secs(60), || async {
        let telemetry = istiod.debug("/debug/telemetryz").await.to_string();
        let registry = istiod.debug("/debug/registryz").await;
        let resolved =
            registry.as_array()?.iter().any(|s| s["hostname"] == "collector.kubectl-mesh.internal");
        (resolved
            && telemetry.contains("mesh-default")
            && telemetry.contains("kubectl-mesh-tracing"))
        .then_some(())
    })
    .await;
    assert!(seen.is_some(), "istiod never showed the migrated provider");

    // Again, as a user of its own: nothing left to move, nothing restarts, and the API server's
    // audit log has no write of that user.
    let tmp = tempfile::tempdir().unwrap();
    let user = format!("{}-again", fx.istio_ns);
    let as_user = kubeconfig_as(tmp.path(), std::slice::from_ref(&ctx), &user);
    let (_, rv) = mesh(&fx).await;
    let o = plugin("mesh-tracing")
        .arg("--kubeconfig")
        .arg(&as_user)
        .args([
            "--context",
            &ctx,
            "--istio-namespace",
            &fx.istio_ns,
            "-n",
            &app,
            "migrate",
            "--to",
            "telemetry",
            "-o",
            "json",
        ])
        .args(fx.revision_args())
        .output()
        .unwrap();
    assert!(stderr(&o).contains("on the Telemetry API already"), "{}", stderr(&o));
    let again: serde_json::Value = serde_json::from_str(&ok(o)).unwrap();
    assert!(restarted(&again["proxyConfig"]).is_empty(), "{again}");
    assert_eq!(mesh(&fx).await.1, rv, "a second migrate wrote the mesh config");
    let wrote = audited_writes(&ctx, &user);
    assert!(wrote.is_empty(), "a second migrate wrote: {wrote:?}");

    // And back: the address and sampling return to defaultConfig.tracing, every proxy restarts to
    // read it, and the Telemetry API's settings go.
    let (app1, app2) = (generation(&fx, "app1").await, generation(&fx, "app2").await);
    let back: serde_json::Value =
        serde_json::from_str(&ok(tracing(&["migrate", "--to", "proxy-config", "-o", "json"])))
            .unwrap();
    assert_eq!(restarted(&back["proxyConfig"]), ["app1", "app2"], "{back}");
    assert!(generation(&fx, "app1").await > app1 && generation(&fx, "app2").await > app2);
    let (m, _) = mesh(&fx).await;
    assert_eq!(m["defaultConfig"]["tracing"]["zipkin"]["address"], ADDR);
    assert_eq!(m["defaultConfig"]["tracing"]["sampling"], 9.0);
    assert!(
        m["extensionProviders"]
            .as_sequence()
            .is_none_or(|s| s.iter().all(|p| p["name"] != "kubectl-mesh-tracing")),
        "{m:?}"
    );
    assert!(
        telemetries(&fx).get_opt("mesh-default").await.unwrap().is_none(),
        "the Telemetry stayed"
    );
    let gone = wait_for(Duration::from_secs(60), || async {
        let mesh = istiod.debug("/debug/mesh").await;
        mesh["extensionProviders"]
            .as_array()
            .is_none_or(|a| a.iter().all(|p| p["name"] != "kubectl-mesh-tracing"))
            .then_some(())
    })
    .await;
    assert!(gone.is_some(), "istiod still serves the provider");

    // An OTLP provider cannot go back: defaultConfig.tracing speaks zipkin only. Nothing is written.
    ok(tracing(&[
        "set",
        "--mode",
        "telemetry",
        "--addr",
        "192.0.2.88:4317",
        "--provider",
        "opentelemetry",
    ]));
    let (_, rv) = mesh(&fx).await;
    let e = fails(tracing(&["migrate", "--to", "proxy-config"]), 2);
    assert!(e.contains("exports opentelemetry") && e.contains("zipkin only"), "{e}");
    assert_eq!(mesh(&fx).await.1, rv);
}
