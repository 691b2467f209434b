//! The stale-proxy analysis on hand-built inventories.

use super::*;
use serde_json::json;

fn pod(
    ns: &str,
    name: &str,
    owner: Option<(&str, &str)>,
    labels: serde_json::Value,
    address: &str,
) -> Pod {
    let mut v = json!({"metadata": {"name": name, "namespace": ns, "labels": labels,
        "annotations": {STATUS_ANNOTATION: "{}"}},
        "spec": {"containers": [{"name": "app"}, {"name": PROXY_CONTAINER, "env": [{"name": "PROXY_CONFIG",
            "value": json!({"tracing": {"sampling": 100, "zipkin": {"address": address}}}).to_string()}]}]}});
    if let Some((k, n)) = owner {
        v["metadata"]["ownerReferences"] = json!([{"apiVersion": "apps/v1", "kind": k, "name": n, "uid": "u", "controller": true}]);
    }
    serde_json::from_value(v).unwrap()
}

fn rs(ns: &str, name: &str, dep: &str, rev: u32) -> ReplicaSet {
    serde_json::from_value(json!({"metadata": {"name": name, "namespace": ns,
        "annotations": {DEPLOYMENT_REVISION: rev.to_string()},
        "ownerReferences": [{"apiVersion": "apps/v1", "kind": "Deployment", "name": dep, "uid": "u", "controller": true}]}}))
    .unwrap()
}

fn dep(ns: &str, name: &str, extra: serde_json::Value) -> Deployment {
    let mut v = json!({"metadata": {"name": name, "namespace": ns, "generation": 2},
        "spec": {"selector": {}, "template": {"spec": {"containers": [{"name": "app"}]}}},
        "status": {"observedGeneration": 2}});
    if let Some(o) = extra.as_object() {
        for (k, val) in o {
            v["spec"][k] = val.clone();
        }
    }
    serde_json::from_value(v).unwrap()
}

fn want() -> Tracing {
    Tracing { address: Some("new:15018".into()), sampling: Some(100.0), cluster_tag: None }
}

fn verdict(f: &[Finding], name: &str) -> Verdict {
    f.iter()
        .find(|x| x.name == name)
        .unwrap_or_else(|| panic!("no finding for {name}: {f:?}"))
        .verdict
}

#[test]
fn only_current_revisions_count() {
    let inv = Inventory {
        pods: vec![
            // web: newest RS (rev 2) already has the new settings; the old pod is being replaced.
            pod("a", "web-old", Some(("ReplicaSet", "web-1")), json!({}), "old:9411"),
            pod("a", "web-new", Some(("ReplicaSet", "web-2")), json!({}), "new:15018"),
            // api: its current pods are stale.
            pod("a", "api-x", Some(("ReplicaSet", "api-1")), json!({}), "old:9411"),
        ],
        replica_sets: vec![
            rs("a", "web-1", "web", 1),
            rs("a", "web-2", "web", 2),
            rs("a", "api-1", "api", 1),
        ],
        deployments: vec![dep("a", "web", json!({})), dep("a", "api", json!({}))],
        ..Default::default()
    };
    let f = analyse(&inv, &want(), Rule::Differs);
    assert_eq!(verdict(&f, "web"), Verdict::UpToDate);
    assert_eq!(verdict(&f, "api"), Verdict::Stale);
    assert_eq!(f.iter().find(|x| x.name == "web").unwrap().pods, 1);
    // --all restarts every injected workload.
    assert_eq!(verdict(&analyse(&inv, &want(), Rule::All), "web"), Verdict::Stale);
}

#[test]
fn paused_manual_rolling_jobs_and_bare_pods() {
    let mut manual = dep("a", "manual", json!({}));
    manual.spec.as_mut().unwrap().template.metadata =
        Some(serde_json::from_value(json!({"annotations": {STATUS_ANNOTATION: "{}"}})).unwrap());
    let mut gateway = dep("a", "gateway", json!({}));
    gateway.spec.as_mut().unwrap().template.spec = Some(
        serde_json::from_value(json!({"containers": [{"name": PROXY_CONTAINER, "image": "auto"}]}))
            .unwrap(),
    );
    let mut rolling = dep("a", "rolling", json!({}));
    rolling.metadata.generation = Some(3);
    let inv = Inventory {
        pods: vec![
            pod("a", "p1", Some(("ReplicaSet", "paused-1")), json!({}), "old"),
            pod("a", "p2", Some(("ReplicaSet", "manual-1")), json!({}), "old"),
            pod("a", "p3", Some(("ReplicaSet", "rolling-1")), json!({}), "old"),
            pod("a", "p5", Some(("ReplicaSet", "gateway-1")), json!({}), "old"),
            pod("a", "p4", Some(("Job", "batch")), json!({}), "old"),
            pod("a", "bare", None, json!({}), "old"),
        ],
        replica_sets: vec![
            rs("a", "paused-1", "paused", 1),
            rs("a", "manual-1", "manual", 1),
            rs("a", "rolling-1", "rolling", 1),
            rs("a", "gateway-1", "gateway", 1),
        ],
        deployments: vec![dep("a", "paused", json!({"paused": true})), manual, rolling, gateway],
        ..Default::default()
    };
    let f = analyse(&inv, &want(), Rule::Differs);
    assert_eq!(verdict(&f, "paused"), Verdict::Paused);
    assert_eq!(verdict(&f, "manual"), Verdict::NeedsReinjection);
    assert_eq!(verdict(&f, "rolling"), Verdict::RollingOut);
    assert_eq!(verdict(&f, "batch"), Verdict::NotRestartable);
    assert_eq!(verdict(&f, "bare"), Verdict::NotRestartable);
    assert_eq!(
        verdict(&f, "gateway"),
        Verdict::Stale,
        "a gateway's placeholder proxy is re-injected on restart"
    );
    assert!(f.iter().filter(|x| x.name != "gateway").all(|x| !x.restartable()));
}

#[test]
fn statefulsets_and_daemonsets_by_revision_hash() {
    let sts: StatefulSet = serde_json::from_value(json!({"metadata": {"name": "db", "namespace": "a"},
        "spec": {"selector": {}, "serviceName": "db", "template": {}}, "status": {"replicas": 1, "updateRevision": "db-2"}})).unwrap();
    let ds: DaemonSet =
        serde_json::from_value(json!({"metadata": {"name": "agent", "namespace": "a"},
        "spec": {"selector": {}, "template": {}}}))
        .unwrap();
    let cr = |name: &str, rev: i64| -> ControllerRevision {
        serde_json::from_value(json!({"metadata": {"name": format!("agent-{name}"), "namespace": "a",
            "labels": {REVISION_HASH: name},
            "ownerReferences": [{"apiVersion": "apps/v1", "kind": "DaemonSet", "name": "agent", "uid": "u", "controller": true}]},
            "revision": rev})).unwrap()
    };
    let inv = Inventory {
        pods: vec![
            pod("a", "db-0", Some(("StatefulSet", "db")), json!({REVISION_HASH: "db-1"}), "old"),
            pod("a", "agent-x", Some(("DaemonSet", "agent")), json!({REVISION_HASH: "h2"}), "old"),
        ],
        stateful_sets: vec![sts],
        daemon_sets: vec![ds],
        controller_revisions: vec![cr("h1", 1), cr("h2", 2)],
        ..Default::default()
    };
    let f = analyse(&inv, &want(), Rule::Differs);
    assert!(f.iter().all(|x| x.name != "db"), "a superseded StatefulSet pod counted: {f:?}");
    assert_eq!(verdict(&f, "agent"), Verdict::Stale);
}

#[test]
fn native_sidecars_and_uninjected_pods() {
    let mut p = pod("a", "n", None, json!({}), "new:15018");
    let spec = p.spec.as_mut().unwrap();
    let proxy = spec.containers.pop().unwrap();
    spec.init_containers = Some(vec![proxy]);
    assert_eq!(pod_tracing(&p), Some(want()));
    p.metadata.annotations = None;
    assert_eq!(pod_tracing(&p), None);
}

/// istioctl's `istio-ingressgateway`: not injected, pilot-agent `proxy router`, the mesh ConfigMap
/// mounted.
fn router_pod(name: &str, rs: &str, created: &str, stamp: Option<&Tracing>) -> Pod {
    let mut v = json!({"metadata": {"name": name, "namespace": "istio-system", "creationTimestamp": created,
            "annotations": {}, "ownerReferences": [{"apiVersion": "apps/v1", "kind": "ReplicaSet", "name": rs, "uid": "u", "controller": true}]},
        "spec": {"containers": [{"name": PROXY_CONTAINER, "args": ["proxy", "router", "--domain", "istio-system.svc.cluster.local"]}],
            "volumes": [{"name": "config-volume", "configMap": {"name": "istio"}}]}});
    if let Some(t) = stamp {
        v["metadata"]["annotations"][READ_TRACING_ANNOTATION] =
            serde_json::to_string(t).unwrap().into();
    }
    serde_json::from_value(v).unwrap()
}

fn mesh_cm(changed: &str) -> ConfigMap {
    serde_json::from_value(json!({"metadata": {"name": "istio", "creationTimestamp": "2026-01-01T00:00:00Z",
        "managedFields": [{"manager": "kubectl", "operation": "Apply", "time": "2026-01-01T00:00:00Z"},
                          {"manager": "kubectl-mesh", "operation": "Update", "time": changed}]}}))
    .unwrap()
}

#[test]
fn gateways_that_read_the_mesh_file_are_judged_by_stamp_or_start_time() {
    // Its template has an `istio-proxy` container of its own, and is still no kube-inject.
    let mut gw = dep("istio-system", "istio-ingressgateway", json!({}));
    gw.spec.as_mut().unwrap().template.spec =
        Some(serde_json::from_value(json!({"containers": [{"name": PROXY_CONTAINER, "image": "docker.io/istio/proxyv2:1.31", "args": ["proxy", "router"]}]})).unwrap());
    let inv = |pods: Vec<Pod>, cm: Option<&ConfigMap>| {
        Inventory {
            pods,
            replica_sets: vec![rs("istio-system", "gw-1", "istio-ingressgateway", 1)],
            deployments: vec![gw.clone()],
            ..Default::default()
        }
        .reading(cm, false)
    };
    let cm = mesh_cm("2026-06-01T12:00:00Z");
    assert_eq!(MeshFile::of(&cm).changed.unwrap().0.to_string(), "2026-06-01T12:00:00Z");
    // Started before the mesh config changed, never restarted by us: stale, and a restart stamps it.
    let f = analyse(
        &inv(vec![router_pod("gw-a", "gw-1", "2026-05-01T00:00:00Z", None)], Some(&cm)),
        &want(),
        Rule::Differs,
    );
    assert_eq!(verdict(&f, "istio-ingressgateway"), Verdict::Stale);
    let stamp: Tracing = serde_json::from_str(f[0].stamp.as_deref().unwrap()).unwrap();
    assert_eq!(stamp, want());
    // Started after it (in the same second counts as after): up to date.
    let after = || inv(vec![router_pod("gw-a", "gw-1", "2026-06-01T12:00:00Z", None)], Some(&cm));
    assert_eq!(
        verdict(&analyse(&after(), &want(), Rule::Differs), "istio-ingressgateway"),
        Verdict::UpToDate
    );
    // Unless the plan changes the tracing now: then it read the old settings.
    let mut changing = after();
    changing.mesh_file.as_mut().unwrap().changing = true;
    assert_eq!(
        verdict(&analyse(&changing, &want(), Rule::Differs), "istio-ingressgateway"),
        Verdict::Stale
    );
    // Stamped by our restart: what it read is compared, whatever changed in the ConfigMap since.
    let old =
        Tracing { address: Some("old:9411".into()), sampling: Some(100.0), cluster_tag: None };
    let f = analyse(
        &inv(vec![router_pod("gw-a", "gw-1", "2026-05-01T00:00:00Z", Some(&want()))], Some(&cm)),
        &want(),
        Rule::Differs,
    );
    assert_eq!(verdict(&f, "istio-ingressgateway"), Verdict::UpToDate);
    let f = analyse(
        &inv(vec![router_pod("gw-a", "gw-1", "2026-07-01T00:00:00Z", Some(&old))], Some(&cm)),
        &want(),
        Rule::Differs,
    );
    assert_eq!(verdict(&f, "istio-ingressgateway"), Verdict::Stale);
    let f = analyse(
        &inv(vec![router_pod("gw-a", "gw-1", "2026-07-01T00:00:00Z", Some(&old))], Some(&cm)),
        &Tracing::default(),
        Rule::CarriesAddress,
    );
    assert_eq!(verdict(&f, "istio-ingressgateway"), Verdict::Stale);
    // A gateway that mounts another revision's ConfigMap, or a cluster without its own (a remote),
    // is not this mesh config's reader.
    let f = analyse(
        &inv(vec![router_pod("gw-a", "gw-1", "2026-05-01T00:00:00Z", None)], None),
        &want(),
        Rule::Differs,
    );
    assert!(f.is_empty(), "{f:?}");
    let mut other = mesh_cm("2026-06-01T12:00:00Z");
    other.metadata.name = Some("istio-canary".into());
    let f = analyse(
        &inv(vec![router_pod("gw-a", "gw-1", "2026-05-01T00:00:00Z", None)], Some(&other)),
        &want(),
        Rule::Differs,
    );
    assert!(f.is_empty(), "{f:?}");
    // Injected pods keep their own rule and are never stamped.
    let injected = analyse(
        &Inventory {
            pods: vec![pod("a", "api-x", Some(("ReplicaSet", "api-1")), json!({}), "old:9411")],
            replica_sets: vec![rs("a", "api-1", "api", 1)],
            deployments: vec![dep("a", "api", json!({}))],
            ..Default::default()
        }
        .reading(Some(&cm), false),
        &want(),
        Rule::Differs,
    );
    assert_eq!(injected[0].verdict, Verdict::Stale);
    assert!(injected[0].stamp.is_none());
}
