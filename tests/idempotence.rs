//! Fault matrix, idempotence: once a mesh is set up, a second run of every mutating command sends
//! not one write to any API server. Counted where the writes land: each local API server's audit log
//! (`tests/cluster/local.sh` enables one for every create, update, patch and delete). The second runs
//! go as a user of their own (a client certificate signed by each cluster's CA), so the count holds
//! while other tests write to the same clusters. SelfSubjectAccessReviews (asked before writes,
//! never stored) are not writes.
mod common;

use common::local::{audited_writes, kubeconfig_as};
use common::*;

#[tokio::test]
async fn a_second_run_of_every_mutating_command_writes_nothing() {
    let ctxs = take_contexts(2);
    let id = unique("t-idem");
    let fxs = Fixture::new_all(&ctxs, &id, &FixtureOpts::default()).await;
    for fx in &fxs {
        fx.wait_injected(1).await;
    }
    let dir = tempfile::tempdir().unwrap();
    let both = ctxs.join(",");
    let second_user = format!("{id}-second-run");
    let as_second = kubeconfig_as(dir.path(), &ctxs, &second_user);
    let run_as = |kc: &std::path::Path, args: &[&str]| -> std::process::Output {
        let (name, rest) = args.split_first().unwrap();
        let mut c = plugin(name);
        c.current_dir(dir.path())
            .arg("--kubeconfig")
            .arg(kc)
            .args(["--istio-namespace", &id])
            .args(rest);
        if *name == "mesh-tracing" {
            c.args(["--revision", &id]);
        }
        c.output().unwrap()
    };
    let run_in = |args: &[&str]| run_as(&kubeconfig(), args);
    let app = fxs[0].app_ns[0].clone();
    let apps = format!("{},{}", fxs[0].app_ns[0], fxs[1].app_ns[0]);
    let commands: Vec<Vec<&str>> = vec![
        vec!["mesh-ca", "install", "--context", &both],
        vec!["mesh-secret", "link", "--context", &both, "--allow-loopback"],
        vec!["mesh-expose", "zipkin", "--context", &ctxs[0], "--external-ip", "192.0.2.20"],
        vec!["mesh-expose", "istiod", "--context", &ctxs[0]],
        vec!["mesh-expose", "services", "--context", &ctxs[1]],
        vec![
            "mesh-expose",
            "port",
            "extra",
            "--port",
            "15990",
            "--to",
            "zipkin.x.svc.cluster.local:9411",
            "--context",
            &ctxs[0],
        ],
        vec![
            "mesh-tracing",
            "set",
            "--mode",
            "proxy-config",
            "--via-gateway",
            &ctxs[0],
            "--context",
            &both,
            "-n",
            &apps,
        ],
        vec![
            "mesh-tracing",
            "set",
            "--mode",
            "telemetry",
            "--addr",
            "192.0.2.21:15018",
            "--sampling",
            "4",
            "--context",
            &ctxs[1],
        ],
    ];
    ok(run_in(&["mesh-ca", "init"]));
    for cmd in &commands {
        ok(run_in(cmd));
    }
    let _ = app;
    // Wait for the restarted workloads' new pods, so the second `set` finds nothing stale.
    for fx in &fxs {
        fx.wait_injected(1).await;
    }
    for cmd in &commands {
        let o = run_as(&as_second, cmd);
        assert!(o.status.success(), "{cmd:?} failed on the second run:\n{}", stderr(&o));
    }
    let wrote: Vec<String> = ctxs
        .iter()
        .flat_map(|c| audited_writes(c, &second_user).into_iter().map(move |w| format!("{c}: {w}")))
        .collect();
    assert!(
        wrote.is_empty(),
        "second runs that wrote (from the API servers' audit logs):\n{}",
        wrote.join("\n")
    );
    // The count can fail: the same user's first write shows up in the log.
    let probe = run_as(
        &as_second,
        &[
            "mesh-expose",
            "port",
            "probe",
            "--port",
            "15991",
            "--to",
            "zipkin.x.svc.cluster.local:9411",
            "--context",
            &ctxs[0],
        ],
    );
    ok(probe);
    assert!(
        !audited_writes(&ctxs[0], &second_user).is_empty(),
        "a write by {second_user} is missing from the audit log"
    );
}
