//! `set --cluster-tag cluster`: every span carries the proxy's cluster under the tag Kiali filters
//! traces by, in both modes, judged by what istiod pushes to a sidecar over xDS (`mesh-probe xds`):
//! the HTTP connection managers' tracing has a custom tag from `ISTIO_META_CLUSTER_ID`, which the
//! injector sets in every proxy.
mod common;

use std::time::Duration;

use common::*;
use kube::api::{Api, ApiResource, DynamicObject, GroupVersionKind};
use serde_json::Value;

/// The HTTP connection managers' custom tags istiod pushes to `pod`, once every one of them has
/// `tag` from the cluster id (or what they have when the time is up).
async fn pushed_cluster_tag(
    istiod: &common::istiod::RealIstio,
    pod: &k8s_openapi::api::core::v1::Pod,
    tag: &str,
) -> Result<(), String> {
    let mut last = String::new();
    for _ in 0..60 {
        let pushed = istiod.pushed_to(pod).await;
        let hcms = pushed["tracing"].as_array().cloned().unwrap_or_default();
        let tagged = |t: &Value| {
            t["tracing"]["customTags"].as_array().is_some_and(|tags| {
                tags.iter()
                    .any(|c| c["tag"] == tag && c["environment"]["name"] == "ISTIO_META_CLUSTER_ID")
            })
        };
        if !hcms.is_empty() && hcms.iter().all(tagged) {
            return Ok(());
        }
        last = hcms
            .iter()
            .map(|t| t["tracing"]["customTags"].to_string())
            .collect::<Vec<_>>()
            .join(", ");
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
    Err(format!("istiod pushes custom tags [{last}], not {tag} from ISTIO_META_CLUSTER_ID"))
}

#[tokio::test]
async fn the_cluster_tag_reaches_the_proxies_in_both_modes() {
    let ctx = take_contexts(1).remove(0);
    let fx = Fixture::new(&ctx, &unique("t-ctag"), &FixtureOpts::default()).await;
    fx.wait_injected(1).await;
    let istiod = fx.istiod.as_ref().unwrap();
    let tracing = |args: &[&str]| {
        plugin("mesh-tracing")
            .arg("--kubeconfig")
            .arg(kubeconfig())
            .args(["--context", &ctx, "--istio-namespace", &fx.istio_ns, "-n", &fx.app_ns[0]])
            .args(args)
            .args(fx.revision_args())
            .output()
            .unwrap()
    };
    // Refused before anything is read: not a tag name.
    let e = fails(tracing(&["set", "--addr", "192.0.2.78:15018", "--cluster-tag", "a b"]), 2);
    assert!(e.contains("--cluster-tag"), "{e}");

    // Telemetry mode: the mesh-wide Telemetry has the custom tag; istiod pushes it to the running proxy.
    let out = ok(tracing(&[
        "set",
        "--mode",
        "telemetry",
        "--addr",
        "192.0.2.78:15018",
        "--cluster-tag",
        "cluster",
    ]));
    assert!(out.contains("tag cluster"), "{out}");
    let ar = ApiResource::from_gvk(&GroupVersionKind::gvk("telemetry.istio.io", "v1", "Telemetry"));
    let telemetries: Api<DynamicObject> =
        Api::namespaced_with(fx.client.clone(), &fx.istio_ns, &ar);
    let t = telemetries.get("mesh-default").await.unwrap();
    assert_eq!(
        t.data["spec"]["tracing"][0]["customTags"]["cluster"]["environment"]["name"],
        "ISTIO_META_CLUSTER_ID",
        "{:?}",
        t.data
    );
    let pod = istiod.injected_pods(&fx.app_ns[0]).await.remove(0);
    pushed_cluster_tag(istiod, &pod, "cluster").await.unwrap();
    // A set without the flag keeps the tag: nothing to write.
    let again = ok(tracing(&["set", "--mode", "telemetry", "--addr", "192.0.2.78:15018"]));
    assert!(again.contains("unchanged (zipkin") && again.contains("tag cluster"), "{again}");
    ok(tracing(&["unset", "--mode", "telemetry"]));

    // proxy-config mode: defaultConfig.tracing.custom_tags, in istiod's mesh, in the new pod's
    // PROXY_CONFIG, and pushed to the proxy.
    let out = ok(tracing(&[
        "set",
        "--mode",
        "proxy-config",
        "--addr",
        "192.0.2.78:15018",
        "--cluster-tag",
        "cluster",
    ]));
    assert!(out.contains("restarted"), "the workloads' proxies read it at start: {out}");
    let mesh = wait_until_ok(|| async {
        let m = istiod.debug("/debug/mesh").await;
        let tags = m["defaultConfig"]["tracing"]["customTags"].clone();
        if tags["cluster"]["environment"]["name"] == "ISTIO_META_CLUSTER_ID" {
            Ok(tags)
        } else {
            Err(m.to_string())
        }
    })
    .await;
    assert!(mesh.is_ok(), "{mesh:?}");
    let tagged_pod = wait_for(Duration::from_secs(60), || async {
        istiod.injected_pods(&fx.app_ns[0]).await.into_iter().find(|p| {
            common::istiod::proxy_config(p).is_some_and(|pc| {
                pc["tracing"]["customTags"]["cluster"]["environment"]["name"]
                    == "ISTIO_META_CLUSTER_ID"
            })
        })
    })
    .await
    .expect("no pod injected with the cluster tag");
    pushed_cluster_tag(istiod, &tagged_pod, "cluster").await.unwrap();
    // Rerun: the new pods already carry it, nothing restarts.
    let again = ok(tracing(&["set", "--mode", "proxy-config", "--addr", "192.0.2.78:15018"]));
    assert!(!again.contains("restarted"), "{again}");
}
