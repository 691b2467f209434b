//! `kubectl mesh-tracing` against local clusters whose pods are injected by the fixture's injector:
//! the mesh config keeps every other field, exactly the stale workloads restart once, bad input
//! changes nothing.
mod common;

use std::time::Duration;

use common::*;
use k8s_openapi::api::apps::v1::{Deployment, ReplicaSet, StatefulSet};
use k8s_openapi::api::core::v1::{ConfigMap, Namespace, Pod, Service};
use kube::api::{Api, ListParams, Patch, PatchParams};
use serde_json::json;

const RESTARTED_AT: &str = "kubectl.kubernetes.io/restartedAt";

fn tracing_cmd(fx: &[&Fixture], extra: &[&str]) -> std::process::Output {
    let ctxs: Vec<String> = fx.iter().map(|f| f.context.clone()).collect();
    let mut nss: Vec<String> = fx[0].app_ns.clone();
    nss.extend(fx.iter().skip(1).flat_map(|f| f.app_ns.clone()));
    nss.dedup();
    let ctx = ctxs.join(",");
    let ns = nss.join(",");
    let mut args = vec!["--context", &ctx, "--istio-namespace", &fx[0].istio_ns, "-n", &ns];
    args.extend_from_slice(extra);
    let rev = fx[0].revision_args();
    args.extend(rev.iter().map(String::as_str));
    run("mesh-tracing", &args)
}

async fn mesh(fx: &Fixture) -> (serde_yaml::Value, String) {
    let cm = Api::<ConfigMap>::namespaced(fx.client.clone(), &fx.istio_ns)
        .get(&fx.mesh_configmap())
        .await
        .unwrap();
    let text = cm.data.unwrap()["mesh"].clone();
    (serde_yaml::from_str(&text).unwrap(), cm.metadata.resource_version.unwrap())
}

fn strip_tracing(v: &serde_yaml::Value) -> serde_yaml::Value {
    let mut v = v.clone();
    let m = v.as_mapping_mut().unwrap();
    m.remove("enableTracing");
    if let Some(t) = m
        .get_mut("defaultConfig")
        .and_then(|d| d.get_mut("tracing"))
        .and_then(|t| t.as_mapping_mut())
    {
        t.remove("sampling");
        t.remove("zipkin");
    }
    // A tracing block that held only those is gone too (current Istio installs have none).
    if m.get("defaultConfig")
        .and_then(|d| d.get("tracing"))
        .and_then(|t| t.as_mapping())
        .is_some_and(|t| t.is_empty())
    {
        m.get_mut("defaultConfig").unwrap().as_mapping_mut().unwrap().remove("tracing");
    }
    v
}

async fn restarted(fx: &Fixture, ns: &str, name: &str) -> bool {
    let d = Api::<Deployment>::namespaced(fx.client.clone(), ns).get(name).await.unwrap();
    d.spec
        .unwrap()
        .template
        .metadata
        .and_then(|m| m.annotations)
        .is_some_and(|a| a.contains_key(RESTARTED_AT))
}

async fn replica_sets(fx: &Fixture, ns: &str, app: &str) -> usize {
    Api::<ReplicaSet>::namespaced(fx.client.clone(), ns)
        .list(&ListParams::default().labels(&format!("app={app}")))
        .await
        .unwrap()
        .items
        .len()
}

fn proxy_address(p: &Pod) -> Option<String> {
    // istiod injects istio-proxy as a native sidecar (an init container).
    let pc = common::istiod::proxy_config(p)?;
    pc["tracing"]["zipkin"]["address"].as_str().map(str::to_string)
}

/// A plain namespace (no injection) with one Deployment, in `fx`'s cluster.
async fn plain_namespace(fx: &Fixture) -> String {
    let ns = format!("{}-plain", fx.istio_ns);
    let nss: Api<Namespace> = Api::all(fx.client.clone());
    nss.patch(
        &ns,
        &PatchParams::apply("test"),
        &Patch::Apply(json!({"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": ns}})),
    )
    .await
    .unwrap();
    Api::<Deployment>::namespaced(fx.client.clone(), &ns)
        .patch("plain", &PatchParams::apply("test"), &Patch::Apply(deployment("plain")))
        .await
        .unwrap();
    ns
}

#[tokio::test]
async fn set_edits_every_cluster_and_restarts_exactly_the_stale_workloads() {
    let ctxs = take_contexts(2);
    let id = unique("t-tr-set");
    let opts = FixtureOpts { deployments: 2, ..Default::default() };
    let fxs = Fixture::new_all(&ctxs, &id, &opts).await;
    for fx in &fxs {
        fx.wait_injected(2).await;
    }
    let plain = plain_namespace(&fxs[0]).await;
    // The user's comments in the mesh text (as helm charts and GitOps repos have them).
    let cms = Api::<ConfigMap>::namespaced(fxs[0].client.clone(), &fxs[0].istio_ns);
    let text0 = cms.get(&fxs[0].mesh_configmap()).await.unwrap().data.unwrap()["mesh"].clone();
    let commented = format!("# the user's comment, kept\n{text0}");
    cms.patch(
        &fxs[0].mesh_configmap(),
        &PatchParams::default(),
        &Patch::Merge(serde_json::json!({"data": {"mesh": commented}})),
    )
    .await
    .unwrap();
    let before: Vec<(serde_yaml::Value, String)> =
        futures::future::join_all(fxs.iter().map(mesh)).await;
    let app_ns = fxs[0].app_ns[0].clone();
    let refs: Vec<&Fixture> = fxs.iter().collect();
    let ns_list = format!("{app_ns},{plain}");

    // --dry-run prints the diff and the restarts, and changes nothing.
    let ctx_list = ctxs.join(",");
    let dry = ok(run(
        "mesh-tracing",
        &[
            "--context",
            &ctx_list,
            "--istio-namespace",
            &id,
            "-n",
            &ns_list,
            "set",
            "--mode",
            "proxy-config",
            "--addr",
            "192.168.229.100:15018",
            "--dry-run",
            "--revision",
            &id,
        ],
    ));
    assert!(
        dry.contains("+    zipkin:") || dry.contains("+      address: 192.168.229.100:15018"),
        "{dry}"
    );
    assert_eq!(dry.matches("would restart").count(), 4, "{dry}");
    for (fx, (_, rv)) in fxs.iter().zip(&before) {
        assert_eq!(&mesh(fx).await.1, rv, "dry run wrote the mesh config");
        assert!(!restarted(fx, &app_ns, "app1").await);
    }

    // A server dry run validates every write and persists none; the report says what would happen.
    let o = run(
        "mesh-tracing",
        &[
            "--context",
            &ctx_list,
            "--istio-namespace",
            &id,
            "-n",
            &ns_list,
            "set",
            "--mode",
            "proxy-config",
            "--addr",
            "192.168.229.100:15018",
            "--dry-run=server",
            "-o",
            "json",
            "--revision",
            &id,
        ],
    );
    let text = ok(o);
    assert_eq!(text.matches("would restart (server dry run)").count(), 4, "{text}");
    assert_eq!(text.matches("would update (server dry run)").count(), 2, "{text}");
    assert!(!text.contains("\"result\": \"restarted\""), "{text}");
    for (fx, (_, rv)) in fxs.iter().zip(&before) {
        assert_eq!(&mesh(fx).await.1, rv, "server dry run wrote the mesh config");
        assert!(!restarted(fx, &app_ns, "app1").await, "server dry run restarted a workload");
    }

    let o = run(
        "mesh-tracing",
        &[
            "--context",
            &ctx_list,
            "--istio-namespace",
            &id,
            "-n",
            &ns_list,
            "set",
            "--mode",
            "proxy-config",
            "--addr",
            "192.168.229.100:15018",
            "-o",
            "json",
            "--revision",
            &id,
        ],
    );
    let err = stderr(&o);
    let report: serde_json::Value = serde_json::from_str(&ok(o)).unwrap();
    assert!(err.contains("--print-config"), "{err}");
    for (i, fx) in fxs.iter().enumerate() {
        let (after, _) = mesh(fx).await;
        assert_eq!(
            strip_tracing(&after),
            strip_tracing(&before[i].0),
            "other fields changed in {}",
            fx.context
        );
        assert_eq!(after["enableTracing"], serde_yaml::Value::Bool(true));
        assert_eq!(
            after["defaultConfig"]["tracing"]["zipkin"]["address"].as_str(),
            Some("192.168.229.100:15018")
        );
        assert_eq!(report["clusters"][i]["restarted"], 2, "{report}");
        for app in ["app1", "app2"] {
            assert!(restarted(fx, &app_ns, app).await, "{app} in {} not restarted", fx.context);
        }
    }
    assert!(!restarted(&fxs[0], &plain, "plain").await, "a non-mesh workload was restarted");
    // Only the tracing lines changed: comments, order and every other line are as the user wrote them.
    let after0 = cms.get(&fxs[0].mesh_configmap()).await.unwrap().data.unwrap()["mesh"].clone();
    assert!(after0.starts_with("# the user's comment, kept\n"), "{after0}");
    let old_lines: Vec<&str> = commented.lines().collect();
    let new_lines: Vec<&str> = after0.lines().collect();
    let tracing_line = |l: &&str| {
        ["enableTracing:", "tracing:", "zipkin:", "address:", "sampling:"]
            .iter()
            .any(|k| l.trim_start().starts_with(k))
    };
    assert!(
        old_lines.iter().filter(|l| !new_lines.contains(l)).all(tracing_line),
        "lines other than tracing's were changed:\n{commented}\n---\n{after0}"
    );
    assert!(new_lines.iter().filter(|l| !old_lines.contains(l)).all(tracing_line), "{after0}");
    let kept: Vec<&&str> = new_lines.iter().filter(|l| old_lines.contains(l)).collect();
    let order: Vec<&&str> = old_lines.iter().filter(|l| new_lines.contains(l)).collect();
    assert_eq!(kept, order, "the user's lines moved");
    // The controller rolled new ReplicaSets whose pods carry the new address (the injector read the
    // edited mesh config).
    let pods: Api<Pod> = Api::namespaced(fxs[0].client.clone(), &app_ns);
    let fresh = wait_for(Duration::from_secs(60), || async {
        let items = pods.list(&ListParams::default()).await.ok()?.items;
        let n = items
            .iter()
            .filter(|p| proxy_address(p).as_deref() == Some("192.168.229.100:15018"))
            .count();
        (n >= 2).then_some(())
    })
    .await;
    assert!(fresh.is_some(), "no fresh proxies");
    assert_eq!(replica_sets(&fxs[0], &app_ns, "app1").await, 2);

    // Running again restarts nothing and writes nothing.
    let rv = mesh(&fxs[0]).await.1;
    // The generation moves only when the spec is written (the controller's status updates move
    // the resourceVersion on their own).
    let templates = Api::<Deployment>::namespaced(fxs[0].client.clone(), &app_ns)
        .get("app1")
        .await
        .unwrap()
        .metadata
        .generation;
    let again: serde_json::Value = serde_json::from_str(&ok(tracing_cmd(
        &refs,
        &["set", "--mode", "proxy-config", "--addr", "192.168.229.100:15018", "-o", "json"],
    )))
    .unwrap();
    assert_eq!(again["clusters"][0]["config"], "unchanged");
    assert_eq!(again["clusters"][0]["restarted"], 0, "{again}");
    assert_eq!(mesh(&fxs[0]).await.1, rv);
    assert_eq!(
        Api::<Deployment>::namespaced(fxs[0].client.clone(), &app_ns)
            .get("app1")
            .await
            .unwrap()
            .metadata
            .generation,
        templates
    );
    assert_eq!(replica_sets(&fxs[0], &app_ns, "app1").await, 2, "a second run restarted again");

    let show: serde_json::Value =
        serde_json::from_str(&ok(tracing_cmd(&refs, &["show", "-o", "json"]))).unwrap();
    assert_eq!(show[0]["address"], "192.168.229.100:15018");
    assert_eq!(show[0]["stale"], 0);
    assert_eq!(show[0]["workloads"], 2);
    // `-o wide` names the workloads that run other settings.
    ok(tracing_cmd(&refs, &["set", "--addr", "elsewhere.example:9411", "--no-restart"]));
    let wide = ok(tracing_cmd(&refs, &["show", "-o", "wide"]));
    assert!(wide.lines().next().unwrap().contains("STALE WORKLOADS"), "{wide}");
    let row = wide.lines().find(|l| l.starts_with(&format!("{} ", fxs[0].context))).unwrap();
    assert!(
        row.contains(&format!("{app_ns}/app1")) && row.contains(&format!("{app_ns}/app2")),
        "{wide}"
    );
    assert!(
        !ok(tracing_cmd(&refs, &["show"])).contains(&format!("{app_ns}/app1")),
        "plain show lists no workloads"
    );

    // unset removes the address and restarts the proxies again.
    let out: serde_json::Value = serde_json::from_str(&ok(tracing_cmd(
        &refs,
        &["unset", "--mode", "proxy-config", "-o", "json"],
    )))
    .unwrap();
    assert_eq!(out["clusters"][0]["restarted"], 2, "{out}");
    let (after, _) = mesh(&fxs[0]).await;
    assert!(after["defaultConfig"]["tracing"].get("zipkin").is_none());
    assert_eq!(strip_tracing(&after), strip_tracing(&before[0].0));
    let nss: Api<Namespace> = Api::all(fxs[0].client.clone());
    let _ = nss.delete(&plain, &Default::default()).await;
    for f in fxs {
        f.delete().await;
    }
}

#[tokio::test]
async fn paused_manual_and_statefulset_workloads() {
    let ctx = take_contexts(1).remove(0);
    let fx = Fixture::new(
        &ctx,
        &unique("t-tr-kinds"),
        &FixtureOpts { deployments: 0, ..Default::default() },
    )
    .await;
    let ns = fx.app_ns[0].clone();
    let deps: Api<Deployment> = Api::namespaced(fx.client.clone(), &ns);
    let ssa = PatchParams::apply("test");
    let mut paused = deployment("paused");
    deps.patch("paused", &ssa, &Patch::Apply(&paused)).await.unwrap();
    // Injected by hand: the proxy is in the template (istioctl kube-inject).
    let mut manual = deployment("manual");
    manual["spec"]["template"]["metadata"]["annotations"] =
        json!({"sidecar.istio.io/status": "{}"});
    manual["spec"]["template"]["spec"]["containers"] = json!([{"name": "app", "image": "nginx"},
        {"name": "istio-proxy", "image": "proxyv2", "env": [{"name": "PROXY_CONFIG", "value": "{}"}]}]);
    deps.patch("manual", &ssa, &Patch::Apply(&manual)).await.unwrap();
    let sts: Api<StatefulSet> = Api::namespaced(fx.client.clone(), &ns);
    sts.patch("db", &ssa, &Patch::Apply(json!({"apiVersion": "apps/v1", "kind": "StatefulSet", "metadata": {"name": "db"},
        "spec": {"serviceName": "db", "replicas": 1, "selector": {"matchLabels": {"app": "db"}},
            "template": {"metadata": {"labels": {"app": "db"}}, "spec": {"containers": [{"name": "db", "image": "postgres"}]}}}})))
        .await
        .unwrap();
    fx.wait_injected(3).await;
    paused["spec"]["paused"] = json!(true);
    deps.patch("paused", &ssa, &Patch::Apply(&paused)).await.unwrap();

    let out: serde_json::Value = serde_json::from_str(&ok(tracing_cmd(
        &[&fx],
        &["set", "--mode", "proxy-config", "--addr", "zipkin.example:9411", "-o", "json"],
    )))
    .unwrap();
    let result = |name: &str| {
        out["workloads"]
            .as_array()
            .unwrap()
            .iter()
            .find(|w| w["name"] == name)
            .map(|w| w["result"].as_str().unwrap().to_string())
    };
    assert_eq!(result("paused").as_deref(), Some("paused (not restarted)"), "{out}");
    assert_eq!(result("manual").as_deref(), Some("needs re-injection"), "{out}");
    assert_eq!(result("db").as_deref(), Some("restarted"), "{out}");
    assert!(!restarted(&fx, &ns, "paused").await);
    assert!(!restarted(&fx, &ns, "manual").await);
    let db = sts.get("db").await.unwrap();
    assert!(db
        .spec
        .unwrap()
        .template
        .metadata
        .unwrap()
        .annotations
        .unwrap()
        .contains_key(RESTARTED_AT));
    fx.delete().await;
}

#[tokio::test]
async fn via_gateway_uses_the_published_address_elsewhere_and_the_local_one_at_home() {
    let ctxs = take_contexts(2);
    let id = unique("t-tr-via");
    let opts = FixtureOpts { deployments: 0, ..Default::default() };
    let mut fxs = Fixture::new_all(&ctxs, &id, &opts).await.into_iter();
    let (fx1, fx2) = (fxs.next().unwrap(), fxs.next().unwrap());
    // Not exposed yet: a clear error, nothing changed.
    let before = mesh(&fx2).await.1;
    let svcs: Api<Service> = Api::namespaced(fx1.client.clone(), &id);
    let gw = svcs.get("istio-eastwestgateway").await.unwrap();
    svcs.delete("istio-eastwestgateway", &Default::default()).await.unwrap();
    let e = fails(
        tracing_cmd(&[&fx1, &fx2], &["set", "--mode", "proxy-config", "--via-gateway", &ctxs[0]]),
        1,
    );
    assert!(
        e.contains(&format!(
            "Service {id}/istio-eastwestgateway (the east-west gateway) not found in {}",
            ctxs[0]
        )),
        "{e}"
    );
    assert_eq!(mesh(&fx2).await.1, before);
    let mut gw = serde_json::to_value(gw).unwrap();
    gw["metadata"] =
        json!({"name": "istio-eastwestgateway", "labels": gw["metadata"]["labels"].clone()});
    gw["spec"].as_object_mut().unwrap().remove("clusterIP");
    gw["spec"].as_object_mut().unwrap().remove("clusterIPs");
    svcs.create(&Default::default(), &serde_json::from_value(gw).unwrap()).await.unwrap();
    let e = fails(
        tracing_cmd(&[&fx1, &fx2], &["set", "--mode", "proxy-config", "--via-gateway", &ctxs[0]]),
        1,
    );
    assert!(e.contains("kubectl mesh-expose zipkin"), "{e}");
    assert_eq!(mesh(&fx2).await.1, before);
    ok(run(
        "mesh-expose",
        &[
            "zipkin",
            "--context",
            &ctxs[0],
            "--istio-namespace",
            &id,
            "--external-ip",
            "192.168.229.100",
        ],
    ));
    ok(tracing_cmd(&[&fx1, &fx2], &["set", "--mode", "proxy-config", "--via-gateway", &ctxs[0]]));
    assert_eq!(
        mesh(&fx1).await.0["defaultConfig"]["tracing"]["zipkin"]["address"].as_str(),
        Some(format!("zipkin.{id}:9411").as_str())
    );
    assert_eq!(
        mesh(&fx2).await.0["defaultConfig"]["tracing"]["zipkin"]["address"].as_str(),
        Some("192.168.229.100:15018")
    );
    ok(tracing_cmd(
        &[&fx1, &fx2],
        &["set", "--mode", "proxy-config", "--via-gateway", &ctxs[0], "--same-address"],
    ));
    assert_eq!(
        mesh(&fx1).await.0["defaultConfig"]["tracing"]["zipkin"]["address"].as_str(),
        Some("192.168.229.100:15018")
    );
    fx1.delete().await;
    fx2.delete().await;
}

#[tokio::test]
async fn bad_input_changes_no_cluster() {
    let ctxs = take_contexts(2);
    let id = unique("t-tr-bad");
    let opts = FixtureOpts { deployments: 1, ..Default::default() };
    let mut fxs = Fixture::new_all(&ctxs, &id, &opts).await.into_iter();
    let (fx1, fx2) = (fxs.next().unwrap(), fxs.next().unwrap());
    fx1.wait_injected(1).await;
    let rv1 = mesh(&fx1).await.1;
    for (args, code, msg) in [
        (&["set", "--addr", "a:1", "--sampling", "150"][..], 2, "outside 0..100"),
        (&["set", "--addr", "zipkin.istio-system"], 2, "expected HOST:PORT"),
        (&["set", "--addr", "bad_host:9411"], 2, "not a DNS name"),
        (&["set", "--addr", "a:0"], 2, "not a number from 1 to 65535"),
        (&["set", "--addr", "10.0.0.1:+9411"], 2, "not a number from 1 to 65535"),
        (&["set", "--addr", "999.1.1.1:9411"], 2, "\"999.1.1.1\" is not a DNS name or IP address"),
        (&["set", "--addr", "fd00::1:9411"], 2, "in brackets"),
        (&["set", "--addr", "a:1", "--sampling", "-1"], 2, "outside 0..100"),
        (&["set", "--addr", "a:1", "--request-timeout", "1e20"], 2, "out of range"),
        (&["set", "--addr", "a:1", "--wait", "--timeout", "1e20"], 2, "out of range"),
    ] {
        let o = tracing_cmd(&[&fx1, &fx2], args);
        let e = stderr(&o);
        assert_eq!(o.status.code(), Some(code), "{args:?}: {e}");
        assert!(e.contains(msg) && !e.contains("panicked"), "{args:?}: {e}");
    }
    assert_eq!(mesh(&fx1).await.1, rv1);
    // Invalid YAML in cluster2's mesh config: cluster1 is not touched either.
    let cms: Api<ConfigMap> = Api::namespaced(fx2.client.clone(), &id);
    cms.patch(
        &fx2.mesh_configmap(),
        &PatchParams::default(),
        &Patch::Merge(json!({"data": {"mesh": "defaultConfig: [unclosed"}})),
    )
    .await
    .unwrap();
    let e = fails(
        tracing_cmd(&[&fx1, &fx2], &["set", "--mode", "proxy-config", "--addr", "a.b:9411"]),
        1,
    );
    assert!(e.contains("not valid YAML") && e.contains(&ctxs[1]), "{e}");
    assert_eq!(mesh(&fx1).await.1, rv1);
    assert!(!restarted(&fx1, &fx1.app_ns[0], "app1").await);
    // A missing ConfigMap.
    cms.delete(&fx2.mesh_configmap(), &Default::default()).await.unwrap();
    let e = fails(
        tracing_cmd(&[&fx1, &fx2], &["set", "--mode", "proxy-config", "--addr", "a.b:9411"]),
        1,
    );
    assert!(
        e.contains(&format!("ConfigMap {id}/{} not found in {}", fx2.mesh_configmap(), ctxs[1])),
        "{e}"
    );
    assert_eq!(mesh(&fx1).await.1, rv1);
    fx1.delete().await;
    fx2.delete().await;
}
