//! doctor and show on the Telemetry API's silent failures, on two real istiods: a provider whose
//! host istiod cannot resolve (checked against istiod's own registry), a mesh-wide Telemetry
//! without providers, a "mesh-wide" Telemetry outside the root namespace, a namespace Telemetry that
//! shadows it, sampling at 0, and control planes that trace differently (drift). `show` reports
//! the sampling in effect and where it comes from.
mod common;

use std::time::Duration;

use common::local::kubeconfig_unprivileged;
use common::*;
use k8s_openapi::api::apps::v1::Deployment;
use k8s_openapi::api::core::v1::ConfigMap;
use kube::api::{
    Api, ApiResource, DeleteParams, DynamicObject, GroupVersionKind, Patch, PatchParams, PostParams,
};
use serde_json::{json, Value};

const HOST: &str = "collector.kubectl-mesh.internal";

fn api(fx: &Fixture, ns: &str, group: &str, kind: &str) -> Api<DynamicObject> {
    let ar = ApiResource::from_gvk(&GroupVersionKind::gvk(group, "v1", kind));
    Api::namespaced_with(fx.client.clone(), ns, &ar)
}

fn find<'a>(checks: &'a [Value], id: &str, cluster: &str) -> Option<&'a Value> {
    checks.iter().find(|c| c["id"] == id && c["cluster"] == cluster)
}

#[tokio::test]
async fn doctor_finds_what_makes_telemetry_tracing_silently_do_nothing() {
    let ctxs = take_contexts(2);
    let id = unique("t-teldoc");
    let fxs = Fixture::new_all(&ctxs, &id, &FixtureOpts::default()).await;
    for fx in &fxs {
        fx.wait_injected(1).await;
    }
    let (c1, c2) = (ctxs[0].as_str(), ctxs[1].as_str());
    let both = format!("{c1},{c2}");
    let tracing = |context: &str, args: &[&str]| {
        plugin("mesh-tracing")
            .arg("--kubeconfig")
            .arg(kubeconfig())
            .args(["--context", context, "--istio-namespace", &id])
            .args(args)
            .args(fxs[0].revision_args())
            .output()
            .unwrap()
    };
    let doctor = || {
        let out = stdout(&tracing(&both, &["doctor", "-o", "json"]));
        serde_json::from_str::<Vec<Value>>(&out).unwrap_or_else(|e| panic!("{e}: {out}"))
    };
    ok(tracing(
        &both,
        &["set", "--mode", "telemetry", "--addr", "192.0.2.55:15018", "--sampling", "4"],
    ));

    // show: the sampling in effect comes from the mesh-wide Telemetry.
    let shown: Value = serde_json::from_str(&ok(tracing(&both, &["show", "-o", "json"]))).unwrap();
    for row in shown.as_array().unwrap() {
        assert_eq!(
            row["samplingInEffect"],
            json!({"percent": 4.0, "from": format!("Telemetry {id}/mesh-default")}),
            "{row}"
        );
    }
    assert!(ok(tracing(c1, &["show"])).contains(&format!("4% (Telemetry {id}/mesh-default)")));
    let checks = doctor();
    for c in [c1, c2] {
        assert_eq!(find(&checks, "telemetry.provider", c).unwrap()["status"], "ok", "{checks:?}");
        assert_eq!(find(&checks, "telemetry.providers", c).unwrap()["status"], "ok", "{checks:?}");
    }
    assert!(!checks.iter().any(|c| c["id"] == "meshconfig.drift"), "{checks:?}");

    // 1. The provider's host stops resolving: doctor says so when istiod's registry loses it.
    let entries = api(&fxs[0], &id, "networking.istio.io", "ServiceEntry");
    entries.delete("kubectl-mesh-collector", &DeleteParams::default()).await.unwrap();
    let istiod = fxs[0].istiod.as_ref().unwrap();
    let gone = wait_for(Duration::from_secs(60), || async {
        let registry = istiod.debug("/debug/registryz").await;
        (!registry.as_array()?.iter().any(|s| s["hostname"] == HOST)).then_some(())
    })
    .await;
    assert!(gone.is_some(), "istiod still resolves the host");
    let checks = doctor();
    let p = find(&checks, "telemetry.provider", c1).unwrap();
    assert_eq!(p["status"], "error", "{p}");
    assert!(
        p["detail"].as_str().unwrap().contains(HOST)
            && p["fix"].as_str().unwrap().contains("mesh-tracing set --mode telemetry"),
        "{p}"
    );
    assert_eq!(find(&checks, "telemetry.provider", c2).unwrap()["status"], "ok");
    ok(tracing(c1, &["set", "--mode", "telemetry", "--addr", "192.0.2.55:15018"]));
    assert_eq!(
        find(&doctor(), "telemetry.provider", c1).unwrap()["status"],
        "ok",
        "set did not repair it"
    );

    // 2. The mesh-wide Telemetry loses its providers (and the mesh config names no default).
    let tel = api(&fxs[0], &id, "telemetry.istio.io", "Telemetry");
    tel.patch(
        "mesh-default",
        &PatchParams::default(),
        &Patch::Merge(json!({"spec": {"tracing": [{"randomSamplingPercentage": 4.0}]}})),
    )
    .await
    .unwrap();
    let p = find(&doctor(), "telemetry.providers", c1).cloned().unwrap();
    assert_eq!(p["status"], "error", "{p}");
    assert!(p["detail"].as_str().unwrap().contains("without providers"), "{p}");
    ok(tracing(c1, &["set", "--mode", "telemetry", "--addr", "192.0.2.55:15018"]));

    // 3. A namespace Telemetry turns span reporting off for its namespace.
    let app = fxs[0].app_ns[0].clone();
    let app_tel = api(&fxs[0], &app, "telemetry.istio.io", "Telemetry");
    let off = json!({"apiVersion": "telemetry.istio.io/v1", "kind": "Telemetry", "metadata": {"name": "quiet"}, "spec": {"tracing": [{"disableSpanReporting": true}]}});
    app_tel.create(&PostParams::default(), &serde_json::from_value(off).unwrap()).await.unwrap();
    let checks = doctor();
    let s = find(&checks, "telemetry.shadowed", c1).unwrap_or_else(|| panic!("{checks:?}"));
    assert_eq!(s["status"], "warn");
    assert!(
        s["detail"].as_str().unwrap().contains(&format!("{app}/quiet (span reporting disabled)")),
        "{s}"
    );
    assert!(
        find(&checks, "telemetry.shadowed", c2).is_none(),
        "a Telemetry of another cluster counted"
    );

    // 4. The only tracing Telemetry sits in an app namespace, not the root namespace.
    tel.delete("mesh-default", &DeleteParams::default()).await.unwrap();
    let named = json!({"spec": {"tracing": [{"providers": [{"name": "kubectl-mesh-tracing"}]}]}});
    app_tel.patch("quiet", &PatchParams::default(), &Patch::Merge(named)).await.unwrap();
    let p = find(&doctor(), "telemetry.namespace", c1).cloned().unwrap();
    assert_eq!(p["status"], "warn", "{p}");
    assert!(
        p["detail"]
            .as_str()
            .unwrap()
            .contains(&format!("{app}/quiet applies to its namespace only"))
            && p["fix"].as_str().unwrap().contains(&format!("move it to {id}")),
        "{p}"
    );
    app_tel.delete("quiet", &DeleteParams::default()).await.unwrap();
    // (The sampling went with the deleted Telemetry.)
    ok(tracing(
        c1,
        &["set", "--mode", "telemetry", "--addr", "192.0.2.55:15018", "--sampling", "4"],
    ));

    // 5. Sampling 0 in one cluster: a warning there, and the two control planes drift apart.
    ok(tracing(
        c2,
        &["set", "--mode", "telemetry", "--addr", "192.0.2.55:15018", "--sampling", "0"],
    ));
    let checks = doctor();
    let z = find(&checks, "meshconfig.sampling", c2).unwrap_or_else(|| panic!("{checks:?}"));
    assert!(z["detail"].as_str().unwrap().contains("sampling is 0%"), "{z}");
    assert!(find(&checks, "meshconfig.sampling", c1).is_none());
    let d =
        find(&checks, "meshconfig.drift", "mesh").unwrap_or_else(|| panic!("no drift: {checks:?}"));
    let detail = d["detail"].as_str().unwrap();
    assert!(
        detail.contains(&format!("{c1}: telemetry zipkin, 4%"))
            && detail.contains(&format!("{c2}: telemetry zipkin, 0%")),
        "{d}"
    );

    // show after unset in c2: the sampling falls back to the mesh config, then istiod's env.
    ok(tracing(c2, &["unset", "--mode", "telemetry"]));
    let cm = Api::<ConfigMap>::namespaced(fxs[1].client.clone(), &id)
        .get(&fxs[1].mesh_configmap())
        .await
        .unwrap();
    let mesh: serde_yaml::Value = serde_yaml::from_str(&cm.data.unwrap()["mesh"]).unwrap();
    let dep = Api::<Deployment>::namespaced(fxs[1].client.clone(), &id)
        .get(&fxs[1].istiod_deployment())
        .await
        .unwrap();
    let env = dep
        .spec
        .unwrap()
        .template
        .spec
        .unwrap()
        .containers
        .into_iter()
        .find(|c| c.name == "discovery")
        .unwrap()
        .env
        .unwrap_or_default();
    let pilot = env
        .iter()
        .find(|e| e.name == "PILOT_TRACE_SAMPLING")
        .and_then(|e| e.value.clone())
        .map(|v| v.parse::<f64>().unwrap());
    let expected = match (mesh["defaultConfig"]["tracing"]["sampling"].as_f64(), pilot) {
        (Some(s), _) => json!({"percent": s, "from": "defaultConfig.tracing"}),
        (None, Some(p)) => json!({"percent": p, "from": "istiod's PILOT_TRACE_SAMPLING"}),
        (None, None) => json!({"percent": 1.0, "from": "istiod's default"}),
    };
    let shown: Value = serde_json::from_str(&ok(tracing(c2, &["show", "-o", "json"]))).unwrap();
    assert_eq!(shown[0]["samplingInEffect"], expected, "{shown}");

    // A user who may read everything but the Telemetry API's objects: show warns and doctor says
    // the stage was not checked, instead of passing it in silence.
    let user = format!("{id}-no-telemetry");
    let reads = json!([{"apiGroups": ["", "apps", "networking.istio.io", "security.istio.io", "admissionregistration.k8s.io"], "resources": ["*"], "verbs": ["get", "list", "watch"]}]);
    let pp = PatchParams::apply("test").force();
    let rbac = |kind: &str| {
        let ar =
            ApiResource::from_gvk(&GroupVersionKind::gvk("rbac.authorization.k8s.io", "v1", kind));
        Api::<DynamicObject>::all_with(fxs[0].client.clone(), &ar)
    };
    let role = json!({"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "ClusterRole", "metadata": {"name": user}, "rules": reads});
    let binding = json!({"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "ClusterRoleBinding", "metadata": {"name": user},
        "roleRef": {"apiGroup": "rbac.authorization.k8s.io", "kind": "ClusterRole", "name": user}, "subjects": [{"kind": "User", "name": user}]});
    rbac("ClusterRole").patch(&user, &pp, &Patch::Apply(role)).await.unwrap();
    rbac("ClusterRoleBinding").patch(&user, &pp, &Patch::Apply(binding)).await.unwrap();
    let tmp = tempfile::tempdir().unwrap();
    let as_user = kubeconfig_unprivileged(tmp.path(), std::slice::from_ref(&ctxs[0]), &user);
    let limited = |args: &[&str]| {
        plugin("mesh-tracing")
            .arg("--kubeconfig")
            .arg(&as_user)
            .args(["--context", c1, "--istio-namespace", &id])
            .args(args)
            .args(fxs[0].revision_args())
            .output()
            .unwrap()
    };
    let o = limited(&["show"]);
    assert!(
        stderr(&o).contains("the sampling shown is the mesh config's")
            && stderr(&o).contains("telemetries"),
        "{}",
        stderr(&o)
    );
    let out = stdout(&limited(&["doctor", "-o", "json"]));
    let checks: Vec<Value> = serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {out}"));
    let r = find(&checks, "telemetry.readable", c1).unwrap_or_else(|| panic!("{checks:?}"));
    assert_eq!(r["status"], "warn", "{r}");
    let _ = rbac("ClusterRoleBinding").delete(&user, &DeleteParams::default()).await;
    let _ = rbac("ClusterRole").delete(&user, &DeleteParams::default()).await;
}
