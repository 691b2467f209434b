//! Telemetry mode against proxy-config mode on the guide's three clusters, a real istiod in each
//! and 200 injected Deployments between them, in one run: wall time, API writes (from the
//! plugin's own `-v 6` log) and pods restarted (new ReplicaSets, counted in the clusters) for
//! `set` in each mode and for a sampling change in each. `MESH_BENCH_LOGS=DIR` keeps each run's log.
mod common;

use std::process::Command;
use std::time::{Duration, Instant};

use common::*;
use k8s_openapi::api::apps::v1::{Deployment, ReplicaSet};
use kube::api::{Api, ListParams};

const CONTEXTS: [&str; 3] = ["cluster1", "cluster2", "cluster3"];
const WORKLOADS: usize = 200;

struct Measured {
    ms: f64,
    writes: usize,
    restarted: usize,
}

/// New ReplicaSets over every app namespace: one per restarted Deployment.
async fn replica_sets(clients: &[kube::Client], apps: &[String]) -> usize {
    let mut n = 0;
    for c in clients {
        for ns in apps {
            n += Api::<ReplicaSet>::namespaced(c.clone(), ns)
                .list(&ListParams::default())
                .await
                .map(|l| l.items.len())
                .unwrap_or(0);
        }
    }
    n
}

/// Wait (5 min at most) until the Deployment controller has caught up with every restart: each
/// Deployment's newest ReplicaSet has its pod.
async fn rolled_out(clients: &[kube::Client], apps: &[String]) {
    let deadline = Instant::now() + Duration::from_secs(300);
    while Instant::now() < deadline {
        let mut behind = 0;
        for c in clients {
            for ns in apps {
                let deps = Api::<Deployment>::namespaced(c.clone(), ns)
                    .list(&ListParams::default())
                    .await
                    .map(|l| l.items)
                    .unwrap_or_default();
                behind += deps
                    .iter()
                    .filter(|d| {
                        let st = d.status.clone().unwrap_or_default();
                        st.observed_generation != d.metadata.generation
                            || st.updated_replicas != Some(1)
                    })
                    .count();
            }
        }
        if behind == 0 {
            return;
        }
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
}

async fn measure(
    clients: &[kube::Client],
    apps: &[String],
    istio_ns: &str,
    args: &[&str],
) -> Measured {
    let before = replica_sets(clients, apps).await;
    let mut c = Command::new(bin("mesh-tracing"));
    c.arg("--kubeconfig")
        .arg(kubeconfig())
        .args([
            "--context",
            &CONTEXTS.join(","),
            "--istio-namespace",
            istio_ns,
            "-n",
            &apps.join(","),
            "-v",
            "6",
        ])
        .args(args);
    let t = Instant::now();
    let out = c.output().unwrap();
    let ms = t.elapsed().as_secs_f64() * 1e3;
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    if let Ok(dir) = std::env::var("MESH_BENCH_LOGS") {
        let _ = std::fs::write(
            format!("{dir}/{}.log", args.join("_").replace([':', '/'], "-")),
            &out.stderr,
        );
    }
    // The Deployment controller makes the new ReplicaSets a moment after the restart's patch.
    tokio::time::sleep(Duration::from_secs(3)).await;
    Measured {
        ms,
        writes: api_writes(&String::from_utf8_lossy(&out.stderr)),
        restarted: replica_sets(clients, apps).await - before,
    }
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let istio_ns = unique("bench-tel");
    let apps = vec![format!("{istio_ns}-apps")];
    let mut installs = Vec::new();
    let mut clients = Vec::new();
    for (i, ctx) in CONTEXTS.iter().enumerate() {
        installs.push(Istio::start(ctx, &istio_ns));
        // 67 + 67 + 66.
        let n = WORKLOADS / 3 + usize::from(i < WORKLOADS % 3);
        apply_workloads(ctx, &[(apps[0].clone(), n)]);
        clients.push(client(ctx).await);
    }
    for (i, c) in clients.iter().enumerate() {
        settle_injected(c, &apps, WORKLOADS / 3 + usize::from(i < WORKLOADS % 3), None).await;
    }
    // Telemetry mode first, on quiet clusters; then (its settings removed) proxy-config mode, each
    // of its runs also starting once the clusters are quiet again (every pod re-injected).
    let addr = "192.0.2.10:15018";
    let tel = measure(
        &clients,
        &apps,
        &istio_ns,
        &["set", "--mode", "telemetry", "--addr", addr, "--sampling", "10"],
    )
    .await;
    let tel_sampling = measure(
        &clients,
        &apps,
        &istio_ns,
        &["set", "--mode", "telemetry", "--addr", addr, "--sampling", "20"],
    )
    .await;
    measure(&clients, &apps, &istio_ns, &["unset", "--mode", "telemetry"]).await;
    let pc = measure(
        &clients,
        &apps,
        &istio_ns,
        &["set", "--mode", "proxy-config", "--addr", addr, "--sampling", "10"],
    )
    .await;
    for (i, c) in clients.iter().enumerate() {
        settle_injected(c, &apps, WORKLOADS / 3 + usize::from(i < WORKLOADS % 3), Some(addr)).await;
    }
    rolled_out(&clients, &apps).await;
    let pc_sampling = measure(
        &clients,
        &apps,
        &istio_ns,
        &["set", "--mode", "proxy-config", "--addr", addr, "--sampling", "20"],
    )
    .await;
    println!("3 clusters, {WORKLOADS} injected Deployments, mesh-tracing set (one run each):");
    let line = |what: &str, m: &Measured| {
        println!(
            "  {what:<34} {:>7.0} ms  {:>4} API writes  {:>4} pods restarted",
            m.ms, m.writes, m.restarted
        )
    };
    line("proxy-config: set", &pc);
    line("proxy-config: sampling change", &pc_sampling);
    line("telemetry: set", &tel);
    line("telemetry: sampling change", &tel_sampling);
    println!(
        "telemetry/proxy-config: set {:.2}x the time, {:.3}x the writes; sampling change {:.2}x the time",
        tel.ms / pc.ms,
        tel.writes as f64 / pc.writes.max(1) as f64,
        tel_sampling.ms / pc_sampling.ms
    );
    drop(installs);
    for ctx in CONTEXTS {
        for ns in apps.iter().chain(std::iter::once(&istio_ns)) {
            let _ = Command::new("kubectl")
                .arg("--kubeconfig")
                .arg(kubeconfig())
                .args(["--context", ctx, "delete", "namespace", ns, "--wait=false"])
                .output();
        }
    }
}
