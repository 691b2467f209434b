//! `kubectl mesh-tracing set` (edit + restart) with 200 Deployments over 4 namespaces injected by a
//! real istiod in one local cluster, against the manual kubectl sequence (`kubectl get cm` / `kubectl apply` of the
//! edited ConfigMap, then `kubectl rollout restart deploy -n NS` per namespace), in one run: time,
//! ratio, API requests, peak memory, and the restart phase against 200 bare PATCHes at the same
//! concurrency.
mod common;

use std::process::Command;
use std::time::{Duration, Instant};

use common::*;
use futures::StreamExt;
use k8s_openapi::api::apps::v1::Deployment;
use kube::api::{Api, Patch, PatchParams};

const CTX: &str = "cluster1";
const PER_NS: usize = 50;
const NAMESPACES: usize = 4;

/// A real Istio install, then 50 Deployments in each of 4 injected namespaces.
fn setup(istio_ns: &str, apps: &[String]) -> Istio {
    let istio = Istio::start(CTX, istio_ns);
    let spread: Vec<(String, usize)> = apps.iter().map(|ns| (ns.clone(), PER_NS)).collect();
    apply_workloads(CTX, &spread);
    istio
}

async fn settle(client: &kube::Client, apps: &[String], address: Option<&str>) {
    settle_injected(client, apps, PER_NS * NAMESPACES, address).await
}

fn ours(istio_ns: &str, apps: &[String], addr: &str, verbose: bool) -> (Duration, String) {
    let ns = apps.join(",");
    let mut c = Command::new("/usr/bin/time");
    c.args(["-f", "MAXRSS_KB=%M"]).arg(bin("mesh-tracing")).arg("--kubeconfig").arg(kubeconfig());
    c.args([
        "--context",
        CTX,
        "--istio-namespace",
        istio_ns,
        "-n",
        &ns,
        "set",
        "--mode",
        "proxy-config",
        "--addr",
        addr,
    ]);
    if verbose {
        c.args(["-v", "6"]);
    }
    let t = Instant::now();
    let out = c.output().unwrap();
    let d = t.elapsed();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    (d, String::from_utf8_lossy(&out.stderr).into_owned())
}

fn manual_script(istio_ns: &str, apps: &[String], addr: &str, verbose: bool) -> String {
    let v = if verbose { "-v=6" } else { "" };
    let mut s = format!(
        "set -e\nf=$(mktemp)\nkubectl {v} --context {CTX} -n {istio_ns} get cm istio -o yaml > $f\n\
         sed -i 's/address: [^}} ]*/address: {addr}/' $f\nkubectl {v} --context {CTX} apply -f $f >/dev/null\n"
    );
    for ns in apps {
        s.push_str(&format!(
            "kubectl {v} --context {CTX} rollout restart deploy -n {ns} >/dev/null\n"
        ));
    }
    s
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let kc = kubeconfig();
    let istio_ns = unique("bench-tr");
    let apps: Vec<String> = (0..NAMESPACES).map(|i| format!("{istio_ns}-ns{i}")).collect();
    let istio = setup(&istio_ns, &apps);
    let client = {
        let k = kube::config::Kubeconfig::read_from(&kc).unwrap();
        let opts =
            kube::config::KubeConfigOptions { context: Some(CTX.into()), ..Default::default() };
        kube::Client::try_from(kube::Config::from_custom_kubeconfig(k, &opts).await.unwrap())
            .unwrap()
    };
    settle(&client, &apps, None).await;

    let mut ours_t = Vec::new();
    let mut theirs_t = Vec::new();
    let mut rss = String::new();
    let mut restart_ms = String::new();
    for round in 0..3 {
        let a = format!("10.0.{round}.1:15018");
        let (d, err) = ours(&istio_ns, &apps, &a, false);
        rss = err.lines().find_map(|l| l.strip_prefix("MAXRSS_KB=")).unwrap_or("?").to_string();
        ours_t.push(d);
        settle(&client, &apps, Some(&a)).await;
        let b = format!("10.1.{round}.1:15018");
        let t = Instant::now();
        run(Command::new("bash")
            .arg("-c")
            .arg(manual_script(&istio_ns, &apps, &b, false))
            .env("KUBECONFIG", &kc));
        theirs_t.push(t.elapsed());
        settle(&client, &apps, Some(&b)).await;
    }
    ours_t.sort();
    theirs_t.sort();
    report(
        "set: edit + restart 200 Deployments in 4 namespaces (median of 3)",
        ours_t[1],
        theirs_t[1],
        "kubectl get/apply + rollout restart x4",
    );

    // API requests and the restart phase, from each tool's own log.
    let (_, err) = ours(&istio_ns, &apps, "10.2.0.1:15018", true);
    let ours_req = err.lines().filter(|l| l.contains("requesting")).count();
    restart_ms = err
        .lines()
        .find_map(|l| {
            l.split("restart_ms=")
                .nth(1)
                .map(|x| x.split_whitespace().next().unwrap_or("").to_string())
        })
        .unwrap_or(restart_ms);
    settle(&client, &apps, Some("10.2.0.1:15018")).await;
    let o = Command::new("bash")
        .arg("-c")
        .arg(manual_script(&istio_ns, &apps, "10.3.0.1:15018", true))
        .env("KUBECONFIG", &kc)
        .output()
        .unwrap();
    let theirs_req = kubectl_requests(&o.stderr);
    println!("API requests: kubectl-mesh {ours_req}, kubectl sequence {theirs_req}");
    println!("peak memory of kubectl-mesh-tracing set: {rss} KB (target < 64 MB)");

    // The physical limit: 200 bare PATCHes at the same concurrency (16).
    let mut targets = Vec::new();
    for ns in &apps {
        for i in 0..PER_NS {
            targets.push((ns.clone(), format!("app{i}")));
        }
    }
    let t = Instant::now();
    futures::stream::iter(targets.iter())
        .map(|(ns, name)| {
            let api: Api<Deployment> = Api::namespaced(client.clone(), ns);
            async move {
                api.patch(
                    name,
                    &PatchParams::default(),
                    &Patch::Merge(
                        serde_json::json!({"metadata": {"annotations": {"bench/touch": "x"}}}),
                    ),
                )
                .await
                .unwrap();
            }
        })
        .buffer_unordered(16)
        .collect::<Vec<_>>()
        .await;
    let bare = t.elapsed();
    let restart: f64 = restart_ms.parse().unwrap_or(f64::NAN);
    println!(
        "restart phase: {restart:.0} ms for 200 restarts; 200 bare PATCHes at concurrency 16: {:.0} ms; ratio {:.2} (target <= 2)",
        bare.as_secs_f64() * 1e3,
        restart / (bare.as_secs_f64() * 1e3)
    );
    drop(istio);
    for ns in apps.iter().chain(std::iter::once(&istio_ns)) {
        let _ = Command::new("kubectl")
            .arg("--kubeconfig")
            .arg(&kc)
            .args(["--context", CTX, "delete", "namespace", ns, "--wait=false"])
            .output();
    }
}
