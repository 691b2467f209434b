//! Telemetry mode on the real istiod: `set --mode telemetry` puts one extensionProviders entry in the
//! mesh config, a ServiceEntry for a collector istiod's registry does not know and a mesh-wide
//! Telemetry; istiod's own views (`/debug/mesh`, `/debug/registryz`, `/debug/telemetryz`) show
//! the provider, the host resolving and the Telemetry naming it, and not one ReplicaSet or pod
//! template changes. A second run writes nothing; `unset --mode telemetry` removes exactly what was
//! added, and a Telemetry the user had keeps everything but our entry.
mod common;

use std::collections::BTreeMap;
use std::time::Duration;

use common::local::{audited_writes, kubeconfig_as};
use common::*;
use k8s_openapi::api::apps::v1::{Deployment, ReplicaSet};
use kube::api::{
    Api, ApiResource, DynamicObject, GroupVersionKind, ListParams, Patch, PatchParams,
};
use serde_json::json;

const HOST: &str = "collector.kubectl-mesh.internal";

/// Every ReplicaSet and Deployment template of the app namespaces: a restart changes both.
async fn workloads(fx: &Fixture) -> BTreeMap<String, String> {
    let mut m = BTreeMap::new();
    for ns in &fx.app_ns {
        for rs in Api::<ReplicaSet>::namespaced(fx.client.clone(), ns)
            .list(&ListParams::default())
            .await
            .unwrap()
        {
            m.insert(
                format!("rs/{ns}/{}", rs.metadata.name.unwrap()),
                serde_json::to_string(&rs.spec.unwrap().template).unwrap(),
            );
        }
        for d in Api::<Deployment>::namespaced(fx.client.clone(), ns)
            .list(&ListParams::default())
            .await
            .unwrap()
        {
            m.insert(
                format!("deploy/{ns}/{}", d.metadata.name.unwrap()),
                serde_json::to_string(&d.spec.unwrap().template).unwrap(),
            );
        }
    }
    assert!(m.keys().any(|k| k.starts_with("rs/")), "no workload to watch: {m:?}");
    m
}

fn telemetries(fx: &Fixture) -> Api<DynamicObject> {
    let ar = ApiResource::from_gvk(&GroupVersionKind::gvk("telemetry.istio.io", "v1", "Telemetry"));
    Api::namespaced_with(fx.client.clone(), &fx.istio_ns, &ar)
}

fn service_entries(fx: &Fixture) -> Api<DynamicObject> {
    let ar =
        ApiResource::from_gvk(&GroupVersionKind::gvk("networking.istio.io", "v1", "ServiceEntry"));
    Api::namespaced_with(fx.client.clone(), &fx.istio_ns, &ar)
}

#[tokio::test]
async fn telemetry_mode_restarts_nothing_and_istiod_sees_the_provider() {
    let ctx = take_contexts(1).remove(0);
    let fx = Fixture::new(&ctx, &unique("t-telemetry"), &FixtureOpts::default()).await;
    fx.wait_injected(1).await;
    let istiod = fx.istiod.as_ref().unwrap();
    let tmp = tempfile::tempdir().unwrap();
    let tracing = |kc: &std::path::Path, args: &[&str]| {
        plugin("mesh-tracing")
            .arg("--kubeconfig")
            .arg(kc)
            .args(["--context", &ctx, "--istio-namespace", &fx.istio_ns])
            .args(args)
            .args(fx.revision_args())
            .output()
            .unwrap()
    };
    let before = workloads(&fx).await;

    // --mode auto (the default) picks the Telemetry API: this Istio serves telemetry.istio.io/v1.
    let o = tracing(&kubeconfig(), &["set", "--addr", "192.0.2.77:15018", "--sampling", "7"]);
    assert!(
        stderr(&o).contains("--mode auto: every cluster serves the Telemetry API"),
        "{}",
        stderr(&o)
    );
    let out = ok(o);
    assert!(
        out.contains("serviceentry/kubectl-mesh-collector")
            && out.contains("telemetry/mesh-default"),
        "{out}"
    );

    // istiod: the provider in its mesh config, the ServiceEntry host in its registry, the Telemetry.
    let seen = wait_for(Duration::from_secs(60), || async {
        let mesh = istiod.debug("/debug/mesh").await;
        let provider = mesh["extensionProviders"]
            .as_array()?
            .iter()
            .find(|p| p["name"] == "kubectl-mesh-tracing")?
            .clone();
        let registry = istiod.debug("/debug/registryz").await;
        let resolved = registry.as_array()?.iter().any(|s| s["hostname"] == HOST);
        let telemetry = istiod.debug("/debug/telemetryz").await.to_string();
        (resolved
            && telemetry.contains("mesh-default")
            && telemetry.contains("kubectl-mesh-tracing"))
        .then_some((provider, telemetry))
    })
    .await;
    let (provider, telemetry) =
        seen.expect("istiod never showed the provider, the ServiceEntry host and the Telemetry");
    assert_eq!(provider["zipkin"]["service"], HOST, "{provider}");
    assert_eq!(provider["zipkin"]["port"], 15018, "{provider}");
    assert!(telemetry.contains("\"randomSamplingPercentage\":7"), "{telemetry}");
    // What istiod pushes to the running sidecar of app1, asked over xDS as that proxy: every HTTP
    // connection manager traces to the ServiceEntry's cluster, whose endpoint is the address given.
    let pod = istiod.injected_pods(&fx.app_ns[0]).await.remove(0);
    let se_cluster = format!("outbound|15018||{HOST}");
    let pushed =
        wait_until_ok(|| istiod.traces_to(&pod, &se_cluster, 7.0, &["192.0.2.77:15018"])).await;
    assert!(pushed.is_ok(), "{pushed:?}");

    // show tells the two modes apart.
    let shown = ok(tracing(&kubeconfig(), &["show"]));
    assert!(shown.contains(&format!("telemetry (zipkin {HOST}:15018)")), "{shown}");

    // A sampling change is one more write, and still nothing restarts.
    ok(tracing(
        &kubeconfig(),
        &["set", "--mode", "telemetry", "--addr", "192.0.2.77:15018", "--sampling", "3"],
    ));
    let t = telemetries(&fx).get("mesh-default").await.unwrap();
    assert_eq!(t.data["spec"]["tracing"][0]["randomSamplingPercentage"], 3.0);
    // The same running proxy gets the new sampling pushed: no restart needed.
    let pushed =
        wait_until_ok(|| istiod.traces_to(&pod, &se_cluster, 3.0, &["192.0.2.77:15018"])).await;
    assert!(pushed.is_ok(), "{pushed:?}");

    // OTLP over gRPC: istiod's mesh has an opentelemetry provider, and the ServiceEntry speaks gRPC.
    ok(tracing(
        &kubeconfig(),
        &[
            "set",
            "--mode",
            "telemetry",
            "--provider",
            "opentelemetry",
            "--addr",
            "192.0.2.77:4317",
            "--sampling",
            "3",
        ],
    ));
    let otel = wait_for(Duration::from_secs(60), || async {
        let mesh = istiod.debug("/debug/mesh").await;
        let p = mesh["extensionProviders"]
            .as_array()?
            .iter()
            .find(|p| p["name"] == "kubectl-mesh-tracing")?
            .clone();
        (p["opentelemetry"]["port"] == 4317).then_some(p)
    })
    .await;
    let otel = otel.expect("istiod never showed the opentelemetry provider");
    assert_eq!(otel["opentelemetry"]["service"], HOST, "{otel}");
    let se = service_entries(&fx).get("kubectl-mesh-collector").await.unwrap();
    assert_eq!(se.data["spec"]["ports"][0]["protocol"], "GRPC");
    // The proxy's OpenTelemetry tracer exports to the ServiceEntry's gRPC cluster.
    let otlp_cluster = format!("outbound|4317||{HOST}");
    let pushed =
        wait_until_ok(|| istiod.traces_to(&pod, &otlp_cluster, 3.0, &["192.0.2.77:4317"])).await;
    assert!(pushed.is_ok(), "{pushed:?}");
    ok(tracing(
        &kubeconfig(),
        &["set", "--mode", "telemetry", "--addr", "192.0.2.77:15018", "--sampling", "3"],
    ));

    // The same run again writes nothing (the API server's audit log, as a user of its own).
    let user = format!("{}-again", fx.istio_ns);
    let as_user = kubeconfig_as(tmp.path(), std::slice::from_ref(&ctx), &user);
    ok(tracing(
        &as_user,
        &["set", "--mode", "telemetry", "--addr", "192.0.2.77:15018", "--sampling", "3"],
    ));
    assert_eq!(audited_writes(&ctx, &user), Vec::<String>::new(), "a second run wrote");

    // unset (auto: the mesh config has our provider) removes exactly what set added.
    ok(tracing(&kubeconfig(), &["unset"]));
    assert!(telemetries(&fx).get_opt("mesh-default").await.unwrap().is_none());
    assert!(service_entries(&fx).get_opt("kubectl-mesh-collector").await.unwrap().is_none());
    let gone = wait_for(Duration::from_secs(60), || async {
        let mesh = istiod.debug("/debug/mesh").await;
        let ours = mesh["extensionProviders"]
            .as_array()
            .is_some_and(|a| a.iter().any(|p| p["name"] == "kubectl-mesh-tracing"));
        (!ours).then_some(())
    })
    .await;
    assert!(gone.is_some(), "istiod still has our provider after unset");
    let shown = ok(tracing(&kubeconfig(), &["show"]));
    assert!(shown.contains("proxy-config") && !shown.contains("telemetry ("), "{shown}");
    assert_eq!(before, workloads(&fx).await, "a workload was restarted in telemetry mode");

    // A mesh-wide Telemetry of the user's: set changes only its tracing, unset only takes ours out.
    let ssa = PatchParams::apply("the-user").force();
    let theirs = json!({"apiVersion": "telemetry.istio.io/v1", "kind": "Telemetry",
        "metadata": {"name": "theirs", "namespace": fx.istio_ns},
        "spec": {"accessLogging": [{"providers": [{"name": "envoy"}]}]}});
    telemetries(&fx).patch("theirs", &ssa, &Patch::Apply(&theirs)).await.unwrap();
    ok(tracing(
        &kubeconfig(),
        &["set", "--mode", "telemetry", "--addr", "zipkin.obs.example:9411"],
    ));
    let t = telemetries(&fx).get("theirs").await.unwrap();
    assert_eq!(
        t.data["spec"]["tracing"][0]["providers"][0]["name"], "kubectl-mesh-tracing",
        "{:?}",
        t.data
    );
    assert_eq!(
        t.data["spec"]["accessLogging"][0]["providers"][0]["name"], "envoy",
        "their settings were lost"
    );
    assert!(
        telemetries(&fx).get_opt("mesh-default").await.unwrap().is_none(),
        "a second mesh-wide Telemetry was made"
    );
    let se = service_entries(&fx).get("kubectl-mesh-collector").await.unwrap();
    assert_eq!(
        (se.data["spec"]["hosts"][0].as_str(), se.data["spec"]["resolution"].as_str()),
        (Some("zipkin.obs.example"), Some("DNS"))
    );
    // Through the east-west gateway, as the guide does: the collector's own cluster keeps the
    // in-cluster Service (no ServiceEntry), and doctor checks the provider against the collector.
    ok(plugin("mesh-expose")
        .arg("--kubeconfig")
        .arg(kubeconfig())
        .args([
            "zipkin",
            "--context",
            &ctx,
            "--istio-namespace",
            &fx.istio_ns,
            "--external-ip",
            "192.0.2.78",
        ])
        .output()
        .unwrap());
    ok(tracing(&kubeconfig(), &["set", "--mode", "telemetry", "--via-gateway", &ctx]));
    assert!(
        service_entries(&fx).get_opt("kubectl-mesh-collector").await.unwrap().is_none(),
        "a Service needs no ServiceEntry"
    );
    let shown = ok(tracing(&kubeconfig(), &["show"]));
    assert!(
        shown
            .contains(&format!("telemetry (zipkin zipkin.{}.svc.cluster.local:9411)", fx.istio_ns)),
        "{shown}"
    );
    // OTLP through the gateway: --via-gateway with --provider opentelemetry takes `mesh-expose otel`'s
    // gRPC port (4317), not zipkin's.
    ok(plugin("mesh-expose")
        .arg("--kubeconfig")
        .arg(kubeconfig())
        .args([
            "otel",
            "--context",
            &ctx,
            "--istio-namespace",
            &fx.istio_ns,
            "--to",
            "otel.obs.example:4317",
        ])
        .output()
        .unwrap());
    ok(tracing(
        &kubeconfig(),
        &[
            "set",
            "--mode",
            "telemetry",
            "--provider",
            "opentelemetry",
            "--via-gateway",
            &ctx,
            "--same-address",
        ],
    ));
    let se = service_entries(&fx).get("kubectl-mesh-collector").await.unwrap();
    assert_eq!(se.data["spec"]["endpoints"][0]["address"], "192.0.2.78", "{:?}", se.data);
    assert_eq!(
        (
            se.data["spec"]["ports"][0]["number"].as_u64(),
            se.data["spec"]["ports"][0]["protocol"].as_str()
        ),
        (Some(4317), Some("GRPC"))
    );
    // doctor checks an OpenTelemetry mesh against the otel exposure, not zipkin's.
    let doctor = stdout(&tracing(&kubeconfig(), &["doctor", "-o", "json"]));
    let checks: Vec<serde_json::Value> =
        serde_json::from_str(&doctor).unwrap_or_else(|e| panic!("{e}: {doctor}"));
    let exposed = checks
        .iter()
        .find(|c| c["id"] == "exposure.collector")
        .unwrap_or_else(|| panic!("{doctor}"));
    assert_eq!(
        (exposed["status"].as_str(), exposed["detail"].as_str()),
        (Some("ok"), Some("otel published at 192.0.2.78:4317")),
        "{exposed}"
    );
    let address = checks
        .iter()
        .find(|c| c["id"] == "meshconfig.address")
        .unwrap_or_else(|| panic!("{doctor}"));
    assert_eq!(address["status"], "ok", "{address}");
    ok(tracing(&kubeconfig(), &["set", "--mode", "telemetry", "--via-gateway", &ctx]));
    // Both paths at once: doctor says which one wins.
    ok(tracing(
        &kubeconfig(),
        &["set", "--addr", &format!("zipkin.{}:9411", fx.istio_ns), "--no-restart"],
    ));
    let doctor = stdout(&tracing(&kubeconfig(), &["doctor", "-o", "json"]));
    let checks: Vec<serde_json::Value> =
        serde_json::from_str(&doctor).unwrap_or_else(|e| panic!("{e}: {doctor}"));
    let address = checks
        .iter()
        .find(|c| c["id"] == "meshconfig.address")
        .unwrap_or_else(|| panic!("{doctor}"));
    assert_eq!(address["status"], "ok", "{address}");
    assert!(
        address["detail"].as_str().unwrap_or_default().contains("Telemetry API provider"),
        "{address}"
    );
    let both = checks
        .iter()
        .find(|c| c["id"] == "meshconfig.mode")
        .unwrap_or_else(|| panic!("no warning for both paths: {doctor}"));
    assert_eq!(both["status"], "warn", "{both}");
    assert!(both["detail"].as_str().unwrap_or_default().contains("wins"), "{both}");
    ok(tracing(&kubeconfig(), &["unset", "--mode", "telemetry"]));
    let t = telemetries(&fx).get("theirs").await.unwrap();
    assert!(
        t.data["spec"]
            .get("tracing")
            .is_none_or(|v| v.is_null() || v.as_array().is_some_and(|a| a.is_empty())),
        "{:?}",
        t.data
    );
    assert_eq!(t.data["spec"]["accessLogging"][0]["providers"][0]["name"], "envoy");
    assert_eq!(before, workloads(&fx).await, "a workload was restarted in telemetry mode");
    fx.delete().await;
}
