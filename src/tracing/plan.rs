//! Read every cluster first, then decide: which mesh config serves each cluster, what each one's
//! edit is, and which workloads then run stale settings (the plan `set`, `unset` and `restart` carry
//! out, and `--dry-run` prints).

use k8s_openapi::api::apps::v1::{
    ControllerRevision, DaemonSet, Deployment, ReplicaSet, StatefulSet,
};
use k8s_openapi::api::core::v1::{ConfigMap, Pod};
use kube::api::{Api, ListParams};
use kube::Resource;

use super::meshconfig::{self, MeshTracing, Tracing};
use super::source::{self, Source};
use super::stale::{self, Finding, Inventory};
use crate::cli::DryRun;
use crate::cluster::{self, Cluster};
use crate::error::{Context as _, Error, Result};
use crate::execute;
use crate::outcome::Outcome;

/// The mesh ConfigMap and its parsed mesh config; an error if the cluster has none.
pub async fn read_mesh(
    c: &Cluster,
    ns: &str,
    cm_name: &str,
) -> Result<(ConfigMap, serde_yaml::Value)> {
    source::read_mesh_opt(c, ns, cm_name).await?.ok_or_else(|| {
        Error::msg(format!("ConfigMap {ns}/{cm_name} not found in {}: is Istio installed there? (see --istio-namespace and --revision)", c.context))
    })
}

/// Objects listed per page: one response body at a time stays small on a cluster of thousands.
const PAGE: u32 = 250;

/// Every item of a paged list: `list` is called with each page's parameters until the server
/// sends no continue token.
async fn all_pages<T, F, Fut>(mut list: F) -> kube::Result<Vec<T>>
where
    F: FnMut(ListParams) -> Fut,
    Fut: std::future::Future<Output = kube::Result<kube::core::ObjectList<T>>>,
    T: Clone, // ObjectList's own bound
{
    let mut out = Vec::new();
    let mut lp = ListParams::default().limit(PAGE);
    loop {
        let page = list(lp.clone()).await?;
        out.extend(page.items);
        match page.metadata.continue_.filter(|c| !c.is_empty()) {
            Some(token) => lp = lp.continue_token(&token),
            None => return Ok(out),
        }
    }
}

fn api_in<K>(c: &Cluster, ns: Option<&str>) -> Api<K>
where
    K: Resource<Scope = k8s_openapi::NamespaceResourceScope>,
    K::DynamicType: Default,
{
    match ns {
        Some(n) => Api::namespaced(c.client.clone(), n),
        None => Api::all(c.client.clone()),
    }
}

fn what<K: Resource>(c: &Cluster, ns: Option<&str>) -> String
where
    K::DynamicType: Default,
{
    format!(
        "list {}s{} in {}",
        K::kind(&K::DynamicType::default()),
        ns.map(|n| format!(" in {n}")).unwrap_or_default(),
        c.context
    )
}

/// Every object of a kind (in `ns`, or all namespaces), page by page, each kept without its
/// managed fields (nothing here reads them; on a Pod they are a third of the object).
async fn list_all<K>(c: &Cluster, ns: Option<&str>) -> Result<Vec<K>>
where
    K: Resource<Scope = k8s_openapi::NamespaceResourceScope>
        + Clone
        + serde::de::DeserializeOwned
        + std::fmt::Debug,
    K::DynamicType: Default,
{
    let api: Api<K> = api_in(c, ns);
    let mut items = all_pages(|lp| {
        let api = api.clone();
        async move { api.list(&lp).await }
    })
    .await
    .ctx(|| what::<K>(c, ns))?;
    items.iter_mut().for_each(|o| o.meta_mut().managed_fields = None);
    Ok(items)
}

/// ReplicaSets as their metadata alone (owner, revision annotation: all the analysis reads), so a
/// Deployment's ten old revisions cost no pod templates.
async fn replica_sets(c: &Cluster, ns: Option<&str>) -> Result<Vec<ReplicaSet>> {
    let api: Api<ReplicaSet> = api_in(c, ns);
    let metas = all_pages(|lp| {
        let api = api.clone();
        async move { api.list_metadata(&lp).await }
    })
    .await
    .ctx(|| what::<ReplicaSet>(c, ns))?;
    Ok(metas
        .into_iter()
        .map(|m| {
            let mut metadata = m.metadata;
            metadata.managed_fields = None;
            ReplicaSet { metadata, ..Default::default() }
        })
        .collect())
}

/// Pods and their controllers, in every namespace or only the given ones.
pub async fn inventory(c: &Cluster, namespaces: &[String]) -> Result<Inventory> {
    let scopes: Vec<Option<&str>> = if namespaces.is_empty() {
        vec![None]
    } else {
        namespaces.iter().map(|n| Some(n.as_str())).collect()
    };
    let mut inv = Inventory::default();
    for ns in scopes {
        let (p, rs, d, s, ds, cr) = futures::try_join!(
            list_all::<Pod>(c, ns),
            replica_sets(c, ns),
            list_all::<Deployment>(c, ns),
            list_all::<StatefulSet>(c, ns),
            list_all::<DaemonSet>(c, ns),
            list_all::<ControllerRevision>(c, ns),
        )?;
        inv.pods.extend(p);
        inv.replica_sets.extend(rs);
        inv.deployments.extend(d);
        inv.stateful_sets.extend(s);
        inv.daemon_sets.extend(ds);
        inv.controller_revisions.extend(cr);
    }
    Ok(inv)
}

/// What one cluster looks like and what we will do there.
pub struct Planned<'a> {
    pub cluster: &'a Cluster,
    pub cm_name: String,
    /// A remote cluster: the control plane whose mesh config its proxies get.
    pub via: Option<String>,
    pub edit: Edit,
    pub old: MeshTracing,
    pub old_text: String,
    /// `None`: the mesh config already says this (or the cluster has none of its own).
    pub new_text: Option<String>,
    pub desired: Tracing,
    pub findings: Vec<Finding>,
}

/// What the user asked for, before it is known which mesh config serves which cluster.
pub enum Wanted {
    /// The address each cluster's proxies should use, the one that works from every cluster, and
    /// the sampling asked for (or keep/100).
    Set {
        addresses: Vec<String>,
        shared: String,
        sampling: Option<f64>,
        cluster_tag: Option<String>,
    },
    Unset,
    /// restart/show: no edit.
    Keep,
}

pub use super::mesh_edit::{edited, Edit};

fn edits(wanted: &Wanted, sources: &[Source]) -> Vec<Edit> {
    match wanted {
        Wanted::Set { addresses, shared, sampling, cluster_tag } => {
            source::effective_addresses(addresses, shared, sources)
                .into_iter()
                .map(|address| Edit::Set {
                    address,
                    sampling: *sampling,
                    cluster_tag: cluster_tag.clone(),
                })
                .collect()
        }
        Wanted::Unset => vec![Edit::Unset; sources.len()],
        Wanted::Keep => vec![Edit::Keep; sources.len()],
    }
}

pub async fn plan_all<'a>(
    clusters: &'a [Cluster],
    ns: &str,
    cm_name: &str,
    namespaces: &[String],
    wanted: &Wanted,
    rule: stale::Rule,
) -> Result<Vec<Planned<'a>>> {
    let (sources, inventories) = futures::join!(
        source::read_all(clusters, ns, cm_name),
        cluster::fan_out(clusters, |_, c| inventory(c, namespaces))
    );
    let sources: Vec<Source> = cluster::all_ok(clusters.iter().zip(sources).collect())?
        .into_iter()
        .map(|(_, s)| s)
        .collect();
    let inventories = cluster::all_ok(inventories)?;
    let edits = edits(wanted, &sources);
    // Each own mesh config: old and new. A remote's proxies follow its primary's new one.
    type OwnConfig = (MeshTracing, String, Option<String>, Tracing);
    let mut own: Vec<Option<OwnConfig>> = Vec::new();
    for (src, edit) in sources.iter().zip(&edits) {
        own.push(match src {
            Source::Own(cm, mesh) => {
                let new = edited(edit, mesh)?;
                let old_text = cm
                    .data
                    .as_ref()
                    .and_then(|d| d.get(source::MESH_KEY))
                    .cloned()
                    .unwrap_or_default();
                let new_text = (new != *mesh).then(|| meshconfig::render(&old_text, mesh, &new));
                Some((meshconfig::read(mesh), old_text, new_text, meshconfig::read(&new).tracing))
            }
            Source::Remote(_) => None,
        });
    }
    Ok(inventories
        .into_iter()
        .enumerate()
        .map(|(i, (c, inv))| {
            let via = sources[i].primary();
            let (old, old_text, new_text, desired) = match (&own[i], via) {
                (Some(o), _) => o.clone(),
                (None, Some(p)) => {
                    let (old, _, _, desired) =
                        own[p].clone().expect("a primary has its own mesh config");
                    (old, String::new(), None, desired)
                }
                (None, None) => unreachable!("a cluster is either a control plane or a remote"),
            };
            let inv =
                inv.reading(sources[i].configmap(), own[i].is_some() && old.tracing != desired);
            let findings = stale::analyse(&inv, &desired, rule);
            Planned {
                cluster: c,
                cm_name: cm_name.to_string(),
                via: via.map(|p| clusters[p].context.clone()),
                edit: edits[i].clone(),
                old,
                old_text,
                new_text,
                desired,
                findings,
            }
        })
        .collect())
}

/// Edit one cluster's mesh config now ([`super::mesh_edit::mesh_ops`]), its access already reviewed.
pub async fn write_mesh(
    c: &Cluster,
    ns: &str,
    cm_name: &str,
    edit: &Edit,
    dry: DryRun,
) -> Result<()> {
    let target = execute::Target::of::<ConfigMap>(Some(ns), cm_name);
    let edit = super::mesh_edit::edit_of(edit);
    let plan = execute::Plan::of(vec![execute::Change::edit(0, target, edit, Outcome::Updated)]);
    execute::execute_reviewed(dry, std::slice::from_ref(c), &plan).await.1
}
