//! What only the local clusters of `tests/cluster/local.sh` offer: each cluster's CA key (to sign
//! test users' client certificates), its API server's audit log, and the pid files of its processes.
//! Tests that need them fail, with the reason, against other clusters.

use std::path::{Path, PathBuf};
use std::process::Command;

use super::kubeconfig;

pub fn sh(cmd: &mut Command) -> String {
    let out = cmd.output().unwrap_or_else(|e| panic!("{cmd:?}: {e}"));
    assert!(out.status.success(), "{cmd:?}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).into_owned()
}

pub fn openssl(args: &[&str], dir: &Path) -> String {
    sh(Command::new("openssl").args(args).current_dir(dir))
}

/// The test cluster's server URL and the folder with its CA certificate and key.
pub fn cluster_pki(ctx: &str) -> (String, PathBuf) {
    let kc: serde_yaml::Value =
        serde_yaml::from_str(&std::fs::read_to_string(kubeconfig()).unwrap()).unwrap();
    let cluster_name =
        kc["contexts"].as_sequence().unwrap().iter().find(|c| c["name"] == ctx).unwrap()["context"]
            ["cluster"]
            .as_str()
            .unwrap()
            .to_string();
    let server = kc["clusters"]
        .as_sequence()
        .unwrap()
        .iter()
        .find(|c| c["name"] == cluster_name.as_str())
        .unwrap()["cluster"]["server"]
        .as_str()
        .unwrap()
        .to_string();
    let pki = kubeconfig().parent().unwrap().join(&cluster_name).join("pki");
    assert!(
        pki.join("ca.key").exists(),
        "{}: no CA key to sign test client certificates with; this test needs the local clusters of tests/cluster/local.sh",
        pki.display()
    );
    (server, pki)
}

/// A client certificate for `name` (in system:masters), v1 or v3, with a key made by `keygen`.
pub fn client_cert(dir: &Path, pki: &Path, name: &str, keygen: &[&str], v3: bool) {
    client_cert_in(dir, pki, name, keygen, v3, Some("system:masters"))
}

/// The same, in `group` (none: a user with no rights until RBAC grants some).
fn client_cert_in(
    dir: &Path,
    pki: &Path,
    name: &str,
    keygen: &[&str],
    v3: bool,
    group: Option<&str>,
) {
    let key = format!("{name}.key");
    let mut args: Vec<&str> = keygen.to_vec();
    args.extend(["-out", &key]);
    openssl(&args, dir);
    let subj = match group {
        Some(g) => format!("/O={g}/CN={name}"),
        None => format!("/CN={name}"),
    };
    openssl(&["req", "-new", "-key", &key, "-subj", &subj, "-out", &format!("{name}.csr")], dir);
    let (ca_crt, ca_key) = (pki.join("ca.crt"), pki.join("ca.key"));
    let mut sign = vec!["x509", "-req", "-in"];
    let csr = format!("{name}.csr");
    let crt = format!("{name}.crt");
    sign.extend([
        csr.as_str(),
        "-CA",
        ca_crt.to_str().unwrap(),
        "-CAkey",
        ca_key.to_str().unwrap(),
    ]);
    sign.extend(["-set_serial", "7", "-days", "1", "-out", &crt]);
    if v3 {
        std::fs::write(dir.join("ext.cnf"), "extendedKeyUsage=clientAuth\n").unwrap();
        sign.extend(["-extfile", "ext.cnf"]);
    }
    openssl(&sign, dir);
    let text = openssl(&["x509", "-in", &crt, "-noout", "-text"], dir);
    let want = if v3 { "Version: 3" } else { "Version: 1" };
    assert!(text.contains(want), "{name}: {want} expected:\n{text}");
}

/// A kubeconfig in `dir` whose contexts `ctxs` reach the same API servers as a user of its own,
/// `user` (a client certificate in system:masters): what that user writes is told apart in the audit log.
pub fn kubeconfig_as(dir: &Path, ctxs: &[String], user: &str) -> PathBuf {
    kubeconfig_for(dir, ctxs, user, Some("system:masters"))
}

/// The same for a user in no group: it may do only what RBAC grants `user`.
pub fn kubeconfig_unprivileged(dir: &Path, ctxs: &[String], user: &str) -> PathBuf {
    kubeconfig_for(dir, ctxs, user, None)
}

fn kubeconfig_for(dir: &Path, ctxs: &[String], user: &str, group: Option<&str>) -> PathBuf {
    let (mut clusters, mut users, mut contexts) = (String::new(), String::new(), String::new());
    for (i, ctx) in ctxs.iter().enumerate() {
        let (server, pki) = cluster_pki(ctx);
        let name = format!("{user}-{i}");
        // One folder per cluster: the same user name, a certificate from each cluster's CA.
        let d = dir.join(&name);
        std::fs::create_dir_all(&d).unwrap();
        client_cert_in(
            &d,
            &pki,
            user,
            &["genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256"],
            true,
            group,
        );
        let ca = d.join("ca.crt");
        std::fs::copy(pki.join("ca.crt"), &ca).unwrap();
        clusters += &format!(
            "- name: {name}\n  cluster: {{server: \"{server}\", certificate-authority: {}}}\n",
            ca.display()
        );
        users += &format!(
            "- name: {name}\n  user: {{client-certificate: {}, client-key: {}}}\n",
            d.join(format!("{user}.crt")).display(),
            d.join(format!("{user}.key")).display()
        );
        contexts += &format!("- name: {ctx}\n  context: {{cluster: {name}, user: {name}}}\n");
    }
    let path = dir.join(format!("{user}.kubeconfig"));
    std::fs::write(&path, format!("apiVersion: v1\nkind: Config\nclusters:\n{clusters}users:\n{users}contexts:\n{contexts}")).unwrap();
    path
}

/// The write requests (`VERB /path`) that `user` made to the API server of `ctx`, from its audit
/// log; SelfSubjectAccessReviews (asked before writes, never stored) are not counted.
pub fn audited_writes(ctx: &str, user: &str) -> Vec<String> {
    let (_, pki) = cluster_pki(ctx);
    let log = pki.parent().unwrap().join("audit.log");
    let text = std::fs::read_to_string(&log)
        .unwrap_or_else(|e| panic!("{}: {e}; the local clusters keep an audit log", log.display()));
    text.lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter(|e| {
            e["user"]["username"] == user
                && e["objectRef"]["resource"] != "selfsubjectaccessreviews"
        })
        .map(|e| {
            format!(
                "{} {}",
                e["verb"].as_str().unwrap_or("?"),
                e["requestURI"].as_str().unwrap_or("?")
            )
        })
        .collect()
}

/// The pid in `<cluster>/<process>.pid` (`apiserver`, `etcd`) of the local cluster behind `ctx`.
pub fn process_pid(ctx: &str, process: &str) -> i32 {
    let (_, pki) = cluster_pki(ctx);
    let f = pki.parent().unwrap().join(format!("{process}.pid"));
    std::fs::read_to_string(&f)
        .unwrap_or_else(|e| panic!("{}: {e}", f.display()))
        .trim()
        .parse()
        .unwrap()
}
