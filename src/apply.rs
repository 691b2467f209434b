//! Writing to clusters: one field manager, server-side apply for what the suite owns, and
//! JSON Patch guarded by a `test` of the resourceVersion for precise edits of others' objects.

use json_patch::{Patch as JsonPatch, PatchOperation, TestOperation};
use kube::api::{Api, DeleteParams, DynamicObject, Patch, PatchParams, PostParams};
use kube::Resource;
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;

use crate::cli::DryRun;
use crate::error::{Context as _, Result};
use crate::outcome::{Action, Outcome};

/// The field manager of every write the suite makes.
pub const FIELD_MANAGER: &str = "kubectl-mesh";

/// Labels the suite puts on objects it creates, so that clean-up removes exactly those.
pub const MANAGED_BY_LABEL: &str = "app.kubernetes.io/managed-by";
pub const MANAGED_BY: &str = "kubectl-mesh";

/// The labels that mark an object as the suite's (what `--delete`/`unlink` may remove).
pub fn managed_labels() -> std::collections::BTreeMap<String, String> {
    [(MANAGED_BY_LABEL.to_string(), MANAGED_BY.to_string())].into()
}

/// Server-side apply parameters: our field manager, forced (we own these fields), dry-run on the
/// server when asked.
pub fn apply_params(dry_run: DryRun) -> PatchParams {
    let mut p = PatchParams::apply(FIELD_MANAGER).force();
    if dry_run == DryRun::Server {
        p = p.dry_run();
    }
    p
}

/// Parameters for a JSON Patch / merge patch under our field manager.
pub fn patch_params(dry_run: DryRun) -> PatchParams {
    let mut p =
        PatchParams { field_manager: Some(FIELD_MANAGER.to_string()), ..Default::default() };
    if dry_run == DryRun::Server {
        p = p.dry_run();
    }
    p
}

pub fn post_params(dry_run: DryRun) -> PostParams {
    PostParams {
        dry_run: dry_run == DryRun::Server,
        field_manager: Some(FIELD_MANAGER.to_string()),
    }
}

pub fn delete_params(dry_run: DryRun) -> DeleteParams {
    let mut p = DeleteParams::default();
    if dry_run == DryRun::Server {
        p = p.dry_run();
    }
    p
}

/// Whether every field `desired` sets already has that value in `live` (fields the server or others
/// added do not matter; lists must match element by element).
pub fn is_subset(desired: &serde_json::Value, live: &serde_json::Value) -> bool {
    use serde_json::Value;
    match (desired, live) {
        (Value::Object(d), Value::Object(l)) => {
            d.iter().all(|(k, v)| l.get(k).is_some_and(|lv| is_subset(v, lv)) || v.is_null())
        }
        (Value::Array(d), Value::Array(l)) => {
            d.len() == l.len() && d.iter().zip(l).all(|(a, b)| is_subset(a, b))
        }
        (Value::Number(a), Value::Number(b)) => a.as_f64() == b.as_f64(),
        (a, b) => a == b,
    }
}

/// [`apply`], unless the live object already says everything `obj` says: then nothing is sent (a
/// re-run makes no write) and `None` is returned.
pub async fn apply_if_changed<K>(
    api: &Api<K>,
    name: &str,
    obj: &K,
    dry_run: DryRun,
    what: impl Fn() -> String,
) -> Result<Option<K>>
where
    K: Resource + Clone + Serialize + DeserializeOwned + std::fmt::Debug,
{
    if dry_run != DryRun::Client {
        if let Some(live) = api.get_opt(name).await.ctx(|| format!("get {}", what()))? {
            let (d, l) = (
                serde_json::to_value(obj).ctx(|| format!("build {}", what()))?,
                serde_json::to_value(&live).ctx(|| format!("read {}", what()))?,
            );
            if is_subset(&d, &l) {
                return Ok(None);
            }
        }
    }
    apply(api, name, obj, dry_run, what).await.map(Some)
}

/// Server-side apply `obj` (named `name`) with [`FIELD_MANAGER`]. With `--dry-run=client` nothing is
/// sent and the object itself is returned, so `--dry-run` prints exactly what would be applied.
pub async fn apply<K>(
    api: &Api<K>,
    name: &str,
    obj: &K,
    dry_run: DryRun,
    what: impl FnOnce() -> String,
) -> Result<K>
where
    K: Resource + Clone + Serialize + DeserializeOwned + std::fmt::Debug,
{
    if dry_run == DryRun::Client {
        return Ok(obj.clone());
    }
    api.patch(name, &apply_params(dry_run), &Patch::Apply(obj))
        .await
        .ctx(|| format!("apply {}", what()))
}

/// A JSON Patch that applies only if the object is still at `resource_version`: a concurrent edit
/// makes the server refuse it (422/409) instead of being overwritten.
pub fn guarded(resource_version: &str, ops: Vec<PatchOperation>) -> JsonPatch {
    let mut all = Vec::with_capacity(ops.len() + 1);
    all.push(PatchOperation::Test(TestOperation {
        path: json_patch::jsonptr::PointerBuf::parse("/metadata/resourceVersion")
            .expect("static JSON pointer"),
        value: serde_json::Value::String(resource_version.to_string()),
    }));
    all.extend(ops);
    JsonPatch(all)
}

/// Send a JSON Patch (already guarded where needed). Client dry-run sends nothing and returns `None`.
pub async fn json_patch<K>(
    api: &Api<K>,
    name: &str,
    patch: &JsonPatch,
    dry_run: DryRun,
    what: impl FnOnce() -> String,
) -> Result<Option<K>>
where
    K: Resource + Clone + Serialize + DeserializeOwned + std::fmt::Debug,
{
    if dry_run == DryRun::Client {
        return Ok(None);
    }
    api.patch(name, &patch_params(dry_run), &Patch::<()>::Json(patch.clone()))
        .await
        .map(Some)
        .ctx(|| format!("patch {}", what()))
}

/// Whether the suite created this object (it carries our managed-by label).
pub fn is_ours<K: Resource>(o: &K) -> bool {
    is_ours_meta(o.meta())
}

/// [`is_ours`], from an object's metadata alone.
pub fn is_ours_meta(m: &kube::api::ObjectMeta) -> bool {
    m.labels.as_ref().and_then(|l| l.get(MANAGED_BY_LABEL)).map(String::as_str) == Some(MANAGED_BY)
}

/// Delete `name` if the suite created it; objects without our label (Istio's, Helm's, a user's)
/// are kept. Returns what happened.
pub async fn delete_if_ours<K>(
    api: &Api<K>,
    name: &str,
    dry_run: DryRun,
    what: impl Fn() -> String,
) -> Result<Action>
where
    K: Resource + Clone + DeserializeOwned + std::fmt::Debug,
{
    let Some(obj) = api.get_opt(name).await.ctx(|| format!("get {}", what()))? else {
        return Ok(Outcome::Absent.into());
    };
    if !is_ours(&obj) {
        return Ok(Action::with(Outcome::Kept, dry_run, "(not created by kubectl-mesh)"));
    }
    if dry_run != DryRun::Client {
        api.delete(name, &delete_params(dry_run)).await.ctx(|| format!("delete {}", what()))?;
    }
    Ok(Action::new(Outcome::Deleted, dry_run))
}

/// Server-side apply an Istio object; created, configured or unchanged, as kubectl says.
pub async fn apply_dynamic(
    api: &Api<DynamicObject>,
    obj: &Value,
    dry_run: DryRun,
    ctx: &str,
) -> Result<Action> {
    let name = obj["metadata"]["name"].as_str().unwrap_or_default().to_string();
    let kind = obj["kind"].as_str().unwrap_or_default().to_string();
    let what = || {
        format!(
            "{kind} {}/{name} in {ctx}",
            obj["metadata"]["namespace"].as_str().unwrap_or_default()
        )
    };
    let before = api.get_opt(&name).await.ctx(|| format!("get {}", what()))?;
    // Already what we would write: nothing is sent (a re-run makes no write).
    if let Some(b) = &before {
        if is_subset(obj, &serde_json::to_value(b).ctx(|| format!("read {}", what()))?) {
            return Ok(Outcome::Unchanged.into());
        }
    }
    let typed: DynamicObject =
        serde_json::from_value(obj.clone()).ctx(|| format!("build {}", what()))?;
    let after = apply(api, &name, &typed, dry_run, what).await?;
    Ok(match before {
        None => Action::new(Outcome::Created, dry_run),
        Some(b) if b.metadata.resource_version == after.metadata.resource_version => {
            Outcome::Unchanged.into()
        }
        Some(_) => Action::new(Outcome::Configured, dry_run),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn subset_ignores_what_others_added() {
        let d = serde_json::json!({"metadata": {"name": "a", "labels": {"x": "1"}}, "spec": {"ports": [{"port": 1}]}});
        let l = serde_json::json!({"metadata": {"name": "a", "labels": {"x": "1", "y": "2"}, "resourceVersion": "5"}, "spec": {"ports": [{"port": 1, "protocol": "TCP"}]}});
        assert!(is_subset(&d, &l));
        let changed = serde_json::json!({"metadata": {"name": "a", "labels": {"x": "2"}}});
        assert!(!is_subset(&changed, &l));
        let more = serde_json::json!({"spec": {"ports": [{"port": 1}, {"port": 2}]}});
        assert!(!is_subset(&more, &l));
    }

    #[test]
    fn guarded_patch_tests_resource_version_first() {
        let op: PatchOperation = serde_json::from_value(serde_json::json!(
            {"op": "add", "path": "/spec/externalIPs", "value": ["10.0.0.1"]}
        ))
        .unwrap();
        let p = guarded("42", vec![op]);
        let v = serde_json::to_value(&p).unwrap();
        assert_eq!(
            v[0],
            serde_json::json!({"op": "test", "path": "/metadata/resourceVersion", "value": "42"})
        );
        assert_eq!(v[1]["op"], "add");
        assert_eq!(v.as_array().unwrap().len(), 2);
    }

    #[test]
    fn params_carry_the_field_manager_and_dry_run() {
        let p = apply_params(DryRun::Server);
        assert_eq!(p.field_manager.as_deref(), Some(FIELD_MANAGER));
        assert!(p.force && p.dry_run);
        assert!(!apply_params(DryRun::None).dry_run);
        assert!(patch_params(DryRun::Server).dry_run);
        assert!(post_params(DryRun::Server).dry_run);
    }
}
