//! istiod is the judge: the guide's three-cluster, three-network, multi-primary mesh set up with the
//! suite's commands on a real Istio install per cluster (rendered by the built istioctl, istiod built
//! from istio.io/istio running as a local process), and every step checked from istiod's own view:
//! the root it distributes, the clusters it watches, the networks it knows, the mesh config it serves.
mod common;

use std::collections::BTreeSet;
use std::process::Command;
use std::time::Duration;

use common::istiod::{clusterz_now, eventually, proxy_config, with_ns, RealIstio};
use common::*;
use k8s_openapi::api::core::v1::Service;
use kube::api::{Api, Patch, PatchParams};
use serde_json::json;

fn istioctl() -> Command {
    let bin = std::env::var("ISTIO_BIN").expect("ISTIO_BIN (set by tests/cluster/local.sh)");
    Command::new(std::path::Path::new(&bin).join("istioctl"))
}

#[tokio::test]
async fn istiod_accepts_what_the_suite_writes() {
    let ctxs = take_contexts(3);
    let id = unique("t-istiod");
    let app = format!("{id}-app");
    let clusters: Vec<(String, String)> =
        ctxs.iter().enumerate().map(|(i, c)| (c.clone(), format!("network{}", i + 1))).collect();
    let istiods = RealIstio::start_all(&id, &clusters).await;
    for ist in &istiods {
        ist.app_namespace(&app, &["app1"]).await;
    }
    // The collector in cluster1 (the user's zipkin Service, not Istio's).
    let svcs: Api<Service> = Api::namespaced(istiods[0].client.clone(), &id);
    svcs.patch(
        "zipkin",
        &PatchParams::apply("test-fixture"),
        &Patch::Apply(json!({"apiVersion": "v1", "kind": "Service",
        "metadata": {"name": "zipkin"}, "spec": {"selector": {"app": "zipkin"},
        "ports": [{"name": "http-query", "port": 9411, "protocol": "TCP", "targetPort": 9411}]}})),
    )
    .await
    .unwrap();
    for ist in &istiods {
        eventually(&format!("an injected pod in {}", ist.context), 60, || async {
            !ist.injected_pods(&app).await.is_empty()
        })
        .await;
    }
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let all = ctxs.join(",");

    // `version` names each cluster's istiod revision and the version its manifest carries.
    let v: serde_json::Value = serde_json::from_str(&ok(with_ns(
        &id,
        "mesh-ca",
        &["version", "--context", &all, "-o", "json"],
        dir,
    )))
    .unwrap();
    for (c, ctx) in v["clusters"].as_array().unwrap().iter().zip(&ctxs) {
        assert_eq!(c["context"], ctx.as_str());
        let istio = c["istio"].as_array().unwrap_or_else(|| panic!("{v}"));
        assert_eq!(istio.len(), 1, "{v}");
        let (rev, ver) = istio[0].as_str().unwrap().split_once('=').unwrap();
        assert_eq!(rev, id, "{v}");
        assert!(ver != "unknown" && !ver.is_empty(), "{v}");
    }

    // CA: after install and the istiod restart it asks for, every cluster distributes our root.
    let self_signed =
        istiods[0].root_cert_in(&app).await.expect("istiod's own root before install");
    ok(with_ns(&id, "mesh-ca", &["init"], dir));
    let out = ok(with_ns(&id, "mesh-ca", &["install", "--context", &all, "--restart-istiod"], dir));
    assert_eq!(out.matches("restarted (cacerts changed)").count(), 3, "{out}");
    let root = std::fs::read_to_string(dir.join("mesh-ca/root-cert.pem")).unwrap();
    assert_ne!(root, self_signed);
    for ist in &istiods {
        eventually(&format!("our root in istio-ca-root-cert of {}", ist.context), 90, || async {
            ist.root_cert_in(&app).await.as_deref().map(str::trim) == Some(root.trim())
        })
        .await;
        assert!(
            ist.restarts() >= 1,
            "the istiod Deployment restart did not restart istiod in {}",
            ist.context
        );
        let log = ist.log();
        let ca_errors: Vec<&str> = log
            .lines()
            .filter(|l| l.contains("\terror\t") && !l.contains("Operation cannot be fulfilled")) // conflicts are retried
            .filter(|l| {
                ["cacerts", " CA", "root cert", "root-cert", "signing", "intermediate"]
                    .iter()
                    .any(|w| l.contains(w))
            })
            .collect();
        assert!(ca_errors.is_empty(), "istiod in {} logged CA errors: {ca_errors:?}", ist.context);
        assert!(
            log.contains("Use local CA certificate"),
            "istiod in {} did not load cacerts:\n{log}",
            ist.context
        );
    }

    // Remote secrets: each istiod watches exactly the two other clusters, synced.
    ok(with_ns(&id, "mesh-secret", &["link", "--context", &all, "--allow-loopback"], dir));
    for ist in &istiods {
        let want: BTreeSet<String> = ctxs.iter().cloned().collect();
        eventually(
            &format!("every cluster synced in {}'s /debug/clusterz", ist.context),
            60,
            || async {
                let got = ist.clusterz().await;
                got.iter().map(|(id, _)| id.clone()).collect::<BTreeSet<_>>() == want
                    && got.iter().all(|(_, s)| s == "synced")
            },
        )
        .await;
    }

    // Exposure: the collector and the services on every east-west gateway; istiod learns each
    // network's gateway, and istioctl analyze finds nothing wrong with what we wrote.
    for (i, c) in ctxs.iter().enumerate() {
        let ip = format!("192.168.229.{}", 101 + i);
        if i == 0 {
            ok(with_ns(&id, "mesh-expose", &["zipkin", "--context", c, "--external-ip", &ip], dir));
        }
        ok(with_ns(&id, "mesh-expose", &["services", "--context", c, "--external-ip", &ip], dir));
    }
    for ist in &istiods {
        eventually(
            &format!("three networks' gateways in {}'s /debug/networkz", ist.context),
            60,
            || async {
                let v = ist.debug("/debug/networkz").await;
                let text = v.to_string();
                (1..=3).all(|n| text.contains(&format!("network{n}")))
                    && (0..3).all(|i| text.contains(&format!("192.168.229.{}", 101 + i)))
            },
        )
        .await;
        // analyze looks for pods behind the Gateways' selectors: wait for the controller to make the
        // east-west gateway's pods (slow on a loaded machine; kwok runs them, with no Envoy inside).
        eventually(&format!("the east-west gateway's pods in {}", ist.context), 90, || async {
            let pods: Api<k8s_openapi::api::core::v1::Pod> =
                Api::namespaced(ist.client.clone(), &id);
            pods.list(&kube::api::ListParams::default().labels("istio=eastwestgateway"))
                .await
                .is_ok_and(|l| !l.items.is_empty())
        })
        .await;
        let o = istioctl()
            .args(["analyze", "--kubeconfig"])
            .arg(kubeconfig())
            .args([
                "--context",
                &ist.context,
                "-n",
                &id,
                "--revision",
                &id,
                "--failure-threshold",
                "Error",
                "--output-threshold",
                "Error",
            ])
            .output()
            .unwrap();
        assert!(
            o.status.success(),
            "istioctl analyze in {}:\n{}\n{}",
            ist.context,
            stdout(&o),
            stderr(&o)
        );
    }

    // Tracing: every istiod serves the address the suite set, the gateway's elsewhere, the local
    // Service at home.
    let out = ok(with_ns(
        &id,
        "mesh-tracing",
        &[
            "set",
            "--mode",
            "proxy-config",
            "--via-gateway",
            &ctxs[0],
            "--context",
            &all,
            "--revision",
            &id,
            "-n",
            &app,
        ],
        dir,
    ));
    assert!(out.contains("updated"), "{out}");
    for (i, ist) in istiods.iter().enumerate() {
        let want =
            if i == 0 { format!("zipkin.{id}:9411") } else { "192.168.229.101:15018".to_string() };
        eventually(&format!("{want} in {}'s /debug/mesh", ist.context), 30, || async {
            let m = ist.debug("/debug/mesh").await;
            m["defaultConfig"]["tracing"]["zipkin"]["address"].as_str() == Some(want.as_str())
                && m["enableTracing"] == true
        })
        .await;
        // The restarted workload's new pod was injected by istiod from that mesh config.
        eventually(&format!("a pod injected with {want} in {}", ist.context), 60, || async {
            ist.injected_pods(&app).await.iter().any(|p| {
                proxy_config(p).is_some_and(|pc| {
                    pc["tracing"]["zipkin"]["address"].as_str() == Some(want.as_str())
                })
            })
        })
        .await;
    }

    // doctor agrees with istiod: every stage green on this real install (revisioned, as many are).
    let o = with_ns(
        &id,
        "mesh-tracing",
        &["doctor", "--context", &all, "-n", &app, "--collector", &ctxs[0], "--revision", &id],
        dir,
    );
    let report = stdout(&o);
    assert!(o.status.success(), "doctor disagrees with istiod:\n{report}\n{}", stderr(&o));
    // Grouped by stage as `linkerd check` is, in plain words off a terminal, each cluster checked.
    for title in [
        "Clusters",
        "CA (cacerts)",
        "Remote secrets",
        "Networks (east-west gateways)",
        "Exposure",
        "Mesh config",
        "Proxies",
    ] {
        let at = report
            .lines()
            .position(|l| l == title)
            .unwrap_or_else(|| panic!("no {title} stage:\n{report}"));
        assert!(
            report.lines().nth(at + 2).is_some_and(|l| l.starts_with("[ok]")),
            "{title} does not pass:\n{report}"
        );
    }
    assert!(!report.contains("[error]") && !report.contains("[warn]"), "{report}");
    assert!(report.trim_end().ends_with(&format!("All {} checks passed.", 9 * 3 + 1)), "{report}");
    // Expiry: intermediates (730 days) within --warn-within are warnings with the rotate command;
    // warnings exit 0 unless --fail-on warn.
    let doctor_args = [
        "doctor",
        "--context",
        &all,
        "-n",
        &app,
        "--collector",
        &ctxs[0],
        "--revision",
        &id,
        "--warn-within",
        "1000d",
        "-o",
        "json",
    ];
    let checks: Vec<serde_json::Value> =
        serde_json::from_str(&ok(with_ns(&id, "mesh-tracing", &doctor_args, dir))).unwrap();
    let expiring: Vec<&serde_json::Value> =
        checks.iter().filter(|c| c["id"] == "ca.expiry").collect();
    assert_eq!(expiring.len(), 3, "{checks:#?}");
    assert!(
        expiring.iter().all(|c| c["status"] == "warn"
            && c["fix"].as_str().unwrap().contains("mesh-ca rotate intermediate")),
        "{expiring:#?}"
    );
    let o = with_ns(&id, "mesh-tracing", &[&doctor_args[..], &["--fail-on", "warn"]].concat(), dir);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(stderr(&o).contains("3 warning(s) and --fail-on warn"), "{}", stderr(&o));
    let show: serde_json::Value = serde_json::from_str(&ok(with_ns(
        &id,
        "mesh-tracing",
        &["show", "--context", &all, "-n", &app, "--revision", &id, "-o", "json"],
        dir,
    )))
    .unwrap();
    for (i, row) in show.as_array().unwrap().iter().enumerate() {
        let want =
            if i == 0 { format!("zipkin.{id}:9411") } else { "192.168.229.101:15018".to_string() };
        assert_eq!(row["address"].as_str(), Some(want.as_str()), "{row}");
    }

    // Intermediate rotation in cluster1: the root and istio-ca-root-cert stay; istiod signs with the
    // new intermediate (its own serving certificate on the secure gRPC port, 15012 in a pod, chains to
    // it); the old intermediate is kept beside the new one; the remote clusters stay synced.
    let ist = &istiods[0];
    let folder = dir.join("mesh-ca").join(&ctxs[0]);
    let old_inter = std::fs::read_to_string(folder.join("ca-cert.pem")).unwrap();
    let restarts = ist.restarts();
    // Before: a workload certificate requested as app1's proxy would chains to the old intermediate.
    let before = ist.workload_chain(&app, "default", &root).await.unwrap_or_else(|e| panic!("{e}"));
    assert!(
        chains_to(&before[0], &old_inter, &root),
        "the workload certificate does not chain to the old intermediate"
    );
    let rotated = ok(with_ns(
        &id,
        "mesh-ca",
        &["rotate", "intermediate", "--context", &ctxs[0], "--restart-istiod"],
        dir,
    ));
    let new_inter = std::fs::read_to_string(folder.join("ca-cert.pem")).unwrap();
    assert_ne!(old_inter, new_inter, "{rotated}");
    let kept: Vec<String> = std::fs::read_dir(&folder)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with("ca-key.pem.") && n.ends_with(".bak"))
        .collect();
    assert_eq!(kept.len(), 1, "the old intermediate key is kept: {kept:?}");
    eventually("istiod restarted and serving under the new intermediate", 90, || async {
        ist.restarts() > restarts && ist.served_chain().iter().any(|c| same_cert(c, &new_inter))
    })
    .await;
    assert!(!ist.served_chain().iter().any(|c| same_cert(c, &old_inter)));
    // After: istiod's CA signs workloads with the new intermediate, under the unchanged root.
    let after = ist.workload_chain(&app, "default", &root).await.unwrap_or_else(|e| panic!("{e}"));
    assert!(
        chains_to(&after[0], &new_inter, &root),
        "the workload certificate does not chain to the new intermediate and the root"
    );
    assert!(
        !chains_to(&after[0], &old_inter, &root),
        "the workload certificate still chains to the old intermediate"
    );
    assert!(
        after.iter().any(|c| same_cert(c, &new_inter))
            && !after.iter().any(|c| same_cert(c, &old_inter)),
        "{after:?}"
    );
    assert_eq!(
        ist.root_cert_in(&app).await.as_deref().map(str::trim),
        Some(root.trim()),
        "the root changed"
    );
    assert_eq!(std::fs::read_to_string(dir.join("mesh-ca/root-cert.pem")).unwrap(), root);
    eventually("every cluster synced again in cluster1's /debug/clusterz", 60, || async {
        let got = ist.clusterz().await;
        got.len() == ctxs.len() && got.iter().all(|(_, s)| s == "synced")
    })
    .await;
    // Every cluster still chains to the one root.
    ok(with_ns(&id, "mesh-ca", &["status", "--context", &all], dir));

    // unlink: istiod lets go of the remote clusters.
    ok(with_ns(&id, "mesh-secret", &["unlink", "--context", &all], dir));
    for (ist, ctx) in istiods.iter().zip(&ctxs) {
        eventually(&format!("only {ctx} left in its /debug/clusterz"), 60, || async {
            ist.clusterz().await.iter().map(|(id, _)| id.as_str()).collect::<Vec<_>>()
                == [ctx.as_str()]
        })
        .await;
    }
    drop(istiods); // stops every istiod and deletes the namespaces it owns
}

#[tokio::test]
async fn primary_remote_the_primary_watches_the_remote_and_the_remote_holds_nothing() {
    let ctxs = take_contexts(2);
    let id = unique("t-istiod-pr");
    let primary =
        RealIstio::start_all(&id, &[(ctxs[0].clone(), "network1".into())]).await.remove(0);
    // The remote runs no control plane: its Istio namespace is all `link` needs there.
    let remote_ns: Api<k8s_openapi::api::core::v1::Namespace> = Api::all(client(&ctxs[1]).await);
    remote_ns
        .patch(
            &id,
            &PatchParams::apply("test-fixture"),
            &Patch::Apply(
                json!({"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": id}}),
            ),
        )
        .await
        .unwrap();
    let tmp = tempfile::tempdir().unwrap();
    let out = ok(with_ns(
        &id,
        "mesh-secret",
        &["link", "--primary", &ctxs[0], "--remote", &ctxs[1], "--allow-loopback"],
        tmp.path(),
    ));
    assert_eq!(out.matches(" created").count(), 1, "{out}");
    let want =
        vec![(ctxs[0].clone(), "synced".to_string()), (ctxs[1].clone(), "synced".to_string())];
    eventually(&format!("{} synced in the primary's /debug/clusterz", ctxs[1]), 60, || async {
        primary.clusterz().await == want
    })
    .await;
    let held = Api::<k8s_openapi::api::core::v1::Secret>::namespaced(client(&ctxs[1]).await, &id)
        .list(&kube::api::ListParams::default().labels("istio/multiCluster=true"))
        .await
        .unwrap();
    assert!(held.items.is_empty(), "the remote holds remote secrets");
    ok(with_ns(
        &id,
        "mesh-secret",
        &["unlink", "--primary", &ctxs[0], "--remote", &ctxs[1]],
        tmp.path(),
    ));
    eventually("the remote gone from the primary's /debug/clusterz", 60, || async {
        primary.clusterz().await.iter().map(|(c, _)| c.as_str()).collect::<Vec<_>>()
            == [ctxs[0].as_str()]
    })
    .await;
    let _ = remote_ns.delete(&id, &Default::default()).await;
}

/// The token a remote secret in `holder` carries for `cluster`.
async fn carried_token(holder: &kube::Client, ns: &str, cluster: &str) -> String {
    let s = Api::<k8s_openapi::api::core::v1::Secret>::namespaced(holder.clone(), ns)
        .get(&format!("istio-remote-secret-{cluster}"))
        .await
        .unwrap();
    let text = String::from_utf8(s.data.unwrap()[cluster].0.clone()).unwrap();
    let kc: serde_yaml::Value = serde_yaml::from_str(&text).unwrap();
    kc["users"][0]["user"]["token"].as_str().unwrap().to_string()
}

/// Token rotation, judged by istiod: each istiod re-syncs the other cluster with its new token
/// (the API server sees that token used), the old token is revoked only then and fails a
/// TokenReview afterwards, and at no point does `/debug/clusterz` lack the other cluster.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn token_rotation_istiod_resyncs_before_the_old_token_is_revoked() {
    let ctxs = take_contexts(2);
    let id = unique("t-istiod-tr");
    let clusters: Vec<(String, String)> =
        ctxs.iter().enumerate().map(|(i, c)| (c.clone(), format!("network{}", i + 1))).collect();
    let istiods = RealIstio::start_all(&id, &clusters).await;
    let tmp = tempfile::tempdir().unwrap();
    let all = ctxs.join(",");
    ok(with_ns(&id, "mesh-secret", &["link", "--context", &all, "--allow-loopback"], tmp.path()));
    for ist in &istiods {
        eventually(&format!("both clusters synced in {}", ist.context), 60, || async {
            let got = ist.clusterz().await;
            got.len() == 2 && got.iter().all(|(_, s)| s == "synced")
        })
        .await;
    }
    // The old tokens: ctxs[1]'s, carried to ctxs[0], and the other way.
    let old = [
        carried_token(&istiods[0].client, &id, &ctxs[1]).await,
        carried_token(&istiods[1].client, &id, &ctxs[0]).await,
    ];
    // Watch every istiod's clusterz while the rotation runs, and for 3 s after it (a plain HTTP GET
    // in this process: a sample every few milliseconds).
    let watching = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(true));
    let ports: Vec<u16> = istiods.iter().map(|i| i.debug_port).collect();
    let watcher = {
        let watching = watching.clone();
        std::thread::spawn(move || {
            let (mut samples, mut gaps) = (0, Vec::new());
            while watching.load(std::sync::atomic::Ordering::Relaxed) {
                for port in &ports {
                    let v = clusterz_now(*port);
                    samples += 1;
                    if v.as_array().map_or(0, |a| a.len()) != 2 {
                        gaps.push(v.to_string());
                    }
                }
                std::thread::sleep(Duration::from_millis(5));
            }
            (samples, gaps)
        })
    };
    let started = std::time::Instant::now();
    let o = with_ns(&id, "mesh-secret", &["rotate", "--context", &all], tmp.path());
    let took = started.elapsed();
    tokio::time::sleep(Duration::from_secs(3)).await;
    watching.store(false, std::sync::atomic::Ordering::Relaxed);
    let (samples, gaps) = watcher.join().unwrap();
    let out = stdout(&o);
    assert!(o.status.success(), "{out}\n{}", stderr(&o));
    assert!(
        samples >= 50 && gaps.is_empty(),
        "{samples} samples over {took:?} + 3 s; clusterz lacked a cluster: {gaps:?}"
    );
    assert_eq!(out.matches("istiod uses the new token").count(), 2, "{out}");
    assert_eq!(out.matches(" deleted").count(), 2, "the old token Secrets revoked:\n{out}");
    // The new tokens differ, work, and the old ones no longer authenticate (the API server may keep
    // a successful review cached for a few seconds).
    let new = [
        carried_token(&istiods[0].client, &id, &ctxs[1]).await,
        carried_token(&istiods[1].client, &id, &ctxs[0]).await,
    ];
    assert!(new[0] != old[0] && new[1] != old[1]);
    for (i, source) in [&istiods[1], &istiods[0]].iter().enumerate() {
        eventually(&format!("the old token of {} rejected", source.context), 30, || async {
            !authenticates(&source.client, &old[i]).await
        })
        .await;
        assert!(authenticates(&source.client, &new[i]).await);
    }
    for ist in &istiods {
        let got = ist.clusterz().await;
        assert!(
            got.len() == 2 && got.iter().all(|(_, s)| s == "synced"),
            "{}: {got:?}",
            ist.context
        );
    }
    // link afterwards keeps the rotated tokens; a second rotation works the same way.
    let again = ok(with_ns(
        &id,
        "mesh-secret",
        &["link", "--context", &all, "--allow-loopback"],
        tmp.path(),
    ));
    assert_eq!(again.matches("unchanged").count(), 2, "{again}");
    let listed =
        ok(with_ns(&id, "mesh-secret", &["list", "--context", &all, "-o", "json"], tmp.path()));
    let rows: Vec<serde_json::Value> = serde_json::from_str(&listed).unwrap();
    assert!(rows.len() == 2 && rows.iter().all(|r| r["works"] == true), "{listed}");
    let second = ok(with_ns(&id, "mesh-secret", &["rotate", "--context", &all], tmp.path()));
    assert_eq!(second.matches("istiod uses the new token").count(), 2, "{second}");
    drop(istiods);
}

/// The certificates of a PEM bundle, compared as certificates.
fn certs_of(pem: &str) -> Vec<String> {
    pem.split("-----END CERTIFICATE-----")
        .filter(|b| b.contains("-----BEGIN CERTIFICATE-----"))
        .map(|b| format!("{}-----END CERTIFICATE-----\n", b.trim_start()))
        .collect()
}

fn same_bundle(a: &str, b: &[&str]) -> bool {
    let got = certs_of(a);
    got.len() == b.len() && got.iter().zip(b).all(|(g, w)| same_cert(g, w))
}

/// Root rotation, judged by istiod: after phase 1 every `istio-ca-root-cert` holds the old and the
/// new root; after phase 2 istiod's CA signs workloads under the new root, and a peer holding both
/// roots verifies certificates from the old and the new intermediates alike; after phase 3 only the
/// new root is left. Each phase is one run of the same command.
#[tokio::test]
async fn root_rotation_in_three_phases_on_istiod() {
    let ctxs = take_contexts(2);
    let id = unique("t-istiod-rr");
    let app = format!("{id}-app");
    let clusters: Vec<(String, String)> =
        ctxs.iter().enumerate().map(|(i, c)| (c.clone(), format!("network{}", i + 1))).collect();
    let istiods = RealIstio::start_all(&id, &clusters).await;
    for ist in &istiods {
        ist.app_namespace(&app, &[]).await;
    }
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let all = ctxs.join(",");
    let read = |p: &str| std::fs::read_to_string(dir.join("mesh-ca").join(p)).unwrap();
    ok(with_ns(&id, "mesh-ca", &["init"], dir));
    ok(with_ns(&id, "mesh-ca", &["install", "--context", &all, "--restart-istiod"], dir));
    let root_a = read("root-cert.pem");
    for ist in &istiods {
        eventually(&format!("root A in {}", ist.context), 90, || async {
            ist.root_cert_in(&app).await.is_some_and(|r| same_bundle(&r, &[&root_a]))
        })
        .await;
    }
    let inter_a = read(&format!("{}/ca-cert.pem", ctxs[0]));
    let leaf_a =
        wait_until_ok(|| async { istiods[0].workload_chain(&app, "default", &root_a).await })
            .await
            .map(|c| c[0].clone());
    let leaf_a = leaf_a.unwrap_or_else(|e| panic!("{e}"));
    let rotate = ["rotate", "root", "--context", &all, "--restart-istiod"];
    // cluster2's istiod runs with ISTIO_MULTIROOT_MESH=true (set on its Deployment, a new pod started).
    let multi = &istiods[1];
    let deps: Api<k8s_openapi::api::apps::v1::Deployment> =
        Api::namespaced(multi.client.clone(), &id);
    let env = json!({"spec": {"template": {"metadata": {"annotations": {"kubectl.kubernetes.io/restartedAt": "multiroot"}},
        "spec": {"containers": [{"name": "discovery", "env": [{"name": "ISTIO_MULTIROOT_MESH", "value": "true"}]}]}}}});
    deps.patch(&format!("istiod-{id}"), &PatchParams::default(), &Patch::Strategic(env))
        .await
        .unwrap();
    eventually("cluster2's istiod restarted with ISTIO_MULTIROOT_MESH", 90, || async {
        multi.restarts() >= 2 && !multi.served_chain().is_empty()
    })
    .await;
    let multi_starts = multi.restarts();

    // Phase 1, without --restart-istiod: rotate says before writing that cluster1's istiod ignores
    // a new root-cert.pem; cluster2's takes A+B by itself. Then the same phase with --restart-istiod
    // changes no Secret and restarts cluster1's istiod, which then distributes A+B too.
    let o = with_ns(&id, "mesh-ca", &["rotate", "root", "--context", &all], dir);
    let (out, err) = (stdout(&o), stderr(&o));
    assert!(o.status.success(), "{out}\n{err}");
    assert_eq!(out.matches("1 of 3").count(), 2, "{out}");
    assert!(
        err.contains("phase 1 of 3")
            && err.contains("proxies in")
            && err.contains("PROXY_CONFIG_XDS_AGENT"),
        "{err}"
    );
    let multiroot_warning = err
        .lines()
        .find(|l| l.contains("runs without ISTIO_MULTIROOT_MESH"))
        .unwrap_or_else(|| panic!("{err}"));
    assert!(
        multiroot_warning.contains(&ctxs[0]) && !multiroot_warning.contains(&ctxs[1]),
        "{multiroot_warning}"
    );
    let row = |ctx: &str| {
        out.lines().find(|l| l.starts_with(ctx)).unwrap_or_else(|| panic!("{out}")).to_string()
    };
    assert!(
        row(&ctxs[0]).ends_with("needs restart") && row(&ctxs[1]).ends_with("reloads cacerts"),
        "{out}"
    );
    let root_b = read("root.next/root-cert.pem");
    assert_eq!(read("root-cert.pem"), root_a, "the current root stays until phase 2");
    eventually("roots A and B in cluster2's istio-ca-root-cert, no restart", 90, || async {
        multi.root_cert_in(&app).await.is_some_and(|r| same_bundle(&r, &[&root_a, &root_b]))
    })
    .await;
    assert_eq!(multi.restarts(), multi_starts, "cluster2's istiod was restarted");
    assert!(
        istiods[0].root_cert_in(&app).await.is_some_and(|r| same_bundle(&r, &[&root_a])),
        "cluster1's istiod took a new root without ISTIO_MULTIROOT_MESH"
    );
    let again = ok(with_ns(
        &id,
        "mesh-ca",
        &["rotate", "root", "--context", &all, "--phase", "1", "--restart-istiod"],
        dir,
    ));
    assert_eq!(again.matches("unchanged").count(), 2, "{again}");
    for ist in &istiods {
        eventually(
            &format!("roots A and B in {}'s istio-ca-root-cert", ist.context),
            90,
            || async {
                ist.root_cert_in(&app).await.is_some_and(|r| same_bundle(&r, &[&root_a, &root_b]))
            },
        )
        .await;
    }
    let both = format!("{root_a}{root_b}");
    let leaf =
        istiods[0].workload_chain(&app, "default", &both).await.unwrap_or_else(|e| panic!("{e}"));
    assert!(
        chains_to(&leaf[0], &inter_a, &root_a),
        "phase 1 still signs with the old intermediate"
    );
    let status = ok(with_ns(&id, "mesh-ca", &["status", "--context", &all], dir));
    assert_eq!(status.matches("phase 1 of 3").count(), 2, "{status}");

    // Phase 2: workloads get certificates under B; a peer holding A+B verifies old and new alike.
    let o = with_ns(&id, "mesh-ca", &rotate, dir);
    assert!(o.status.success(), "{}\n{}", stdout(&o), stderr(&o));
    assert_eq!(read("root-cert.pem"), root_b, "the new root is the folder's root from phase 2");
    assert_eq!(read("root.previous/root-cert.pem"), root_a);
    assert!(!dir.join("mesh-ca/root.next").exists());
    let inter_b = read(&format!("{}/ca-cert.pem", ctxs[0]));
    assert_ne!(inter_a, inter_b);
    let leaf_b = wait_until_ok(|| async {
        let c = istiods[0].workload_chain(&app, "default", &both).await?;
        chains_to(&c[0], &inter_b, &root_b)
            .then(|| c[0].clone())
            .ok_or_else(|| "not yet signed by the new intermediate".to_string())
    })
    .await
    .unwrap_or_else(|e| panic!("{e}"));
    assert!(
        chains_to(&leaf_b, &inter_b, &both) && chains_to(&leaf_a, &inter_a, &both),
        "a peer with A+B verifies both"
    );
    assert!(
        !chains_to(&leaf_b, &inter_b, &root_a),
        "the new certificate is not under the old root"
    );
    for ist in &istiods {
        assert!(
            ist.root_cert_in(&app).await.is_some_and(|r| same_bundle(&r, &[&root_a, &root_b])),
            "phase 2 keeps both roots"
        );
    }

    // Phase 3: only B left.
    let o = with_ns(&id, "mesh-ca", &rotate, dir);
    assert!(
        o.status.success() && stderr(&o).contains("the rotation is finished"),
        "{}\n{}",
        stdout(&o),
        stderr(&o)
    );
    for ist in &istiods {
        eventually(&format!("only root B in {}'s istio-ca-root-cert", ist.context), 90, || async {
            ist.root_cert_in(&app).await.is_some_and(|r| same_bundle(&r, &[&root_b]))
        })
        .await;
    }
    let leaf =
        wait_until_ok(|| async { istiods[1].workload_chain(&app, "default", &root_b).await })
            .await
            .unwrap_or_else(|e| panic!("{e}"));
    assert!(chains_to(&leaf[0], &read(&format!("{}/ca-cert.pem", ctxs[1])), &root_b));
    let status = ok(with_ns(&id, "mesh-ca", &["status", "--context", &all], dir));
    assert!(!status.contains("phase") && status.matches(" ok").count() == 2, "{status}");
    ok(with_ns(&id, "mesh-ca", &["verify"], dir));
    let kept: Vec<String> = std::fs::read_dir(dir.join("mesh-ca"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with("root-key.pem.") && n.ends_with(".bak"))
        .collect();
    assert_eq!(kept.len(), 1, "the old root key is kept: {kept:?}");
    drop(istiods);
}

/// Two PEM certificates are the same certificate (compared without line wrapping).
fn same_cert(a: &str, b: &str) -> bool {
    let body = |p: &str| p.lines().filter(|l| !l.starts_with("-----")).collect::<String>();
    !body(a).is_empty() && body(a) == body(b)
}

/// Whether `leaf` verifies through `intermediate` to `root` (`openssl verify`, X.509 path rules).
fn chains_to(leaf: &str, intermediate: &str, root: &str) -> bool {
    let dir = tempfile::tempdir().unwrap();
    for (name, pem) in [("leaf.pem", leaf), ("inter.pem", intermediate), ("root.pem", root)] {
        std::fs::write(dir.path().join(name), pem).unwrap();
    }
    std::process::Command::new("openssl")
        .args(["verify", "-CAfile", "root.pem", "-untrusted", "inter.pem", "leaf.pem"])
        .current_dir(dir.path())
        .output()
        .expect("openssl")
        .status
        .success()
}
