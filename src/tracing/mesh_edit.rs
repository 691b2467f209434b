//! The edit of a mesh ConfigMap as a change for the executor (pure): istiod and operators write
//! that ConfigMap too, so the edit is made to the live object when sent, and made again on a
//! conflict; the plan says beforehand, from what it read, whether it changes anything.

use std::sync::Arc;

use json_patch::PatchOperation;
use k8s_openapi::api::core::v1::ConfigMap;
use serde_json::{json, Value};

use super::meshconfig;
use super::source::MESH_KEY;
use crate::error::{Context as _, Error, Result};
use crate::execute::{self, Change, Target};
use crate::outcome::Outcome;

/// The edit of one cluster's own mesh config.
#[derive(Clone)]
pub enum Edit {
    Set {
        address: String,
        sampling: Option<f64>,
        cluster_tag: Option<String>,
    },
    Unset,
    Keep,
    /// Telemetry mode: our `extensionProviders` entry, and its removal.
    Provider {
        provider: super::telemetry::build::Provider,
        host: String,
        port: u16,
    },
    NoProvider,
}

pub fn edited(edit: &Edit, mesh: &serde_yaml::Value) -> Result<serde_yaml::Value> {
    match edit {
        Edit::Set { address, sampling, cluster_tag } => {
            let s = sampling.or(meshconfig::read(mesh).tracing.sampling).unwrap_or(100.0);
            meshconfig::set(mesh, address, s, cluster_tag.as_deref())
        }
        Edit::Unset => Ok(meshconfig::unset(mesh)),
        Edit::Keep => Ok(mesh.clone()),
        Edit::Provider { provider, host, port } => {
            super::telemetry::build::with_provider(mesh, *provider, host, *port)
        }
        Edit::NoProvider => Ok(super::telemetry::build::without_provider(mesh)),
    }
}

/// The operations that make the ConfigMap `cm` (as JSON) carry `edit`, keeping its text's layout
/// where it can; none when it already does.
pub fn mesh_ops(edit: &Edit, cm: &Value) -> Result<Vec<PatchOperation>> {
    let old_text = cm["data"][MESH_KEY].as_str().unwrap_or_default();
    let name = cm["metadata"]["name"].as_str().unwrap_or_default();
    let mesh =
        meshconfig::parse(old_text).map_err(|e| Error::msg(format!("ConfigMap {name}: {e}")))?;
    let new = edited(edit, &mesh)?;
    if new == mesh {
        return Ok(vec![]);
    }
    let op = json!({"op": "add", "path": "/data/mesh", "value": meshconfig::render(old_text, &mesh, &new)});
    Ok(vec![serde_json::from_value(op).ctx(|| "build the mesh config patch")?])
}

/// Cluster `i`'s mesh ConfigMap edited as `edit` says: "unchanged" (nothing sent) when the mesh
/// config read (`mesh`) already says it, else "updated".
pub fn mesh_change(
    i: usize,
    ns: &str,
    cm_name: &str,
    mesh: &serde_yaml::Value,
    edit: &Edit,
) -> Result<Change> {
    let target = Target::of::<ConfigMap>(Some(ns), cm_name);
    if edited(edit, mesh)? == *mesh {
        return Ok(Change::found(i, target.object(), Outcome::Unchanged));
    }
    Ok(Change::edit(i, target, edit_of(edit), Outcome::Updated))
}

/// [`mesh_ops`] as the executor's edit of the live ConfigMap.
pub fn edit_of(edit: &Edit) -> execute::Edit {
    let edit = edit.clone();
    execute::Edit(Arc::new(move |cm: &Value| mesh_ops(&edit, cm)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::execute::Op;

    fn cm(mesh: &str) -> Value {
        json!({"apiVersion": "v1", "kind": "ConfigMap",
               "metadata": {"name": "istio", "resourceVersion": "3"}, "data": {MESH_KEY: mesh}})
    }

    #[test]
    fn an_edit_that_changes_nothing_sends_nothing() {
        let text = "defaultConfig:\n  discoveryAddress: istiod:15012\n";
        let set = Edit::Set {
            address: "zipkin.istio-system:9411".into(),
            sampling: Some(10.0),
            cluster_tag: None,
        };
        let ops = mesh_ops(&set, &cm(text)).unwrap();
        assert_eq!(ops.len(), 1);
        let mut after = cm(text);
        json_patch::patch(&mut after, &ops).unwrap();
        assert!(mesh_ops(&set, &after).unwrap().is_empty(), "{after}");
        // Its change reads "unchanged" and has nothing to send when the mesh already says it.
        let mesh = meshconfig::parse(after["data"][MESH_KEY].as_str().unwrap()).unwrap();
        let c = mesh_change(0, "istio-system", "istio", &mesh, &set).unwrap();
        assert_eq!((c.op, c.outcome), (Op::Nothing, Outcome::Unchanged));
        let before = meshconfig::parse(text).unwrap();
        let c = mesh_change(0, "istio-system", "istio", &before, &set).unwrap();
        assert_eq!((c.object.as_str(), c.outcome), ("configmap/istio", Outcome::Updated));
        assert!(matches!(c.op, Op::Edit(..)));
    }
}
