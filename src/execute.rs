//! The one executor of mutating commands. A command reads what the clusters hold, decides in a pure
//! `plan` function what to change (a [`Plan`]: phases of [`Change`]s), and hands the plan here. The
//! executor derives the access the plan needs and asks for it in one round before the first write
//! (a client dry run asks nothing), then runs the phases in order, each cluster's changes of a
//! phase in order and the clusters concurrently, sending each write, or its server dry run, or
//! nothing for a client dry run. It returns one row per change, in the plan's order.
//!
//! A plan says what each change will be ([`Outcome`] and what to add after the verb); the run's
//! kind is added here, so a plan reads the same for every `--dry-run`.

use std::fmt;
use std::sync::Arc;

use json_patch::{Patch as JsonPatch, PatchOperation};
use k8s_openapi::api::apps::v1::{DaemonSet, Deployment, StatefulSet};
use kube::api::{Api, ApiResource, DynamicObject, ObjectMeta, Preconditions};
use kube::Resource;
use serde_json::Value;

use crate::access::{self, Access};
use crate::apply;
use crate::cli::DryRun;
use crate::cluster::{self, Cluster};
use crate::error::{Context as _, Error, Result};
use crate::outcome::{Action, Outcome};
use crate::output::ObjectRow;
use crate::rollout;

/// The object a change is made to.
#[derive(Clone, Debug, PartialEq)]
pub struct Target {
    pub resource: ApiResource,
    /// `None`: cluster-scoped.
    pub namespace: Option<String>,
    pub name: String,
}

impl Target {
    /// An object of a kind known at compile time (`Secret`, `ClusterRole`, …).
    pub fn of<K: Resource<DynamicType = ()>>(namespace: Option<&str>, name: &str) -> Target {
        Target::with(&ApiResource::erase::<K>(&()), namespace, name)
    }

    /// An object of a kind found by discovery (Istio's, at the version the cluster serves).
    pub fn with(resource: &ApiResource, namespace: Option<&str>, name: &str) -> Target {
        Target {
            resource: resource.clone(),
            namespace: namespace.map(str::to_string),
            name: name.to_string(),
        }
    }

    /// `kind/name`, lower case, as kubectl prints it.
    pub fn object(&self) -> String {
        format!("{}/{}", self.resource.kind.to_lowercase(), self.name)
    }

    /// "Secret istio-system/x in ctx", for errors.
    fn what(&self, context: &str) -> String {
        match &self.namespace {
            Some(ns) => format!("{} {ns}/{} in {context}", self.resource.kind, self.name),
            None => format!("{} {} in {context}", self.resource.kind, self.name),
        }
    }

    fn access(&self, verb: &str) -> Access {
        Access::new(verb, &self.resource.group, &self.resource.plural, self.namespace.as_deref())
    }

    /// The API of this object's kind and namespace in `c` (reads use it too).
    pub fn api(&self, c: &Cluster) -> Api<DynamicObject> {
        match &self.namespace {
            Some(ns) => Api::namespaced_with(c.client.clone(), ns, &self.resource),
            None => Api::all_with(c.client.clone(), &self.resource),
        }
    }
}

/// What is sent for a change.
#[derive(Clone, Debug, PartialEq)]
pub enum Op {
    /// Server-side apply of this object (the plan found that the cluster's differs or is absent).
    Apply(Target, Value),
    /// Server-side apply unless the live object already says all of it (read when sent):
    /// created, configured or unchanged, as kubectl says.
    ApplyIfChanged(Target, Value),
    /// This JSON Patch, guarded by the resourceVersion the plan read (`apply::guarded`).
    Patch(Target, JsonPatch),
    /// Read the object, edit it, send the edit guarded by what was read; read and edit again on a
    /// conflict (for objects others write too, like Istio's mesh config).
    Edit(Target, Edit),
    /// `kubectl rollout restart` of a workload, its new pods stamped with one more annotation if
    /// given ([`rollout::restart_stamped`]).
    Restart(Target, rollout::Kind, Option<(String, String)>),
    /// Delete the object, if it is still the one the plan read (this uid).
    Delete(Target, Option<String>),
    /// Nothing: the row says what was found ("unchanged", "kept (…)").
    Nothing,
}

/// A pure edit of an object: given the live object, the JSON Patch operations that make it what
/// the plan wants (none: it already is).
#[derive(Clone)]
pub struct Edit(pub Arc<EditFn>);

/// What an [`Edit`] runs.
pub type EditFn = dyn Fn(&Value) -> Result<Vec<PatchOperation>> + Send + Sync;

impl fmt::Debug for Edit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Edit(..)")
    }
}

impl PartialEq for Edit {
    fn eq(&self, other: &Edit) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }
}

/// How many times an [`Op::Edit`] is read and sent again after a conflict.
const EDIT_ATTEMPTS: usize = 5;

/// One change in one cluster, and the row it becomes.
#[derive(Clone, Debug, PartialEq)]
pub struct Change {
    /// Index into the command's clusters.
    pub cluster: usize,
    /// The row's object column (`secret/x`, `externalip/10.0.0.1`).
    pub object: String,
    pub op: Op,
    pub outcome: Outcome,
    /// What the row adds after the verb.
    pub detail: String,
    /// Deliberately not done, and why: the row says only that.
    pub not_done: Option<String>,
}

impl Change {
    fn new(cluster: usize, object: String, op: Op, outcome: Outcome) -> Change {
        Change { cluster, object, op, outcome, detail: String::new(), not_done: None }
    }

    pub fn apply(cluster: usize, target: Target, obj: Value, outcome: Outcome) -> Change {
        Change::new(cluster, target.object(), Op::Apply(target, obj), outcome)
    }

    /// Apply `obj` unless the cluster's already says all of it, judged when sent (a client dry
    /// run says "would create").
    pub fn apply_if_changed(cluster: usize, target: Target, obj: Value) -> Change {
        Change::new(cluster, target.object(), Op::ApplyIfChanged(target, obj), Outcome::Created)
    }

    /// Edit the live object (read when sent) as `edit` says; the plan says what it will be.
    pub fn edit(cluster: usize, target: Target, edit: Edit, outcome: Outcome) -> Change {
        Change::new(cluster, target.object(), Op::Edit(target, edit), outcome)
    }

    pub fn patch(cluster: usize, target: Target, patch: JsonPatch) -> Change {
        Change::new(cluster, target.object(), Op::Patch(target, patch), Outcome::Patched)
    }

    /// Apply `obj` where the cluster holds `live` (read by the plan): created when absent,
    /// "unchanged" with nothing sent when the live object already says all of it, else configured.
    pub fn apply_over(cluster: usize, target: Target, obj: Value, live: Option<&Value>) -> Change {
        match live {
            None => Change::apply(cluster, target, obj, Outcome::Created),
            Some(l) if apply::is_subset(&obj, l) => {
                Change::found(cluster, target.object(), Outcome::Unchanged)
            }
            Some(_) => Change::apply(cluster, target, obj, Outcome::Configured),
        }
    }

    /// Restart a workload of `kind` (the row says "restarted").
    pub fn restart(cluster: usize, kind: rollout::Kind, namespace: &str, name: &str) -> Change {
        let t = match kind {
            rollout::Kind::Deployment => Target::of::<Deployment>(Some(namespace), name),
            rollout::Kind::StatefulSet => Target::of::<StatefulSet>(Some(namespace), name),
            rollout::Kind::DaemonSet => Target::of::<DaemonSet>(Some(namespace), name),
        };
        Change::new(cluster, t.object(), Op::Restart(t, kind, None), Outcome::Restarted)
    }

    /// A row for what is deliberately not done here, and why.
    pub fn not_done(cluster: usize, object: impl Into<String>, why: impl Into<String>) -> Change {
        Change { not_done: Some(why.into()), ..Change::found(cluster, object, Outcome::Unchanged) }
    }

    /// A row with nothing to send.
    pub fn found(cluster: usize, object: impl Into<String>, outcome: Outcome) -> Change {
        Change::new(cluster, object.into(), Op::Nothing, outcome)
    }

    /// Delete what the read found at `target`, if the suite created it; `None` if nothing is there
    /// (no row); kept, and the row says so, if it is Istio's, Helm's or a user's.
    pub fn delete_if_ours(
        cluster: usize,
        target: Target,
        live: Option<&ObjectMeta>,
    ) -> Option<Change> {
        let live = live?;
        if !apply::is_ours_meta(live) {
            return Some(
                Change::found(cluster, target.object(), Outcome::Kept)
                    .detail("(not created by kubectl-mesh)"),
            );
        }
        let object = target.object();
        let op = Op::Delete(target, live.uid.clone());
        Some(Change::new(cluster, object, op, Outcome::Deleted))
    }

    /// The same change, saying `detail` after the verb.
    pub fn detail(mut self, detail: impl Into<String>) -> Change {
        self.detail = detail.into();
        self
    }

    /// The namespace of the object it changes.
    fn namespace(&self) -> Option<&str> {
        match &self.op {
            Op::Apply(t, _)
            | Op::ApplyIfChanged(t, _)
            | Op::Patch(t, _)
            | Op::Edit(t, _)
            | Op::Restart(t, ..)
            | Op::Delete(t, _) => t.namespace.as_deref(),
            Op::Nothing => None,
        }
    }

    /// Whether it creates a Namespace.
    fn creates_namespace(&self) -> bool {
        matches!(&self.op, Op::Apply(t, _) if t.resource.kind == "Namespace" && t.resource.group.is_empty())
            && self.outcome == Outcome::Created
    }

    /// What this change needs the user to be allowed.
    fn access(&self) -> Option<Access> {
        match &self.op {
            Op::Apply(t, _)
            | Op::ApplyIfChanged(t, _)
            | Op::Patch(t, _)
            | Op::Edit(t, _)
            | Op::Restart(t, ..) => Some(t.access("patch")),
            Op::Delete(t, _) => Some(t.access("delete")),
            Op::Nothing => None,
        }
    }

    /// Its row, once it is done (or, in a dry run, would be).
    fn action(&self, run: DryRun) -> Action {
        if let Some(why) = &self.not_done {
            return Action::NotDone(why.clone());
        }
        Action::with(self.outcome, run, self.detail.clone())
    }
}

/// Phases of changes, run in order: every change of a phase is done before the next phase starts.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Plan {
    pub phases: Vec<Vec<Change>>,
    /// Access that later steps of the command need, steps this plan does not hold (minting a
    /// token, the writes a plan made from their results), so that one review covers them.
    pub later: Vec<(usize, Access)>,
}

impl Plan {
    /// A plan of one phase.
    pub fn of(changes: Vec<Change>) -> Plan {
        Plan { phases: vec![changes], later: vec![] }
    }

    /// The same plan, its review also asking for `a` in cluster `i` (see [`Plan::later`]).
    pub fn needing(mut self, i: usize, a: Access) -> Plan {
        self.later.push((i, a));
        self
    }

    pub fn changes(&self) -> impl Iterator<Item = &Change> {
        self.phases.iter().flatten()
    }

    /// Every access the plan needs in cluster `i`, each once, in the order first needed.
    pub fn access(&self, i: usize) -> Vec<Access> {
        let mut v: Vec<Access> = Vec::new();
        let changes = self.changes().filter(|c| c.cluster == i).filter_map(Change::access);
        let later = self.later.iter().filter(|(c, _)| *c == i).map(|(_, a)| a.clone());
        for a in changes.chain(later) {
            if !v.contains(&a) {
                v.push(a);
            }
        }
        v
    }

    /// The namespaces the plan creates in cluster `i`.
    fn new_namespaces(&self, i: usize) -> Vec<&str> {
        self.changes()
            .filter(|c| c.cluster == i && c.creates_namespace())
            .filter_map(|c| match &c.op {
                Op::Apply(t, _) => Some(t.name.as_str()),
                _ => None,
            })
            .collect()
    }

    /// What `--dry-run=client -o yaml` prints: every object to apply, and every patch as
    /// `{patch: "Kind ns/name", type: json, operations: […]}`.
    pub fn manifests(&self) -> Vec<Value> {
        self.changes()
            .filter_map(|c| match &c.op {
                Op::Apply(_, o) | Op::ApplyIfChanged(_, o) => Some(o.clone()),
                Op::Patch(t, p) => Some(serde_json::json!({
                    "patch": format!("{} {}/{}", t.resource.kind, t.namespace.as_deref().unwrap_or_default(), t.name),
                    "type": "json",
                    "operations": p,
                })),
                Op::Edit(..) | Op::Restart(..) | Op::Delete(..) | Op::Nothing => None,
            })
            .collect()
    }

    /// The rows of a run that sends nothing (a client dry run): what each change would be.
    pub fn rows(&self, contexts: &[String], run: DryRun) -> Vec<ObjectRow> {
        self.changes().map(|c| row(contexts, c, c.action(run))).collect()
    }
}

fn row(contexts: &[String], c: &Change, action: Action) -> ObjectRow {
    ObjectRow { cluster: contexts[c.cluster].clone(), object: c.object.clone(), action }
}

/// Ask for the plan's access, then carry it out (see the module's doc). Fails with every cluster's
/// error if any change failed; a phase after a failure is not started.
pub async fn execute(run: DryRun, clusters: &[Cluster], plan: &Plan) -> Result<Vec<ObjectRow>> {
    let (rows, failed) = execute_each(run, clusters, plan).await?;
    failed.map(|()| rows)
}

/// The access review of `plan` alone, for a command that has local work to do between it and the
/// writes (`install` writes its files only once every cluster would take its Secret); then
/// [`execute_reviewed`].
pub async fn review(run: DryRun, clusters: &[Cluster], plan: &Plan) -> Result<()> {
    access::require(run, clusters, |i, _| plan.access(i)).await
}

/// [`execute`], for commands that print what succeeded before they fail: the rows of every cluster
/// that did all its changes, and one error naming every cluster that did not (later phases skip
/// those). A refused access review is an `Err` of its own: nothing was changed.
pub async fn execute_each(
    run: DryRun,
    clusters: &[Cluster],
    plan: &Plan,
) -> Result<(Vec<ObjectRow>, Result<()>)> {
    review(run, clusters, plan).await?;
    Ok(execute_reviewed(run, clusters, plan).await)
}

/// [`execute_each`] without the access review, for a plan whose access an earlier plan of the same
/// command asked for ([`Plan::needing`]).
pub async fn execute_reviewed(
    run: DryRun,
    clusters: &[Cluster],
    plan: &Plan,
) -> (Vec<ObjectRow>, Result<()>) {
    let contexts: Vec<String> = clusters.iter().map(|c| c.context.clone()).collect();
    if run == DryRun::Client {
        return (plan.rows(&contexts, run), Ok(()));
    }
    let mut actions: Vec<Vec<Option<Action>>> = Vec::new();
    let mut failed: Vec<(&Cluster, Result<()>)> = Vec::new();
    for phase in &plan.phases {
        let skip: Vec<&str> = failed.iter().map(|(c, _)| c.context.as_str()).collect();
        let done = cluster::fan_out(clusters, |i, c| {
            let skip = skip.contains(&c.context.as_str());
            let new_namespaces = plan.new_namespaces(i);
            async move {
                let mut done = Vec::new();
                for (k, ch) in phase.iter().enumerate().filter(|(_, ch)| ch.cluster == i && !skip) {
                    let in_new = ch.namespace().filter(|ns| new_namespaces.contains(ns));
                    let action = match in_new {
                        // A server dry run creates no namespace, so nothing can be tried in it.
                        Some(ns) if run == DryRun::Server && !ch.creates_namespace() => {
                            ch.action(run).detailed(&format!("(in the new namespace {ns})"))
                        }
                        _ => send(c, ch, run).await?,
                    };
                    done.push((k, action));
                }
                Ok(done)
            }
        })
        .await;
        let mut these: Vec<Option<Action>> = vec![None; phase.len()];
        for (c, r) in done {
            match r {
                Ok(v) => v.into_iter().for_each(|(k, a)| these[k] = Some(a)),
                Err(e) => failed.push((c, Err(e))),
            }
        }
        actions.push(these);
    }
    let failed_at: Vec<String> = failed.iter().map(|(c, _)| c.context.clone()).collect();
    let rows = plan
        .phases
        .iter()
        .zip(actions)
        .flat_map(|(phase, these)| phase.iter().zip(these))
        .filter(|(ch, _)| !failed_at.contains(&contexts[ch.cluster]))
        .map(|(ch, a)| row(&contexts, ch, a.expect("the executor runs every change of a phase")))
        .collect();
    (rows, cluster::all_ok(failed).map(|_| ()))
}

/// One change, for real or as a server dry run.
async fn send(c: &Cluster, ch: &Change, run: DryRun) -> Result<Action> {
    match &ch.op {
        Op::Nothing => {}
        Op::Apply(t, obj) => {
            let o: DynamicObject = serde_json::from_value(obj.clone())
                .ctx(|| format!("build {}", t.what(&c.context)))?;
            apply::apply(&t.api(c), &t.name, &o, run, || t.what(&c.context)).await?;
        }
        Op::ApplyIfChanged(t, obj) => {
            let action = apply::apply_dynamic(&t.api(c), obj, run, &c.context).await?;
            return Ok(if ch.detail.is_empty() { action } else { action.detailed(&ch.detail) });
        }
        Op::Patch(t, p) => {
            apply::json_patch(&t.api(c), &t.name, p, run, || t.what(&c.context))
                .await
                .map_err(|e| conflict_hint(e, t))?;
        }
        Op::Edit(t, edit) => send_edit(c, t, edit, run).await?,
        Op::Restart(t, kind, stamp) => {
            let ns = t.namespace.as_deref().unwrap_or_default();
            let w = rollout::Target { kind: *kind, namespace: ns, name: &t.name };
            let stamp = stamp.as_ref().map(|(k, v)| (k.as_str(), v.as_str()));
            rollout::restart_stamped(c, &w, stamp, run).await?;
        }
        Op::Delete(t, uid) => {
            let mut dp = apply::delete_params(run);
            dp.preconditions = Some(Preconditions { uid: uid.clone(), resource_version: None });
            match t.api(c).delete(&t.name, &dp).await {
                Ok(_) => {}
                // Gone meanwhile: what the delete was for.
                Err(kube::Error::Api(s)) if s.is_not_found() => return Ok(Outcome::Absent.into()),
                Err(e) => return Err(e).ctx(|| format!("delete {}", t.what(&c.context))),
            }
        }
    }
    Ok(ch.action(run))
}

/// Read, edit, send guarded; again on a conflict, a bounded number of times.
async fn send_edit(c: &Cluster, t: &Target, edit: &Edit, run: DryRun) -> Result<()> {
    let api = t.api(c);
    let what = || t.what(&c.context);
    let mut last = None;
    for _ in 0..EDIT_ATTEMPTS {
        let live = api.get(&t.name).await.ctx(|| format!("get {}", what()))?;
        let live = serde_json::to_value(&live).ctx(|| format!("read {}", what()))?;
        let ops = (edit.0)(&live)?;
        if ops.is_empty() {
            return Ok(());
        }
        let rv = live["metadata"]["resourceVersion"].as_str().unwrap_or_default();
        match apply::json_patch(&api, &t.name, &apply::guarded(rv, ops), run, what).await {
            Ok(_) => return Ok(()),
            Err(e) if e.is_conflict() => last = Some(e),
            Err(e) => return Err(e),
        }
    }
    Err(last.unwrap_or_else(|| Error::msg(format!("{} kept changing under us", what()))))
}

/// A refused `test` of the resourceVersion means someone edited the object meanwhile.
fn conflict_hint(e: Error, t: &Target) -> Error {
    if e.is_conflict() {
        Error::msg(format!(
            "{e} ({} {} changed while we worked; nothing was overwritten: run the command again)",
            t.resource.kind, t.name
        ))
    } else {
        e
    }
}

#[cfg(test)]
mod tests {
    use k8s_openapi::api::core::v1::Secret;
    use k8s_openapi::api::rbac::v1::ClusterRole;

    use super::*;

    fn meta(labels: &[(&str, &str)], uid: &str) -> ObjectMeta {
        ObjectMeta {
            labels: Some(labels.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()),
            uid: Some(uid.into()),
            ..Default::default()
        }
    }

    #[test]
    fn deletes_only_what_is_ours_and_there() {
        let t = || Target::of::<Secret>(Some("istio-system"), "x");
        assert_eq!(Change::delete_if_ours(0, t(), None), None);
        let theirs =
            Change::delete_if_ours(0, t(), Some(&meta(&[("app", "istio")], "u1"))).unwrap();
        assert_eq!((theirs.op, theirs.outcome), (Op::Nothing, Outcome::Kept));
        let ours = meta(&[(apply::MANAGED_BY_LABEL, apply::MANAGED_BY)], "u2");
        let c = Change::delete_if_ours(0, t(), Some(&ours)).unwrap();
        assert_eq!(c.op, Op::Delete(t(), Some("u2".into())));
        assert_eq!(c.object, "secret/x");
    }

    #[test]
    fn access_is_derived_per_cluster_once_each() {
        let ours = meta(&[(apply::MANAGED_BY_LABEL, apply::MANAGED_BY)], "u");
        let del = |i, name| {
            Change::delete_if_ours(i, Target::of::<Secret>(Some("ns"), name), Some(&ours)).unwrap()
        };
        let cr =
            Change::apply(1, Target::of::<ClusterRole>(None, "r"), Value::Null, Outcome::Created);
        let plan = Plan {
            phases: vec![
                vec![del(0, "a"), del(0, "b"), cr],
                vec![Change::found(0, "x", Outcome::Kept)],
            ],
            later: vec![],
        }
        .needing(2, Access::new("create", "", "serviceaccounts", Some("ns")).subresource("token"));
        assert_eq!(plan.access(0), [Access::new("delete", "", "secrets", Some("ns"))]);
        assert_eq!(
            plan.access(1),
            [Access::new("patch", "rbac.authorization.k8s.io", "clusterroles", None)]
        );
        assert_eq!(
            plan.access(2),
            [Access::new("create", "", "serviceaccounts", Some("ns")).subresource("token")]
        );
        assert!(plan.access(3).is_empty());
    }

    #[test]
    fn a_client_dry_run_says_what_each_change_would_be() {
        let ours = meta(&[(apply::MANAGED_BY_LABEL, apply::MANAGED_BY)], "u");
        let plan = Plan::of(vec![
            Change::delete_if_ours(1, Target::of::<Secret>(Some("ns"), "a"), Some(&ours)).unwrap(),
            Change::found(0, "externalip/10.0.0.1", Outcome::Kept).detail("(still used by g)"),
        ]);
        let rows = plan.rows(&["c0".into(), "c1".into()], DryRun::Client);
        let text: Vec<String> =
            rows.iter().map(|r| format!("{} {} {}", r.cluster, r.object, r.action)).collect();
        assert_eq!(
            text,
            ["c1 secret/a would delete (dry run)", "c0 externalip/10.0.0.1 kept (still used by g)"]
        );
    }
}
