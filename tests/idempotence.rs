//! Fault matrix, idempotence: once a mesh is set up, a second run of every mutating command sends
//! not one write (POST, PUT, PATCH, DELETE) to any API server. Counted from the client's own request
//! log (`-v 6`, one line per request, as kubectl's), which is what the API servers receive;
//! SelfSubjectAccessReviews (asked before writes, never stored) are not writes.
mod common;

use common::*;

fn writes(stderr: &str) -> Vec<String> {
    stderr
        .lines()
        .filter(|l| l.contains("requesting"))
        .filter(|l| ["POST", "PUT", "PATCH", "DELETE"].iter().any(|m| l.contains(&format!("http.method={m} "))))
        .filter(|l| !l.contains("/selfsubjectaccessreviews"))
        .map(|l| l.split("http.url=").nth(1).unwrap_or(l).split_whitespace().next().unwrap_or("").to_string())
        .collect()
}

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
    let run_in = |args: &[&str]| -> std::process::Output {
        let (name, rest) = args.split_first().unwrap();
        let mut c = plugin(name);
        c.current_dir(dir.path()).arg("--kubeconfig").arg(kubeconfig()).args(["--istio-namespace", &id]).args(rest);
        if *name == "mesh-tracing" {
            c.args(["--revision", &id]);
        }
        c.output().unwrap()
    };
    let app = fxs[0].app_ns[0].clone();
    let apps = format!("{},{}", fxs[0].app_ns[0], fxs[1].app_ns[0]);
    let commands: Vec<Vec<&str>> = vec![
        vec!["mesh-ca", "install", "--context", &both],
        vec!["mesh-secret", "link", "--context", &both, "--allow-loopback"],
        vec!["mesh-expose", "zipkin", "--context", &ctxs[0], "--external-ip", "192.0.2.20"],
        vec!["mesh-expose", "istiod", "--context", &ctxs[0]],
        vec!["mesh-expose", "services", "--context", &ctxs[1]],
        vec!["mesh-expose", "port", "extra", "--port", "15990", "--to", "zipkin.x.svc.cluster.local:9411", "--context", &ctxs[0]],
        vec!["mesh-tracing", "set", "--via-gateway", &ctxs[0], "--context", &both, "-n", &apps],
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
    let mut wrote = Vec::new();
    for cmd in &commands {
        let mut again: Vec<&str> = cmd.clone();
        again.extend(["-v", "6"]);
        let o = run_in(&again);
        assert!(o.status.success(), "{cmd:?} failed on the second run:\n{}", stderr(&o));
        let w = writes(&stderr(&o));
        if !w.is_empty() {
            wrote.push(format!("{cmd:?}: {w:?}"));
        }
    }
    assert!(wrote.is_empty(), "second runs that wrote:\n{}", wrote.join("\n"));
}
