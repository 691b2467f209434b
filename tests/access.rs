//! Fault matrix, "a user whose RBAC lacks one verb": every multi-cluster command asks each cluster
//! (SelfSubjectAccessReview) before its first write, so a cluster that refuses one write leaves
//! every cluster, and the local CA folder, untouched.
mod common;

use common::*;
use k8s_openapi::api::apps::v1::Deployment;
use k8s_openapi::api::authentication::v1::{TokenRequest, TokenRequestSpec};
use k8s_openapi::api::core::v1::{ConfigMap, Secret, ServiceAccount};
use kube::api::{Api, ListParams, Patch, PatchParams, PostParams};
use serde_json::json;

/// A ServiceAccount in `ctx` that may read everything and restart Deployments, but write nothing
/// else; its token.
async fn read_only_user(ctx: &str, name: &str) -> String {
    let c = client(ctx).await;
    let pp = PatchParams::apply("test").force();
    let nss: Api<k8s_openapi::api::core::v1::Namespace> = Api::all(c.clone());
    nss.patch(
        name,
        &pp,
        &Patch::Apply(json!({"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": name}})),
    )
    .await
    .unwrap();
    let sas: Api<ServiceAccount> = Api::namespaced(c.clone(), name);
    sas.patch(
        name,
        &pp,
        &Patch::Apply(
            json!({"apiVersion": "v1", "kind": "ServiceAccount", "metadata": {"name": name}}),
        ),
    )
    .await
    .unwrap();
    let role = json!({"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "ClusterRole", "metadata": {"name": name},
        "rules": [{"apiGroups": ["*"], "resources": ["*"], "verbs": ["get", "list", "watch"]},
                  {"apiGroups": ["apps"], "resources": ["deployments"], "verbs": ["patch"]}]});
    let binding = json!({"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "ClusterRoleBinding", "metadata": {"name": name},
        "roleRef": {"apiGroup": "rbac.authorization.k8s.io", "kind": "ClusterRole", "name": name},
        "subjects": [{"kind": "ServiceAccount", "name": name, "namespace": name}]});
    let dynamic = |kind: &str| {
        let gvk = kube::api::GroupVersionKind::gvk("rbac.authorization.k8s.io", "v1", kind);
        Api::<kube::api::DynamicObject>::all_with(
            c.clone(),
            &kube::api::ApiResource::from_gvk(&gvk),
        )
    };
    dynamic("ClusterRole").patch(name, &pp, &Patch::Apply(role)).await.unwrap();
    dynamic("ClusterRoleBinding").patch(name, &pp, &Patch::Apply(binding)).await.unwrap();
    let tr = TokenRequest {
        spec: TokenRequestSpec { expiration_seconds: Some(3600), ..Default::default() },
        ..Default::default()
    };
    let got: TokenRequest =
        sas.create_subresource("token", name, &PostParams::default(), &tr).await.unwrap();
    got.status.unwrap().token
}

/// The test kubeconfig plus a context `limited`: `server_ctx`'s API server as the read-only user.
fn kubeconfig_with_limited(
    dir: &std::path::Path,
    server_ctx: &str,
    token: &str,
) -> std::path::PathBuf {
    let mut kc: serde_yaml::Value =
        serde_yaml::from_str(&std::fs::read_to_string(kubeconfig()).unwrap()).unwrap();
    let cluster =
        kc["contexts"].as_sequence().unwrap().iter().find(|c| c["name"] == server_ctx).unwrap()
            ["context"]["cluster"]
            .clone();
    kc["users"].as_sequence_mut().unwrap().push(
        serde_yaml::from_str(&format!("{{name: limited, user: {{token: {token}}}}}")).unwrap(),
    );
    let ctx: serde_yaml::Value = serde_yaml::from_str(&format!(
        "{{name: limited, context: {{cluster: {}, user: limited}}}}",
        cluster.as_str().unwrap()
    ))
    .unwrap();
    kc["contexts"].as_sequence_mut().unwrap().push(ctx);
    let path = dir.join("kubeconfig");
    std::fs::write(&path, serde_yaml::to_string(&kc).unwrap()).unwrap();
    path
}

/// resourceVersions of what the commands below would write, in one cluster.
async fn versions(fx: &Fixture) -> Vec<String> {
    let cm = Api::<ConfigMap>::namespaced(fx.client.clone(), &fx.istio_ns)
        .get(&fx.mesh_configmap())
        .await
        .unwrap();
    let mut v = vec![cm.metadata.resource_version.unwrap()];
    let secrets = Api::<Secret>::namespaced(fx.client.clone(), &fx.istio_ns)
        .list(&ListParams::default())
        .await
        .unwrap();
    v.extend(
        secrets.items.into_iter().map(|s| {
            format!("{}={}", s.metadata.name.unwrap(), s.metadata.resource_version.unwrap())
        }),
    );
    for ns in &fx.app_ns {
        let deps = Api::<Deployment>::namespaced(fx.client.clone(), ns)
            .list(&ListParams::default())
            .await
            .unwrap();
        v.extend(deps.items.into_iter().map(|d| {
            format!("{}@{}", d.metadata.name.unwrap(), d.metadata.generation.unwrap_or(0))
        }));
    }
    v.sort();
    v
}

#[tokio::test]
async fn a_missing_verb_in_one_cluster_stops_every_cluster_before_a_write() {
    let ctxs = take_contexts(2);
    let id = unique("t-rbac");
    let fxs = Fixture::new_all(&ctxs, &id, &FixtureOpts::default()).await;
    for fx in &fxs {
        fx.wait_injected(1).await;
    }
    let token = read_only_user(&ctxs[1], &format!("{id}-user")).await;
    let dir = tempfile::tempdir().unwrap();
    let kc = kubeconfig_with_limited(dir.path(), &ctxs[1], &token);
    let both = format!("{},limited", ctxs[0]);
    let run_with = |name: &str, args: &[&str]| {
        plugin(name)
            .current_dir(dir.path())
            .arg("--kubeconfig")
            .arg(&kc)
            .args(["--istio-namespace", &id])
            .args(args)
            .output()
            .unwrap()
    };
    let before = (versions(&fxs[0]).await, versions(&fxs[1]).await);

    // mesh-tracing set: the mesh config in `limited` may not be patched.
    let e = fails(
        run_with(
            "mesh-tracing",
            &[
                "set",
                "--mode",
                "proxy-config",
                "--addr",
                "z.example:9411",
                "--context",
                &both,
                "--revision",
                &id,
                "-n",
                &fxs[0].app_ns[0],
            ],
        ),
        1,
    );
    assert!(
        e.contains(&format!("in limited you may not patch configmaps in namespace {id}")),
        "{e}"
    );
    assert!(e.contains("nothing was changed"), "{e}");
    // mesh-ca install: cacerts in `limited` may not be written; no intermediate is written locally.
    ok(run_with("mesh-ca", &["init"]));
    let files_before: Vec<_> = std::fs::read_dir(dir.path().join("mesh-ca"))
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    let e = fails(run_with("mesh-ca", &["install", "--context", &both]), 1);
    assert!(e.contains(&format!("in limited you may not patch secrets in namespace {id}")), "{e}");
    let files_after: Vec<_> = std::fs::read_dir(dir.path().join("mesh-ca"))
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(files_before, files_after, "install wrote local files before it was refused");
    // mesh-secret link: the reader identity may not be made in `limited`, nor its secret stored.
    // (The reader ServiceAccount is there already, so link does not ask to write it.)
    let e = fails(run_with("mesh-secret", &["link", "--context", &both, "--allow-loopback"]), 1);
    assert!(
        e.contains("in limited you may not patch clusterroles") && e.contains("patch secrets"),
        "{e}"
    );
    assert!(!e.contains("serviceaccounts"), "{e}");

    assert_eq!(
        (versions(&fxs[0]).await, versions(&fxs[1]).await),
        before,
        "a refused run changed a cluster"
    );
    drop(fxs);
    let user = format!("{id}-user");
    let _ = std::process::Command::new("kubectl")
        .arg("--kubeconfig")
        .arg(kubeconfig())
        .args(["--context", &ctxs[1], "delete", "--ignore-not-found", "--wait=false"])
        .args([
            format!("namespace/{user}"),
            format!("clusterrole/{user}"),
            format!("clusterrolebinding/{user}"),
        ])
        .output();
}
