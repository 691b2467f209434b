//! What `install` and `rotate root` change in each cluster, decided from what was read (pure):
//! the `cacerts` Secret (and its namespace, when missing), then the istiods that must restart.

use k8s_openapi::api::core::v1::{Namespace, Secret};
use kube::api::ObjectMeta;
use serde::Serialize;

use super::secret::CACERTS;
use crate::execute::{Change, Plan, Target};
use crate::outcome::{Action, Outcome};
use crate::output::ObjectRow;
use crate::rollout;

/// What a cluster looks like before we write.
#[derive(Clone, Debug, Default)]
pub struct ClusterState {
    pub namespace_exists: bool,
    pub cacerts: Option<Secret>,
    /// istiod Deployments in the Istio namespace.
    pub istiods: Vec<String>,
    /// Their revisions (`istio.io/rev`; "default" without one).
    pub revisions: Vec<String>,
    /// Every istiod runs with `ISTIO_MULTIROOT_MESH=true` (it then takes a changed root-cert.pem
    /// without a restart).
    pub multiroot: bool,
    /// istiod made its own CA (it runs self-signed).
    pub self_signed: bool,
}

/// What became of a cluster's istiods when its `cacerts` was written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum IstiodAction {
    /// No istiod runs in the Istio namespace.
    None,
    Restarted(Action),
    /// `cacerts` did not change: the running istiod has it.
    Current,
    /// istiod loads `cacerts` only at start.
    NeedsRestart,
    /// istiod takes the change by itself (a new intermediate, or a root with ISTIO_MULTIROOT_MESH).
    Reloads,
}

impl std::fmt::Display for IstiodAction {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            IstiodAction::None => f.write_str("-"),
            IstiodAction::Restarted(a) => a.fmt(f),
            IstiodAction::Current => f.write_str("ok"),
            IstiodAction::NeedsRestart => f.write_str("needs restart"),
            IstiodAction::Reloads => f.write_str("reloads cacerts"),
        }
    }
}

impl Serialize for IstiodAction {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// Whether `cacerts` already holds `secret`'s data.
pub fn is_current(st: &ClusterState, secret: &Secret) -> bool {
    st.cacerts.as_ref().is_some_and(|s| s.data == secret.data)
}

/// Cluster `i`'s `cacerts`, its namespace created first when missing; "unchanged" (nothing sent)
/// when it already holds this data.
pub fn cacerts_changes(i: usize, ns: &str, st: &ClusterState, secret: &Secret) -> Vec<Change> {
    let mut v = Vec::new();
    if !st.namespace_exists {
        let obj = Namespace {
            metadata: ObjectMeta { name: Some(ns.into()), ..Default::default() },
            ..Default::default()
        };
        let obj = serde_json::to_value(obj).expect("a Namespace encodes");
        v.push(Change::apply(i, Target::of::<Namespace>(None, ns), obj, Outcome::Created));
    }
    let target = Target::of::<Secret>(Some(ns), CACERTS);
    if is_current(st, secret) {
        v.push(Change::found(i, target.object(), Outcome::Unchanged));
    } else {
        let verb = if st.cacerts.is_some() { Outcome::Updated } else { Outcome::Created };
        let obj = serde_json::to_value(secret).expect("a Secret encodes");
        v.push(Change::apply(i, target, obj, verb));
    }
    v
}

/// Phase one: every cluster's `cacerts`; phase two: the istiods of the clusters `restart` names,
/// each row saying why ("(cacerts changed)").
pub fn plan(
    ns: &str,
    states: &[&ClusterState],
    secrets: &[Secret],
    restart: &[Option<String>],
) -> Plan {
    let mut p = Plan::default();
    p.phases.push(
        states
            .iter()
            .zip(secrets)
            .enumerate()
            .flat_map(|(i, (st, s))| cacerts_changes(i, ns, st, s))
            .collect(),
    );
    let restarts = states.iter().zip(restart).enumerate().filter_map(|(i, (st, why))| {
        let why = why.as_ref()?;
        Some(st.istiods.iter().map(move |d| {
            Change::restart(i, rollout::Kind::Deployment, ns, d).detail(format!("({why})"))
        }))
    });
    p.phases.push(restarts.flatten().collect());
    p
}

/// From the executed rows of one cluster: what became of `cacerts`, and of its istiods (`None`
/// where none was restarted).
pub fn outcome_of(rows: &[ObjectRow], context: &str) -> (Action, Option<Action>) {
    let mine = || rows.iter().filter(move |r| r.cluster == context);
    let secret = mine().find(|r| r.object.starts_with("secret/")).map(|r| r.action.clone());
    let istiod = mine().find(|r| r.object.starts_with("deployment/")).map(|r| r.action.clone());
    (secret.unwrap_or(Action::Failed(String::new())), istiod)
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use k8s_openapi::ByteString;

    use super::*;
    use crate::cli::DryRun;
    use crate::execute::Op;

    fn secret(v: &str) -> Secret {
        Secret {
            metadata: ObjectMeta { name: Some(CACERTS.into()), ..Default::default() },
            data: Some(BTreeMap::from([("ca-cert.pem".to_string(), ByteString(v.into()))])),
            ..Default::default()
        }
    }

    fn rows(p: &Plan, run: DryRun) -> Vec<String> {
        let ctx = ["c0".to_string(), "c1".to_string()];
        p.rows(&ctx, run)
            .iter()
            .map(|r| format!("{} {} {}", r.cluster, r.object, r.action))
            .collect()
    }

    #[test]
    fn a_new_cluster_gets_its_namespace_then_cacerts_and_a_current_one_nothing() {
        let fresh = ClusterState::default();
        let current = ClusterState {
            namespace_exists: true,
            cacerts: Some(secret("a")),
            istiods: vec!["istiod".into()],
            ..Default::default()
        };
        let p =
            plan("istio-system", &[&fresh, &current], &[secret("a"), secret("a")], &[None, None]);
        assert_eq!(
            rows(&p, DryRun::Client),
            [
                "c0 namespace/istio-system would create (dry run)",
                "c0 secret/cacerts would create (dry run)",
                "c1 secret/cacerts unchanged",
            ]
        );
        assert!(p.access(1).is_empty(), "a current cluster is asked nothing");
    }

    #[test]
    fn istiods_restart_after_every_cacerts_and_say_why() {
        let st = ClusterState {
            namespace_exists: true,
            cacerts: Some(secret("old")),
            istiods: vec!["istiod".into(), "istiod-canary".into()],
            ..Default::default()
        };
        let why = [Some("cacerts changed".to_string())];
        let p = plan("istio-system", &[&st], &[secret("new")], &why);
        assert_eq!(p.phases.len(), 2);
        assert!(matches!(p.phases[0][0].op, Op::Apply(..)));
        assert_eq!(
            rows(&p, DryRun::None),
            [
                "c0 secret/cacerts updated",
                "c0 deployment/istiod restarted (cacerts changed)",
                "c0 deployment/istiod-canary restarted (cacerts changed)",
            ]
        );
        let (secret_action, istiod) = outcome_of(&p.rows(&["c0".into()], DryRun::None), "c0");
        assert!(secret_action.did(Outcome::Updated));
        assert_eq!(istiod.unwrap().to_string(), "restarted (cacerts changed)");
    }
}
