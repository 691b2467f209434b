//! A dry run never writes: every mutating command of the four plugins, with `--dry-run=client` and
//! `--dry-run=server`, on clusters that already hold a linked, exposed, traced mesh. Afterwards not a
//! resourceVersion has moved in any cluster and not a byte has changed in the CA folder.
mod common;

use common::snapshot::snapshot;
use common::*;

#[tokio::test]
async fn no_dry_run_writes_anything() {
    let ctxs = take_contexts(2);
    let id = unique("t-dry");
    let fxs =
        Fixture::new_all(&ctxs, &id, &FixtureOpts { deployments: 1, ..Default::default() }).await;
    for fx in &fxs {
        fx.wait_injected(1).await;
    }
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let all = ctxs.join(",");
    let app = fxs[0].app_ns[0].clone();
    let cmd = |name: &str, args: &[&str]| {
        plugin(name)
            .current_dir(dir)
            .arg("--kubeconfig")
            .arg(kubeconfig())
            .args(["--istio-namespace", &id])
            .args(args)
            .output()
            .unwrap()
    };
    // A mesh as a user leaves it: CA installed, linked, zipkin exposed, tracing set.
    ok(cmd("mesh-ca", &["init"]));
    ok(cmd("mesh-ca", &["install", "--context", &all]));
    ok(cmd("mesh-secret", &["link", "--context", &all, "--allow-loopback"]));
    // A remote secret printed for GitOps once (its token Secret is create's own, not link's).
    ok(cmd(
        "mesh-secret",
        &["create", "--context", &ctxs[1], "--allow-loopback", "--name", "other"],
    ));
    ok(cmd("mesh-expose", &["zipkin", "--context", &ctxs[0], "--external-ip", "192.168.229.100"]));
    ok(cmd(
        "mesh-tracing",
        &[
            "set",
            "--mode",
            "proxy-config",
            "--via-gateway",
            &ctxs[0],
            "--context",
            &all,
            "-n",
            &app,
            "--revision",
            &id,
        ],
    ));
    ok(cmd(
        "mesh-tracing",
        &[
            "set",
            "--mode",
            "telemetry",
            "--addr",
            "192.0.2.9:9411",
            "--context",
            &ctxs[0],
            "--revision",
            &id,
        ],
    ));
    let before = snapshot(&fxs.iter().collect::<Vec<_>>(), dir).await;
    for must in [
        "secret",
        "configmap",
        "service",
        "Gateway",
        "VirtualService",
        "ServiceEntry",
        "Telemetry",
        "clusterrole",
        "deployment",
        "file ",
    ] {
        assert!(before.keys().any(|k| k.contains(must)), "the snapshot misses {must}: {before:?}");
    }

    let commands: Vec<(&str, Vec<&str>)> = vec![
        ("mesh-ca", vec!["init", "--force"]),
        ("mesh-ca", vec!["issue", &ctxs[0], "--force"]),
        ("mesh-ca", vec!["install", "--context", &all, "--force", "--restart-istiod"]),
        ("mesh-ca", vec!["rotate", "intermediate", "--context", &all, "--restart-istiod"]),
        ("mesh-ca", vec!["rotate", "root", "--context", &all, "--restart-istiod"]),
        ("mesh-secret", vec!["link", "--context", &all, "--allow-loopback", "--token-ttl", "1h"]),
        ("mesh-secret", vec!["unlink", "--context", &all]),
        ("mesh-secret", vec!["rotate", "--context", &all]),
        (
            "mesh-secret",
            vec!["create", "--context", &ctxs[1], "--allow-loopback", "--name", "other"],
        ),
        ("mesh-expose", vec!["zipkin", "--context", &ctxs[1], "--external-ip", "192.168.229.101"]),
        ("mesh-expose", vec!["zipkin", "--delete", "--context", &ctxs[0]]),
        ("mesh-expose", vec!["otel", "--context", &ctxs[0], "--to", "otel.obs:4317"]),
        (
            "mesh-expose",
            vec!["port", "custom", "--port", "15099", "--to", "a.b:80", "--context", &ctxs[0]],
        ),
        ("mesh-expose", vec!["istiod", "--context", &ctxs[0]]),
        ("mesh-expose", vec!["services", "--context", &ctxs[1]]),
        (
            "mesh-tracing",
            vec![
                "set",
                "--mode",
                "proxy-config",
                "--addr",
                "other.example:9411",
                "--sampling",
                "5",
                "--context",
                &all,
                "-n",
                &app,
                "--revision",
                &id,
            ],
        ),
        (
            "mesh-tracing",
            vec![
                "unset",
                "--mode",
                "proxy-config",
                "--context",
                &all,
                "-n",
                &app,
                "--revision",
                &id,
            ],
        ),
        (
            "mesh-tracing",
            vec!["restart", "--all", "--context", &all, "-n", &app, "--revision", &id],
        ),
        (
            "mesh-tracing",
            vec![
                "set",
                "--mode",
                "telemetry",
                "--addr",
                "zipkin.other.example:9411",
                "--sampling",
                "2",
                "--context",
                &all,
                "--revision",
                &id,
            ],
        ),
        (
            "mesh-tracing",
            vec!["unset", "--mode", "telemetry", "--context", &all, "--revision", &id],
        ),
        (
            "mesh-tracing",
            vec!["migrate", "--to", "telemetry", "--context", &all, "-n", &app, "--revision", &id],
        ),
        (
            "mesh-tracing",
            vec![
                "migrate",
                "--to",
                "proxy-config",
                "--context",
                &ctxs[0],
                "-n",
                &app,
                "--revision",
                &id,
            ],
        ),
    ];
    for mode in ["--dry-run=client", "--dry-run=server"] {
        for (name, args) in &commands {
            let o = cmd(name, &[&args[..], &[mode]].concat());
            let out = format!("{}{}", stdout(&o), stderr(&o));
            assert!(
                o.status.code() != Some(101) && !out.contains("panicked"),
                "{name} {args:?} {mode}:\n{out}"
            );
            // create cannot mint a token in a dry run when none exists; here one does (made above), so
            // all succeed.
            assert!(o.status.success(), "{name} {args:?} {mode} failed:\n{out}");
            let after = snapshot(&fxs.iter().collect::<Vec<_>>(), dir).await;
            let changed: Vec<String> = after
                .iter()
                .filter(|(k, v)| before.get(*k) != Some(v))
                .map(|(k, _)| k.clone())
                .chain(before.keys().filter(|k| !after.contains_key(*k)).cloned())
                .collect();
            assert!(changed.is_empty(), "{name} {args:?} {mode} changed {changed:?}\n{out}");
        }
    }
    for f in fxs {
        f.delete().await;
    }
}
