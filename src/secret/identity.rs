//! Pure builders of the reader identity on a source cluster: its ServiceAccount, its read-only
//! ClusterRole and binding, and its long-lived token Secret.

use k8s_openapi::api::core::v1::{Secret, ServiceAccount};
use k8s_openapi::api::rbac::v1::{ClusterRole, ClusterRoleBinding, PolicyRule, RoleRef, Subject};
use kube::api::ObjectMeta;

use super::manifest::{READER_SA, TOKEN_SECRET};
use crate::apply::managed_labels;
use crate::execute::{Change, Target};
use crate::outcome::Outcome;

/// The ClusterRole/Binding the suite creates for the reader (namespaced by Istio namespace, so two
/// meshes in one cluster do not collide).
pub fn reader_rbac_name(istio_ns: &str) -> String {
    format!("kubectl-mesh-reader-{istio_ns}")
}

pub fn reader_service_account(ns: &str) -> ServiceAccount {
    ServiceAccount {
        metadata: ObjectMeta {
            name: Some(READER_SA.into()),
            namespace: Some(ns.into()),
            labels: Some(managed_labels()),
            ..Default::default()
        },
        ..Default::default()
    }
}

fn rule(groups: &[&str], resources: &[&str], verbs: &[&str]) -> PolicyRule {
    PolicyRule {
        api_groups: Some(groups.iter().map(|s| s.to_string()).collect()),
        resources: Some(resources.iter().map(|s| s.to_string()).collect()),
        verbs: verbs.iter().map(|s| s.to_string()).collect(),
        ..Default::default()
    }
}

/// Only what istiod needs from a remote cluster: read the service registry and Istio config, and
/// review tokens and access for the workloads it serves.
pub fn reader_cluster_role(istio_ns: &str) -> ClusterRole {
    let read = ["get", "list", "watch"];
    ClusterRole {
        metadata: ObjectMeta {
            name: Some(reader_rbac_name(istio_ns)),
            labels: Some(managed_labels()),
            ..Default::default()
        },
        // What istiod reads in a remote cluster: the read-only rules of Istio's own
        // istio-reader-clusterrole (istiod waits for the CRD list before it calls a cluster synced).
        rules: Some(vec![
            rule(
                &[""],
                &[
                    "endpoints",
                    "pods",
                    "services",
                    "nodes",
                    "replicationcontrollers",
                    "namespaces",
                    "secrets",
                    "configmaps",
                ],
                &read,
            ),
            rule(&["discovery.k8s.io"], &["endpointslices"], &read),
            rule(&["apiextensions.k8s.io"], &["customresourcedefinitions"], &read),
            rule(&["apps"], &["replicasets"], &read),
            rule(
                &[
                    "config.istio.io",
                    "security.istio.io",
                    "networking.istio.io",
                    "authentication.istio.io",
                    "rbac.istio.io",
                    "telemetry.istio.io",
                    "extensions.istio.io",
                ],
                &["*"],
                &read,
            ),
            rule(&["networking.x-k8s.io", "gateway.networking.k8s.io"], &["gateways"], &read),
            rule(&["multicluster.x-k8s.io"], &["serviceexports", "serviceimports"], &read),
            rule(&["authentication.k8s.io"], &["tokenreviews"], &["create"]),
            rule(&["authorization.k8s.io"], &["subjectaccessreviews"], &["create"]),
        ]),
        ..Default::default()
    }
}

pub fn reader_cluster_role_binding(istio_ns: &str) -> ClusterRoleBinding {
    ClusterRoleBinding {
        metadata: ObjectMeta {
            name: Some(reader_rbac_name(istio_ns)),
            labels: Some(managed_labels()),
            ..Default::default()
        },
        role_ref: RoleRef {
            api_group: "rbac.authorization.k8s.io".into(),
            kind: "ClusterRole".into(),
            name: reader_rbac_name(istio_ns),
        },
        subjects: Some(vec![Subject {
            kind: "ServiceAccount".into(),
            name: READER_SA.into(),
            namespace: Some(istio_ns.into()),
            ..Default::default()
        }]),
    }
}

/// The reader identity of cluster `i` as changes: the ServiceAccount created only if missing (an
/// Istio-installed one is left alone), our read-only ClusterRole and binding applied if changed.
pub fn reader_changes(i: usize, ns: &str, has_service_account: bool) -> Vec<Change> {
    let rbac = reader_rbac_name(ns);
    let value = |o: serde_json::Result<serde_json::Value>| o.expect("a built object encodes");
    let mut v = Vec::new();
    if !has_service_account {
        let t = Target::of::<ServiceAccount>(Some(ns), READER_SA);
        let sa = value(serde_json::to_value(reader_service_account(ns)));
        v.push(Change::apply(i, t, sa, Outcome::Created));
    }
    let cr = value(serde_json::to_value(reader_cluster_role(ns)));
    v.push(Change::apply_if_changed(i, Target::of::<ClusterRole>(None, &rbac), cr));
    let crb = value(serde_json::to_value(reader_cluster_role_binding(ns)));
    v.push(Change::apply_if_changed(i, Target::of::<ClusterRoleBinding>(None, &rbac), crb));
    v
}

/// A long-lived token Secret for the reader, filled in by the token controller, for `create` (whose
/// remote secret may go anywhere). istiod cannot refresh the token of a remote kubeconfig, so this
/// kind of token is the default.
pub fn token_secret(ns: &str) -> Secret {
    reader_token_secret(ns, TOKEN_SECRET, None)
}

/// The label naming the cluster whose remote secret carries a token Secret's token.
pub const TOKEN_FOR_LABEL: &str = "kubectl-mesh.io/token-for";

/// The token Secret of one direction: the token the remote secret in `destination` carries. Each
/// direction has its own, so that one can be rotated, confirmed in use and revoked without touching
/// the others. `generation` names a rotation's new token (`<name>-<generation>`).
pub fn pair_token_secret(ns: &str, destination: &str, generation: Option<&str>) -> Secret {
    let base = format!("istio-reader-token-for-{destination}");
    let name = match generation {
        Some(g) => format!("{base}-{g}"),
        None => base,
    };
    reader_token_secret(ns, &name, Some(destination))
}

fn reader_token_secret(ns: &str, name: &str, destination: Option<&str>) -> Secret {
    let mut labels = managed_labels();
    if let Some(d) = destination {
        labels.insert(TOKEN_FOR_LABEL.into(), d.into());
    }
    Secret {
        metadata: ObjectMeta {
            name: Some(name.into()),
            namespace: Some(ns.into()),
            labels: Some(labels),
            annotations: Some(
                [("kubernetes.io/service-account.name".to_string(), READER_SA.to_string())].into(),
            ),
            ..Default::default()
        },
        type_: Some("kubernetes.io/service-account-token".into()),
        ..Default::default()
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_reader_identity_leaves_an_existing_service_account_alone() {
        use crate::execute::Op;
        let made = super::reader_changes(0, "istio-system", false);
        assert_eq!(made.len(), 3);
        let Op::Apply(t, sa) = &made[0].op else { panic!("{made:#?}") };
        assert_eq!(
            (t.object(), &sa["kind"], &sa["apiVersion"]),
            (
                "serviceaccount/istio-reader-service-account".into(),
                &"ServiceAccount".into(),
                &"v1".into()
            )
        );
        let kept = super::reader_changes(0, "istio-system", true);
        let objects: Vec<&str> = kept.iter().map(|c| c.object.as_str()).collect();
        assert_eq!(
            objects,
            [
                "clusterrole/kubectl-mesh-reader-istio-system",
                "clusterrolebinding/kubectl-mesh-reader-istio-system"
            ]
        );
        assert!(kept.iter().all(|c| matches!(c.op, Op::ApplyIfChanged(..))));
    }

    use super::*;

    #[test]
    fn reader_rbac_is_read_only_plus_reviews() {
        let r = reader_cluster_role("istio-system");
        for rule in r.rules.unwrap() {
            let res = rule.resources.unwrap();
            if res.contains(&"tokenreviews".to_string())
                || res.contains(&"subjectaccessreviews".to_string())
            {
                assert_eq!(rule.verbs, ["create"]);
            } else {
                assert_eq!(rule.verbs, ["get", "list", "watch"]);
            }
        }
        let b = reader_cluster_role_binding("istio-system");
        assert_eq!(b.subjects.unwrap()[0].namespace.as_deref(), Some("istio-system"));
    }
}
