//! `kubectl mesh-secret` against two and three local clusters: the kubeconfigs it makes work with a
//! real kubectl for reads and are refused writes; bad input changes nothing; unlink leaves no trace.
mod common;

use std::process::Command;

use common::*;
use k8s_openapi::api::core::v1::{Namespace, Secret, ServiceAccount};
use k8s_openapi::api::rbac::v1::{ClusterRole, ClusterRoleBinding};
use kube::api::{Api, ListParams};
use serde_json::json;

/// An Istio install and nothing else: remote secrets need no workloads.
fn istio_only() -> FixtureOpts {
    FixtureOpts { deployments: 0, app_namespaces: 0, ..Default::default() }
}

fn secret_cmd(args: &[&str]) -> std::process::Output {
    run("mesh-secret", args)
}

async fn remote_secrets(ctx: &str, ns: &str) -> Vec<Secret> {
    let api: Api<Secret> = Api::namespaced(client(ctx).await, ns);
    api.list(&ListParams::default().labels("istio/multiCluster=true")).await.unwrap().items
}

/// Every object in `ns` and the cluster-scoped RBAC that carries the suite's label.
async fn our_objects(ctx: &str, ns: &str) -> Vec<String> {
    let c = client(ctx).await;
    let lp = ListParams::default().labels("app.kubernetes.io/managed-by=kubectl-mesh");
    let mut v: Vec<String> = Vec::new();
    v.extend(
        Api::<Secret>::namespaced(c.clone(), ns)
            .list(&lp)
            .await
            .unwrap()
            .items
            .into_iter()
            .map(|s| format!("secret/{}", s.metadata.name.unwrap())),
    );
    v.extend(
        Api::<ServiceAccount>::namespaced(c.clone(), ns)
            .list(&lp)
            .await
            .unwrap()
            .items
            .into_iter()
            .map(|s| format!("sa/{}", s.metadata.name.unwrap())),
    );
    let rbac = format!("kubectl-mesh-reader-{ns}");
    if Api::<ClusterRole>::all(c.clone()).get_opt(&rbac).await.unwrap().is_some() {
        v.push(format!("clusterrole/{rbac}"));
    }
    if Api::<ClusterRoleBinding>::all(c.clone()).get_opt(&rbac).await.unwrap().is_some() {
        v.push(format!("clusterrolebinding/{rbac}"));
    }
    v.sort();
    v
}

fn kubectl(kubeconfig: &std::path::Path, args: &[&str]) -> std::process::Output {
    Command::new("kubectl")
        .arg("--kubeconfig")
        .arg(kubeconfig)
        .args(args)
        .output()
        .expect("kubectl (make setup)")
}

fn kubeconfig_of(s: &Secret) -> (String, String) {
    let (k, v) = s.data.as_ref().unwrap().iter().next().unwrap();
    (k.clone(), String::from_utf8(v.0.clone()).unwrap())
}

fn token_of(kc: &str) -> String {
    let v: serde_yaml::Value = serde_yaml::from_str(kc).unwrap();
    v["users"][0]["user"]["token"].as_str().unwrap().to_string()
}

#[tokio::test]
async fn link_three_clusters_full_mesh_then_unlink() {
    let ctxs = take_contexts(3);
    let id = unique("t-sec-mesh");
    let fxs = Fixture::new_all(&ctxs, &id, &istio_only()).await;
    let list = ctxs.join(",");
    let base = ["--istio-namespace", id.as_str(), "--allow-loopback"];

    // --dry-run shows the plan and writes nothing.
    let plan = ok(secret_cmd(&[&["link", "--context", &list, "--dry-run"][..], &base].concat()));
    assert_eq!(plan.matches("create (dry run)").count(), 6, "{plan}");
    for c in &ctxs {
        assert!(remote_secrets(c, &id).await.is_empty());
        assert!(our_objects(c, &id).await.is_empty(), "dry run created objects");
    }

    let o = secret_cmd(&[&["link", "--context", &list][..], &base].concat());
    let (out, err) = (stdout(&o), stderr(&o));
    ok(o);
    assert_eq!(out.matches(" created").count(), 6, "{out}");
    let mut rvs = Vec::new();
    let mut tokens = Vec::new();
    for (i, c) in ctxs.iter().enumerate() {
        let held = remote_secrets(c, &id).await;
        let mut names: Vec<String> =
            held.iter().map(|s| s.metadata.name.clone().unwrap()).collect();
        names.sort();
        let mut want: Vec<String> =
            ctxs.iter().filter(|o| *o != c).map(|o| format!("istio-remote-secret-{o}")).collect();
        want.sort();
        assert_eq!(names, want, "secrets held by {c}");
        for s in &held {
            assert_eq!(
                s.metadata.annotations.as_ref().unwrap()["networking.istio.io/cluster"],
                kubeconfig_of(s).0
            );
            rvs.push((
                c.clone(),
                s.metadata.name.clone().unwrap(),
                s.metadata.resource_version.clone().unwrap(),
            ));
            tokens.push(token_of(&kubeconfig_of(s).1));
        }
        let _ = i;
    }
    for t in &tokens {
        assert!(!out.contains(t.as_str()) && !err.contains(t.as_str()), "a token was printed");
    }

    // Each embedded kubeconfig works with a real kubectl for istiod's reads, and is refused writes.
    let tmp = tempfile::tempdir().unwrap();
    let held = remote_secrets(&ctxs[0], &id).await;
    for s in &held {
        let (cluster, kc) = kubeconfig_of(s);
        let path = tmp.path().join(&cluster);
        std::fs::write(&path, &kc).unwrap();
        for read in [
            &["get", "pods", "-A"][..],
            &["get", "services", "-A"],
            &["get", "endpoints", "-A"],
            &["get", "namespaces"],
        ] {
            let o = kubectl(&path, read);
            assert!(o.status.success(), "{cluster}: kubectl {read:?}: {}", stderr(&o));
        }
        let o = kubectl(&path, &["create", "configmap", "intruder", "-n", &id]);
        assert!(!o.status.success(), "a remote kubeconfig could write");
        assert!(stderr(&o).contains("forbidden"), "{}", stderr(&o));
    }

    // Re-running converges: no write at all.
    let out = ok(secret_cmd(&[&["link", "--context", &list][..], &base].concat()));
    assert_eq!(out.matches(" unchanged").count(), 6, "{out}");
    for (c, name, rv) in &rvs {
        let s: Api<Secret> = Api::namespaced(client(c).await, &id);
        assert_eq!(s.get(name).await.unwrap().metadata.resource_version.as_ref(), Some(rv));
    }
    let o = secret_cmd(&["list", "--context", &list, "--istio-namespace", &id]);
    let listed = stdout(&o);
    ok(o);
    assert_eq!(listed.lines().filter(|l| l.trim_end().ends_with(" yes")).count(), 6, "{listed}");
    assert!(listed.contains("service-account-secret") && listed.contains("never"), "{listed}");
    for t in &tokens {
        assert!(!listed.contains(t.as_str()));
    }

    // unlink removes exactly what link made; the Istio-installed reader account stays.
    let out = ok(secret_cmd(&["unlink", "--context", &list, "--istio-namespace", &id]));
    assert!(out.contains("kept (not created by kubectl-mesh)"), "{out}");
    for c in &ctxs {
        assert!(remote_secrets(c, &id).await.is_empty());
        assert!(our_objects(c, &id).await.is_empty(), "{c}: {:?}", our_objects(c, &id).await);
        let sas: Api<ServiceAccount> = Api::namespaced(client(c).await, &id);
        assert!(
            sas.get_opt(READER_SA).await.unwrap().is_some(),
            "Istio's reader account was deleted"
        );
    }
    for f in fxs {
        f.delete().await;
    }
}

#[tokio::test]
async fn primary_remote_only_the_primary_receives_and_missing_reader_is_created() {
    let ctxs = take_contexts(2);
    let id = unique("t-sec-pr");
    // A bare Istio namespace: no reader account yet.
    for c in &ctxs {
        let nss: Api<Namespace> = Api::all(client(c).await);
        nss.patch(
            &id,
            &kube::api::PatchParams::apply("test"),
            &kube::api::Patch::Apply(
                json!({"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": id}}),
            ),
        )
        .await
        .unwrap();
    }
    let out = ok(secret_cmd(&[
        "link",
        "--primary",
        &ctxs[0],
        "--remote",
        &ctxs[1],
        "--istio-namespace",
        &id,
        "--allow-loopback",
    ]));
    assert_eq!(out.matches(" created").count(), 1, "{out}");
    assert_eq!(remote_secrets(&ctxs[0], &id).await.len(), 1);
    assert!(remote_secrets(&ctxs[1], &id).await.is_empty(), "the remote got a secret");
    let objs = our_objects(&ctxs[1], &id).await;
    assert_eq!(
        objs,
        [
            format!("clusterrole/kubectl-mesh-reader-{id}"),
            format!("clusterrolebinding/kubectl-mesh-reader-{id}"),
            format!("sa/{READER_SA}"),
            format!("secret/istio-reader-token-for-{}", ctxs[0]),
        ]
    );
    ok(secret_cmd(&[
        "unlink",
        "--primary",
        &ctxs[0],
        "--remote",
        &ctxs[1],
        "--istio-namespace",
        &id,
    ]));
    for c in &ctxs {
        assert!(our_objects(c, &id).await.is_empty(), "{c}: {:?}", our_objects(c, &id).await);
        assert!(remote_secrets(c, &id).await.is_empty());
        let nss: Api<Namespace> = Api::all(client(c).await);
        let _ = nss.delete(&id, &Default::default()).await;
    }
}

/// rotate where no istiod takes the new tokens (these namespaces run none): the remote secrets carry
/// the new tokens, the old ones stay valid, and the command says why and exits 1; nothing went dark.
#[tokio::test]
async fn rotate_keeps_the_old_token_when_no_istiod_takes_the_new_one() {
    let ctxs = take_contexts(2);
    let id = unique("t-sec-rot");
    let all = ctxs.join(",");
    for c in &ctxs {
        let nss: Api<Namespace> = Api::all(client(c).await);
        nss.patch(
            &id,
            &kube::api::PatchParams::apply("test"),
            &kube::api::Patch::Apply(
                json!({"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": id}}),
            ),
        )
        .await
        .unwrap();
    }
    ok(secret_cmd(&["link", "--context", &all, "--istio-namespace", &id, "--allow-loopback"]));
    let tokens = || async {
        let mut v = Vec::new();
        for c in &ctxs {
            v.push(token_of(&kubeconfig_of(&remote_secrets(c, &id).await[0]).1));
        }
        v
    };
    let old = tokens().await;
    let o = secret_cmd(&["rotate", "--context", &all, "--istio-namespace", &id, "--wait", "2s"]);
    let out = stdout(&o);
    let err = fails(o, 1);
    assert!(
        err.contains("has not used the new token") && err.contains("nothing goes dark"),
        "{err}"
    );
    assert_eq!(out.matches("istiod has not used it yet").count(), 2, "{out}");
    let new = tokens().await;
    for (i, c) in ctxs.iter().enumerate() {
        // The token in cluster i's remote secret belongs to the other cluster.
        let source = client(&ctxs[1 - i]).await;
        assert_ne!(old[i], new[i], "{c}");
        assert!(
            authenticates(&source, &old[i]).await,
            "the old token was revoked although no istiod took the new one"
        );
        assert!(authenticates(&source, &new[i]).await);
    }
    // Both generations of token Secrets are there until a rotation is confirmed; unlink removes all.
    for c in &ctxs {
        let objs = our_objects(c, &id).await;
        assert_eq!(
            objs.iter().filter(|o| o.starts_with("secret/istio-reader-token-for-")).count(),
            2,
            "{c}: {objs:?}"
        );
    }
    ok(secret_cmd(&["unlink", "--context", &all, "--istio-namespace", &id]));
    for c in &ctxs {
        assert!(our_objects(c, &id).await.is_empty(), "{c}: {:?}", our_objects(c, &id).await);
        let _ = Api::<Namespace>::all(client(c).await).delete(&id, &Default::default()).await;
    }
}

#[tokio::test]
async fn token_requests_expire_are_listed_and_reused() {
    let ctxs = take_contexts(2);
    let id = unique("t-sec-ttl");
    let fxs = Fixture::new_all(&ctxs, &id, &istio_only()).await;
    let list = ctxs.join(",");
    let args = [
        "link",
        "--context",
        &list,
        "--istio-namespace",
        &id,
        "--allow-loopback",
        "--token-ttl",
        "2h",
    ];
    let out = ok(secret_cmd(&args));
    assert_eq!(out.matches("token-request").count(), 2, "{out}");
    let first = token_of(&kubeconfig_of(&remote_secrets(&ctxs[0], &id).await[0]).1);
    let out = ok(secret_cmd(&args));
    assert_eq!(out.matches(" unchanged").count(), 2, "tokens were not reused: {out}");
    assert_eq!(first, token_of(&kubeconfig_of(&remote_secrets(&ctxs[0], &id).await[0]).1));
    let json: serde_json::Value = serde_json::from_str(&ok(secret_cmd(&[
        "list",
        "--context",
        &list,
        "--istio-namespace",
        &id,
        "-o",
        "json",
    ])))
    .unwrap();
    for row in json.as_array().unwrap() {
        assert_eq!(row["token"], "token-request");
        assert_eq!(row["works"], true, "{row}");
        let exp = time::OffsetDateTime::parse(
            row["expires"].as_str().unwrap(),
            &time::format_description::well_known::Rfc3339,
        )
        .unwrap();
        let left = exp - time::OffsetDateTime::now_utc();
        assert!(left > time::Duration::minutes(110) && left <= time::Duration::hours(2), "{left}");
        assert!(row["created"].as_str().is_some_and(|c| c.ends_with('Z')), "{row}");
        assert!(
            row["warning"].as_str().is_some_and(|w| w.starts_with("the token expires in 1h")),
            "within the default 60d: {row}"
        );
    }
    // Expiry CI can gate on: a token within --warn-within is a warning (exit 0), and with
    // --fail-on warn the command fails after printing everything.
    let base = ["list", "--context", &list, "--istio-namespace", &id];
    let out = ok(secret_cmd(&base));
    assert_eq!(out.matches("(soon)").count(), 2, "{out}");
    assert!(out.lines().next().unwrap().contains("AGE"), "{out}");
    let err = fails(secret_cmd(&[&base[..], &["--fail-on", "warn"]].concat()), 1);
    assert!(err.contains("2 warning(s)") && err.contains("the token expires in"), "{err}");
    let out = ok(secret_cmd(&[&base[..], &["--fail-on", "warn", "--warn-within", "1h"]].concat()));
    assert!(!out.contains("(soon)"), "{out}");
    // A TTL within which the token is now "close to expiry" renews it.
    let renew = [
        "link",
        "--context",
        &list,
        "--istio-namespace",
        &id,
        "--allow-loopback",
        "--token-ttl",
        "10h",
    ];
    let out = ok(secret_cmd(&renew));
    assert_eq!(out.matches(" updated").count(), 2, "{out}");
    // rotate --token-ttl: new TokenRequest tokens; nothing records their use, so the old ones are
    // left to expire (the row says when), and they still work meanwhile.
    let old: Vec<String> = futures::future::join_all(
        ctxs.iter().map(|c| async { token_of(&kubeconfig_of(&remote_secrets(c, &id).await[0]).1) }),
    )
    .await;
    let out = ok(secret_cmd(&[
        "rotate",
        "--context",
        &list,
        "--istio-namespace",
        &id,
        "--token-ttl",
        "10h",
    ]));
    assert_eq!(out.matches(" expires 20").count(), 2, "{out}");
    for (i, c) in ctxs.iter().enumerate() {
        let now = token_of(&kubeconfig_of(&remote_secrets(c, &id).await[0]).1);
        assert_ne!(now, old[i]);
        assert!(authenticates(&client(&ctxs[1 - i]).await, &old[i]).await);
    }
    for f in fxs {
        f.delete().await;
    }
}

#[tokio::test]
async fn create_prints_a_secret_kubectl_can_apply() {
    let ctxs = take_contexts(2);
    let id = unique("t-sec-create");
    let mut fxs = Fixture::new_all(&ctxs, &id, &istio_only()).await.into_iter();
    let (fx0, fx1) = (fxs.next().unwrap(), fxs.next().unwrap());
    let yaml = ok(secret_cmd(&[
        "create",
        "--context",
        &ctxs[1],
        "--name",
        "east",
        "--istio-namespace",
        &id,
        "--allow-loopback",
    ]));
    assert!(yaml.contains("name: istio-remote-secret-east"), "{yaml}");
    assert!(remote_secrets(&ctxs[0], &id).await.is_empty(), "create applied something");
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join("s.yaml"), &yaml).unwrap();
    let o = Command::new("kubectl")
        .args([
            "--kubeconfig",
            kubeconfig().to_str().unwrap(),
            "--context",
            &ctxs[0],
            "apply",
            "-f",
        ])
        .arg(tmp.path().join("s.yaml"))
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    let json =
        ok(secret_cmd(&["list", "--context", &ctxs[0], "--istio-namespace", &id, "-o", "json"]));
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v[0]["remoteCluster"], "east");
    assert_eq!(v[0]["works"], true);
    fx0.delete().await;
    fx1.delete().await;
}

#[tokio::test]
async fn bad_input_leaves_every_cluster_unchanged() {
    let ctxs = take_contexts(2);
    let id = unique("t-sec-bad");
    let fxs = Fixture::new_all(&ctxs, &id, &istio_only()).await;
    let list = ctxs.join(",");
    let cases: Vec<(Vec<String>, i32, &str)> = vec![
        (vec!["--context".into(), format!("{list},nope")], 2, "\"nope\" not found"),
        (
            vec![
                "--context".into(),
                list.clone(),
                "--cluster-name".into(),
                format!("{}=same,{}=same", ctxs[0], ctxs[1]),
            ],
            2,
            "two contexts",
        ),
        (
            vec![
                "--context".into(),
                list.clone(),
                "--server".into(),
                format!("{}=http://10.0.0.1:6443", ctxs[1]),
            ],
            2,
            "must be an https:// URL",
        ),
        (vec!["--context".into(), list.clone()], 2, "loopback address"),
        (vec!["--context".into(), ctxs[0].clone()], 2, "at least two clusters"),
    ];
    for (extra, code, msg) in cases {
        let mut args = vec!["link".to_string(), "--istio-namespace".into(), id.clone()];
        args.extend(extra);
        if !args.iter().any(|a| a.contains("http://")) && msg != "loopback address" {
            args.push("--allow-loopback".into());
        }
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let e = fails(secret_cmd(&args), code);
        assert!(e.contains(msg), "{args:?}: {e}");
    }
    // A context whose credentials fail: the other cluster is not touched either.
    let mut kc: serde_yaml::Value =
        serde_yaml::from_str(&std::fs::read_to_string(kubeconfig()).unwrap()).unwrap();
    kc["users"]
        .as_sequence_mut()
        .unwrap()
        .push(serde_yaml::from_str("name: nobody\nuser: {token: not-a-valid-token-xyz}").unwrap());
    let cluster_of_1 = kc["contexts"]
        .as_sequence()
        .unwrap()
        .iter()
        .find(|c| c["name"] == ctxs[1].as_str())
        .unwrap()["context"]["cluster"]
        .clone();
    let mut bad_ctx: serde_yaml::Value =
        serde_yaml::from_str("name: badcreds\ncontext: {user: nobody}").unwrap();
    bad_ctx["context"]["cluster"] = cluster_of_1;
    kc["contexts"].as_sequence_mut().unwrap().push(bad_ctx);
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("kc");
    std::fs::write(&path, serde_yaml::to_string(&kc).unwrap()).unwrap();
    let o = plugin("mesh-secret")
        .args([
            "--kubeconfig",
            path.to_str().unwrap(),
            "link",
            "--context",
            &format!("{},badcreds", ctxs[0]),
        ])
        .args(["--istio-namespace", &id, "--allow-loopback", "--request-timeout", "5s"])
        .output()
        .unwrap();
    let e = fails(o, 1);
    assert!(e.contains("badcreds") && e.contains("Unauthorized"), "{e}");
    assert!(!e.contains("not-a-valid-token-xyz"));
    for c in &ctxs {
        assert!(remote_secrets(c, &id).await.is_empty(), "{c} has remote secrets");
        assert!(our_objects(c, &id).await.is_empty(), "{c}: {:?}", our_objects(c, &id).await);
    }
    for f in fxs {
        f.delete().await;
    }
}

/// Every object the suite could have written in `ns` of every cluster, with its resourceVersion.
async fn state(ctxs: &[String], ns: &str) -> Vec<(String, Vec<String>, Vec<(String, String)>)> {
    let mut v = Vec::new();
    for c in ctxs {
        let rvs: Vec<(String, String)> = Api::<Secret>::namespaced(client(c).await, ns)
            .list(&ListParams::default())
            .await
            .unwrap()
            .items
            .into_iter()
            .map(|s| (s.metadata.name.unwrap(), s.metadata.resource_version.unwrap()))
            .collect();
        v.push((c.clone(), our_objects(c, ns).await, rvs));
    }
    v
}

#[tokio::test]
async fn dry_runs_persist_nothing_and_create_says_what_it_makes() {
    let ctxs = take_contexts(2);
    let id = unique("t-sec-dry");
    let fxs = Fixture::new_all(&ctxs, &id, &istio_only()).await;
    let list = ctxs.join(",");
    let before = state(&ctxs, &id).await;
    for mode in ["--dry-run=client", "--dry-run=server"] {
        for ttl in [&[][..], &["--token-ttl", "1h"]] {
            let args =
                [
                    &[
                        "link",
                        "--context",
                        &list,
                        "--istio-namespace",
                        &id,
                        "--allow-loopback",
                        mode,
                    ][..],
                    ttl,
                ]
                .concat();
            let out = ok(secret_cmd(&args));
            let marker = if mode.ends_with("server") { "(server dry run)" } else { "(dry run)" };
            assert_eq!(out.matches(marker).count(), 2, "{args:?}: {out}");
            assert_eq!(state(&ctxs, &id).await, before, "{args:?} persisted something");
        }
        // create cannot print a token it would have to mint: it says so and changes nothing.
        let e = fails(
            secret_cmd(&[
                "create",
                "--context",
                &ctxs[1],
                "--istio-namespace",
                &id,
                "--allow-loopback",
                mode,
            ]),
            1,
        );
        assert!(
            e.contains("the token is minted only on a real run")
                && e.contains("nothing was changed"),
            "{e}"
        );
        assert_eq!(state(&ctxs, &id).await, before, "create {mode} persisted something");
    }
    // The loopback advice of create names a flag form create accepts.
    let e = fails(secret_cmd(&["create", "--context", &ctxs[1], "--istio-namespace", &id]), 2);
    assert!(e.contains("pass --server https://<address"), "{e}");
    assert_eq!(state(&ctxs, &id).await, before);
    // A real create says on stderr what it made in the source cluster; stdout is the Secret only.
    let o = secret_cmd(&[
        "create",
        "--context",
        &ctxs[1],
        "--istio-namespace",
        &id,
        "--allow-loopback",
    ]);
    assert!(stderr(&o).contains(&format!("ServiceAccount {id}/{READER_SA}")), "{}", stderr(&o));
    let yaml = ok(o);
    assert!(yaml.starts_with("apiVersion: v1") || yaml.contains("\nkind: Secret"), "{yaml}");
    // Once a token exists, a dry run of create prints the Secret and persists nothing.
    let after = state(&ctxs, &id).await;
    let yaml = ok(secret_cmd(&[
        "create",
        "--context",
        &ctxs[1],
        "--istio-namespace",
        &id,
        "--allow-loopback",
        "--dry-run=server",
    ]));
    assert!(yaml.contains("kind: Secret"), "{yaml}");
    assert_eq!(state(&ctxs, &id).await, after);
    for f in fxs {
        f.delete().await;
    }
}

#[tokio::test]
async fn unlink_of_two_clusters_leaves_the_third_working() {
    let ctxs = take_contexts(3);
    let id = unique("t-sec-unl");
    let fxs = Fixture::new_all(&ctxs, &id, &istio_only()).await;
    let all = ctxs.join(",");
    ok(secret_cmd(&["link", "--context", &all, "--istio-namespace", &id, "--allow-loopback"]));
    let e = fails(secret_cmd(&["unlink", "--context", &ctxs[2], "--istio-namespace", &id]), 2);
    assert!(e.starts_with("error: unlink needs at least two clusters"), "{e}");
    let pair = format!("{},{}", ctxs[0], ctxs[2]);
    let out = ok(secret_cmd(&["unlink", "--context", &pair, "--istio-namespace", &id]));
    assert!(
        out.contains(&format!("kept (still used by the remote secret in {})", ctxs[1])),
        "{out}"
    );
    // Exactly the named pairs are gone.
    let names = |v: Vec<Secret>| -> Vec<String> {
        let mut n: Vec<String> = v.into_iter().map(|s| s.metadata.name.unwrap()).collect();
        n.sort();
        n
    };
    assert_eq!(
        names(remote_secrets(&ctxs[0], &id).await),
        [format!("istio-remote-secret-{}", ctxs[1])]
    );
    assert_eq!(
        names(remote_secrets(&ctxs[2], &id).await),
        [format!("istio-remote-secret-{}", ctxs[1])]
    );
    assert_eq!(names(remote_secrets(&ctxs[1], &id).await).len(), 2);
    // And every remaining secret still works, the third cluster's included.
    let json = ok(secret_cmd(&["list", "--context", &all, "--istio-namespace", &id, "-o", "json"]));
    let rows: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(rows.as_array().unwrap().len(), 4, "{json}");
    for r in rows.as_array().unwrap() {
        assert_eq!(r["works"], true, "{r}");
    }
    // A broken secret makes list exit non-zero, with the table still printed.
    // (Revoke its token: Istio's own reader RBAC would still grant the reads if ours went.)
    let tokens: Api<Secret> = Api::namespaced(client(&ctxs[0]).await, &id);
    tokens
        .delete(&format!("istio-reader-token-for-{}", ctxs[1]), &Default::default())
        .await
        .unwrap();
    let args = ["list", "--context", &all, "--istio-namespace", &id];
    let o = wait_for(std::time::Duration::from_secs(20), || async {
        Some(secret_cmd(&args)).filter(|o| !o.status.success())
    })
    .await
    .expect("list kept exiting 0 with a broken secret");
    assert!(stdout(&o).contains(&format!("istio-remote-secret-{}", ctxs[0])), "{}", stdout(&o));
    let e = fails(o, 1);
    assert!(e.contains("do not work"), "{e}");
    // Unlinking the rest removes every identity.
    ok(secret_cmd(&["unlink", "--context", &all, "--istio-namespace", &id]));
    for c in &ctxs {
        assert!(remote_secrets(c, &id).await.is_empty());
        assert!(our_objects(c, &id).await.is_empty(), "{c}: {:?}", our_objects(c, &id).await);
    }
    for f in fxs {
        f.delete().await;
    }
}

#[tokio::test]
async fn unchecked_values_never_reach_a_cluster() {
    let ctxs = take_contexts(2);
    let id = unique("t-sec-vals");
    let fxs = Fixture::new_all(&ctxs, &id, &istio_only()).await;
    let list = ctxs.join(",");
    let before = state(&ctxs, &id).await;
    let server = format!("{}=https://10.0.0.2:99999", ctxs[1]);
    let ipv4 = format!("{}=https://999.1.1.1:6443", ctxs[1]);
    let cases: Vec<(Vec<&str>, &str)> = vec![
        (vec!["--token-ttl", "0"], "minimum of 10m"),
        (vec!["--token-ttl", "1s"], "minimum of 10m"),
        (vec!["--token-ttl", "1e19"], "out of range"),
        (vec!["--token-timeout", "1e20"], "out of range"),
        (vec!["--request-timeout", "1e20"], "out of range"),
        (vec!["--server", &server], "1 to 65535"),
        (vec!["--server", &ipv4], "not a DNS name or IP address"),
    ];
    for (extra, msg) in cases {
        let args = [
            &["link", "--context", &list, "--istio-namespace", &id, "--allow-loopback"][..],
            &extra,
        ]
        .concat();
        let o = secret_cmd(&args);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", stderr(&o));
        assert!(stderr(&o).contains(msg), "{args:?}: {}", stderr(&o));
        let err = stderr(&o);
        let negative = err.as_bytes().windows(2).any(|w| w[0] == b'-' && w[1].is_ascii_digit());
        assert!(!err.contains("panicked") && !negative, "{args:?}: {err}");
        assert_eq!(state(&ctxs, &id).await, before, "{args:?} changed a cluster");
    }
    for f in fxs {
        f.delete().await;
    }
}
