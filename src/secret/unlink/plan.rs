//! What `unlink` removes, decided from what it read (pure).

use std::collections::{BTreeMap, BTreeSet};

use k8s_openapi::api::core::v1::{Secret, ServiceAccount};
use k8s_openapi::api::rbac::v1::{ClusterRole, ClusterRoleBinding};
use kube::api::ObjectMeta;

use crate::execute::{Change, Plan, Target};
use crate::outcome::Outcome;
use crate::secret::identity::reader_rbac_name;
use crate::secret::manifest::{remote_secret_name, READER_SA, TOKEN_SECRET};

/// What every named cluster holds and who else holds remote secrets, read before anything goes.
pub struct Snapshot {
    pub ns: String,
    /// The clusters' names (what remote secrets are named after), in the clusters' order.
    pub names: Vec<String>,
    /// The contexts, in the same order.
    pub contexts: Vec<String>,
    /// (source, destination) pairs to unlink.
    pub pairs: Vec<(usize, usize)>,
    pub held: Vec<Held>,
    /// The kubeconfig's other contexts and the remote secrets they hold; `None`: unreadable.
    pub elsewhere: Vec<(String, Option<BTreeSet<String>>)>,
}

/// One cluster, as read.
#[derive(Clone, Debug, Default)]
pub struct Held {
    /// Its remote secrets, by name.
    pub remote_secrets: BTreeMap<String, ObjectMeta>,
    /// Its token Secrets, by the destination (cluster name) whose remote secret carries them.
    pub pair_tokens: BTreeMap<String, Vec<ObjectMeta>>,
    /// Its reader identity, as [`identity`] lists it; `None` where absent (or not read: a cluster
    /// that is the source of no named pair).
    pub identity: [Option<ObjectMeta>; 4],
}

/// The reader identity of a source cluster, in the order it is removed: token Secret,
/// ClusterRoleBinding, ClusterRole, ServiceAccount.
pub fn identity(ns: &str) -> [Target; 4] {
    let rbac = reader_rbac_name(ns);
    [
        Target::of::<Secret>(Some(ns), TOKEN_SECRET),
        Target::of::<ClusterRoleBinding>(None, &rbac),
        Target::of::<ClusterRole>(None, &rbac),
        Target::of::<ServiceAccount>(Some(ns), READER_SA),
    ]
}

impl Snapshot {
    /// Whether cluster `i` is the source of a named pair (its identity is ours to judge).
    pub fn is_source(&self, i: usize) -> bool {
        self.pairs.iter().any(|(s, _)| *s == i)
    }

    /// The destinations (cluster names) unlinked from source `i`.
    pub fn unlinked_from(&self, i: usize) -> Vec<&str> {
        self.pairs.iter().filter(|(s, _)| *s == i).map(|(_, d)| self.names[*d].as_str()).collect()
    }

    /// Who still holds a remote secret for source `s` once the named pairs are gone: the other
    /// named clusters, and every other context of the kubeconfig (one that could not be read
    /// counts as a user, so the identity is kept).
    fn users_of(&self, s: usize) -> Vec<String> {
        let secret = remote_secret_name(&self.names[s]);
        let mut users: Vec<String> = (0..self.names.len())
            .filter(|&d| d != s && !self.pairs.contains(&(s, d)))
            .filter(|&d| self.held[d].remote_secrets.contains_key(&secret))
            .map(|d| self.contexts[d].clone())
            .collect();
        for (ctx, held) in &self.elsewhere {
            match held {
                Some(h) if h.contains(&secret) => users.push(ctx.clone()),
                Some(_) => {}
                None => users.push(format!("{ctx} (unreadable)")),
            }
        }
        users
    }
}

/// Per cluster, in order: the remote secrets of the named pairs, the token Secrets made for them,
/// then the reader identity if nobody else uses it (else kept, saying who does). Objects the suite
/// did not create are kept; absent ones make no row.
pub fn plan(s: &Snapshot) -> Plan {
    let ns = Some(s.ns.as_str());
    let mut changes = Vec::new();
    for (i, held) in s.held.iter().enumerate() {
        for (src, _) in s.pairs.iter().filter(|(_, d)| *d == i) {
            let name = remote_secret_name(&s.names[*src]);
            let live = held.remote_secrets.get(&name);
            changes.extend(Change::delete_if_ours(i, Target::of::<Secret>(ns, &name), live));
        }
        for d in s.unlinked_from(i) {
            for m in held.pair_tokens.get(d).into_iter().flatten() {
                let name = m.name.clone().unwrap_or_default();
                changes.extend(Change::delete_if_ours(i, Target::of::<Secret>(ns, &name), Some(m)));
            }
        }
        if !s.is_source(i) {
            continue;
        }
        let users = s.users_of(i);
        for (t, live) in identity(&s.ns).into_iter().zip(&held.identity) {
            if users.is_empty() {
                changes.extend(Change::delete_if_ours(i, t, live.as_ref()));
            } else {
                let why = format!("(still used by the remote secret in {})", users.join(", "));
                changes.push(Change::found(i, t.object(), Outcome::Kept).detail(why));
            }
        }
    }
    Plan::of(changes)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::apply::{MANAGED_BY, MANAGED_BY_LABEL};
    use crate::cli::DryRun;
    use crate::execute::Op;

    fn ours(name: &str) -> ObjectMeta {
        ObjectMeta {
            name: Some(name.into()),
            uid: Some(format!("uid-{name}")),
            labels: Some([(MANAGED_BY_LABEL.to_string(), MANAGED_BY.to_string())].into()),
            ..Default::default()
        }
    }

    fn istios(name: &str) -> ObjectMeta {
        ObjectMeta { name: Some(name.into()), ..Default::default() }
    }

    /// Three clusters a, b, c fully linked, as `link` leaves them: each holds the others' remote
    /// secrets and a token Secret per destination, and the suite made each reader identity except
    /// the ServiceAccount (Istio's).
    fn linked(pairs: Vec<(usize, usize)>) -> Snapshot {
        let names: Vec<String> = ["a", "b", "c"].map(String::from).to_vec();
        let held = (0..3)
            .map(|i| Held {
                remote_secrets: (0..3)
                    .filter(|&s| s != i)
                    .map(|s| remote_secret_name(&names[s]))
                    .map(|n| (n.clone(), ours(&n)))
                    .collect(),
                pair_tokens: (0..3)
                    .filter(|&d| d != i)
                    .map(|d| (names[d].clone(), vec![ours(&format!("token-for-{}", names[d]))]))
                    .collect(),
                identity: [
                    Some(ours(TOKEN_SECRET)),
                    Some(ours("rbac")),
                    Some(ours("rbac")),
                    Some(istios(READER_SA)),
                ],
            })
            .collect();
        Snapshot {
            ns: "istio-system".into(),
            contexts: names.iter().map(|n| format!("ctx-{n}")).collect(),
            names,
            pairs,
            held,
            elsewhere: vec![],
        }
    }

    fn rows(p: &Plan) -> Vec<String> {
        let ctx = ["ctx-a", "ctx-b", "ctx-c"].map(String::from);
        p.rows(&ctx, DryRun::None)
            .iter()
            .map(|r| format!("{} {} {}", r.cluster, r.object, r.action))
            .collect()
    }

    #[test]
    fn unlinking_everything_removes_what_the_suite_made_and_keeps_istios() {
        let s = linked(vec![(1, 0), (2, 0), (0, 1), (2, 1), (0, 2), (1, 2)]);
        let p = plan(&s);
        let r = rows(&p);
        assert!(r.contains(&"ctx-a secret/istio-remote-secret-b deleted".to_string()), "{r:#?}");
        assert!(r.contains(&"ctx-a secret/token-for-c deleted".to_string()), "{r:#?}");
        let kept =
            "ctx-b serviceaccount/istio-reader-service-account kept (not created by kubectl-mesh)";
        assert!(r.contains(&kept.to_string()), "{r:#?}");
        // 2 remote secrets + 2 tokens + 4 identity objects in each cluster.
        assert_eq!(r.len(), 24, "{r:#?}");
        let deletes = p.changes().filter(|c| matches!(c.op, Op::Delete(..))).count();
        assert_eq!(deletes, 21);
    }

    #[test]
    fn an_identity_another_cluster_still_uses_is_kept() {
        // Unlink a and c only: b still holds the remote secrets of a and c.
        let s = linked(vec![(2, 0), (0, 2)]);
        let r = rows(&plan(&s));
        assert!(r.contains(&"ctx-a secret/istio-remote-secret-c deleted".to_string()), "{r:#?}");
        assert!(!r.iter().any(|l| l.contains("istio-remote-secret-b")), "{r:#?}");
        let kept = "ctx-a clusterrole/kubectl-mesh-reader-istio-system kept (still used by the remote secret in ctx-b)";
        assert!(r.contains(&kept.to_string()), "{r:#?}");
        // b is the source of no named pair: its identity is not touched.
        assert!(!r.iter().any(|l| l.starts_with("ctx-b")), "{r:#?}");
    }

    #[test]
    fn a_context_that_cannot_be_read_counts_as_a_user() {
        let mut s = linked(vec![(1, 0), (0, 1)]);
        s.held[2] = Held::default();
        s.elsewhere = vec![("other".into(), Some(BTreeSet::new())), ("gone".into(), None)];
        let r = rows(&plan(&s));
        let kept = "ctx-a secret/istio-reader-service-account-istio-remote-secret-token kept (still used by the remote secret in gone (unreadable))";
        assert!(r.contains(&kept.to_string()), "{r:#?}");
    }

    #[test]
    fn what_is_already_gone_makes_no_row_and_a_rerun_plans_no_write() {
        let mut s = linked(vec![(1, 0), (0, 1)]);
        for h in &mut s.held {
            *h = Held::default();
        }
        let p = plan(&s);
        assert_eq!(p.changes().count(), 0, "{p:#?}");
        assert!(p.access(0).is_empty() && p.access(1).is_empty());
    }
}
