//! Scale: `kubectl mesh-secret link` full mesh and `kubectl mesh-tracing set` across 3, 6 and 9 local
//! clusters (`make bench` starts 9), each against the sequence a user would run by hand in the same
//! run (`istioctl create-remote-secret | kubectl apply` per pair; `kubectl get`/`apply` of the mesh
//! ConfigMap and `kubectl rollout restart` per cluster): wall time, API requests, and a straight-line
//! fit over the three sizes extrapolated to 30 clusters (870 secrets). Printed, never asserted.
mod common;

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use common::*;

const SIZES: [usize; 3] = [3, 6, 9];
const WORKLOADS: usize = 5;

fn contexts(n: usize) -> Vec<String> {
    (1..=n).map(|i| format!("cluster{i}")).collect()
}

fn kubectl(kc: &Path, ctx: &str, args: &[&str]) -> String {
    run(Command::new("kubectl").arg("--kubeconfig").arg(kc).args(["--context", ctx]).args(args))
}

/// An Istio namespace with the reader account in each cluster, as an install leaves it.
fn reader_namespace(kc: &Path, ctxs: &[String]) -> String {
    let ns = unique("bench-scale");
    for c in ctxs {
        kubectl(kc, c, &["create", "namespace", &ns]);
        kubectl(kc, c, &["-n", &ns, "create", "serviceaccount", "istio-reader-service-account"]);
    }
    ns
}

/// Requests a run made, from its `-v 6` log (ours: "requesting"; kubectl: its "Response" lines).
fn requests(stderr: &[u8]) -> usize {
    String::from_utf8_lossy(stderr).lines().filter(|l| l.contains("requesting")).count()
        + kubectl_requests(stderr)
}

fn timed(cmd: &mut Command) -> (Duration, usize) {
    let t = Instant::now();
    let o = cmd.output().unwrap();
    let d = t.elapsed();
    assert!(o.status.success(), "{cmd:?}: {}", String::from_utf8_lossy(&o.stderr));
    (d, requests(&o.stderr))
}

fn link(kc: &Path, ctxs: &[String], ns: &str) -> (Duration, usize) {
    timed(Command::new(bin("mesh-secret")).arg("--kubeconfig").arg(kc).args([
        "link",
        "--context",
        &ctxs.join(","),
        "--istio-namespace",
        ns,
        "--allow-loopback",
        "-v",
        "6",
    ]))
}

/// What Istio's docs say, per ordered pair: `istioctl create-remote-secret` on the source piped into
/// `kubectl apply` on the destination.
fn istioctl_link(kc: &Path, ctxs: &[String], ns: &str) -> (Duration, usize) {
    let istioctl = Path::new(&std::env::var("ISTIO_BIN").expect("ISTIO_BIN (make bench sets it)"))
        .join("istioctl");
    let mut s = String::from("set -eo pipefail\n");
    for src in ctxs {
        for dst in ctxs.iter().filter(|d| *d != src) {
            s.push_str(&format!(
                "server=$(kubectl config view --minify --context {src} -o jsonpath='{{.clusters[0].cluster.server}}')\n\
                 {istioctl} create-remote-secret --context {src} --name {src} -i {ns} --server \"$server\" | kubectl -v=6 --context {dst} apply -f - >/dev/null\n",
                istioctl = istioctl.display()
            ));
        }
    }
    timed(Command::new("bash").arg("-c").arg(s).env("KUBECONFIG", kc))
}

fn set(kc: &Path, ctxs: &[String], ns: &str, addr: &str) -> (Duration, usize) {
    timed(Command::new(bin("mesh-tracing")).arg("--kubeconfig").arg(kc).args([
        "set",
        "--mode",
        "proxy-config",
        "--addr",
        addr,
        "--context",
        &ctxs.join(","),
        "--istio-namespace",
        ns,
        "-n",
        &format!("{ns}-apps"),
        "-v",
        "6",
    ]))
}

fn kubectl_set(kc: &Path, ctxs: &[String], ns: &str, addr: &str) -> (Duration, usize) {
    let mut s = String::from("set -e\nf=$(mktemp)\n");
    for c in ctxs {
        s.push_str(&format!(
            "kubectl -v=6 --context {c} -n {ns} get cm istio -o yaml > $f\nsed -i 's/address: [^}} ]*/address: {addr}/' $f\n\
             kubectl -v=6 --context {c} apply -f $f >/dev/null\nkubectl -v=6 --context {c} rollout restart deploy -n {ns}-apps >/dev/null\n"
        ));
    }
    timed(Command::new("bash").arg("-c").arg(s).env("KUBECONFIG", kc))
}

/// Least squares without intercept: y = a x1 + b x2 (requests: per cluster and per secret).
fn fit2(points: &[(f64, f64, f64)]) -> (f64, f64) {
    let (s11, s12, s22, s1y, s2y) =
        points.iter().fold((0.0, 0.0, 0.0, 0.0, 0.0), |(a, b, c, d, e), (x1, x2, y)| {
            (a + x1 * x1, b + x1 * x2, c + x2 * x2, d + x1 * y, e + x2 * y)
        });
    let det = s11 * s22 - s12 * s12;
    ((s1y * s22 - s2y * s12) / det, (s2y * s11 - s1y * s12) / det)
}

/// Least squares: y = a + b x.
fn fit(points: &[(f64, f64)]) -> (f64, f64) {
    let n = points.len() as f64;
    let (sx, sy) = points.iter().fold((0.0, 0.0), |(a, b), (x, y)| (a + x, b + y));
    let (sxx, sxy) = points.iter().fold((0.0, 0.0), |(a, b), (x, y)| (a + x * x, b + x * y));
    let b = (n * sxy - sx * sy) / (n * sxx - sx * sx);
    ((sy - b * sx) / n, b)
}

fn main() {
    let kc = kubeconfig();
    let all = contexts(9);
    let have = kube::config::Kubeconfig::read_from(&kc)
        .unwrap()
        .contexts
        .into_iter()
        .map(|c| c.name)
        .collect::<Vec<_>>();
    assert!(
        all.iter().all(|c| have.contains(c)),
        "the scale benchmark needs cluster1..cluster9: `make bench` starts them"
    );

    println!("link, full mesh (n clusters, n(n-1) secrets):");
    let mut link_points = Vec::new();
    let mut istioctl_points = Vec::new();
    for n in SIZES {
        let ctxs = contexts(n);
        let secrets = n * (n - 1);
        let (ours, ours_req) = link(&kc, &ctxs, &reader_namespace(&kc, &ctxs));
        let (theirs, theirs_req) = istioctl_link(&kc, &ctxs, &reader_namespace(&kc, &ctxs));
        report(
            &format!("  {n} clusters, {secrets} secrets"),
            ours,
            theirs,
            "istioctl create-remote-secret | kubectl apply",
        );
        // istioctl logs no requests: the second count is kubectl apply's alone.
        println!(
            "    API requests: kubectl-mesh {ours_req}, kubectl apply after istioctl {theirs_req}"
        );
        link_points.push((n as f64, secrets as f64, ours.as_secs_f64(), ours_req as f64));
        istioctl_points.push((secrets as f64, theirs.as_secs_f64()));
    }
    let (a, b) = fit(&link_points.iter().map(|p| (p.1, p.2)).collect::<Vec<_>>());
    let (per_cluster, per_secret) =
        fit2(&link_points.iter().map(|p| (p.0, p.1, p.3)).collect::<Vec<_>>());
    let (ia, ib) = fit(&istioctl_points);
    println!(
        "  requests = {per_cluster:.1} per cluster + {per_secret:.2} per secret; extrapolated to 30 clusters (870 secrets): \
         kubectl-mesh {:.1} s and {:.0} requests; istioctl + kubectl {:.0} s",
        a + b * 870.0,
        per_cluster * 30.0 + per_secret * 870.0,
        ia + ib * 870.0
    );

    // A real Istio install in each of the 9 clusters, WORKLOADS injected Deployments in each.
    let ns = unique("bench-scale-tr");
    let istios: Vec<Istio> = std::thread::scope(|s| {
        let hs: Vec<_> = all.iter().map(|c| s.spawn(|| Istio::start(c, &ns))).collect();
        hs.into_iter().map(|h| h.join().unwrap()).collect()
    });
    let mut y = format!("---\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: {ns}-apps\n  labels: {{istio-injection: enabled}}\n");
    for i in 0..WORKLOADS {
        y.push_str(&format!(
            "---\napiVersion: apps/v1\nkind: Deployment\nmetadata: {{name: app{i}, namespace: {ns}-apps}}\nspec:\n  replicas: 1\n  selector: {{matchLabels: {{app: app{i}}}}}\n  template:\n    metadata: {{labels: {{app: app{i}}}}}\n    spec: {{containers: [{{name: app, image: nginx}}]}}\n"
        ));
    }
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("apps.yaml");
    std::fs::write(&f, y).unwrap();
    for c in &all {
        let _ = Command::new("kubectl")
            .arg("--kubeconfig")
            .arg(&kc)
            .args(["--context", c, "apply", "-f"])
            .arg(&f)
            .output();
        kubectl(&kc, c, &["apply", "-f", f.to_str().unwrap()]);
    }
    println!("set, edit + restart {WORKLOADS} Deployments per cluster:");
    let mut set_points = Vec::new();
    for (round, n) in SIZES.into_iter().enumerate() {
        let ctxs = contexts(n);
        let (ours, ours_req) = set(&kc, &ctxs, &ns, &format!("10.9.{round}.1:15018"));
        let (theirs, theirs_req) = kubectl_set(&kc, &ctxs, &ns, &format!("10.8.{round}.1:15018"));
        report(
            &format!("  {n} clusters"),
            ours,
            theirs,
            "kubectl get/apply + rollout restart per cluster",
        );
        println!("    API requests: kubectl-mesh {ours_req}, kubectl {theirs_req}");
        set_points.push((n as f64, ours.as_secs_f64()));
    }
    let (a, b) = fit(&set_points);
    println!("  extrapolated to 30 clusters: kubectl-mesh {:.1} s", a + b * 30.0);
    drop(istios);
    for c in &all {
        let _ = Command::new("kubectl")
            .arg("--kubeconfig")
            .arg(&kc)
            .args([
                "--context",
                c,
                "delete",
                "namespace",
                &ns,
                &format!("{ns}-apps"),
                "--wait=false",
            ])
            .output();
    }
}
