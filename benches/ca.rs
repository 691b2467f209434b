//! `kubectl mesh-ca`: init + issue for three clusters against the openssl sequence of Istio's
//! Makefile.selfsigned.mk (same algorithm, same run), install into three local clusters against the
//! guide's `kubectl create secret` commands, and each binary's `--help` start-up.
mod common;

use std::process::Command;

use common::*;

const CLUSTERS: [&str; 3] = ["cluster1", "cluster2", "cluster3"];

/// What Istio's Makefile.selfsigned.mk runs for `root-ca` and `<cluster>-cacerts`.
fn openssl_sequence(alg: &str) -> String {
    let (root_key, key) = match alg {
        "rsa-4096" => (
            "openssl genrsa -out root-key.pem 4096 2>/dev/null",
            "openssl genrsa -out $c/ca-key.pem 4096 2>/dev/null",
        ),
        "ecdsa-p256" => (
            "openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out root-key.pem",
            "openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out $c/ca-key.pem",
        ),
        _ => unreachable!(),
    };
    format!(
        r#"
printf '[req]\nprompt=no\ndistinguished_name=dn\nreq_extensions=ext\n[dn]\nO=Istio\nCN=Root CA\n[ext]\nbasicConstraints=critical,CA:true\nkeyUsage=critical,digitalSignature,nonRepudiation,keyEncipherment,keyCertSign\nsubjectKeyIdentifier=hash\n' > root-ca.conf
{root_key}
openssl req -sha256 -new -key root-key.pem -config root-ca.conf -out root-cert.csr
openssl x509 -req -sha256 -days 3650 -signkey root-key.pem -extensions ext -extfile root-ca.conf -in root-cert.csr -out root-cert.pem 2>/dev/null
for c in {clusters}; do
  mkdir -p $c
  printf "[req]\nprompt=no\ndistinguished_name=dn\nreq_extensions=ext\n[dn]\nO=Istio\nCN=Intermediate CA\nL=$c\n[ext]\nsubjectKeyIdentifier=hash\nbasicConstraints=critical,CA:true,pathlen:0\nkeyUsage=critical,digitalSignature,nonRepudiation,keyEncipherment,keyCertSign\nsubjectAltName=DNS:istiod.istio-system.svc\n" > $c/intermediate.conf
  {key}
  openssl req -new -config $c/intermediate.conf -key $c/ca-key.pem -out $c/cluster-ca.csr
  openssl x509 -req -sha256 -days 730 -CA root-cert.pem -CAkey root-key.pem -CAcreateserial -extensions ext -extfile $c/intermediate.conf -in $c/cluster-ca.csr -out $c/ca-cert.pem 2>/dev/null
  cat $c/ca-cert.pem root-cert.pem > $c/cert-chain.pem
  cp root-cert.pem $c/root-cert.pem
done
"#,
        clusters = CLUSTERS.join(" ")
    )
}

fn bench_pki(alg: &str, n: usize) {
    let ours = median(n, || {
        let d = tempfile::tempdir().unwrap();
        run(Command::new(bin("mesh-ca")).current_dir(d.path()).args([
            "init",
            "--key-algorithm",
            alg,
        ]));
        run(Command::new(bin("mesh-ca"))
            .current_dir(d.path())
            .arg("issue")
            .args(CLUSTERS)
            .args(["--key-algorithm", alg]));
    });
    let script = openssl_sequence(alg);
    let theirs = median(n, || {
        let d = tempfile::tempdir().unwrap();
        sh(&script, d.path());
    });
    report(
        &format!("init + issue x3 ({alg}, median of {n})"),
        ours,
        theirs,
        "openssl (Makefile.selfsigned.mk steps)",
    );
}

fn bench_install(n: usize) {
    let kc = kubeconfig();
    let d = tempfile::tempdir().unwrap();
    run(Command::new(bin("mesh-ca")).current_dir(d.path()).arg("init"));
    run(Command::new(bin("mesh-ca")).current_dir(d.path()).arg("issue").args(CLUSTERS));
    let ours = median(n, || {
        let ns = unique("bench-ca");
        run(Command::new(bin("mesh-ca"))
            .current_dir(d.path())
            .arg("--kubeconfig")
            .arg(&kc)
            .args(["install", "--context", &CLUSTERS.join(","), "--istio-namespace", &ns]));
    });
    let theirs = median(n, || {
        let ns = unique("bench-ca-kubectl");
        let script = CLUSTERS
            .iter()
            .map(|c| {
                format!(
                    "kubectl --context {c} create namespace {ns} >/dev/null && \
                     kubectl --context {c} create secret generic cacerts -n {ns} --from-file=mesh-ca/{c}/ca-cert.pem \
                     --from-file=mesh-ca/{c}/ca-key.pem --from-file=mesh-ca/{c}/root-cert.pem \
                     --from-file=mesh-ca/{c}/cert-chain.pem >/dev/null"
                )
            })
            .collect::<Vec<_>>()
            .join("\n");
        run(Command::new("bash")
            .arg("-ec")
            .arg(script)
            .current_dir(d.path())
            .env("KUBECONFIG", &kc));
    });
    report(
        &format!("install into 3 clusters (median of {n})"),
        ours,
        theirs,
        "kubectl create namespace + secret x3",
    );
}

fn bench_help() {
    for p in ["mesh-ca", "mesh-secret", "mesh-expose", "mesh-tracing"] {
        let t = median(21, || {
            run(Command::new(bin(p)).arg("--help"));
        });
        println!(
            "kubectl-{p} --help: {:.2} ms (median of 21, target < 10 ms)",
            t.as_secs_f64() * 1e3
        );
    }
}

fn main() {
    // `cargo bench` passes --bench; anything else (a filter) is ignored.
    bench_help();
    bench_pki("ecdsa-p256", 5);
    bench_pki("rsa-4096", 3);
    if std::env::var_os("MESH_TEST_KUBECONFIG").is_some() {
        bench_install(5);
    } else {
        println!("install: skipped, no clusters (run `make bench`)");
    }
}
