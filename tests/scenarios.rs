//! The guide's 14 multi-cluster topologies, end to end with the plugins a user would run, checked
//! cluster by cluster against what the guide's manual steps produce, then `doctor` (clean, and after
//! breaking one link of the chain at a time), then the guide's clean-up with the suite's own
//! `--delete` / `unlink` / `unset`.
mod common;

use std::collections::BTreeSet;
use std::time::Duration;

use common::istiod::Member;
use common::*;
use k8s_openapi::api::admissionregistration::v1::MutatingWebhookConfiguration;
use k8s_openapi::api::apps::v1::ReplicaSet;
use k8s_openapi::api::core::v1::{ConfigMap, Secret, Service};
use kube::api::{
    Api, ApiResource, DynamicObject, GroupVersionKind, ListParams, Patch, PatchParams,
};

const IP: &str = "192.168.229.100";

struct Topology {
    clusters: usize,
    /// Clusters running a control plane.
    primaries: &'static [usize],
    /// Network number of each cluster.
    networks: &'static [usize],
    /// Clusters with an east-west gateway.
    gateways: &'static [usize],
}

impl Topology {
    fn multi_network(&self) -> bool {
        self.networks.iter().collect::<BTreeSet<_>>().len() > 1
    }
    fn remotes(&self) -> Vec<usize> {
        (0..self.clusters).filter(|i| !self.primaries.contains(i)).collect()
    }
}

struct Run {
    id: String,
    ctxs: Vec<String>,
    fxs: Vec<Fixture>,
    dir: tempfile::TempDir,
}

impl Run {
    fn all(&self) -> String {
        self.ctxs.join(",")
    }
    fn app(&self) -> String {
        format!("{}-app1", self.id)
    }
    fn plugin(&self, name: &str, args: &[&str]) -> std::process::Output {
        let mut c = plugin(name);
        c.current_dir(self.dir.path())
            .arg("--kubeconfig")
            .arg(kubeconfig())
            .args(["--istio-namespace", &self.id])
            .args(args);
        if name == "mesh-tracing" {
            c.args(["--revision", &self.id]); // the real installs are revisioned: istio-<id>
        }
        c.output().unwrap()
    }
    fn link_args(&self, t: &Topology) -> Vec<String> {
        let names =
            |v: &[usize]| v.iter().map(|i| self.ctxs[*i].clone()).collect::<Vec<_>>().join(",");
        if t.remotes().is_empty() {
            vec!["--context".into(), self.all()]
        } else {
            vec!["--primary".into(), names(t.primaries), "--remote".into(), names(&t.remotes())]
        }
    }
    fn doctor(&self) -> std::process::Output {
        self.doctor_with(&[])
    }

    /// `doctor -o json` (the check ids CI gates on), with more flags.
    fn doctor_with(&self, more: &[&str]) -> std::process::Output {
        let (all, app) = (self.all(), self.app());
        let mut args = vec![
            "doctor",
            "--context",
            &all,
            "-n",
            &app,
            "--collector",
            &self.ctxs[0],
            "--dir",
            "mesh-ca",
            "-o",
            "json",
        ];
        args.extend(more);
        self.plugin("mesh-tracing", &args)
    }
}

fn base64(b: &[u8]) -> String {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD.encode(b)
}

fn strs(v: &[String]) -> Vec<&str> {
    v.iter().map(String::as_str).collect()
}

fn dyn_api(fx: &Fixture, kind: &str) -> Api<DynamicObject> {
    let ar = ApiResource::from_gvk(&GroupVersionKind::gvk("networking.istio.io", "v1", kind));
    Api::namespaced_with(fx.client.clone(), &fx.istio_ns, &ar)
}

async fn remote_secret_names(fx: &Fixture) -> BTreeSet<String> {
    Api::<Secret>::namespaced(fx.client.clone(), &fx.istio_ns)
        .list(&ListParams::default().labels("istio/multiCluster=true"))
        .await
        .unwrap()
        .items
        .into_iter()
        .map(|s| s.metadata.name.unwrap())
        .collect()
}

/// A cluster's own mesh config; `None` for a remote (Istio's remote profile installs none).
async fn mesh_of(fx: &Fixture) -> Option<serde_yaml::Value> {
    let cm = Api::<ConfigMap>::namespaced(fx.client.clone(), &fx.istio_ns)
        .get_opt(&fx.mesh_configmap())
        .await
        .unwrap()?;
    Some(serde_yaml::from_str(&cm.data.unwrap()["mesh"]).unwrap())
}

fn without_tracing(v: &serde_yaml::Value) -> serde_yaml::Value {
    let mut v = v.clone();
    let m = v.as_mapping_mut().unwrap();
    m.remove("enableTracing");
    m.remove("extensionProviders");
    if let Some(t) = m
        .get_mut("defaultConfig")
        .and_then(|d| d.get_mut("tracing"))
        .and_then(|t| t.as_mapping_mut())
    {
        t.remove("sampling");
        t.remove("zipkin");
    }
    if m.get("defaultConfig")
        .and_then(|d| d.get("tracing"))
        .and_then(|t| t.as_mapping())
        .is_some_and(|t| t.is_empty())
    {
        m.get_mut("defaultConfig").unwrap().as_mapping_mut().unwrap().remove("tracing");
    }
    v
}

/// Doctor failed, with an error in `stage` whose fix says `fix` (read from `-o json`, by id).
fn expect_fail(o: std::process::Output, stage: &str, fix: &str) {
    let out = stdout(&o);
    assert_eq!(o.status.code(), Some(1), "doctor should fail:\n{out}\n{}", stderr(&o));
    let checks: Vec<serde_json::Value> =
        serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}:\n{out}"));
    let failing = checks
        .iter()
        .find(|c| c["stage"] == stage && c["status"] == "error")
        .unwrap_or_else(|| panic!("no failing {stage} check:\n{out}"));
    assert!(
        failing["id"].as_str().is_some_and(|id| id.starts_with(&stage.replace(' ', ""))),
        "{failing}"
    );
    assert!(
        failing["fix"].as_str().unwrap_or_default().contains(fix),
        "the {stage} fix should say {fix:?}:\n{failing}"
    );
}

/// The address a control plane's mesh config gets from `set --via-gateway <cluster1>`: the
/// collector's own cluster keeps the local one unless its mesh config also serves remotes, which
/// cannot resolve it.
fn want_address(t: &Topology, i: usize, id: &str) -> String {
    if i == 0 && t.remotes().is_empty() {
        format!("zipkin.{id}:9411")
    } else {
        format!("{IP}:15018")
    }
}

async fn scenario(t: Topology, name: &str, break_links: bool, telemetry: bool) {
    let ctxs = take_contexts(t.clusters);
    let id = unique(name);
    // A real install per cluster: istiod in every control plane; Istio's remote profile in the
    // others, whose pods the first control plane's istiod injects.
    let nets: Vec<String> = t.networks.iter().map(|n| format!("network{n}")).collect();
    let members: Vec<Member> = (0..t.clusters)
        .map(|i| Member {
            context: &ctxs[i],
            network: &nets[i],
            eastwest: t.gateways.contains(&i),
            remote_of: (!t.primaries.contains(&i)).then(|| ctxs[t.primaries[0]].as_str()),
            ingress: false,
            revision: None,
        })
        .collect();
    let mut fxs = Vec::new();
    for (i, ist) in common::istiod::RealIstio::start(&id, &members).await.into_iter().enumerate() {
        fxs.push(
            Fixture::around(
                ist,
                &FixtureOpts {
                    network: Some(nets[i].clone()),
                    zipkin: i == 0,
                    deployments: 1,
                    app_namespaces: 1,
                },
            )
            .await,
        );
    }
    for fx in &fxs {
        fx.wait_injected(1).await;
    }
    let r = Run { id: id.clone(), ctxs: ctxs.clone(), fxs, dir: tempfile::tempdir().unwrap() };
    // The istiod of every control plane: the judge of what the suite writes.
    let istiods: Vec<&common::istiod::RealIstio> =
        r.fxs.iter().filter_map(|f| f.istiod.as_ref()).filter(|i| !i.remote).collect();
    let svc_api = |fx: &Fixture| Api::<Service>::namespaced(fx.client.clone(), &fx.istio_ns);
    let gw_before = svc_api(&r.fxs[0]).get(EASTWEST).await.unwrap();
    let mesh_before: Vec<Option<serde_yaml::Value>> =
        futures::future::join_all(r.fxs.iter().map(mesh_of)).await;

    // 1. One root, an intermediate per cluster.
    ok(r.plugin("mesh-ca", &["init"]));
    ok(r.plugin("mesh-ca", &["install", "--context", &r.all(), "--restart-istiod"]));
    // istiod of every control plane restarted, loaded cacerts and distributes our root.
    let root = std::fs::read_to_string(r.dir.path().join("mesh-ca/root-cert.pem")).unwrap();
    for ist in &istiods {
        let app = r.app();
        let ours = wait_for(Duration::from_secs(90), || async {
            (ist.root_cert_in(&app).await.as_deref().map(str::trim) == Some(root.trim()))
                .then_some(())
        })
        .await;
        assert!(
            ours.is_some(),
            "istiod in {} does not distribute our root:\n{}",
            ist.context,
            ist.log()
        );
    }
    // 2. Remote secrets in the control-plane layout of the case.
    let mut link: Vec<String> = vec!["link".into()];
    link.extend(r.link_args(&t));
    link.push("--allow-loopback".into());
    ok(r.plugin("mesh-secret", &strs(&link)));
    // 3. The collector on cluster1's east-west gateway, pinned; istiod for remotes; cross-network.
    ok(r.plugin("mesh-expose", &["zipkin", "--context", &ctxs[0], "--external-ip", IP]));
    if !t.remotes().is_empty() {
        for p in t.primaries.iter().filter(|p| t.gateways.contains(p)) {
            ok(r.plugin("mesh-expose", &["istiod", "--context", &ctxs[*p]]));
        }
    }
    // Each network's east-west gateway gets an address, as a cloud's load balancer gives it (istiod
    // learns each network's gateway from it; doctor's networks stage asks istiod).
    if t.multi_network() {
        for g in t.gateways {
            let ip = if *g == 0 { IP.to_string() } else { format!("192.168.229.{}", 110 + g) };
            ok(r.plugin(
                "mesh-expose",
                &["services", "--context", &ctxs[*g], "--external-ip", &ip],
            ));
        }
    }
    // 4. Every cluster's mesh config, then the stale proxies.
    // (Telemetry mode: an extensionProviders entry and a mesh-wide Telemetry; nothing restarts.)
    let mode = if telemetry { "telemetry" } else { "proxy-config" };
    ok(r.plugin(
        "mesh-tracing",
        &["set", "--via-gateway", &ctxs[0], "--context", &r.all(), "-n", &r.app(), "--mode", mode],
    ));

    // The state the guide's manual steps produce, cluster by cluster.
    ok(r.plugin("mesh-ca", &["status", "--context", &r.all()]));
    for (i, fx) in r.fxs.iter().enumerate() {
        let want: BTreeSet<String> = if t.primaries.contains(&i) {
            ctxs.iter()
                .filter(|c| **c != ctxs[i])
                .map(|c| format!("istio-remote-secret-{c}"))
                .collect()
        } else {
            BTreeSet::new()
        };
        assert_eq!(remote_secret_names(fx).await, want, "remote secrets in {}", ctxs[i]);
        match (mesh_of(fx).await, &mesh_before[i]) {
            (Some(mesh), Some(before)) if telemetry => {
                let ours = mesh["extensionProviders"]
                    .as_sequence()
                    .and_then(|s| s.iter().find(|p| p["name"] == "kubectl-mesh-tracing").cloned());
                assert!(ours.is_some(), "no provider in the mesh config of {}", ctxs[i]);
                assert_eq!(without_tracing(&mesh), without_tracing(before));
            }
            (Some(mesh), Some(before)) => {
                let want_addr = want_address(&t, i, &id);
                assert_eq!(
                    mesh["defaultConfig"]["tracing"]["zipkin"]["address"].as_str(),
                    Some(want_addr.as_str()),
                    "{}",
                    ctxs[i]
                );
                assert_eq!(mesh["enableTracing"], serde_yaml::Value::Bool(true));
                assert_eq!(without_tracing(&mesh), without_tracing(before));
            }
            (None, None) => assert!(t.remotes().contains(&i), "{} has no mesh config", ctxs[i]),
            _ => panic!("the mesh config of {} appeared or vanished", ctxs[i]),
        }
        // The injected workload restarted exactly once (one new ReplicaSet); in telemetry mode, never.
        let rs = Api::<ReplicaSet>::namespaced(fx.client.clone(), &r.app())
            .list(&ListParams::default().labels("app=app1"))
            .await
            .unwrap();
        assert_eq!(
            rs.items.len(),
            if telemetry { 1 } else { 2 },
            "app1 in {} restarted {} times",
            ctxs[i],
            rs.items.len() - 1
        );
        if telemetry {
            // What istiod pushes to the running sidecar of app1, asked over xDS as that proxy:
            // spans go to the collector's Service in its own cluster, and through its east-west
            // gateway (the ServiceEntry's endpoint) from every other, at the sampling set.
            if t.primaries.contains(&i) {
                let ist = fx.istiod.as_ref().unwrap();
                let pod = ist.injected_pods(&r.app()).await.remove(0);
                let (cluster, endpoint) = match want_address(&t, i, &id).split_once(':') {
                    Some((host, port)) if host == IP => (
                        format!("outbound|{port}||collector.kubectl-mesh.internal"),
                        vec![format!("{IP}:{port}")],
                    ),
                    Some((host, port)) => {
                        (format!("outbound|{port}||{host}.svc.cluster.local"), vec![])
                    }
                    None => unreachable!(),
                };
                let endpoint: Vec<&str> = endpoint.iter().map(String::as_str).collect();
                let pushed =
                    wait_until_ok(|| ist.traces_to(&pod, &cluster, 100.0, &endpoint)).await;
                assert!(pushed.is_ok(), "{}: {pushed:?}", ctxs[i]);
            }
            continue;
        }
        // The restarted pod carries what the injecting istiod (its own, or a remote's primary's)
        // now serves.
        let cp = if t.primaries.contains(&i) { i } else { t.primaries[0] };
        let want = want_address(&t, cp, &id);
        let ist = fx.istiod.as_ref().unwrap();
        let injected = wait_for(Duration::from_secs(60), || async {
            let pods = ist.injected_pods(&r.app()).await;
            let pc = pods.first().and_then(common::istiod::proxy_config)?;
            (pc["tracing"]["zipkin"]["address"].as_str() == Some(want.as_str())).then_some(())
        })
        .await;
        assert!(injected.is_some(), "no pod in {} injected with {want}", ctxs[i]);
    }
    // istiod serves the address each control plane's mesh config now has.
    for ist in &istiods {
        let i = ctxs.iter().position(|c| *c == ist.context).unwrap();
        let want = want_address(&t, i, &id);
        let served = wait_for(Duration::from_secs(30), || async {
            let m = ist.debug("/debug/mesh").await;
            let ours = m["extensionProviders"]
                .as_array()
                .is_some_and(|a| a.iter().any(|p| p["name"] == "kubectl-mesh-tracing"));
            (if telemetry {
                ours
            } else {
                m["defaultConfig"]["tracing"]["zipkin"]["address"].as_str() == Some(want.as_str())
            })
            .then_some(())
        })
        .await;
        assert!(served.is_some(), "istiod in {} does not serve {want}", ist.context);
    }
    // istiod watches exactly the clusters this layout gives it: every control plane all of them.
    let everyone: BTreeSet<String> = ctxs.iter().cloned().collect();
    for ist in &istiods {
        let synced = wait_for(Duration::from_secs(60), || async {
            let got = ist.clusterz().await;
            (got.iter().map(|(c, _)| c.clone()).collect::<BTreeSet<_>>() == everyone
                && got.iter().all(|(_, s)| s == "synced"))
            .then_some(())
        })
        .await;
        assert!(
            synced.is_some(),
            "istiod in {} lists {:?}, not every cluster synced",
            ist.context,
            ist.clusterz().await
        );
    }
    let gw = svc_api(&r.fxs[0]).get(EASTWEST).await.unwrap();
    let spec = gw.spec.unwrap();
    assert!(spec
        .ports
        .unwrap()
        .iter()
        .any(|p| p.name.as_deref() == Some("http-zipkin") && p.port == 15018));
    assert_eq!(spec.external_ips.unwrap(), [IP]);
    assert!(dyn_api(&r.fxs[0], "Gateway").get_opt("zipkin-gateway").await.unwrap().is_some());
    assert!(dyn_api(&r.fxs[0], "VirtualService").get_opt("zipkin-vs").await.unwrap().is_some());
    if t.multi_network() {
        for g in t.gateways {
            assert!(dyn_api(&r.fxs[*g], "Gateway")
                .get_opt("cross-network-gateway")
                .await
                .unwrap()
                .is_some());
        }
    }
    // Doctor: all green (once istiod has synced the secrets and loaded the mesh config it was just
    // given: `--wait` waits for those, as a user's CI would).
    let o = r.doctor_with(&["--wait", "30s"]);
    let report = stdout(&o);
    assert!(o.status.success(), "doctor is not clean:\n{report}\n{}", stderr(&o));
    let checks: Vec<serde_json::Value> = serde_json::from_str(&report).unwrap();
    assert!(checks.iter().all(|c| c["status"] == "ok"), "{report}");
    if telemetry {
        assert!(report.contains("Telemetry API provider"), "{report}");
        ok(r.plugin("mesh-tracing", &["unset", "--mode", "telemetry", "--context", &r.all()]));
        return;
    }

    // A remote's injection webhook that no longer trusts its primary's root (as after a root change
    // that the remote's install did not follow): doctor names it and the fix.
    if let Some(&remote) = t.remotes().first() {
        assert!(
            checks
                .iter()
                .any(|c| c["id"] == "injection.cabundle" && c["cluster"] == ctxs[remote].as_str()),
            "no injection check:\n{report}"
        );
        let name = format!("istio-sidecar-injector-{id}-{id}");
        let whs: Api<MutatingWebhookConfiguration> = Api::all(r.fxs[remote].client.clone());
        let before = whs.get(&name).await.unwrap();
        // Another root: the API server's own CA, from the test kubeconfig.
        let kc: serde_yaml::Value =
            serde_yaml::from_str(&std::fs::read_to_string(kubeconfig()).unwrap()).unwrap();
        let other = kc["clusters"][0]["cluster"]["certificate-authority-data"]
            .as_str()
            .unwrap()
            .to_string();
        let ops: Vec<serde_json::Value> = (0..before.webhooks.as_ref().unwrap().len())
            .map(|i| serde_json::json!({"op": "replace", "path": format!("/webhooks/{i}/clientConfig/caBundle"), "value": other}))
            .collect();
        let patch: json_patch::Patch =
            serde_json::from_value(serde_json::Value::Array(ops.clone())).unwrap();
        whs.patch(&name, &PatchParams::default(), &Patch::<()>::Json(patch)).await.unwrap();
        expect_fail(r.doctor(), "injection", "injectionCABundle");
        let restore: Vec<serde_json::Value> = before
            .webhooks
            .unwrap()
            .iter()
            .enumerate()
            .map(|(i, w)| serde_json::json!({"op": "replace", "path": format!("/webhooks/{i}/clientConfig/caBundle"), "value": base64(&w.client_config.ca_bundle.as_ref().unwrap().0)}))
            .collect();
        let patch: json_patch::Patch =
            serde_json::from_value(serde_json::Value::Array(restore)).unwrap();
        whs.patch(&name, &PatchParams::default(), &Patch::<()>::Json(patch)).await.unwrap();
        let o = r.doctor_with(&["--wait", "30s"]);
        assert!(o.status.success(), "{}", stdout(&o));
    }

    if break_links {
        break_one_link_at_a_time(&r, &t).await;
    }

    // The guide's clean-up, with the suite's own commands.
    ok(r.plugin("mesh-expose", &["zipkin", "--delete", "--context", &ctxs[0]]));
    for g in t.gateways {
        ok(r.plugin("mesh-expose", &["istiod", "--delete", "--context", &ctxs[*g]]));
        ok(r.plugin("mesh-expose", &["services", "--delete", "--context", &ctxs[*g]]));
    }
    // Tracing first: a remote's proxies follow the primary that watches it, which ends with unlink.
    ok(r.plugin("mesh-tracing", &["unset", "--context", &r.all(), "-n", &r.app()]));
    let mut unlink: Vec<String> = vec!["unlink".into()];
    unlink.extend(r.link_args(&t));
    ok(r.plugin("mesh-secret", &strs(&unlink)));
    if let Some(&remote) = t.remotes().first() {
        let e = fails(r.plugin("mesh-tracing", &["show", "--context", &r.all()]), 1);
        assert!(e.contains("some clusters could not be read"), "{e}");
        let o = r.plugin("mesh-tracing", &["show", "--context", &r.all(), "-o", "json"]);
        assert!(
            stdout(&o).contains(&format!("not found in {}", ctxs[remote]))
                && stdout(&o).contains("mesh-secret link"),
            "{}",
            stdout(&o)
        );
    }
    for ist in &istiods {
        let alone = wait_for(Duration::from_secs(60), || async {
            (ist.clusterz().await.iter().map(|(c, _)| c.as_str()).collect::<Vec<_>>()
                == [ist.context.as_str()])
            .then_some(())
        })
        .await;
        assert!(
            alone.is_some(),
            "istiod in {} still lists {:?} after unlink",
            ist.context,
            ist.clusterz().await
        );
    }
    for (i, fx) in r.fxs.iter().enumerate() {
        assert!(remote_secret_names(fx).await.is_empty(), "{}", ctxs[i]);
        for (kind, n) in [
            ("Gateway", "zipkin-gateway"),
            ("VirtualService", "zipkin-vs"),
            ("Gateway", "istiod-gateway"),
            ("VirtualService", "istiod-vs"),
            ("Gateway", "cross-network-gateway"),
        ] {
            assert!(
                dyn_api(fx, kind).get_opt(n).await.unwrap().is_none(),
                "{kind} {n} left in {}",
                ctxs[i]
            );
        }
        if let (Some(mesh), Some(before)) = (mesh_of(fx).await, &mesh_before[i]) {
            assert!(mesh["defaultConfig"]["tracing"].get("zipkin").is_none());
            assert_eq!(without_tracing(&mesh), without_tracing(before));
        }
        let ours = Api::<Secret>::namespaced(fx.client.clone(), &id)
            .list(&ListParams::default().labels("app.kubernetes.io/managed-by=kubectl-mesh"))
            .await
            .unwrap()
            .items
            .into_iter()
            .filter_map(|s| s.metadata.name)
            .collect::<Vec<_>>();
        assert_eq!(ours, ["cacerts"], "the guide's clean-up keeps only cacerts in {}", ctxs[i]);
    }
    let gw_after = svc_api(&r.fxs[0]).get(EASTWEST).await.unwrap();
    let strip_node_ports = |s: &Service| {
        s.spec
            .as_ref()
            .unwrap()
            .ports
            .clone()
            .unwrap()
            .into_iter()
            .map(|mut p| {
                p.node_port = None;
                p
            })
            .collect::<Vec<_>>()
    };
    assert_eq!(strip_node_ports(&gw_after), strip_node_ports(&gw_before));
    assert_eq!(gw_after.spec.unwrap().external_ips, None);
    for fx in r.fxs {
        fx.delete().await;
    }
}

async fn break_one_link_at_a_time(r: &Run, t: &Topology) {
    let c1 = &r.fxs[0];
    let (ctx1, ctx2) = (&r.ctxs[0], &r.ctxs[1]);
    let mut link: Vec<String> = vec!["link".into()];
    link.extend(r.link_args(t));
    link.push("--allow-loopback".into());

    // A control plane loses a remote secret.
    Api::<Secret>::namespaced(c1.client.clone(), &r.id)
        .delete(&format!("istio-remote-secret-{ctx2}"), &Default::default())
        .await
        .unwrap();
    expect_fail(r.doctor(), "remote secrets", "kubectl mesh-secret link");
    ok(r.plugin("mesh-secret", &strs(&link)));
    // A remote secret stops working (its token is revoked: the token Secret is deleted).
    Api::<Secret>::namespaced(r.fxs[1].client.clone(), &r.id)
        .delete(&format!("istio-reader-token-for-{ctx1}"), &Default::default())
        .await
        .unwrap();
    let revoked = wait_for(Duration::from_secs(30), || async {
        let o = r.doctor();
        (!o.status.success()).then_some(o)
    })
    .await
    .expect("a revoked token was not noticed");
    expect_fail(revoked, "remote secrets", "kubectl mesh-secret link");
    ok(r.plugin("mesh-secret", &strs(&link)));
    // (istiod re-syncs the replaced secret: --wait lets it)
    assert!(r.doctor_with(&["--wait", "30s"]).status.success());

    // The collector's route disappears.
    dyn_api(c1, "VirtualService").delete("zipkin-vs", &Default::default()).await.unwrap();
    expect_fail(r.doctor(), "exposure", "kubectl mesh-expose zipkin");
    ok(r.plugin("mesh-expose", &["zipkin", "--context", ctx1, "--external-ip", IP]));

    // A cluster's mesh config points elsewhere (and its proxies follow it only after a restart).
    ok(r.plugin(
        "mesh-tracing",
        &[
            "set",
            "--addr",
            "somewhere.else:9411",
            "--context",
            ctx2,
            "--no-restart",
            "-n",
            &r.app(),
        ],
    ));
    expect_fail(r.doctor(), "mesh config", "kubectl mesh-tracing set --via-gateway");
    ok(r.plugin(
        "mesh-tracing",
        &[
            "set",
            "--mode",
            "proxy-config",
            "--via-gateway",
            ctx1,
            "--context",
            &r.all(),
            "-n",
            &r.app(),
        ],
    ));
    // `doctor --wait` checks again until green (istiod and the roll-outs catch up).
    let clean = r.doctor_with(&["--wait", "30s"]);
    assert!(
        clean.status.success(),
        "doctor not clean after the fix:\n{}{}",
        stdout(&clean),
        stderr(&clean)
    );

    // Stale proxies alone: the mesh config is right, the running proxies are not.
    ok(r.plugin(
        "mesh-tracing",
        &[
            "set",
            "--via-gateway",
            ctx1,
            "--context",
            ctx2,
            "--sampling",
            "50",
            "--no-restart",
            "-n",
            &r.app(),
        ],
    ));
    expect_fail(r.doctor(), "proxies", "kubectl mesh-tracing restart");
    ok(r.plugin("mesh-tracing", &["restart", "--context", ctx2, "-n", &r.app()]));
    let clean = r.doctor_with(&["--wait", "30s"]);
    assert!(
        clean.status.success(),
        "doctor not clean after restart:\n{}{}",
        stdout(&clean),
        stderr(&clean)
    );

    // A cluster on another root.
    let other = tempfile::tempdir().unwrap();
    let other_ca = |args: &[&str]| {
        plugin("mesh-ca")
            .current_dir(other.path())
            .arg("--kubeconfig")
            .arg(kubeconfig())
            .args(["--istio-namespace", &r.id])
            .args(args)
            .output()
            .unwrap()
    };
    ok(other_ca(&["init"]));
    let secrets = Api::<Secret>::namespaced(r.fxs[1].client.clone(), &r.id);
    secrets.delete("cacerts", &Default::default()).await.unwrap();
    ok(other_ca(&["install", "--context", ctx2]));
    expect_fail(r.doctor(), "ca", "kubectl mesh-ca install --context");
    secrets.delete("cacerts", &Default::default()).await.unwrap();
    ok(r.plugin("mesh-ca", &["install", "--context", ctx2]));
    let o = r.doctor_with(&["--wait", "30s"]);
    assert!(o.status.success(), "{}", stdout(&o));
}

macro_rules! topology {
    ($name:ident, $clusters:expr, primaries = $p:expr, networks = $n:expr, gateways = $g:expr) => {
        topology!($name, $clusters, primaries = $p, networks = $n, gateways = $g, breaks = false);
    };
    ($name:ident, $clusters:expr, primaries = $p:expr, networks = $n:expr, gateways = $g:expr, breaks = $b:expr) => {
        #[tokio::test]
        async fn $name() {
            let t = Topology { clusters: $clusters, primaries: &$p, networks: &$n, gateways: &$g };
            scenario(t, &format!("t-{}", stringify!($name).replace('_', "-")), $b, false).await;
        }
    };
}

// Two clusters: {one control plane (primary + remote), two (multi-primary)} x {one network, two}.
topology!(c2_cp1_net1, 2, primaries = [0], networks = [1, 1], gateways = [0]);
topology!(c2_cp1_net2, 2, primaries = [0], networks = [1, 2], gateways = [0, 1]);
topology!(c2_cp2_net1, 2, primaries = [0, 1], networks = [1, 1], gateways = [0]);
topology!(c2_cp2_net2, 2, primaries = [0, 1], networks = [1, 2], gateways = [0, 1]);
// Three clusters, one control plane: one network; two networks with two or three east-west
// gateways; three networks.
topology!(c3_cp1_net1, 3, primaries = [0], networks = [1, 1, 1], gateways = [0]);
topology!(c3_cp1_net2_gw2, 3, primaries = [0], networks = [1, 1, 2], gateways = [0, 2]);
topology!(c3_cp1_net2_gw3, 3, primaries = [0], networks = [1, 1, 2], gateways = [0, 1, 2]);
topology!(c3_cp1_net3, 3, primaries = [0], networks = [1, 2, 3], gateways = [0, 1, 2]);
// Three clusters, two control planes (cluster3 a remote of both): 1, 2, 3 networks.
topology!(c3_cp2_net1, 3, primaries = [0, 1], networks = [1, 1, 1], gateways = [0]);
topology!(c3_cp2_net2, 3, primaries = [0, 1], networks = [1, 1, 2], gateways = [0, 2]);
topology!(c3_cp2_net3, 3, primaries = [0, 1], networks = [1, 2, 3], gateways = [0, 1, 2]);
// Three clusters, three control planes (multi-primary): 1, 2, 3 networks. The last also breaks
// each link of the chain in turn and checks that doctor names it with the right fix.
topology!(c3_cp3_net1, 3, primaries = [0, 1, 2], networks = [1, 1, 1], gateways = [0]);
topology!(c3_cp3_net2, 3, primaries = [0, 1, 2], networks = [1, 1, 2], gateways = [0, 2]);
topology!(
    c3_cp3_net3,
    3,
    primaries = [0, 1, 2],
    networks = [1, 2, 3],
    gateways = [0, 1, 2],
    breaks = true
);

// The guide's three clusters, three networks, three control planes, in telemetry mode: nothing
// restarts, every istiod serves the provider, doctor is green.
#[tokio::test]
async fn c3_cp3_net3_telemetry() {
    let t =
        Topology { clusters: 3, primaries: &[0, 1, 2], networks: &[1, 2, 3], gateways: &[0, 1, 2] };
    scenario(t, "t-c3-cp3-net3-tel", false, true).await;
}
