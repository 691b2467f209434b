//! `kubectl mesh-ca` as a user runs it: files checked with openssl, Secrets in real clusters.
mod common;

use std::path::Path;
use std::process::Command;

use common::*;
use k8s_openapi::api::apps::v1::Deployment;
use k8s_openapi::api::core::v1::{Namespace, Secret};
use kube::api::{Api, DeleteParams, Patch, PatchParams};
use serde_json::json;

const FILES: [&str; 4] = ["ca-cert.pem", "ca-key.pem", "cert-chain.pem", "root-cert.pem"];

fn ca(dir: &Path, args: &[&str]) -> std::process::Output {
    plugin("mesh-ca").current_dir(dir).args(args).output().unwrap()
}

fn ca_k(dir: &Path, args: &[&str]) -> std::process::Output {
    plugin("mesh-ca")
        .current_dir(dir)
        .arg("--kubeconfig")
        .arg(kubeconfig())
        .args(args)
        .output()
        .unwrap()
}

fn openssl(args: &[&str], dir: &Path) -> String {
    let out = Command::new("openssl").args(args).current_dir(dir).output().expect("openssl");
    assert!(out.status.success(), "openssl {args:?}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Everything under `dir`, for "nothing was written" checks.
fn tree(dir: &Path) -> Vec<String> {
    let mut v = Vec::new();
    if let Ok(rd) = std::fs::read_dir(dir) {
        for e in rd.flatten() {
            v.push(e.path().display().to_string());
            if e.path().is_dir() {
                v.extend(tree(&e.path()));
            }
        }
    }
    v.sort();
    v
}

#[cfg(unix)]
fn mode(p: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(p).unwrap().permissions().mode() & 0o777
}

fn check_with_openssl(dir: &Path, cluster: &str, istio_ns: &str, sig: &str) {
    let c = dir.join("mesh-ca").join(cluster);
    let v = openssl(
        &["verify", "-CAfile", "root-cert.pem", "-untrusted", "cert-chain.pem", "ca-cert.pem"],
        &c,
    );
    assert_eq!(v.trim(), "ca-cert.pem: OK");
    let text = openssl(&["x509", "-in", "ca-cert.pem", "-noout", "-text"], &c);
    assert!(
        text.contains("X509v3 Basic Constraints: critical\n                CA:TRUE, pathlen:0"),
        "{text}"
    );
    assert!(text.contains("X509v3 Key Usage: critical\n                Digital Signature, Certificate Sign, CRL Sign"), "{text}");
    assert!(text.contains(&format!("DNS:istiod.{istio_ns}.svc")), "{text}");
    assert!(text.contains("X509v3 Authority Key Identifier"), "{text}");
    assert!(text.contains("X509v3 Subject Key Identifier"), "{text}");
    assert!(
        text.contains(&format!("Subject: O = Istio, CN = Intermediate CA, L = {cluster}")),
        "{text}"
    );
    assert!(text.contains(&format!("Signature Algorithm: {sig}")), "{text}");
    let root = openssl(&["x509", "-in", "../root-cert.pem", "-noout", "-text"], &c);
    assert!(
        root.contains("X509v3 Basic Constraints: critical\n                CA:TRUE\n"),
        "{root}"
    );
    assert!(root.contains("Subject: O = Istio, CN = Root CA"), "{root}");
    // The key is the certificate's (openssl's own check), PKCS#8, 0600.
    let from_key = openssl(&["pkey", "-in", "ca-key.pem", "-pubout"], &c);
    let from_cert = openssl(&["x509", "-in", "ca-cert.pem", "-noout", "-pubkey"], &c);
    assert_eq!(from_key, from_cert);
    assert!(std::fs::read_to_string(c.join("ca-key.pem"))
        .unwrap()
        .starts_with("-----BEGIN PRIVATE KEY-----"));
    // cert-chain.pem = intermediate then root.
    let chain = std::fs::read_to_string(c.join("cert-chain.pem")).unwrap();
    let inter = std::fs::read_to_string(c.join("ca-cert.pem")).unwrap();
    let root = std::fs::read_to_string(c.join("root-cert.pem")).unwrap();
    assert_eq!(chain, format!("{inter}{root}"));
    #[cfg(unix)]
    {
        assert_eq!(mode(&c.join("ca-key.pem")), 0o600);
        assert_eq!(mode(&c), 0o700);
        assert_eq!(mode(&dir.join("mesh-ca/root-key.pem")), 0o600);
    }
}

#[test]
fn init_issue_verify_make_what_openssl_and_istiod_accept() {
    for (alg, sig) in [
        ("ecdsa-p256", "ecdsa-with-SHA256"),
        ("rsa-2048", "sha256WithRSAEncryption"),
        ("ecdsa-p384", "ecdsa-with-SHA384"),
    ] {
        let tmp = tempfile::tempdir().unwrap();
        let d = tmp.path();
        let out = ok(ca(d, &["init", "--key-algorithm", alg]));
        assert!(out.contains("O=Istio, CN=Root CA") && out.contains("created"), "{out}");
        assert!(!out.contains("PRIVATE KEY"));
        let out = ok(ca(d, &["issue", "cluster1", "cluster2", "--istio-namespace", "mesh-ns"]));
        assert_eq!(out.matches(" issued").count(), 2, "{out}");
        for c in ["cluster1", "cluster2"] {
            check_with_openssl(d, c, "mesh-ns", sig);
        }
        let out = ok(ca(d, &["verify"]));
        assert_eq!(out.lines().filter(|l| l.trim_end().ends_with(" ok")).count(), 3, "{out}");
        // Re-running keeps valid intermediates.
        let before = std::fs::read(d.join("mesh-ca/cluster1/ca-cert.pem")).unwrap();
        let out = ok(ca(d, &["issue", "cluster1", "--istio-namespace", "mesh-ns"]));
        assert!(out.contains(" kept"), "{out}");
        assert_eq!(before, std::fs::read(d.join("mesh-ca/cluster1/ca-cert.pem")).unwrap());
        // --force and --renew-before make new ones.
        let out = ok(ca(d, &["issue", "cluster1", "--istio-namespace", "mesh-ns", "--force"]));
        assert!(out.contains("re-issued (--force)"), "{out}");
        let out = ok(ca(
            d,
            &["issue", "cluster1", "--istio-namespace", "mesh-ns", "--renew-before", "3650d"],
        ));
        assert!(out.contains("re-issued (expires in 729 days)"), "{out}");
    }
}

/// Every file under `dir` with its bytes, for "not a byte changed" checks.
fn snapshot(dir: &Path) -> Vec<(String, Vec<u8>)> {
    tree(dir).into_iter().map(|p| (p.clone(), std::fs::read(&p).unwrap_or_default())).collect()
}

#[test]
fn the_root_is_never_lost() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    // A dry run on an empty folder writes nothing, not even the folder.
    let out = ok(ca(d, &["init", "--dry-run"]));
    assert!(out.contains("would create (dry run)"), "{out}");
    assert!(tree(d).is_empty(), "init --dry-run wrote {:?}", tree(d));
    ok(ca(d, &["init"]));
    let root = std::fs::read(d.join("mesh-ca/root-cert.pem")).unwrap();
    let key = std::fs::read(d.join("mesh-ca/root-key.pem")).unwrap();
    // Re-running init keeps a usable root, so `init && install` can be re-run.
    let out = ok(ca(d, &["init"]));
    assert!(out.contains(" kept"), "{out}");
    // --force with a dry run (either mode) says what it would do and touches nothing.
    let before = snapshot(d);
    for mode in ["--dry-run", "--dry-run=client", "--dry-run=server"] {
        let out = ok(ca(d, &["init", "--force", mode]));
        assert!(out.contains("would replace the root"), "{mode}: {out}");
        assert_eq!(snapshot(d), before, "init --force {mode} changed files");
    }
    // issue --dry-run says so and writes nothing.
    let out = ok(ca(d, &["issue", "c1", "--dry-run"]));
    assert!(out.contains("would issue (dry run)"), "{out}");
    assert_eq!(snapshot(d), before);
    ok(ca(d, &["issue", "c1"]));
    let inter_key = std::fs::read(d.join("mesh-ca/c1/ca-key.pem")).unwrap();
    // --force replaces the root and keeps the old one beside it, 0600.
    let out = ok(ca(d, &["init", "--force"]));
    assert!(out.contains("replaced (old key kept as"), "{out}");
    assert_ne!(root, std::fs::read(d.join("mesh-ca/root-cert.pem")).unwrap());
    let baks: Vec<String> =
        tree(&d.join("mesh-ca")).into_iter().filter(|p| p.ends_with(".bak")).collect();
    assert_eq!(baks.len(), 2, "{baks:?}");
    let key_bak = baks.iter().find(|p| p.contains("root-key.pem.")).expect("root key backup");
    assert_eq!(std::fs::read(key_bak).unwrap(), key);
    let cert_bak = baks.iter().find(|p| p.contains("root-cert.pem.")).expect("root cert backup");
    assert_eq!(std::fs::read(cert_bak).unwrap(), root);
    #[cfg(unix)]
    for b in &baks {
        assert_eq!(mode(Path::new(b)), 0o600, "{b}");
    }
    // The intermediate of the old root is re-issued, and its key is kept as a backup too.
    let out = ok(ca(d, &["issue", "c1"]));
    assert!(out.contains("re-issued"), "{out}");
    let baks: Vec<String> =
        tree(&d.join("mesh-ca/c1")).into_iter().filter(|p| p.ends_with(".bak")).collect();
    let ib = baks.iter().find(|p| p.contains("ca-key.pem.")).expect("intermediate key backup");
    assert_eq!(std::fs::read(ib).unwrap(), inter_key);
    // verify still passes: backups are not bundles.
    ok(ca(d, &["verify"]));
    // A folder with a broken root is not replaced without --force.
    std::fs::write(d.join("mesh-ca/root-cert.pem"), "garbage").unwrap();
    let e = fails(ca(d, &["init"]), 2);
    assert!(e.contains("Pass --force to replace it"), "{e}");
}

#[test]
fn bad_input_is_one_line_and_writes_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    for args in [
        &["init", "--days", "0"][..],
        &["init", "--days", "-3"],
        &["init", "--key-algorithm", "ed25519"],
    ] {
        let o = ca(d, args);
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        assert!(tree(d).is_empty(), "{args:?} wrote {:?}", tree(d));
    }
    // No root yet.
    let e = fails(ca(d, &["issue", "c1"]), 2);
    assert!(e.contains("run `kubectl mesh-ca init"), "{e}");
    ok(ca(d, &["init"]));
    let before = tree(d);
    let e = fails(ca(d, &["issue", "c1", "Not_A_Label"]), 2);
    assert!(e.contains("\"Not_A_Label\" is not a DNS-1123 label"), "{e}");
    assert_eq!(tree(d), before, "a bad name in the list must stop every cluster");
    // A truncated root certificate, then a key that does not match.
    let cert = std::fs::read_to_string(d.join("mesh-ca/root-cert.pem")).unwrap();
    let key = std::fs::read_to_string(d.join("mesh-ca/root-key.pem")).unwrap();
    std::fs::write(d.join("mesh-ca/root-cert.pem"), &cert[..cert.len() / 2]).unwrap();
    let e = fails(ca(d, &["issue", "c1"]), 1);
    assert!(e.contains("root-cert.pem"), "{e}");
    std::fs::write(d.join("mesh-ca/root-cert.pem"), &cert).unwrap();
    let other = tempfile::tempdir().unwrap();
    ok(ca(other.path(), &["init"]));
    std::fs::copy(other.path().join("mesh-ca/root-key.pem"), d.join("mesh-ca/root-key.pem"))
        .unwrap();
    let e = fails(ca(d, &["issue", "c1"]), 1);
    assert!(e.contains("root-key.pem does not match root-cert.pem"), "{e}");
    assert!(!e.contains("PRIVATE KEY") && !e.contains(key.lines().nth(1).unwrap()), "{e}");
    assert_eq!(tree(d), before);
    // verify fails on a bundle from another root.
    std::fs::write(d.join("mesh-ca/root-key.pem"), &key).unwrap();
    ok(ca(d, &["issue", "c1"]));
    ok(ca(other.path(), &["issue", "c2"]));
    let c2 = d.join("mesh-ca/c2");
    std::fs::create_dir(&c2).unwrap();
    for f in FILES {
        std::fs::copy(other.path().join("mesh-ca/c2").join(f), c2.join(f)).unwrap();
    }
    let o = ca(d, &["verify"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stdout(&o).contains("root-cert.pem is not this mesh's root"), "{}", stdout(&o));
}

async fn secret(ctx: &str, ns: &str) -> Option<Secret> {
    let api: Api<Secret> = Api::namespaced(client(ctx).await, ns);
    api.get_opt("cacerts").await.unwrap()
}

async fn delete_ns(ctx: &str, ns: &str) {
    let api: Api<Namespace> = Api::all(client(ctx).await);
    let _ = api.delete(ns, &DeleteParams::background()).await;
}

#[tokio::test]
async fn install_puts_cacerts_in_every_cluster_and_converges() {
    let ctxs = take_contexts(2);
    let ns = unique("t-ca-install");
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    ok(ca(d, &["init"]));
    let list = ctxs.join(",");
    // --dry-run=client shows the Secrets without the key and changes nothing.
    let out = ok(ca_k(d, &["install", "--context", &list, "--istio-namespace", &ns, "--dry-run"]));
    assert_eq!(out.matches("kind: Secret").count(), 2, "{out}");
    assert!(out.contains("ca-key.pem: <redacted>"), "{out}");
    assert!(!out.contains("PRIVATE KEY"), "{out}");
    assert!(secret(&ctxs[0], &ns).await.is_none());
    assert!(!d.join("mesh-ca/cluster1").exists(), "dry run wrote local files");

    let out = ok(ca_k(d, &["install", "--context", &list, "--istio-namespace", &ns]));
    assert_eq!(out.matches(" created ").count(), 2, "{out}");
    let root_key = std::fs::read_to_string(d.join("mesh-ca/root-key.pem")).unwrap();
    let mut rvs = Vec::new();
    for (i, ctx) in ctxs.iter().enumerate() {
        let s = secret(ctx, &ns).await.expect("cacerts installed");
        let data = s.data.clone().unwrap();
        assert_eq!(data.keys().collect::<Vec<_>>(), FILES.iter().collect::<Vec<_>>());
        for (k, v) in &data {
            let local = std::fs::read(d.join("mesh-ca").join(&ctxs[i]).join(k)).unwrap();
            assert_eq!(v.0, local, "{k} in {ctx}");
            assert!(!String::from_utf8_lossy(&v.0).contains(root_key.trim()), "root key uploaded");
        }
        let managers: Vec<String> =
            s.metadata.managed_fields.unwrap().into_iter().filter_map(|m| m.manager).collect();
        assert_eq!(managers, ["kubectl-mesh"]);
        rvs.push(s.metadata.resource_version.unwrap());
        // What was installed passes openssl's chain check.
        let got = tempfile::tempdir().unwrap();
        for (k, v) in &data {
            std::fs::write(got.path().join(k), &v.0).unwrap();
        }
        let v = openssl(
            &["verify", "-CAfile", "root-cert.pem", "-untrusted", "cert-chain.pem", "ca-cert.pem"],
            got.path(),
        );
        assert_eq!(v.trim(), "ca-cert.pem: OK");
    }
    // Re-running changes nothing.
    let out = ok(ca_k(d, &["install", "--context", &list, "--istio-namespace", &ns]));
    assert_eq!(out.matches(" unchanged ").count(), 2, "{out}");
    for (ctx, rv) in ctxs.iter().zip(&rvs) {
        assert_eq!(secret(ctx, &ns).await.unwrap().metadata.resource_version.as_ref(), Some(rv));
    }
    let out = ok(ca_k(d, &["status", "--context", &list, "--istio-namespace", &ns]));
    assert_eq!(out.lines().filter(|l| l.trim_end().ends_with(" ok")).count(), 2, "{out}");
    let json: serde_json::Value = serde_json::from_str(&ok(ca_k(
        d,
        &["status", "--context", &list, "--istio-namespace", &ns, "-o", "json"],
    )))
    .unwrap();
    assert_eq!(json[0]["rootFingerprint"], json[1]["rootFingerprint"]);
    assert_eq!(json[0]["cluster"], ctxs[0].as_str());
    // Expiry CI can gate on: intermediates (730 days) and the root (3650) within --warn-within are
    // warnings, in RFC 3339; --fail-on warn makes them fail.
    let warn = [
        "status",
        "--context",
        &list,
        "--istio-namespace",
        &ns,
        "--warn-within",
        "4000d",
        "-o",
        "json",
    ];
    let json: serde_json::Value = serde_json::from_str(&ok(ca_k(d, &warn))).unwrap();
    for row in json.as_array().unwrap() {
        let w: Vec<&str> =
            row["warnings"].as_array().unwrap().iter().map(|w| w.as_str().unwrap()).collect();
        assert!(
            w.len() == 2
                && w[0].starts_with("the intermediate expires in")
                && w[1].starts_with("the root expires in"),
            "{row}"
        );
        assert!(time::OffsetDateTime::parse(
            row["notAfter"].as_str().unwrap(),
            &time::format_description::well_known::Rfc3339
        )
        .is_ok());
    }
    let err = fails(ca_k(d, &[&warn[..7], &["--fail-on", "warn"]].concat()), 1);
    assert!(err.contains("4 warning(s) and --fail-on warn"), "{err}");
    let out = ok(ca_k(d, &["verify", "--warn-within", "1000d"]));
    assert_eq!(out.matches("warning: the intermediate expires in").count(), 2, "{out}");
    for ctx in &ctxs {
        delete_ns(ctx, &ns).await;
    }
}

#[tokio::test]
async fn a_cluster_on_another_root_stops_install_everywhere() {
    let ctxs = take_contexts(2);
    let ns = unique("t-ca-conflict");
    let (mine, theirs) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    ok(ca(mine.path(), &["init"]));
    ok(ca(theirs.path(), &["init"]));
    // cluster2 already has a cacerts from another root.
    ok(ca_k(theirs.path(), &["install", "--context", &ctxs[1], "--istio-namespace", &ns]));
    let before = secret(&ctxs[1], &ns).await.unwrap();
    let e = fails(
        ca_k(mine.path(), &["install", "--context", &ctxs.join(","), "--istio-namespace", &ns]),
        1,
    );
    assert!(
        e.contains(&format!("cacerts in {} (root ", ctxs[1]))
            && e.contains("chains to a different root"),
        "{e}"
    );
    assert!(e.contains("nothing was changed"), "{e}");
    assert!(secret(&ctxs[0], &ns).await.is_none(), "cluster1 was written to");
    let nss: Api<Namespace> = Api::all(client(&ctxs[0]).await);
    assert!(nss.get_opt(&ns).await.unwrap().is_none(), "the namespace was created in cluster1");
    assert_eq!(
        secret(&ctxs[1], &ns).await.unwrap().metadata.resource_version,
        before.metadata.resource_version
    );
    assert!(!mine.path().join("mesh-ca").join(&ctxs[0]).exists(), "local bundles were written");
    // status sees two roots and fails.
    ok(ca_k(mine.path(), &["install", "--context", &ctxs[0], "--istio-namespace", &ns]));
    let o = ca_k(mine.path(), &["status", "--context", &ctxs.join(","), "--istio-namespace", &ns]);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(
        stdout(&o).matches("clusters chain to 2 different roots").count(),
        2,
        "{}",
        stdout(&o)
    );
    for ctx in &ctxs {
        delete_ns(ctx, &ns).await;
    }
}

#[tokio::test]
async fn unreachable_or_unknown_contexts_change_nothing() {
    let ctxs = take_contexts(1);
    let ns = unique("t-ca-unreach");
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    ok(ca(d, &["init"]));
    // A kubeconfig with the real cluster1 and a dead one.
    let kc = std::fs::read_to_string(kubeconfig()).unwrap();
    let mut v: serde_yaml::Value = serde_yaml::from_str(&kc).unwrap();
    let dead_cluster: serde_yaml::Value =
        serde_yaml::from_str("name: dead\ncluster: {server: 'https://127.0.0.1:1'}").unwrap();
    let dead_ctx: serde_yaml::Value = serde_yaml::from_str(&format!(
        "name: dead\ncontext: {{cluster: dead, user: admin-{}}}",
        ctxs[0]
    ))
    .unwrap();
    v["clusters"].as_sequence_mut().unwrap().push(dead_cluster);
    v["contexts"].as_sequence_mut().unwrap().push(dead_ctx);
    let kc_path = d.join("kubeconfig");
    std::fs::write(&kc_path, serde_yaml::to_string(&v).unwrap()).unwrap();
    let before = tree(&d.join("mesh-ca"));
    let o = plugin("mesh-ca")
        .current_dir(d)
        .args([
            "install",
            "--kubeconfig",
            kc_path.to_str().unwrap(),
            "--context",
            &format!("{},dead", ctxs[0]),
        ])
        .args(["--istio-namespace", &ns, "--request-timeout", "5s"])
        .output()
        .unwrap();
    let e = fails(o, 1);
    assert!(e.contains("dead"), "{e}");
    assert!(secret(&ctxs[0], &ns).await.is_none());
    assert_eq!(tree(&d.join("mesh-ca")), before);
    let e = fails(ca_k(d, &["install", "--context", "no-such-context"]), 2);
    assert!(e.contains("\"no-such-context\" not found"), "{e}");
    // KUBECONFIG with several files is honoured (the dead one second).
    let only_dead = d.join("dead.yaml");
    std::fs::write(&only_dead, "apiVersion: v1\nkind: Config\ncontexts: [{name: other, context: {cluster: dead, user: u}}]\nclusters: [{name: dead, cluster: {server: 'https://127.0.0.1:1'}}]\nusers: [{name: u, user: {token: t0ps3cr3t}}]\n").unwrap();
    let o = plugin("mesh-ca")
        .current_dir(d)
        .env("KUBECONFIG", format!("{}:{}", kubeconfig().display(), only_dead.display()))
        .args([
            "status",
            "--context",
            &format!("{},other", ctxs[0]),
            "--istio-namespace",
            &ns,
            "--request-timeout",
            "5s",
        ])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1));
    let out = stdout(&o);
    assert!(out.contains(&format!("no cacerts in {ns}")), "{out}");
    assert!(out.contains("failed to get Secret"), "{out}");
    assert!(!out.contains("t0ps3cr3t") && !stderr(&o).contains("t0ps3cr3t"));
}

#[tokio::test]
async fn running_istiod_is_reported_and_restarted_on_request() {
    let ctx = take_contexts(1).remove(0);
    // A real install: istiod runs with its self-signed CA (it made istio-ca-secret itself).
    let fx = Fixture::new(
        &ctx,
        &unique("t-ca-istiod"),
        &FixtureOpts { deployments: 0, ..Default::default() },
    )
    .await;
    let deps: Api<Deployment> = Api::namespaced(fx.client.clone(), &fx.istio_ns);
    let istiod = fx.istiod_deployment();
    let secrets: Api<Secret> = Api::namespaced(fx.client.clone(), &fx.istio_ns);
    assert!(
        secrets.get_opt("istio-ca-secret").await.unwrap().is_some(),
        "istiod made no self-signed CA"
    );

    let tmp = tempfile::tempdir().unwrap();
    ok(ca(tmp.path(), &["init"]));
    let o = ca_k(tmp.path(), &["install", "--context", &ctx, "--istio-namespace", &fx.istio_ns]);
    let err = stderr(&o);
    let out = ok(o);
    assert!(out.contains("needs restart"), "{out}");
    assert!(err.contains("running with its self-signed CA"), "{err}");
    assert!(err.contains("--restart-istiod"), "{err}");
    let annotations =
        |d: Deployment| d.spec.unwrap().template.metadata.unwrap().annotations.unwrap_or_default();
    assert!(!annotations(deps.get(&istiod).await.unwrap())
        .contains_key("kubectl.kubernetes.io/restartedAt"));
    // The re-run the warning asks for finds cacerts unchanged and still restarts istiod, as
    // `kubectl rollout restart` does: a new pod template, a new generation.
    let gen = deps.get(&istiod).await.unwrap().metadata.generation;
    let o = ca_k(
        tmp.path(),
        &[
            "install",
            "--context",
            &ctx,
            "--istio-namespace",
            &fx.istio_ns,
            "--restart-istiod",
            "--dry-run=server",
        ],
    );
    assert!(ok(o).contains("would restart (--restart-istiod) (server dry run)"));
    assert_eq!(
        deps.get(&istiod).await.unwrap().metadata.generation,
        gen,
        "a server dry run restarted istiod"
    );
    let out = ok(ca_k(
        tmp.path(),
        &["install", "--context", &ctx, "--istio-namespace", &fx.istio_ns, "--restart-istiod"],
    ));
    assert!(out.contains("restarted (--restart-istiod)"), "{out}");
    let d = deps.get(&istiod).await.unwrap();
    assert!(d.metadata.generation > gen, "generation stayed {gen:?}");
    assert!(annotations(d).contains_key("kubectl.kubernetes.io/restartedAt"));
    // ... and the real istiod came back with our CA: its root is now the one in every namespace.
    let ist = fx.istiod.as_ref().unwrap();
    let restarted = wait_for(std::time::Duration::from_secs(30), || async {
        (ist.restarts() >= 1).then_some(())
    })
    .await;
    assert!(restarted.is_some(), "the harness saw no istiod restart");
    let root = std::fs::read_to_string(tmp.path().join("mesh-ca/root-cert.pem")).unwrap();
    let ns = fx.istio_ns.clone();
    let ours = wait_for(std::time::Duration::from_secs(60), || async {
        (ist.root_cert_in(&ns).await.as_deref().map(str::trim) == Some(root.trim())).then_some(())
    })
    .await;
    assert!(
        ours.is_some(),
        "istiod does not distribute our root after the restart:\n{}",
        ist.log()
    );
    // A new intermediate (--force) with --restart-istiod restarts it, saying why.
    let out = ok(ca_k(
        tmp.path(),
        &[
            "install",
            "--context",
            &ctx,
            "--istio-namespace",
            &fx.istio_ns,
            "--force",
            "--restart-istiod",
        ],
    ));
    assert!(out.contains("restarted (cacerts changed)"), "{out}");
    fx.delete().await;
}

#[tokio::test]
async fn a_server_dry_run_predicts_a_new_namespace_and_partial_cacerts_are_named() {
    let ctx = take_contexts(1).remove(0);
    let ns = unique("t-ca-newns");
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    ok(ca(d, &["init"]));
    // The real run would create the namespace: the server dry run says so and persists nothing.
    let out =
        ok(ca_k(d, &["install", "--context", &ctx, "--istio-namespace", &ns, "--dry-run=server"]));
    assert!(out.contains("would create (in the new namespace"), "{out}");
    let nss: Api<Namespace> = Api::all(client(&ctx).await);
    assert!(nss.get_opt(&ns).await.unwrap().is_none(), "a server dry run created the namespace");
    assert!(!d.join(format!("mesh-ca/{ctx}")).exists(), "a dry run wrote local files");
    ok(ca_k(d, &["install", "--context", &ctx, "--istio-namespace", &ns]));
    // A cacerts without root-cert.pem is named as such, not as "another root".
    let api: Api<Secret> = Api::namespaced(client(&ctx).await, &ns);
    api.patch(
        "cacerts",
        &PatchParams::default(),
        &Patch::Json::<()>(
            serde_json::from_value(json!([
        {"op": "remove", "path": "/data/root-cert.pem"}]))
            .unwrap(),
        ),
    )
    .await
    .unwrap();
    let rv = secret(&ctx, &ns).await.unwrap().metadata.resource_version;
    let e = fails(ca_k(d, &["install", "--context", &ctx, "--istio-namespace", &ns]), 1);
    assert!(e.contains("lacks root-cert.pem") && !e.contains("different root"), "{e}");
    assert_eq!(secret(&ctx, &ns).await.unwrap().metadata.resource_version, rv);
    let o = ca_k(d, &["status", "--context", &ctx, "--istio-namespace", &ns]);
    assert!(stdout(&o).contains("cacerts lacks root-cert.pem"), "{}", stdout(&o));
    fails(o, 1);
    delete_ns(&ctx, &ns).await;
}
