//! Telemetry mode (`set --mode telemetry`, `unset --mode telemetry`): tracing through Istio's
//! Telemetry API. istiod puts it into the configuration it pushes to running proxies, so nothing is
//! restarted. Each control plane's mesh config gets one `extensionProviders` entry, a collector the
//! registry does not know gets a ServiceEntry, and the mesh-wide Telemetry in the root namespace
//! names the provider (only its tracing part, when the mesh already has one).
//!
//! Every cluster is read first; remote clusters (configured by their primary's istiod) are left
//! alone and say so.

pub mod build;
mod changes;
mod current;
pub mod inspect;
pub mod view;

use std::io::Write;

use k8s_openapi::api::core::v1::Service;
use kube::api::{Api, ApiResource, DynamicObject};
use serde_json::Value;

use self::build::{Collector, Provider, PROVIDER, SERVICE_ENTRY};
use super::source::{self, Source};
use crate::access::Access;
use crate::apply;
use crate::cluster::{self, Cluster};
use crate::error::{Context as _, Error, Result};
use crate::execute::{self, Change};
use crate::istio::{self, IstioKind};
use crate::net;
use crate::outcome::Outcome;
use crate::output;
use crate::session::Session;

pub use current::{auto_for_set, auto_for_unset, current_all, lacking_telemetry_api, Current};

/// What one control plane's cluster holds, read before any write.
pub(super) struct Read {
    se_ar: ApiResource,
    tel_ar: ApiResource,
    root_ns: String,
    /// The mesh-wide Telemetry to edit: ours, else the oldest one without a selector.
    telemetry: Option<DynamicObject>,
    /// Our ServiceEntry for a collector the registry does not know, if there is one.
    service_entry: Option<DynamicObject>,
    mesh: serde_yaml::Value,
}

fn is_mesh_wide(t: &DynamicObject) -> bool {
    let spec = &t.data["spec"];
    spec.get("selector").is_none_or(Value::is_null)
        && spec.get("targetRef").is_none_or(Value::is_null)
        && spec.get("targetRefs").is_none_or(Value::is_null)
}

async fn read(c: &Cluster, istio_ns: &str, mesh: serde_yaml::Value) -> Result<Read> {
    let hint = |e: Error| Error::msg(format!("{e}, or use --mode proxy-config"));
    let (se_api, se_ar) = istio::api(c, IstioKind::ServiceEntry, istio_ns).await.map_err(hint)?;
    let root_ns = mesh
        .get("rootNamespace")
        .and_then(serde_yaml::Value::as_str)
        .unwrap_or(istio_ns)
        .to_string();
    let (tel_api, tel_ar) = istio::api(c, IstioKind::Telemetry, &root_ns).await.map_err(hint)?;
    let mut all: Vec<DynamicObject> = tel_api
        .list(&Default::default())
        .await
        .ctx(|| format!("list Telemetries in {root_ns} in {}", c.context))?
        .items
        .into_iter()
        .filter(is_mesh_wide)
        .collect();
    all.sort_by(|a, b| a.metadata.creation_timestamp.cmp(&b.metadata.creation_timestamp));
    let telemetry = match all.iter().position(apply::is_ours) {
        Some(i) => Some(all.swap_remove(i)),
        None => all.into_iter().next(),
    };
    let service_entry = se_api
        .get_opt(SERVICE_ENTRY)
        .await
        .ctx(|| format!("get ServiceEntry {istio_ns}/{SERVICE_ENTRY} in {}", c.context))?;
    Ok(Read { se_ar, tel_ar, root_ns, telemetry, service_entry, mesh })
}

/// Every cluster's source, and what its own mesh config's cluster holds (`None` for a remote),
/// read and checked before any write.
pub(super) async fn read_all(
    g: &Session,
    clusters: &[Cluster],
    cm_name: &str,
) -> Result<(Vec<Source>, Vec<Option<Read>>)> {
    let ns = &g.istio_namespace();
    let sources = source::read_all(clusters, ns, cm_name).await;
    let sources: Vec<Source> = sources.into_iter().collect::<Result<_>>()?;
    let reads = cluster::fan_out_all(clusters, |i, c| {
        let mesh = match &sources[i] {
            Source::Own(_, mesh) => Some(mesh.clone()),
            Source::Remote(_) => None,
        };
        async move {
            match mesh {
                Some(m) => read(c, ns, m).await.map(Some),
                None => Ok(None),
            }
        }
    })
    .await?;
    Ok((sources, reads.into_iter().map(|(_, r)| r).collect()))
}

/// Where each control plane's provider points: the host istiod resolves, and the port.
async fn collector_of(c: &Cluster, address: &str) -> Result<(Collector, u16)> {
    let (host, port) = net::parse_host_port(address, "--addr")?;
    let exists = match build::service_of(&host) {
        Some((ns, name)) => Api::<Service>::namespaced(c.client.clone(), &ns)
            .get_opt(&name)
            .await
            .ctx(|| format!("get Service {ns}/{name} in {}", c.context))?
            .is_some(),
        None => false,
    };
    Ok((build::classify(&host, exists), port))
}

/// The mesh-wide Telemetry's tracing without our provider's entries (`None`: nothing of ours).
fn tracing_without_ours(t: &DynamicObject) -> Option<Value> {
    let list = t.data["spec"]["tracing"].as_array()?;
    let ours = |e: &Value| {
        e["providers"].as_array().is_some_and(|p| p.iter().any(|p| p["name"] == PROVIDER))
    };
    list.iter().any(ours).then(|| Value::Array(list.iter().filter(|e| !ours(e)).cloned().collect()))
}

#[allow(clippy::too_many_arguments)]
/// `addresses[i]`: where cluster `i`'s proxies should send spans; `shared`: the address that works
/// from every cluster (a control plane that also configures remotes gets it, as in proxy-config mode).
/// `(sampling, cluster_tag)`: each cluster's sampling (`None`: keep), the cluster tag to add (`None`:
/// keep the one the Telemetry has).
pub async fn set(
    g: &Session,
    clusters: &[Cluster],
    cm_name: &str,
    (addresses, shared): (&[String], &str),
    provider: Provider,
    (sampling, cluster_tag): (&[Option<f64>], Option<&str>),
    out: &mut dyn Write,
) -> Result<()> {
    let ns = &g.istio_namespace();
    let (sources, reads) = read_all(g, clusters, cm_name).await?;
    let addresses = source::effective_addresses(addresses, shared, &sources);
    let collectors = cluster::fan_out_all(clusters, |i, c| {
        let own = reads[i].is_some();
        let address = addresses[i].clone();
        async move {
            if own {
                collector_of(c, &address).await.map(Some)
            } else {
                Ok(None)
            }
        }
    })
    .await?;
    let mut changes = Vec::new();
    for (i, r) in reads.iter().enumerate() {
        let (Some(r), Some((collector, port))) = (r, &collectors[i].1) else {
            changes.push(changes::remote(i));
            continue;
        };
        let (sampling, port) = (sampling[i], *port);
        let a = changes::SetArgs { collector, port, provider, sampling, cluster_tag };
        changes.extend(changes::set(i, ns, cm_name, r, &a)?);
    }
    carry_out(g, clusters, changes, out).await
}

pub async fn unset(
    g: &Session,
    clusters: &[Cluster],
    cm_name: &str,
    out: &mut dyn Write,
) -> Result<()> {
    let ns = &g.istio_namespace();
    let (_, reads) = read_all(g, clusters, cm_name).await?;
    let mut changes = Vec::new();
    for (i, r) in reads.iter().enumerate() {
        match r {
            Some(r) => changes.extend(changes::unset(i, ns, cm_name, r)?),
            None => changes.push(changes::remote(i)),
        }
    }
    carry_out(g, clusters, changes, out).await
}

pub(super) fn unset_needs(ns: &str, r: Option<&Read>) -> Vec<Access> {
    match r {
        None => vec![],
        Some(r) => vec![
            Access::new("patch", "", "configmaps", Some(ns)),
            Access::new("delete", "networking.istio.io", "serviceentries", Some(ns)),
            Access::new("delete", "telemetry.istio.io", "telemetries", Some(&r.root_ns)),
            Access::new("patch", "telemetry.istio.io", "telemetries", Some(&r.root_ns)),
        ],
    }
}

/// Every cluster's changes through the executor; absent objects make no row.
async fn carry_out(
    g: &Session,
    clusters: &[Cluster],
    changes: Vec<Change>,
    out: &mut dyn Write,
) -> Result<()> {
    let mut rows = execute::execute(g.dry_run(), clusters, &execute::Plan::of(changes)).await?;
    rows.retain(|r| !r.action.is(Outcome::Absent));
    output::print(out, g.output(), &rows)
}

/// Said on stderr after `set` or `unset` in telemetry mode.
pub fn note_no_restart() {
    output::note("no workload was restarted: istiod pushes Telemetry changes to running proxies");
}
