//! What the plugins say where Istio is missing (a cluster without Istio's CRDs), and `--wait`'s
//! bound: one-line errors, non-zero exits, nothing changed.
mod common;

use common::*;
use k8s_openapi::api::apps::v1::Deployment;
use k8s_openapi::api::core::v1::{Namespace, Pod, Service};
use kube::api::{Api, Patch, PatchParams};
use serde_json::json;

#[tokio::test]
async fn expose_without_istio_crds_is_advice_and_changes_nothing() {
    let bare = bare_context();
    let ns = unique("t-bare");
    let c = client(&bare).await;
    let nss: Api<Namespace> = Api::all(c.clone());
    nss.patch(
        &ns,
        &PatchParams::apply("test"),
        &Patch::Apply(json!({"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": ns}})),
    )
    .await
    .unwrap();
    let svcs: Api<Service> = Api::namespaced(c.clone(), &ns);
    // No gateway yet: that is said first.
    let e = fails(run("mesh-expose", &["zipkin", "--context", &bare, "--istio-namespace", &ns]), 1);
    assert!(e.contains(&format!("Service {ns}/istio-eastwestgateway not found in {bare}")), "{e}");
    // A gateway Service, but no Istio CRDs: advice, and the Service is not touched.
    svcs.patch(EASTWEST, &PatchParams::apply("test"), &Patch::Apply(eastwest_service()))
        .await
        .unwrap();
    let rv = svcs.get(EASTWEST).await.unwrap().metadata.resource_version;
    let e = fails(
        run(
            "mesh-expose",
            &["zipkin", "--context", &bare, "--istio-namespace", &ns, "--to", "zipkin.x:9411"],
        ),
        1,
    );
    assert!(e.contains(&format!("Istio's Gateway CRD (networking.istio.io) is not installed in {bare}: install Istio there first")), "{e}");
    assert_eq!(svcs.get(EASTWEST).await.unwrap().metadata.resource_version, rv);
    let e = fails(run("mesh-expose", &["istiod", "--context", &bare, "--istio-namespace", &ns]), 1);
    assert!(e.contains("CRD"), "{e}");
    // mesh-tracing: no mesh config there.
    let e = fails(run("mesh-tracing", &["show", "--context", &bare, "--istio-namespace", &ns]), 1);
    assert!(e.contains("could not be read"), "{e}");
    let e = fails(
        run(
            "mesh-tracing",
            &["set", "--addr", "a.b:9411", "--context", &bare, "--istio-namespace", &ns],
        ),
        1,
    );
    assert!(
        e.contains(&format!("ConfigMap {ns}/istio not found in {bare}: is Istio installed there?")),
        "{e}"
    );
    let _ = nss.delete(&ns, &Default::default()).await;
}

#[tokio::test]
async fn wait_follows_roll_outs_and_gives_up_after_its_timeout_printing_every_summary() {
    // kwok runs the pods, so a roll-out finishes as on a real cluster, and `--wait` waits for it.
    // One that cannot finish is made as on a real cluster too: a pod template no node matches.
    let ctxs = take_contexts(2);
    let id = unique("t-wait");
    let (stale, idle) =
        (FixtureOpts::default(), FixtureOpts { deployments: 0, ..Default::default() });
    let (fx, fx2) =
        tokio::join!(Fixture::new(&ctxs[0], &id, &stale), Fixture::new(&ctxs[1], &id, &idle));
    fx.wait_injected(1).await;
    let both = ctxs.join(",");
    let rev = fx.revision_args();
    let set = |addr: &str, timeout: &str| {
        let mut args = vec![
            "set",
            "--mode",
            "proxy-config",
            "--addr",
            addr,
            "--context",
            &both,
            "--istio-namespace",
            &fx.istio_ns,
            "-n",
            &fx.app_ns[0],
            "--wait",
            "--timeout",
            timeout,
        ];
        args.extend(rev.iter().map(String::as_str));
        run("mesh-tracing", &args)
    };
    let o = set("w.x:9411", "60s");
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(0), "the roll-out finishes and --wait returns: {err}");
    assert!(err.contains("1/1 roll-outs done"), "no progress line: {err}");
    let pods: Api<Pod> = Api::namespaced(fx.client.clone(), &fx.app_ns[0]);
    let settled = wait_for(std::time::Duration::from_secs(30), || async {
        let items = pods.list(&Default::default()).await.ok()?.items;
        (items.len() == 1).then_some(())
    })
    .await;
    assert!(settled.is_some(), "the old pod did not go after the roll-out");

    // No node matches the template any more: the new pod stays Pending, the roll-out cannot end.
    let deps: Api<Deployment> = Api::namespaced(fx.client.clone(), &fx.app_ns[0]);
    let nowhere = json!({"spec": {"template": {"spec": {"nodeSelector": {"kubectl-mesh.test/node": "none"}}}}});
    deps.patch("app1", &PatchParams::default(), &Patch::Merge(&nowhere)).await.unwrap();
    let o = set("y.z:9411", "2s");
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(err.contains("0/1 roll-outs done"), "no progress line: {err}");
    assert!(
        err.lines()
            .last()
            .unwrap()
            .contains(&format!("1 roll-out(s) in {} not finished within 2s", ctxs[0])),
        "{err}"
    );
    let table = stdout(&o);
    let row = |ctx: &str| {
        table
            .lines()
            .find(|l| l.starts_with(&format!("{ctx} ")))
            .unwrap_or_else(|| panic!("no summary of {ctx}:\n{table}"))
            .to_string()
    };
    assert!(table.lines().next().unwrap().contains("ROLLED OUT"), "{table}");
    assert!(row(&ctxs[0]).contains("not finished within 2s"), "{table}");
    assert!(row(&ctxs[1]).trim_end().ends_with("done"), "{table}");
    fx.delete().await;
    fx2.delete().await;
}

#[tokio::test]
async fn doctor_counts_an_unreachable_cluster_once_and_asks_for_the_control_planes() {
    let bare = bare_context();
    let tmp = tempfile::tempdir().unwrap();
    let (gone, port) = unreachable_kubeconfig(tmp.path());
    let merged = format!("{}:{}", kubeconfig().display(), gone.display());
    let doctor = |more: &[&str]| {
        let o = plugin("mesh-tracing")
            .env("KUBECONFIG", &merged)
            .args(["doctor", "--context", &format!("{bare},gone"), "-o", "json"])
            .args(more)
            .output()
            .unwrap();
        let checks: Vec<serde_json::Value> = serde_json::from_str(&stdout(&o))
            .unwrap_or_else(|e| panic!("{e}: {}{}", stdout(&o), stderr(&o)));
        (o.status.code(), checks)
    };
    let (code, checks) = doctor(&[]);
    assert_eq!(code, Some(1));
    let about_gone: Vec<&serde_json::Value> =
        checks.iter().filter(|c| c["cluster"] == "gone").collect();
    assert_eq!(about_gone.len(), 1, "one finding for the unreachable cluster: {about_gone:#?}");
    assert_eq!(about_gone[0]["id"], "clusters.reachable");
    assert!(
        about_gone[0]["detail"].as_str().unwrap().contains(&format!("127.0.0.1:{port}")),
        "{:?}",
        about_gone[0]
    );
    // No istiod Deployment anywhere: no guess, a question.
    let cp = checks
        .iter()
        .find(|c| c["id"] == "clusters.controlplanes")
        .unwrap_or_else(|| panic!("{checks:#?}"));
    assert_eq!(cp["status"], "error");
    assert!(cp["fix"].as_str().unwrap().contains("--primary"), "{cp}");
    assert!(!checks.iter().any(|c| c["stage"] == "remote secrets"), "{checks:#?}");
    // Named: the secrets of that control plane are checked instead.
    let (_, checks) = doctor(&["--primary", &bare]);
    assert!(!checks.iter().any(|c| c["id"] == "clusters.controlplanes"), "{checks:#?}");
    assert!(
        checks.iter().any(|c| c["id"] == "remotesecrets.held" && c["cluster"] == bare.as_str()),
        "{checks:#?}"
    );
    // `--wait` gives up at its bound, reports the last round, and says it waited.
    let o = plugin("mesh-tracing")
        .env("KUBECONFIG", &merged)
        .args(["doctor", "--context", &format!("{bare},gone"), "--wait", "3s"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("after waiting 3s"), "{}", stderr(&o));
    assert!(stdout(&o).contains("[error] gone: "), "{}", stdout(&o));
}
