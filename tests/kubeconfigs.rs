//! Every kubeconfig kubectl works with works with us, against a real API server: client keys in
//! SEC1, PKCS#8 and PKCS#1; X.509 v1 and v3 client certificates (`openssl x509 -req` without
//! extensions makes v1); a token, a tokenFile and an exec credential plugin; CA, certificate and
//! command paths relative to each kubeconfig's own folder; `tls-server-name`;
//! `insecure-skip-tls-verify`; one `KUBECONFIG` merged from three files in three folders. A real
//! kubectl reads the same files beside us. Then: an exec plugin that fails in one context is that
//! cluster's row in read-only commands, in words, and a refused connection names no Rust type.
//!
//! Client certificates are signed with the CA key of the local test cluster (`tests/cluster/local.sh`
//! keeps it in `<cluster>/pki/`); the test fails without it.
mod common;

use std::path::Path;
use std::process::{Command, Output};

use common::local::{client_cert, cluster_pki, sh};
use common::*;

fn kubectl() -> Command {
    let mut c = Command::new("kubectl");
    c.env_remove("KUBECONFIG");
    c
}

fn b64(path: &Path) -> String {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD.encode(std::fs::read(path).unwrap())
}

fn versions(kubeconfig_env: &str, contexts: &str, cwd: &Path) -> Output {
    plugin("mesh-ca")
        .env("KUBECONFIG", kubeconfig_env)
        .current_dir(cwd)
        .args(["version", "--context", contexts, "-o", "json"])
        .output()
        .unwrap()
}

#[test]
fn every_kind_of_kubeconfig_user_kubectl_takes() {
    let ctx = take_contexts(1).remove(0);
    let (server, pki) = cluster_pki(&ctx);
    let port = server.rsplit(':').next().unwrap().to_string();
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    for d in ["pki", "a", "b/certs", "b/bin", "c", "elsewhere"] {
        std::fs::create_dir_all(root.join(d)).unwrap();
    }
    std::fs::copy(pki.join("ca.crt"), root.join("pki/ca.crt")).unwrap();
    let certs = root.join("b/certs");
    client_cert(&certs, &pki, "rsa-pkcs1-v1", &["genrsa", "-traditional"], false);
    client_cert(
        &certs,
        &pki,
        "ec-sec1-v3",
        &["ecparam", "-name", "prime256v1", "-genkey", "-noout"],
        true,
    );
    client_cert(
        &certs,
        &pki,
        "ec-pkcs8-v1",
        &["genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256"],
        false,
    );
    client_cert(&certs, &pki, "rsa-pkcs8-v3", &["genpkey", "-algorithm", "RSA"], true);
    assert!(std::fs::read_to_string(certs.join("rsa-pkcs1-v1.key"))
        .unwrap()
        .starts_with("-----BEGIN RSA PRIVATE KEY-----"));
    assert!(std::fs::read_to_string(certs.join("ec-sec1-v3.key"))
        .unwrap()
        .starts_with("-----BEGIN EC PRIVATE KEY-----"));
    assert!(std::fs::read_to_string(certs.join("ec-pkcs8-v1.key"))
        .unwrap()
        .starts_with("-----BEGIN PRIVATE KEY-----"));

    // A service-account token (cluster-admin) for the token, tokenFile and exec users.
    let sa = unique("kubeconfig-test");
    let admin = |args: &[&str]| {
        sh(kubectl().arg("--kubeconfig").arg(kubeconfig()).args(["--context", &ctx]).args(args))
    };
    admin(&["create", "serviceaccount", &sa, "-n", "default"]);
    admin(&[
        "create",
        "clusterrolebinding",
        &sa,
        "--clusterrole",
        "cluster-admin",
        &format!("--serviceaccount=default:{sa}"),
    ]);
    let token =
        admin(&["create", "token", &sa, "-n", "default", "--duration", "1h"]).trim().to_string();
    std::fs::write(root.join("b/token"), &token).unwrap();
    let cred = root.join("b/bin/cred.sh");
    std::fs::write(
        &cred,
        format!(
            "#!/bin/sh\nprintf '%s' '{{\"apiVersion\":\"client.authentication.k8s.io/v1\",\"kind\":\"ExecCredential\",\"status\":{{\"token\":\"{token}\"}}}}'\n"
        ),
    )
    .unwrap();
    let fail = root.join("b/bin/sso.sh");
    std::fs::write(
        &fail,
        "#!/bin/sh\necho 'sso: your session expired; run sso login' >&2\nexit 3\n",
    )
    .unwrap();
    for f in [&cred, &fail] {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(f, std::fs::Permissions::from_mode(0o755)).unwrap();
    }

    // Three files in three folders, each with paths relative to its own folder.
    let local = format!("https://127.0.0.1:{port}");
    std::fs::write(
        root.join("a/clusters.yaml"),
        format!(
            "apiVersion: v1\nkind: Config\nclusters:\n\
             - name: ca-file\n  cluster: {{server: \"{local}\", certificate-authority: ../pki/ca.crt}}\n\
             - name: server-name\n  cluster: {{server: \"{local}\", certificate-authority: ../pki/ca.crt, tls-server-name: kubernetes.default.svc}}\n\
             - name: wrong-name\n  cluster: {{server: \"{local}\", certificate-authority: ../pki/ca.crt, tls-server-name: not-the-apiserver.example}}\n\
             - name: insecure\n  cluster: {{server: \"{local}\", insecure-skip-tls-verify: true}}\n"
        ),
    )
    .unwrap();
    let data = |name: &str| {
        format!(
            "{{client-certificate-data: {}, client-key-data: {}}}",
            b64(&certs.join(format!("{name}.crt"))),
            b64(&certs.join(format!("{name}.key")))
        )
    };
    std::fs::write(
        root.join("b/users.yaml"),
        format!(
            "apiVersion: v1\nkind: Config\nusers:\n\
             - name: rsa-pkcs1-v1\n  user: {{client-certificate: certs/rsa-pkcs1-v1.crt, client-key: certs/rsa-pkcs1-v1.key}}\n\
             - name: ec-sec1-v3\n  user: {}\n\
             - name: ec-pkcs8-v1\n  user: {}\n\
             - name: rsa-pkcs8-v3\n  user: {{client-certificate: certs/rsa-pkcs8-v3.crt, client-key: certs/rsa-pkcs8-v3.key}}\n\
             - name: token\n  user: {{token: {token}}}\n\
             - name: token-file\n  user: {{tokenFile: token}}\n\
             - name: exec\n  user:\n    exec: {{apiVersion: client.authentication.k8s.io/v1, command: ./bin/cred.sh, interactiveMode: Never}}\n\
             - name: sso\n  user:\n    exec: {{apiVersion: client.authentication.k8s.io/v1, command: ./bin/sso.sh, interactiveMode: Never}}\n",
            data("ec-sec1-v3"),
            data("ec-pkcs8-v1"),
        ),
    )
    .unwrap();
    let working = [
        ("rsa-pkcs1-v1", "ca-file"),
        ("ec-sec1-v3", "ca-file"),
        ("ec-pkcs8-v1", "server-name"),
        ("rsa-pkcs8-v3", "insecure"),
        ("token", "ca-file"),
        ("token-file", "server-name"),
        ("exec", "insecure"),
    ];
    let mut contexts =
        String::from("apiVersion: v1\nkind: Config\ncurrent-context: rsa-pkcs1-v1\ncontexts:\n");
    for (user, cluster) in
        working.iter().chain(&[("rsa-pkcs1-v1", "wrong-name"), ("sso", "ca-file")])
    {
        let name =
            if *cluster == "wrong-name" { "wrong-name".to_string() } else { user.to_string() };
        contexts.push_str(&format!(
            "- name: {name}\n  context: {{cluster: {cluster}, user: {user}}}\n"
        ));
    }
    std::fs::write(root.join("c/contexts.yaml"), contexts).unwrap();
    let merged = ["a/clusters.yaml", "b/users.yaml", "c/contexts.yaml", "nonexistent.yaml"]
        .iter()
        .map(|f| root.join(f).display().to_string())
        .collect::<Vec<_>>()
        .join(":");
    let cwd = root.join("elsewhere");

    // Each works with kubectl and with us, from a folder where no relative path resolves.
    for (ctx_name, _) in working {
        sh(kubectl().env("KUBECONFIG", &merged).current_dir(&cwd).args([
            "--context",
            ctx_name,
            "get",
            "deployments",
            "-n",
            "default",
        ]));
        let v: serde_json::Value =
            serde_json::from_str(&ok(versions(&merged, ctx_name, &cwd))).unwrap();
        assert!(
            v["clusters"][0]["kubernetes"].as_str().is_some_and(|k| k.starts_with('v')),
            "{ctx_name}: {v}"
        );
    }
    // All at once, concurrently.
    let all = working.iter().map(|(c, _)| *c).collect::<Vec<_>>().join(",");
    ok(versions(&merged, &all, &cwd));

    // tls-server-name is honoured: a name the server's certificate lacks fails, as with kubectl.
    let out = kubectl()
        .env("KUBECONFIG", &merged)
        .current_dir(&cwd)
        .args(["--context", "wrong-name", "get", "ns"])
        .output()
        .unwrap();
    assert!(!out.status.success());
    let out = versions(&merged, "wrong-name", &cwd);
    assert_eq!(out.status.code(), Some(1), "{}", stdout(&out));
    assert!(
        stdout(&out).contains("not-the-apiserver.example")
            || stdout(&out).contains("NotValidForName"),
        "{}",
        stdout(&out)
    );

    // An exec plugin that fails is that cluster's row; the others are read; exit 1. The reason is
    // in words: the plugin, the user, what it printed, never the command line with its environment.
    for cmd in [&["version"][..], &["status", "--dir", "nothing-here"][..]] {
        let out = plugin("mesh-ca")
            .env("KUBECONFIG", &merged)
            .current_dir(&cwd)
            .args(cmd)
            .args(["--context", "token,sso"])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1), "{cmd:?}: {}{}", stdout(&out), stderr(&out));
        let text = format!("{}{}", stdout(&out), stderr(&out));
        assert!(text.contains("token"), "{text}");
        assert!(
            text.contains("sso: your session expired; run sso login")
                && text.contains("./bin/sso.sh"),
            "{cmd:?}: {text}"
        );
        for leak in ["KUBERNETES_EXEC_INFO", "Output {", "ExitStatus", "AuthExec", &token] {
            assert!(!text.contains(leak), "{cmd:?} shows {leak:?}: {text}");
        }
    }
    let out = plugin("mesh-secret")
        .env("KUBECONFIG", &merged)
        .current_dir(&cwd)
        .args(["list", "--context", "token,sso"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(stdout(&out).contains("run sso login"), "{}", stdout(&out));
    let out = plugin("mesh-tracing")
        .env("KUBECONFIG", &merged)
        .current_dir(&cwd)
        .args(["show", "--context", "token,sso"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stdout(&out).contains("run sso login")
            && stdout(&out).lines().any(|l| l.starts_with("token ")),
        "{}",
        stdout(&out)
    );
    // A writing command stops before any write, naming the reason.
    let out = plugin("mesh-expose")
        .env("KUBECONFIG", &merged)
        .current_dir(&cwd)
        .args(["zipkin", "--context", "sso"])
        .output()
        .unwrap();
    let err = fails(out, 1);
    assert!(err.contains("run sso login"), "{err}");

    // A refused connection: the address and the context, no Rust type names.
    let (refused, closed_port) = unreachable_kubeconfig(&root.join("c"));
    let out = plugin("mesh-ca")
        .env("KUBECONFIG", &refused)
        .args(["version", "--context", "gone"])
        .output()
        .unwrap();
    let text = format!("{}{}", stdout(&out), stderr(&out));
    assert_eq!(out.status.code(), Some(1), "{text}");
    assert!(
        text.contains(&format!("127.0.0.1:{closed_port}"))
            && text.contains("gone")
            && text.contains("refused"),
        "{text}"
    );
    assert!(!text.contains("ServiceError") && !text.contains("client error ("), "{text}");

    admin(&["delete", "clusterrolebinding", &sa]);
    admin(&["delete", "serviceaccount", &sa, "-n", "default"]);
}
