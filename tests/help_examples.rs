//! Every `Examples:` line of every `--help` works: each parses with its plugin's own clap
//! definition (no cluster needed), and each runs, as written, against a set-up mesh and exits 0, so
//! no help example can rot (`mesh-expose services --context cluster1,cluster2` once did).

/// The example command lines of `cmd` and its subcommands: the `kubectl <plugin> …` lines of each
/// after-help, with the comment, any pipe and redirection cut off.
fn examples(cmd: &clap::Command, out: &mut Vec<String>) {
    if let Some(text) = cmd.get_after_help().or(cmd.get_after_long_help()) {
        for line in
            text.to_string().lines().map(str::trim).filter(|l| l.starts_with("kubectl mesh-"))
        {
            let line = line.split(" #").next().unwrap_or(line);
            let line = line.split(['|', '>']).next().unwrap_or(line).trim();
            out.push(line.to_string());
        }
    }
    for sub in cmd.get_subcommands() {
        examples(sub, out);
    }
}

#[test]
fn every_help_example_parses() {
    let mut total = 0;
    for (name, cmd) in kubectl_mesh::commands::plugins() {
        let mut lines = Vec::new();
        examples(&cmd, &mut lines);
        assert!(!lines.is_empty(), "{name} has no examples");
        for line in lines {
            let words: Vec<&str> = line.split_whitespace().collect();
            if words.get(1).copied() != Some(name) {
                continue; // another plugin's command, shown for context
            }
            let argv = std::iter::once(format!("kubectl-{name}"))
                .chain(words[2..].iter().map(|w| w.to_string()));
            if let Err(e) = cmd.clone().try_get_matches_from(argv) {
                panic!("the example `{line}` in {name}'s help does not parse:\n{e}");
            }
            total += 1;
        }
    }
    assert!(total > 50, "only {total} examples found");
}

mod common;

use std::path::Path;
use std::process::Stdio;
use std::time::{Duration, Instant};

use common::istiod::{Member, RealIstio};
use k8s_openapi::api::core::v1::{Namespace, Service};
use kube::api::{Api, Patch, PatchParams};
use serde_json::json;

/// Where each example runs in the sequence a user follows: the longest prefix an example starts
/// with places it. An example no prefix places fails the test, so a new example gets a place.
const ORDER: &[&str] = &[
    "mesh-ca init",
    "mesh-ca issue",
    "mesh-ca install",
    "mesh-ca verify",
    "mesh-ca status",
    "mesh-ca rotate intermediate",
    "mesh-ca rotate root --context cluster1,cluster2 --dry-run=client",
    "mesh-ca version",
    "mesh-ca completion",
    "mesh-secret link --context",
    "mesh-secret link --all-contexts",
    "mesh-secret link --primary",
    "mesh-secret create",
    "mesh-secret list",
    "mesh-secret rotate",
    "mesh-expose zipkin --context cluster1 --external-ip",
    "mesh-expose zipkin --context cluster1",
    "mesh-expose jaeger",
    "mesh-expose otel",
    "mesh-expose skywalking",
    "mesh-expose port",
    "mesh-expose istiod",
    "mesh-expose services",
    "mesh-expose status",
    // A sampling for two clusters first: the mesh-wide one after it makes them agree again, as
    // `migrate` needs.
    "mesh-tracing set --via-gateway cluster1 --context cluster1,cluster2 --sampling",
    "mesh-tracing set --mode telemetry",
    "mesh-tracing set --addr",
    "mesh-tracing show",
    "mesh-tracing doctor",
    "mesh-tracing spans",
    "mesh-tracing set --via-gateway",
    "mesh-tracing restart",
    "mesh-tracing migrate --to telemetry",
    "mesh-tracing migrate --to proxy-config",
    "mesh-tracing unset",
    "mesh-expose zipkin --delete",
    "mesh-expose zipkin --context cluster1 --delete",
    "mesh-secret unlink",
    "mesh-ca rotate root",
];

/// A kubeconfig with only `contexts`, so `--all-contexts` means the mesh.
fn mesh_kubeconfig(dir: &Path, contexts: &[String]) -> std::path::PathBuf {
    let mut kc: serde_yaml::Value =
        serde_yaml::from_str(&std::fs::read_to_string(common::kubeconfig()).unwrap()).unwrap();
    let keep = |v: &serde_yaml::Value| contexts.iter().any(|c| v["name"].as_str() == Some(c));
    let ctxs: Vec<serde_yaml::Value> =
        kc["contexts"].as_sequence().unwrap().iter().filter(|c| keep(c)).cloned().collect();
    kc["contexts"] = serde_yaml::Value::Sequence(ctxs);
    kc["current-context"] = contexts[0].clone().into();
    let path = dir.join("kubeconfig");
    std::fs::write(&path, serde_yaml::to_string(&kc).unwrap()).unwrap();
    path
}

/// Run one example line (`kubectl mesh-x …`) as its plugin binary, at most `limit`.
fn run_example(
    line: &str,
    dir: &Path,
    kubeconfig: &Path,
    limit: Duration,
) -> Result<String, String> {
    let words: Vec<&str> = line.split_whitespace().collect();
    let mut cmd = common::plugin(words[1]);
    cmd.args(&words[2..])
        .current_dir(dir)
        .env("KUBECONFIG", kubeconfig)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    // The local API servers listen on loopback, which a remote secret refuses unless told (a real
    // cluster's address needs no flag): the one addition to any example.
    if words[1] == "mesh-secret" && matches!(words[2], "link" | "create") {
        cmd.arg("--allow-loopback");
    }
    let mut child = cmd.spawn().unwrap();
    let t0 = Instant::now();
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            let o = child.wait_with_output().unwrap();
            let text = format!(
                "{}{}",
                String::from_utf8_lossy(&o.stdout),
                String::from_utf8_lossy(&o.stderr)
            );
            return if status.success() {
                Ok(text)
            } else {
                Err(format!("exit {:?}:\n{text}", status.code()))
            };
        }
        if t0.elapsed() > limit {
            let _ = child.kill();
            let o = child.wait_with_output().unwrap();
            return Err(format!(
                "still running after {limit:?}:\n{}{}",
                String::from_utf8_lossy(&o.stdout),
                String::from_utf8_lossy(&o.stderr)
            ));
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// Every example of every `--help`, run as written against a set-up mesh (three clusters, three
/// networks, a real istiod each in `istio-system` as `istioctl install` puts it, a canary revision
/// beside cluster1's, and the collectors the examples name), in the order a user would run them.
/// Each must exit 0.
#[tokio::test]
async fn every_help_example_runs_on_a_set_up_mesh() {
    let ctxs = common::take_contexts(3);
    let ns = "istio-system";
    // The examples act where a user's would: istio-system, every namespace. So the clusters must
    // hold no Istio there, and nothing of the tests before (namespaces still terminating).
    for c in &ctxs {
        let nss: Api<Namespace> = Api::all(common::client(c).await);
        let settled = common::wait_for(Duration::from_secs(180), || async {
            let list = nss.list(&Default::default()).await.ok()?;
            list.items
                .iter()
                .all(|n| n.status.as_ref().and_then(|s| s.phase.as_deref()) != Some("Terminating"))
                .then_some(())
        })
        .await;
        assert!(settled.is_some(), "namespaces still terminating in {c} after 180 s");
        assert!(nss.get_opt(ns).await.unwrap().is_none(), "{ns} exists in {c}: this test installs Istio there; run it on clusters without Istio (tests/cluster/local.sh)");
    }
    let nets = ["network1", "network2", "network3"];
    let members: Vec<Member> = ctxs
        .iter()
        .zip(nets)
        .map(|(c, n)| Member { revision: Some(""), ..Member::primary(c, n) })
        .collect();
    let mut istiods = RealIstio::start(ns, &members).await;
    let canary = Member {
        revision: Some("canary"),
        eastwest: false,
        ..Member::primary(&ctxs[0], "network1")
    };
    istiods.extend(RealIstio::start(ns, &[canary]).await);
    // A cloud's load balancer gives each east-west gateway an address (istiod learns each network's
    // gateway from it); here the Service's status says it.
    for (i, ist) in istiods.iter().take(3).enumerate() {
        let svcs: Api<Service> = Api::namespaced(ist.client.clone(), ns);
        let lb = json!({"status": {"loadBalancer": {"ingress": [{"ip": format!("192.168.229.{}", 110 + i)}]}}});
        svcs.patch_status(common::EASTWEST, &PatchParams::default(), &Patch::Merge(&lb))
            .await
            .unwrap();
    }
    // The collectors, as a user has them in cluster1's Istio namespace.
    let svcs: Api<Service> = Api::namespaced(istiods[0].client.clone(), ns);
    for (name, ports) in [
        ("zipkin", json!([{"name": "http-query", "port": 9411}])),
        ("jaeger-collector", json!([{"name": "http-zipkin", "port": 9411}])),
        (
            "opentelemetry-collector",
            json!([{"name": "otlp-grpc", "port": 4317}, {"name": "otlp-http", "port": 4318}]),
        ),
        ("skywalking-oap", json!([{"name": "grpc", "port": 11800}])),
    ] {
        let svc = json!({"apiVersion": "v1", "kind": "Service", "metadata": {"name": name}, "spec": {"selector": {"app": name}, "ports": ports}});
        svcs.patch(name, &PatchParams::apply("test-fixture"), &Patch::Apply(svc)).await.unwrap();
    }
    // The zipkin Service's pod: a real Jaeger (Istio's addon, kwok's pod, the built jaeger behind
    // it), with spans from every cluster, so `mesh-tracing spans` has them to count.
    let jaeger = common::collector::Jaeger::start(&ctxs[0], ns).await;
    for ist in istiods.iter().take(3) {
        jaeger.post_envoy_spans(&ist.cluster_id, 2);
    }
    let tmp = tempfile::tempdir().unwrap();
    let kubeconfig = mesh_kubeconfig(tmp.path(), &ctxs);
    let work = tmp.path().join("work");
    std::fs::create_dir_all(&work).unwrap();

    let mut lines = Vec::new();
    for (_, cmd) in kubectl_mesh::commands::plugins() {
        examples(&cmd, &mut lines);
    }
    let mut placed: Vec<(usize, String)> = Vec::new();
    for line in lines {
        let line = ["cluster1", "cluster2", "cluster3"]
            .iter()
            .zip(&ctxs)
            .fold(line, |l, (from, to)| l.replace(from, to));
        let body = line.trim_start_matches("kubectl ").to_string();
        // The longest prefix that fits places it.
        let at = (0..ORDER.len())
            .filter(|&i| {
                body.starts_with(
                    &ORDER[i].replace("cluster1", &ctxs[0]).replace("cluster2", &ctxs[1]),
                )
            })
            .max_by_key(|&i| ORDER[i].len());
        let at = at.unwrap_or_else(|| panic!("the example `{line}` has no place in ORDER"));
        if !placed.iter().any(|(_, l)| *l == line) {
            placed.push((at, line));
        }
    }
    placed.sort_by_key(|(at, _)| *at);
    let mut failed = Vec::new();
    for (_, line) in &placed {
        if let Err(e) = run_example(line, &work, &kubeconfig, Duration::from_secs(120)) {
            failed.push(format!("`{line}`: {e}"));
        }
    }
    assert!(
        failed.is_empty(),
        "{} of {} help examples failed on a set-up mesh:\n\n{}",
        failed.len(),
        placed.len(),
        failed.join("\n\n")
    );
    drop(jaeger);
    drop(istiods);
}
