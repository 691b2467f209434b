//! `kubectl mesh-expose` against a local cluster with the Istio fixture: the Service, Gateway and
//! VirtualService afterwards are what the guide's manual steps produce, re-runs change nothing,
//! conflicts and bad input change nothing, and --delete removes exactly what was added.
mod common;

use common::*;
use k8s_openapi::api::core::v1::Service;
use kube::api::{Api, ApiResource, DynamicObject, GroupVersionKind, Patch, PatchParams};
use serde_json::json;

fn expose(fx: &Fixture, args: &[&str]) -> std::process::Output {
    let mut all = vec!["--context", &fx.context, "--istio-namespace", &fx.istio_ns];
    all.extend_from_slice(args);
    run("mesh-expose", &all)
}

async fn svc(fx: &Fixture) -> Service {
    Api::<Service>::namespaced(fx.client.clone(), &fx.istio_ns).get(EASTWEST).await.unwrap()
}

fn dyn_api(fx: &Fixture, kind: &str) -> Api<DynamicObject> {
    let ar = ApiResource::from_gvk(&GroupVersionKind::gvk("networking.istio.io", "v1", kind));
    Api::namespaced_with(fx.client.clone(), &fx.istio_ns, &ar)
}

async fn get(fx: &Fixture, kind: &str, name: &str) -> Option<DynamicObject> {
    dyn_api(fx, kind).get_opt(name).await.unwrap()
}

async fn fixture(name: &str) -> Fixture {
    let ctx = take_contexts(1).remove(0);
    Fixture::new(
        &ctx,
        &unique(name),
        &FixtureOpts { deployments: 0, app_namespaces: 0, ..Default::default() },
    )
    .await
}

#[tokio::test]
async fn zipkin_matches_the_guides_manual_steps_and_converges() {
    let fx = fixture("t-exp-zipkin").await;
    let ns = fx.istio_ns.clone();
    let before = svc(&fx).await;
    // A server dry run says what would happen and changes nothing.
    let out = ok(expose(&fx, &["zipkin", "--external-ip", "192.168.229.100", "--dry-run=server"]));
    assert!(out.contains("would patch (server dry run)") && !out.contains(" patched"), "{out}");
    assert!(out.contains("would create (server dry run)"), "{out}");
    assert_eq!(svc(&fx).await.metadata.resource_version, before.metadata.resource_version);
    assert!(
        get(&fx, "Gateway", "zipkin-gateway").await.is_none(),
        "a server dry run created the Gateway"
    );
    let o = expose(&fx, &["zipkin", "--external-ip", "192.168.229.100", "-o", "json"]);
    let err = stderr(&o);
    let out: serde_json::Value = serde_json::from_str(&ok(o)).unwrap();
    assert_eq!(out[0]["address"], "192.168.229.100:15018");
    assert!(err.contains("--print-config"), "the durability note is missing: {err}");

    // Service: the guide's `kubectl edit` port plus `kubectl patch … externalIPs`, nothing else.
    let after = svc(&fx).await;
    let mut want_ports = before.spec.as_ref().unwrap().ports.clone().unwrap();
    want_ports.push(
        serde_json::from_value(
            json!({"name": "http-zipkin", "port": 15018, "protocol": "TCP", "targetPort": 15018}),
        )
        .unwrap(),
    );
    let spec = after.spec.clone().unwrap();
    let mut got_ports = spec.ports.clone().unwrap();
    // The API server gives a LoadBalancer's new port a node port, as it would for `kubectl edit`.
    assert!(got_ports.last().unwrap().node_port.is_some());
    got_ports.last_mut().unwrap().node_port = None;
    assert_eq!(got_ports, want_ports);
    assert_eq!(spec.external_ips.clone().unwrap(), ["192.168.229.100"]);
    assert_eq!(spec.selector, before.spec.as_ref().unwrap().selector);
    assert_eq!(spec.type_, before.spec.as_ref().unwrap().type_);

    // Gateway and VirtualService: zipkin-gw-vs.yaml of the guide, field by field.
    let gw = get(&fx, "Gateway", "zipkin-gateway").await.expect("Gateway");
    assert_eq!(gw.data["spec"]["selector"], json!({"istio": "eastwestgateway"}));
    let servers = gw.data["spec"]["servers"].as_array().unwrap();
    assert_eq!(servers.len(), 1);
    assert_eq!(servers[0]["port"]["name"], "http-zipkin");
    assert_eq!(servers[0]["port"]["number"], 15018);
    assert_eq!(servers[0]["port"]["protocol"].as_str().unwrap().to_lowercase(), "http");
    assert_eq!(servers[0]["hosts"], json!(["*"]));
    let vs = get(&fx, "VirtualService", "zipkin-vs").await.expect("VirtualService");
    assert_eq!(
        vs.data["spec"],
        json!({"hosts": ["*"], "gateways": ["zipkin-gateway"], "http": [{"route": [{"destination": {
            "host": format!("zipkin.{ns}.svc.cluster.local"), "port": {"number": 9411}}}]}]})
    );

    // Twice: no second change.
    let rvs = (
        after.metadata.resource_version.clone(),
        gw.metadata.resource_version.clone(),
        vs.metadata.resource_version.clone(),
    );
    let out = ok(expose(&fx, &["zipkin", "--external-ip", "192.168.229.100"]));
    assert!(out.contains("unchanged"), "{out}");
    assert_eq!(
        rvs,
        (
            svc(&fx).await.metadata.resource_version,
            get(&fx, "Gateway", "zipkin-gateway").await.unwrap().metadata.resource_version,
            get(&fx, "VirtualService", "zipkin-vs").await.unwrap().metadata.resource_version
        )
    );

    // status shows the port, its route and that zipkin exists.
    let st =
        ok(run("mesh-expose", &["status", "--context", &fx.context, "--istio-namespace", &ns]));
    let line = st.lines().find(|l| l.contains("zipkin-gateway")).unwrap_or_else(|| panic!("{st}"));
    assert!(line.contains("192.168.229.100:15018") && line.contains("exists"), "{line}");

    // --delete: exactly what was added goes; the Service is back as it was.
    ok(expose(&fx, &["zipkin", "--delete"]));
    let back = svc(&fx).await;
    assert_eq!(back.spec.as_ref().unwrap().ports, before.spec.as_ref().unwrap().ports);
    assert_eq!(back.spec.as_ref().unwrap().external_ips, None);
    assert!(get(&fx, "Gateway", "zipkin-gateway").await.is_none());
    assert!(get(&fx, "VirtualService", "zipkin-vs").await.is_none());
    fx.delete().await;
}

#[tokio::test]
async fn delete_keeps_what_it_did_not_add() {
    let fx = fixture("t-exp-keep").await;
    let svcs: Api<Service> = Api::namespaced(fx.client.clone(), &fx.istio_ns);
    // An address pinned by hand, as the guide does, before we run.
    svcs.patch(
        EASTWEST,
        &PatchParams::default(),
        &Patch::Merge(json!({"spec": {"externalIPs": ["10.9.9.9"]}})),
    )
    .await
    .unwrap();
    ok(expose(&fx, &["zipkin", "--external-ip", "192.168.229.100"]));
    assert_eq!(svc(&fx).await.spec.unwrap().external_ips.unwrap(), ["10.9.9.9", "192.168.229.100"]);
    // A Gateway of the same name written by hand is not ours to delete.
    ok(expose(&fx, &["zipkin", "--delete"]));
    assert_eq!(svc(&fx).await.spec.unwrap().external_ips.unwrap(), ["10.9.9.9"]);
    let gw = json!({"apiVersion": "networking.istio.io/v1", "kind": "Gateway", "metadata": {"name": "zipkin-gateway"},
        "spec": {"selector": {"istio": "eastwestgateway"}, "servers": []}});
    dyn_api(&fx, "Gateway")
        .patch("zipkin-gateway", &PatchParams::apply("someone-else"), &Patch::Apply(&gw))
        .await
        .unwrap();
    let out = ok(expose(&fx, &["zipkin", "--delete"]));
    assert!(out.contains("kept (not created by kubectl-mesh)"), "{out}");
    assert!(get(&fx, "Gateway", "zipkin-gateway").await.is_some());
    fx.delete().await;
}

#[tokio::test]
async fn conflicts_and_bad_input_change_nothing() {
    let fx = fixture("t-exp-bad").await;
    let svcs: Api<Service> = Api::namespaced(fx.client.clone(), &fx.istio_ns);
    let before = svc(&fx).await;
    for (args, code, msg) in [
        (&["zipkin", "--external-ip", "300.1.1.1"][..], 2, "not an IP address"),
        (&["zipkin", "--port", "0"], 2, "0"),
        (&["zipkin", "--port", "65536"], 2, "65536"),
        (&["zipkin", "--to", "zipkin"], 2, "HOST:PORT"),
        (&["zipkin", "--gateway", "no-such-gateway"], 1, "not found"),
        (&["skywalking"], 1, "no skywalking collector"),
        (
            &["port", "thing", "--port", "15021", "--to", "a.b:1"],
            1,
            "already taken by \"status-port\"",
        ),
    ] {
        let o = expose(&fx, args);
        if code == 2 && msg.chars().all(|c| c.is_ascii_digit()) {
            assert_eq!(o.status.code(), Some(2), "{args:?}");
        } else {
            let e = fails(o, code);
            assert!(e.contains(msg), "{args:?}: {e}");
        }
        let now = svc(&fx).await;
        assert_eq!(
            now.metadata.resource_version, before.metadata.resource_version,
            "{args:?} changed the Service"
        );
        assert!(get(&fx, "Gateway", "zipkin-gateway").await.is_none());
    }
    // The name taken on another number.
    svcs.patch(
        EASTWEST,
        &PatchParams::default(),
        &Patch::Merge(json!({"spec": {"ports": [
        {"name": "status-port", "port": 15021, "protocol": "TCP", "targetPort": 15021},
        {"name": "http-zipkin", "port": 15999, "protocol": "TCP", "targetPort": 15999}]}})),
    )
    .await
    .unwrap();
    let rv = svc(&fx).await.metadata.resource_version;
    let e = fails(expose(&fx, &["zipkin"]), 1);
    assert!(e.contains("already has a port named \"http-zipkin\" on 15999"), "{e}");
    assert_eq!(svc(&fx).await.metadata.resource_version, rv);
    // istiod on a gateway without its ports.
    let e = fails(expose(&fx, &["istiod"]), 1);
    assert!(e.contains("has none of the ports"), "{e}");
    fx.delete().await;
}

#[tokio::test]
async fn istiod_and_services_are_istios_expose_files() {
    let fx = fixture("t-exp-istiod").await;
    let ns = fx.istio_ns.clone();
    ok(expose(&fx, &["istiod"]));
    ok(expose(&fx, &["services"]));
    let gw = get(&fx, "Gateway", "istiod-gateway").await.unwrap();
    let servers = gw.data["spec"]["servers"].as_array().unwrap();
    assert_eq!(
        servers.iter().map(|s| s["port"]["number"].as_u64().unwrap()).collect::<Vec<_>>(),
        [15012, 15017]
    );
    assert!(servers
        .iter()
        .all(|s| s["tls"]["mode"] == "PASSTHROUGH" && s["hosts"] == json!(["*"])));
    let vs = get(&fx, "VirtualService", "istiod-vs").await.unwrap();
    let tls = vs.data["spec"]["tls"].as_array().unwrap();
    assert_eq!(
        tls[0]["route"][0]["destination"],
        json!({"host": format!("istiod.{ns}.svc.cluster.local"), "port": {"number": 15012}})
    );
    assert_eq!(tls[1]["route"][0]["destination"]["port"]["number"], 443);
    let cn = get(&fx, "Gateway", "cross-network-gateway").await.unwrap();
    assert_eq!(
        cn.data["spec"]["servers"],
        json!([{"port": {"number": 15443, "name": "tls", "protocol": "TLS"},
        "tls": {"mode": "AUTO_PASSTHROUGH"}, "hosts": ["*.local"]}])
    );
    // --dry-run=client prints and writes nothing; --delete removes them.
    let printed = ok(expose(&fx, &["otel", "--to", "otel.obs:4317", "--dry-run"]));
    assert!(
        printed.contains("kind: Gateway")
            && printed.contains("grpc-otlp")
            && printed.contains("http-otlp"),
        "{printed}"
    );
    assert!(get(&fx, "Gateway", "otel-gateway").await.is_none());
    ok(expose(&fx, &["istiod", "--delete"]));
    ok(expose(&fx, &["services", "--delete"]));
    assert!(get(&fx, "Gateway", "istiod-gateway").await.is_none());
    assert!(get(&fx, "VirtualService", "istiod-vs").await.is_none());
    assert!(get(&fx, "Gateway", "cross-network-gateway").await.is_none());
    // --print-config shows the IstioOperator that keeps the port.
    let cfg = ok(expose(&fx, &["zipkin", "--print-config"]));
    assert!(
        cfg.contains("kind: IstioOperator")
            && cfg.contains("http-zipkin")
            && cfg.contains("tls-istiod"),
        "{cfg}"
    );
    fx.delete().await;
}
