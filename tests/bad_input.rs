//! Fault matrix, bad input: across the four plugins, each case is refused with a one-line error and
//! its exit code, and changes nothing: not a resourceVersion of what the plugins write in the
//! cluster (a real install), not a byte of the CA folder.
mod common;

use common::snapshot::snapshot;
use common::*;
use k8s_openapi::api::core::v1::ConfigMap;
use kube::api::{Api, Patch, PatchParams};
use serde_json::json;

#[tokio::test]
async fn bad_input_is_refused_and_changes_nothing() {
    let ctx = take_contexts(1).remove(0);
    let id = unique("t-bad");
    let fx = Fixture::new(&ctx, &id, &FixtureOpts::default()).await;
    fx.wait_injected(1).await;
    let dir = tempfile::tempdir().unwrap();
    let run_in = |args: &[&str]| -> std::process::Output {
        let (name, rest) = args.split_first().unwrap();
        plugin(name)
            .current_dir(dir.path())
            .arg("--kubeconfig")
            .arg(kubeconfig())
            .args(rest)
            .output()
            .unwrap()
    };
    // Set-up writes (before the first snapshot): a CA folder, our root installed, zipkin exposed.
    ok(run_in(&["mesh-ca", "init"]));
    ok(run_in(&["mesh-ca", "install", "--context", &ctx, "--istio-namespace", &id]));
    ok(run_in(&[
        "mesh-expose",
        "zipkin",
        "--context",
        &ctx,
        "--istio-namespace",
        &id,
        "--external-ip",
        "192.0.2.10",
    ]));
    // A second root, another folder: its install must meet our cacerts.
    let other = dir.path().join("other");
    ok(run_in(&["mesh-ca", "init", "--dir", other.to_str().unwrap()]));
    // A half-complete CA folder (a root certificate without its key) and an empty one.
    let half = dir.path().join("half");
    std::fs::create_dir(&half).unwrap();
    std::fs::copy(dir.path().join("mesh-ca/root-cert.pem"), half.join("root-cert.pem")).unwrap();
    let empty = dir.path().join("empty");
    std::fs::create_dir(&empty).unwrap();
    // A kubeconfig that does not parse.
    let broken = dir.path().join("broken-kubeconfig");
    std::fs::write(&broken, "apiVersion: v1\nclusters: [unclosed\n").unwrap();

    let ns = ["--istio-namespace", id.as_str()];
    let c = ["--context", ctx.as_str()];
    let rev = ["--revision", id.as_str()];
    let app = fx.app_ns[0].clone();
    let twice = format!("{ctx},{ctx}");
    // link's flags are checked before any cluster is read: a second context that is never reached.
    let pair = format!("{ctx},{}", contexts().into_iter().find(|c| *c != ctx).unwrap());
    let c2 = ["--context", pair.as_str()];
    let other_s = other.to_str().unwrap().to_string();
    let half_s = half.to_str().unwrap().to_string();
    let empty_s = empty.to_str().unwrap().to_string();
    let broken_s = broken.to_str().unwrap().to_string();
    let cat = |parts: &[&[&str]]| -> Vec<String> {
        parts.iter().flat_map(|p| p.iter().map(|s| s.to_string())).collect()
    };
    // (args, exit code, a piece of the error)
    let cases: Vec<(Vec<String>, i32, &str)> = vec![
        // mesh-tracing: addresses, ports, IPv6, sampling, contexts, names.
        (cat(&[&["mesh-tracing", "set", "--addr", ""], &c, &ns, &rev]), 2, "--addr"),
        (cat(&[&["mesh-tracing", "set", "--addr", "zipkin"], &c, &ns, &rev]), 2, "--addr"),
        (cat(&[&["mesh-tracing", "set", "--addr", "zipkin:0"], &c, &ns, &rev]), 2, "port"),
        (cat(&[&["mesh-tracing", "set", "--addr", "zipkin:65536"], &c, &ns, &rev]), 2, "port"),
        (cat(&[&["mesh-tracing", "set", "--addr", "zipkin:http"], &c, &ns, &rev]), 2, "port"),
        (cat(&[&["mesh-tracing", "set", "--addr", "fd00::1:9411"], &c, &ns, &rev]), 2, "["),
        (cat(&[&["mesh-tracing", "set", "--addr", "[fd00::1:9411"], &c, &ns, &rev]), 2, "--addr"),
        (cat(&[&["mesh-tracing", "set", "--addr", "[fd00::zz]:9411"], &c, &ns, &rev]), 2, "--addr"),
        (cat(&[&["mesh-tracing", "set", "--addr", "999.1.1.1:9411"], &c, &ns, &rev]), 2, "--addr"),
        (cat(&[&["mesh-tracing", "set", "--addr", "bad_host!:9411"], &c, &ns, &rev]), 2, "--addr"),
        (
            cat(&[
                &["mesh-tracing", "set", "--addr", "z:9411", "--sampling", "101"],
                &c,
                &ns,
                &rev,
            ]),
            2,
            "--sampling",
        ),
        (
            cat(&[&["mesh-tracing", "set", "--addr", "z:9411", "--sampling", "-1"], &c, &ns, &rev]),
            2,
            "sampling",
        ),
        (
            cat(&[
                &["mesh-tracing", "set", "--addr", "z:9411", "--sampling", "NaN"],
                &c,
                &ns,
                &rev,
            ]),
            2,
            "sampling",
        ),
        (cat(&[&["mesh-tracing", "set"], &c, &ns, &rev]), 2, "--addr"),
        (
            cat(&[&["mesh-tracing", "set", "--addr", "z:9411", "--same-address"], &c, &ns, &rev]),
            2,
            "--via-gateway",
        ),
        (cat(&[&["mesh-tracing", "set", "--via-gateway", "nope"], &c, &ns, &rev]), 2, "nope"),
        (
            cat(&[&["mesh-tracing", "set", "--addr", "z:9411", "--context", "nope"], &ns, &rev]),
            2,
            "\"nope\" not found",
        ),
        (
            cat(&[&["mesh-tracing", "set", "--addr", "z:9411", "--context", &twice], &ns, &rev]),
            2,
            "twice",
        ),
        (
            cat(&[&["mesh-tracing", "set", "--addr", "z:9411", "--context", ""], &ns, &rev]),
            2,
            "context",
        ),
        (
            cat(&[&["mesh-tracing", "set", "--addr", "z:9411", "--revision", "Bad_Rev"], &c, &ns]),
            2,
            "--revision",
        ),
        (
            cat(&[&["mesh-tracing", "set", "--addr", "z:9411", "-n", "Bad_NS"], &c, &ns, &rev]),
            2,
            "-n",
        ),
        (
            cat(&[
                &["mesh-tracing", "set", "--addr", "z:9411", "--istio-namespace", "Bad_NS"],
                &c,
                &rev,
            ]),
            2,
            "--istio-namespace",
        ),
        (
            cat(&[
                &["mesh-tracing", "set", "--addr", "z:9411", "--istio-namespace", "nope-ns"],
                &c,
                &rev,
            ]),
            1,
            "not found",
        ),
        (
            cat(&[&["mesh-tracing", "set", "--addr", "z:9411", "--revision", "nope"], &c, &ns]),
            1,
            "istio-nope",
        ),
        (cat(&[&["mesh-tracing", "unset", "--print-config"], &c, &ns, &rev]), 2, "--print-config"),
        (
            cat(&[
                &[
                    "mesh-tracing",
                    "set",
                    "--addr",
                    "z:4317",
                    "--mode",
                    "proxy-config",
                    "--provider",
                    "opentelemetry",
                ],
                &c,
                &ns,
                &rev,
            ]),
            2,
            "--provider",
        ),
        (
            cat(&[
                &["mesh-tracing", "set", "--addr", "z:9411", "--mode", "telemetry", "--no-restart"],
                &c,
                &ns,
                &rev,
            ]),
            2,
            "--no-restart",
        ),
        (cat(&[&["mesh-tracing", "migrate"], &c, &ns, &rev]), 2, "--to"),
        (cat(&[&["mesh-tracing", "migrate", "--to", "sideways"], &c, &ns, &rev]), 2, "sideways"),
        (
            cat(&[
                &["mesh-tracing", "migrate", "--to", "telemetry", "--sampling", "101"],
                &c,
                &ns,
                &rev,
            ]),
            2,
            "--sampling",
        ),
        (
            cat(&[&["mesh-tracing", "migrate", "--to", "telemetry"], &c, &ns, &rev]),
            1,
            "nothing to carry over",
        ),
        (
            cat(&[&["mesh-tracing", "migrate", "--to", "proxy-config"], &c, &ns, &rev]),
            1,
            "nothing to carry over",
        ),
        (cat(&[&["mesh-tracing", "doctor", "--primary", "nope"], &c, &ns, &rev]), 2, "--primary"),
        (
            cat(&[&["mesh-tracing", "doctor", "--collector", "nope"], &c, &ns, &rev]),
            2,
            "--collector",
        ),
        (
            cat(&[
                &["mesh-tracing", "set", "--addr", "z:9411", "--request-timeout", "soon"],
                &c,
                &ns,
                &rev,
            ]),
            2,
            "duration",
        ),
        (
            cat(&[&["mesh-tracing", "set", "--addr", "z:9411", "--dry-run=maybe"], &c, &ns, &rev]),
            2,
            "maybe",
        ),
        (cat(&[&["mesh-tracing", "show", "-o", "xml"], &c, &ns, &rev]), 2, "xml"),
        (
            cat(&[
                &["mesh-tracing", "set", "--addr", "z:9411", "--kubeconfig", &broken_s],
                &c,
                &ns,
                &rev,
            ]),
            1,
            "kubeconfig",
        ),
        (
            cat(&[
                &["mesh-tracing", "set", "--addr", "z:9411", "-n", &app, "--as", "someone"],
                &c,
                &ns,
                &rev,
            ]),
            2,
            "--as",
        ),
        // mesh-ca: names, algorithms, folders, another root.
        (
            cat(&[&["mesh-ca", "install", "--cluster-name", &format!("{ctx}=Bad_Name")], &c, &ns]),
            2,
            "DNS-1123",
        ),
        (cat(&[&["mesh-ca", "install", "--cluster-name", "nope=x"], &c, &ns]), 2, "--cluster-name"),
        (cat(&[&["mesh-ca", "install", "--dir", &other_s], &c, &ns]), 1, "root"),
        (cat(&[&["mesh-ca", "install", "--dir", &half_s], &c, &ns]), 1, "root-key.pem"),
        (cat(&[&["mesh-ca", "install", "--dir", &empty_s], &c, &ns]), 2, "mesh-ca init"),
        (cat(&[&["mesh-secret", "rotate"], &c, &ns]), 2, "both ends"),
        (cat(&[&["mesh-secret", "rotate", "--wait", "soon"], &c2, &ns]), 2, "--wait"),
        (cat(&[&["mesh-secret", "rotate"], &c2, &ns]), 1, "install Istio there first"),
        (cat(&[&["mesh-ca", "rotate", "root", "--phase", "4"], &c, &ns]), 2, "--phase"),
        (
            cat(&[&["mesh-ca", "rotate", "root", "--phase", "2"], &c, &ns]),
            2,
            "no root rotation is under way",
        ),
        (cat(&[&["mesh-ca", "rotate", "root", "--root-days", "0"], &c, &ns]), 2, "--root-days"),
        (cat(&[&["mesh-ca", "rotate", "root", "--dir", &other_s], &c, &ns]), 1, "chains to root"),
        (cat(&[&["mesh-ca", "rotate", "root", "--dir", &empty_s], &c, &ns]), 2, "mesh-ca init"),
        (
            cat(&[&["mesh-ca", "rotate", "root", "--istio-namespace", "nope-ns"], &c]),
            1,
            "no cacerts in nope-ns",
        ),
        (cat(&[&["mesh-ca", "issue", "--key-algorithm", "ed25519", "x"]]), 2, "ed25519"),
        (cat(&[&["mesh-ca", "init", "--days", "0"]]), 2, "--days"),
        (cat(&[&["mesh-ca", "init"], &c]), 2, "--context"),
        (cat(&[&["mesh-ca", "install", "--renew-before", "1e30d"], &c, &ns]), 2, "duration"),
        // mesh-secret: token TTLs, topologies, servers, names.
        (
            cat(&[&["mesh-secret", "link", "--token-ttl", "1s", "--allow-loopback"], &c2, &ns]),
            2,
            "10m",
        ),
        (
            cat(&[&["mesh-secret", "link", "--token-ttl", "1e19", "--allow-loopback"], &c, &ns]),
            2,
            "out of range",
        ),
        (
            cat(&[
                &["mesh-secret", "link", "--primary", "nope", "--remote", &ctx, "--allow-loopback"],
                &ns,
            ]),
            2,
            "nope",
        ),
        (
            cat(&[
                &["mesh-secret", "link", "--primary", &ctx, "--remote", &ctx, "--allow-loopback"],
                &ns,
            ]),
            2,
            &ctx,
        ),
        (
            cat(&[
                &["mesh-secret", "link", "--server", &format!("{ctx}=ftp://x"), "--allow-loopback"],
                &c2,
                &ns,
            ]),
            2,
            "--server",
        ),
        (
            cat(&[
                &["mesh-secret", "link", "--server", "nope=https://x", "--allow-loopback"],
                &c2,
                &ns,
            ]),
            2,
            "--server",
        ),
        (
            cat(&[&["mesh-secret", "link", "--all-contexts", "--primary", &ctx], &ns]),
            2,
            "--all-contexts",
        ),
        (
            cat(&[&["mesh-secret", "create", "--name", "Bad_Name", "--allow-loopback"], &c, &ns]),
            2,
            "--name",
        ),
        (
            cat(&[
                &[
                    "mesh-secret",
                    "link",
                    "--cluster-name",
                    &format!("{ctx}=a.b"),
                    "--allow-loopback",
                ],
                &c2,
                &ns,
            ]),
            2,
            "DNS-1123",
        ),
        // mesh-expose: ports, addresses, a port taken by another name.
        (
            cat(&[&["mesh-expose", "port", "x", "--port", "0", "--to", "a.b:80"], &c, &ns]),
            2,
            "port",
        ),
        (
            cat(&[&["mesh-expose", "port", "x", "--port", "70000", "--to", "a.b:80"], &c, &ns]),
            2,
            "port",
        ),
        (
            cat(&[&["mesh-expose", "port", "x", "--port", "15999", "--to", "a.b"], &c, &ns]),
            2,
            "--to",
        ),
        (
            cat(&[&["mesh-expose", "port", "x", "--port", "15999", "--to", "a.b:99999"], &c, &ns]),
            2,
            "--to",
        ),
        (
            cat(&[
                &["mesh-expose", "port", "Bad_Name", "--port", "15999", "--to", "a.b:80"],
                &c,
                &ns,
            ]),
            2,
            "Bad_Name",
        ),
        (
            cat(&[&["mesh-expose", "port", "x", "--port", "15443", "--to", "a.b:80"], &c, &ns]),
            1,
            "15443",
        ),
        (
            cat(&[&["mesh-expose", "zipkin", "--external-ip", "999.1.1.1"], &c, &ns]),
            2,
            "--external-ip",
        ),
        (
            cat(&[&["mesh-expose", "zipkin", "--external-ip", "fd00::zz"], &c, &ns]),
            2,
            "--external-ip",
        ),
        (cat(&[&["mesh-expose", "zipkin", "--gateway", "nope"], &c, &ns]), 1, "nope"),
        (cat(&[&["mesh-expose", "zipkin", "--context", &twice], &ns]), 2, "one cluster"),
    ];
    assert!(cases.len() >= 45, "the matrix asks for at least 45 cases, has {}", cases.len());
    let before = snapshot(&[&fx], dir.path()).await;
    let mut wrong = Vec::new();
    for (args, code, piece) in &cases {
        let a: Vec<&str> = args.iter().map(String::as_str).collect();
        let o = run_in(&a);
        let err = stderr(&o);
        // One error line (clap adds its "For more information, try '--help'" hint, as kubectl does).
        let one_line = err.starts_with("error: ")
            && err.lines().filter(|l| l.starts_with("error")).count() == 1;
        if o.status.code() != Some(*code) || !one_line || !err.contains(piece) {
            wrong.push(format!(
                "{a:?}: exit {:?}, want {code} with {piece:?}:\n{err}",
                o.status.code()
            ));
        }
        let now = snapshot(&[&fx], dir.path()).await;
        assert_eq!(now, before, "{a:?} changed something");
    }
    assert!(
        wrong.is_empty(),
        "{} case(s) not refused as expected:\n{}",
        wrong.len(),
        wrong.join("\n")
    );
    // The mesh that is not YAML: refused, the ConfigMap untouched.
    let cms = Api::<ConfigMap>::namespaced(fx.client.clone(), &id);
    cms.patch(
        &fx.mesh_configmap(),
        &PatchParams::default(),
        &Patch::Merge(json!({"data": {"mesh": "defaultConfig: [unclosed"}})),
    )
    .await
    .unwrap();
    let rv = cms.get(&fx.mesh_configmap()).await.unwrap().metadata.resource_version;
    let e = fails(
        run_in(&[
            "mesh-tracing",
            "set",
            "--addr",
            "z:9411",
            "--context",
            &ctx,
            "--istio-namespace",
            &id,
            "--revision",
            &id,
        ]),
        1,
    );
    assert!(e.contains("not valid YAML"), "{e}");
    assert_eq!(cms.get(&fx.mesh_configmap()).await.unwrap().metadata.resource_version, rv);
}
