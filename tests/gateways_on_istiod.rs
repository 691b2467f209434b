//! What an end-to-end run of the guide on real istiods found, each proved on the real install: the
//! ingress gateway that reads the mesh config as a file, an address `--delete` must not take from
//! another exposure, `services` on several clusters at once, and a remote cluster without `cacerts`.
mod common;

use common::istiod::{eventually, proxy_config, with_ns, Member, RealIstio};
use common::*;
use k8s_openapi::api::core::v1::{Pod, Service};
use kube::api::{Api, ListParams, Patch, PatchParams};
use serde_json::{json, Value};

const STAMP: &str = "kubectl-mesh.io/mesh-tracing";

fn json_of(o: std::process::Output) -> Value {
    let text = ok(o);
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{e}:\n{text}"))
}

/// The rows of `set -o json` for one workload name, and their results.
fn results_for(report: &Value, name: &str) -> Vec<String> {
    report["workloads"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|w| w["name"] == name)
        .map(|w| w["result"].as_str().unwrap().to_string())
        .collect()
}

/// istioctl's default profile installs `istio-ingressgateway` without injection: pilot-agent reads
/// the mesh ConfigMap from its mounted file once, at start. `set --mode proxy-config` restarts it
/// (as the guide restarts istio-system's Deployments), and a rerun does not.
#[tokio::test]
async fn proxy_config_restarts_the_uninjected_ingress_gateway_once() {
    let ctx = take_contexts(1).remove(0);
    let id = unique("t-ingress");
    let mut m = Member::primary(&ctx, "network1");
    m.ingress = true;
    m.eastwest = false;
    let ist = RealIstio::start(&id, &[m]).await.remove(0);
    let pods: Api<Pod> = Api::namespaced(ist.client.clone(), &id);
    let gateway_pods = || async {
        pods.list(&ListParams::default().labels("istio=ingressgateway")).await.unwrap().items
    };
    eventually("the ingress gateway's pod", 90, || async { !gateway_pods().await.is_empty() })
        .await;
    // The premise, from the real install: no PROXY_CONFIG, `proxy router`, the mesh ConfigMap mounted.
    let first = gateway_pods().await.remove(0);
    assert!(proxy_config(&first).is_none(), "the ingress gateway was injected: {first:?}");
    let spec = first.spec.clone().unwrap();
    assert!(
        spec.containers.iter().any(|c| c.args.iter().flatten().any(|a| a == "router")),
        "{spec:?}"
    );
    let cm = format!("istio-{id}");
    assert!(
        spec.volumes.iter().flatten().any(|v| v.config_map.as_ref().is_some_and(|c| c.name == cm)),
        "{spec:?}"
    );

    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let set = |addr: &str, more: &[&str]| {
        let mut args = vec![
            "set",
            "--mode",
            "proxy-config",
            "--addr",
            addr,
            "--context",
            &ctx,
            "--revision",
            &id,
            "-n",
            &id,
        ];
        args.extend_from_slice(more);
        with_ns(&id, "mesh-tracing", &args, dir)
    };
    // The dry run lists it among the restarts, and changes nothing.
    let dry = ok(set("zipkin.example:9411", &["--dry-run"]));
    assert!(dry.contains("istio-ingressgateway"), "{dry}");
    let report = json_of(set("zipkin.example:9411", &["-o", "json"]));
    assert_eq!(results_for(&report, "istio-ingressgateway"), ["restarted"], "{report:#}");
    // Its new pod carries what it reads at start.
    eventually("a new ingress gateway pod stamped with the new settings", 90, || async {
        gateway_pods().await.iter().any(|p| {
            p.metadata
                .annotations
                .as_ref()
                .and_then(|a| a.get(STAMP))
                .is_some_and(|s| s.contains("zipkin.example:9411"))
        })
    })
    .await;
    // A rerun restarts nothing; show agrees that nothing is stale.
    let again = json_of(set("zipkin.example:9411", &["-o", "json"]));
    assert!(
        results_for(&again, "istio-ingressgateway").iter().all(|r| r != "restarted"),
        "{again:#}"
    );
    let show = json_of(with_ns(
        &id,
        "mesh-tracing",
        &["show", "--context", &ctx, "--revision", &id, "-n", &id, "-o", "json"],
        dir,
    ));
    assert_eq!(show[0]["stale"], 0, "{show:#}");
    // Another address: stale again, restarted again.
    let next = json_of(set("zipkin.example:9412", &["-o", "json"]));
    assert_eq!(results_for(&next, "istio-ingressgateway"), ["restarted"], "{next:#}");
}

/// `zipkin --external-ip` pins the east-west gateway's address and `services` publishes the
/// cross-network gateway there: deleting zipkin keeps the address (and says why), so istiod still
/// knows the network's gateway; deleting the last exposure removes it.
#[tokio::test]
async fn deleting_zipkin_keeps_the_address_the_cross_network_gateway_uses() {
    let ctx = take_contexts(1).remove(0);
    let id = unique("t-keepip");
    let ist = RealIstio::start(&id, &[Member::primary(&ctx, "network1")]).await.remove(0);
    let svcs: Api<Service> = Api::namespaced(ist.client.clone(), &id);
    svcs.patch(
        "zipkin",
        &PatchParams::apply("test-fixture"),
        &Patch::Apply(json!({"apiVersion": "v1", "kind": "Service",
        "metadata": {"name": "zipkin"}, "spec": {"selector": {"app": "zipkin"},
        "ports": [{"name": "http-query", "port": 9411, "protocol": "TCP", "targetPort": 9411}]}})),
    )
    .await
    .unwrap();
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let ip = "192.168.229.120";
    let o = with_ns(&id, "mesh-expose", &["zipkin", "--context", &ctx, "--external-ip", ip], dir);
    assert!(
        stderr(&o).contains("IST0170"),
        "the note on istioctl analyze's warning: {}",
        stderr(&o)
    );
    ok(o);
    ok(with_ns(&id, "mesh-expose", &["services", "--context", &ctx], dir));
    let external_ips = || async {
        svcs.get("istio-eastwestgateway")
            .await
            .unwrap()
            .spec
            .unwrap()
            .external_ips
            .unwrap_or_default()
    };
    let in_networkz = || async { ist.debug("/debug/networkz").await.to_string().contains(ip) };
    eventually("the gateway's address in /debug/networkz", 60, in_networkz).await;

    let kept = "kept (still used by cross-network-gateway)";
    let dry = ok(with_ns(
        &id,
        "mesh-expose",
        &["zipkin", "--context", &ctx, "--delete", "--dry-run"],
        dir,
    ));
    assert!(dry.contains(&format!("externalip/{ip}")) && dry.contains(kept), "{dry}");
    let out = ok(with_ns(&id, "mesh-expose", &["zipkin", "--context", &ctx, "--delete"], dir));
    assert!(out.contains(kept) && out.contains("deleted"), "{out}");
    assert_eq!(external_ips().await, [ip]);
    let status = ok(with_ns(&id, "mesh-expose", &["status", "--context", &ctx], dir));
    assert!(
        status.contains("cross-network-gateway")
            && status.contains(&format!("{ip}:15443"))
            && !status.contains("<pending>"),
        "{status}"
    );
    // istiod still knows the network's gateway at that address.
    tokio::time::sleep(std::time::Duration::from_secs(2)).await;
    assert!(in_networkz().await, "{}", ist.debug("/debug/networkz").await);
    // The last exposure of ours on it goes: the address the suite added goes with it.
    let out = ok(with_ns(&id, "mesh-expose", &["services", "--context", &ctx, "--delete"], dir));
    assert!(!out.contains("kept"), "{out}");
    assert!(external_ips().await.is_empty());
}

/// `services` on several clusters at once (each network's gateway needs it), every cluster read
/// before the first write; and a remote cluster without `cacerts` is no CA finding (its workloads
/// are signed by the primary's istiod).
#[tokio::test]
async fn services_on_several_clusters_and_a_remote_without_cacerts() {
    let ctxs = take_contexts(2);
    let id = unique("t-svcs");
    let mut remote = Member::primary(&ctxs[1], "network2");
    remote.remote_of = Some(&ctxs[0]);
    let istiods = RealIstio::start(&id, &[Member::primary(&ctxs[0], "network1"), remote]).await;
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let both = ctxs.join(",");
    let gateway = |i: usize| {
        let api: Api<kube::api::DynamicObject> = Api::namespaced_with(
            istiods[i].client.clone(),
            &id,
            &kube::discovery::ApiResource {
                group: "networking.istio.io".into(),
                version: "v1".into(),
                api_version: "networking.istio.io/v1".into(),
                kind: "Gateway".into(),
                plural: "gateways".into(),
            },
        );
        async move { api.get_opt("cross-network-gateway").await.unwrap() }
    };
    // One cluster without Istio in the list: refused before anything is written anywhere.
    let o = with_ns(
        &id,
        "mesh-expose",
        &["services", "--context", &format!("{},{}", ctxs[0], bare_context())],
        dir,
    );
    fails(o, 1);
    assert!(gateway(0).await.is_none(), "a write happened before every cluster was read");
    // --external-ip names one gateway's address: one cluster only.
    let o = with_ns(
        &id,
        "mesh-expose",
        &["services", "--context", &both, "--external-ip", "192.168.229.121"],
        dir,
    );
    assert!(stderr(&o).contains("single --context"), "{}", stderr(&o));
    fails(o, 2);
    // The dry run prints both clusters' Gateways; the run writes both.
    let dry = ok(with_ns(&id, "mesh-expose", &["services", "--context", &both, "--dry-run"], dir));
    assert_eq!(dry.matches("name: cross-network-gateway").count(), 2, "{dry}");
    let out = ok(with_ns(&id, "mesh-expose", &["services", "--context", &both], dir));
    for c in &ctxs {
        assert!(
            out.lines().any(|l| l.contains(c.as_str())
                && l.contains("gateway/cross-network-gateway")
                && l.contains("created")),
            "{out}"
        );
    }
    assert!(gateway(0).await.is_some() && gateway(1).await.is_some());
    let again = ok(with_ns(&id, "mesh-expose", &["services", "--context", &both], dir));
    assert_eq!(again.matches("unchanged").count(), 2, "{again}");

    // cacerts only in the primary: doctor has no CA finding against the remote.
    ok(with_ns(&id, "mesh-ca", &["init"], dir));
    ok(with_ns(&id, "mesh-ca", &["install", "--context", &ctxs[0]], dir));
    let o = with_ns(
        &id,
        "mesh-tracing",
        &["doctor", "--context", &both, "--revision", &id, "-o", "json"],
        dir,
    );
    let checks: Vec<Value> =
        serde_json::from_str(&stdout(&o)).unwrap_or_else(|e| panic!("{e}: {}", stdout(&o)));
    let ca = |ctx: &str| {
        checks
            .iter()
            .find(|c| c["id"] == "ca.cacerts" && c["cluster"] == ctx)
            .cloned()
            .unwrap_or_else(|| panic!("{checks:#?}"))
    };
    assert_eq!(ca(&ctxs[0])["status"], "ok", "{checks:#?}");
    let r = ca(&ctxs[1]);
    assert_eq!(r["status"], "ok", "{r}");
    assert!(r["detail"].as_str().unwrap().contains("remote cluster"), "{r}");
}
