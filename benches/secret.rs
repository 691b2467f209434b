//! `kubectl mesh-secret link` wiring three local clusters full-mesh, against the manual sequence
//! (per pair: create the token Secret with kubectl, read it back, build the kubeconfig, kubectl
//! apply the Secret), in one run: time, ratio, and API requests each made.
mod common;

use std::path::Path;
use std::process::Command;

use common::*;

const CLUSTERS: [&str; 3] = ["cluster1", "cluster2", "cluster3"];

/// A fresh Istio namespace with the reader account in every cluster (what an Istio install leaves).
fn fresh_namespace(kc: &Path) -> String {
    let ns = unique("bench-sec");
    for c in CLUSTERS {
        run(Command::new("kubectl").arg("--kubeconfig").arg(kc).args([
            "--context",
            c,
            "create",
            "namespace",
            &ns,
        ]));
        run(Command::new("kubectl").arg("--kubeconfig").arg(kc).args([
            "--context",
            c,
            "-n",
            &ns,
            "create",
            "serviceaccount",
            "istio-reader-service-account",
        ]));
    }
    ns
}

fn manual_script(ns: &str, verbose: bool) -> String {
    let v = if verbose { "-v=6" } else { "" };
    let mut s = String::from("set -e\n");
    for src in CLUSTERS {
        for dst in CLUSTERS.iter().filter(|d| **d != src) {
            s.push_str(&format!(
                r#"
kubectl {v} --context {src} -n {ns} apply -f - >/dev/null <<EOT
apiVersion: v1
kind: Secret
metadata:
  name: istio-reader-service-account-istio-remote-secret-token
  annotations: {{kubernetes.io/service-account.name: istio-reader-service-account}}
type: kubernetes.io/service-account-token
EOT
tok=""
until [ -n "$tok" ]; do tok=$(kubectl {v} --context {src} -n {ns} get secret istio-reader-service-account-istio-remote-secret-token -o jsonpath='{{.data.token}}'); done
ca=$(kubectl config view --raw --minify --context {src} -o jsonpath='{{.clusters[0].cluster.certificate-authority-data}}')
server=$(kubectl config view --raw --minify --context {src} -o jsonpath='{{.clusters[0].cluster.server}}')
kc=$(printf 'apiVersion: v1\nkind: Config\nclusters:\n- name: {src}\n  cluster: {{server: %s, certificate-authority-data: %s}}\nusers:\n- name: {src}\n  user: {{token: %s}}\ncontexts:\n- name: {src}\n  context: {{cluster: {src}, user: {src}}}\ncurrent-context: {src}\n' "$server" "$ca" "$(echo "$tok" | base64 -d)" | base64 -w0)
kubectl {v} --context {dst} -n {ns} apply -f - >/dev/null <<EOT
apiVersion: v1
kind: Secret
metadata:
  name: istio-remote-secret-{src}
  labels: {{istio/multiCluster: "true"}}
  annotations: {{networking.istio.io/cluster: {src}}}
data:
  {src}: $kc
EOT
"#
            ));
        }
    }
    s
}

/// What Istio's docs do, per pair: `istioctl create-remote-secret` on the source piped into
/// `kubectl apply` on the destination (istioctl built from istio.io/istio by tests/cluster/build.sh).
fn istioctl_script(ns: &str, verbose: bool) -> String {
    let istioctl =
        std::path::Path::new(&std::env::var("ISTIO_BIN").expect("ISTIO_BIN (make bench sets it)"))
            .join("istioctl");
    let v = if verbose { "-v=6" } else { "" };
    let mut s = String::from("set -eo pipefail\n");
    for src in CLUSTERS {
        for dst in CLUSTERS.iter().filter(|d| **d != src) {
            s.push_str(&format!(
                "server=$(kubectl config view --minify --context {src} -o jsonpath='{{.clusters[0].cluster.server}}')\n\
                 {istioctl} create-remote-secret --context {src} --name {src} -i {ns} --server \"$server\" | \
                 kubectl {v} --context {dst} apply -f - >/dev/null\n",
                istioctl = istioctl.display()
            ));
        }
    }
    s
}

fn main() {
    let kc = kubeconfig();
    let contexts = CLUSTERS.join(",");
    let link = |ns: &str, verbose: bool| {
        let mut c = Command::new(bin("mesh-secret"));
        c.arg("--kubeconfig").arg(&kc).args([
            "link",
            "--context",
            &contexts,
            "--istio-namespace",
            ns,
            "--allow-loopback",
        ]);
        if verbose {
            c.args(["-v", "6"]);
        }
        c.output().unwrap()
    };
    let n = 3;
    let mut ours_ns = Vec::new();
    let mut theirs_ns = Vec::new();
    for _ in 0..n {
        ours_ns.push(fresh_namespace(&kc));
        theirs_ns.push(fresh_namespace(&kc));
    }
    let mut i = 0;
    let ours = median(n, || {
        let o = link(&ours_ns[i], false);
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        i += 1;
    });
    let mut j = 0;
    let theirs = median(n, || {
        run(Command::new("bash")
            .arg("-c")
            .arg(manual_script(&theirs_ns[j], false))
            .env("KUBECONFIG", &kc));
        j += 1;
    });
    report(
        &format!("link 3 clusters full mesh, 6 secrets (median of {n})"),
        ours,
        theirs,
        "manual kubectl sequence",
    );
    let istioctl_ns: Vec<String> = (0..n).map(|_| fresh_namespace(&kc)).collect();
    let mut k = 0;
    let istioctl = median(n, || {
        run(Command::new("bash")
            .arg("-c")
            .arg(istioctl_script(&istioctl_ns[k], false))
            .env("KUBECONFIG", &kc));
        k += 1;
    });
    report(
        &format!("link 3 clusters full mesh, 6 secrets (median of {n})"),
        ours,
        istioctl,
        "istioctl create-remote-secret | kubectl apply",
    );

    // API requests, from each tool's own request log, on fresh namespaces.
    let ns = fresh_namespace(&kc);
    let o = link(&ns, true);
    let ours_req =
        String::from_utf8_lossy(&o.stderr).lines().filter(|l| l.contains("requesting")).count();
    let again = link(&ns, true);
    let ours_again =
        String::from_utf8_lossy(&again.stderr).lines().filter(|l| l.contains("requesting")).count();
    let ns = fresh_namespace(&kc);
    let o = Command::new("bash")
        .arg("-c")
        .arg(manual_script(&ns, true))
        .env("KUBECONFIG", &kc)
        .output()
        .unwrap();
    let theirs_req = kubectl_requests(&o.stderr);
    println!(
        "API requests: kubectl-mesh {ours_req} ({:.1} per secret; re-run with nothing to change: {ours_again}), manual kubectl {theirs_req} ({:.1} per secret)",
        ours_req as f64 / 6.0,
        theirs_req as f64 / 6.0
    );
}
