//! Telemetry mode (`set --mode telemetry`, `unset --mode telemetry`): tracing through Istio's
//! Telemetry API. istiod puts it into the configuration it pushes to running proxies, so nothing is
//! restarted. Each control plane's mesh config gets one `extensionProviders` entry, a collector the
//! registry does not know gets a ServiceEntry, and the mesh-wide Telemetry in the root namespace
//! names the provider (only its tracing part, when the mesh already has one).
//!
//! Every cluster is read first; remote clusters (configured by their primary's istiod) are left
//! alone and say so.

pub mod build;
mod current;
pub mod inspect;
pub mod view;

use std::io::Write;

use k8s_openapi::api::core::v1::Service;
use kube::api::{Api, ApiResource, DynamicObject, Patch};
use serde_json::{json, Value};

use self::build::{Collector, Provider, PROVIDER, SERVICE_ENTRY, TELEMETRY};
use super::plan::{write_mesh, Edit};
use super::source::{self, Source};
use crate::access::{self, Access};
use crate::apply;
use crate::cli::DryRun;
use crate::cluster::{self, Cluster};
use crate::error::{Context as _, Error, Result};
use crate::istio::{self, IstioKind};
use crate::net;
use crate::outcome::{Action, Outcome};
use crate::output::{self, ObjectRow};
use crate::session::Session;

pub use current::{auto_for_set, auto_for_unset, current_all, lacking_telemetry_api, Current};

/// What one control plane's cluster holds, read before any write.
pub(super) struct Read {
    se_api: Api<DynamicObject>,
    se_ar: ApiResource,
    tel_api: Api<DynamicObject>,
    tel_ar: ApiResource,
    root_ns: String,
    /// The mesh-wide Telemetry to edit: ours, else the oldest one without a selector.
    telemetry: Option<DynamicObject>,
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
    Ok(Read { se_api, se_ar, tel_api, tel_ar, root_ns, telemetry, mesh })
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

fn remote_row(c: &Cluster) -> ObjectRow {
    ObjectRow {
        cluster: c.context.clone(),
        object: "-".into(),
        action: Action::NotDone("none: configured by its primary's istiod".into()),
    }
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
    access::require(g.dry_run(), clusters, |i, _| match &reads[i] {
        None => vec![],
        Some(r) => vec![
            Access::new("patch", "", "configmaps", Some(ns)),
            Access::new("patch", "networking.istio.io", "serviceentries", Some(ns)),
            Access::new("patch", "telemetry.istio.io", "telemetries", Some(&r.root_ns)),
        ],
    })
    .await?;
    let dry = g.dry_run();
    let rows = cluster::fan_out_all(clusters, |i, c| {
        let read = reads[i].as_ref();
        let collector = collectors[i].1.clone();
        let sampling = sampling[i];
        async move {
            let (Some(r), Some((collector, port))) = (read, collector) else {
                return Ok(vec![remote_row(c)]);
            };
            let row = |object: String, action: Action| ObjectRow {
                cluster: c.context.clone(),
                object,
                action,
            };
            let host = collector.service_host();
            let edit = Edit::Provider { provider, host: host.clone(), port };
            let mesh_action = mesh_outcome(&r.mesh, &edit, dry)?;
            write_mesh(c, ns, cm_name, &edit, dry).await?;
            let se_action = match build::service_entry(ns, &collector, port, provider) {
                Some(mut se) => {
                    se["apiVersion"] = r.se_ar.api_version.clone().into();
                    apply::apply_dynamic(&r.se_api, &se, dry, &c.context).await?
                }
                None => {
                    apply::delete_if_ours(&r.se_api, SERVICE_ENTRY, dry, || {
                        format!("ServiceEntry {ns}/{SERVICE_ENTRY} in {}", c.context)
                    })
                    .await?
                }
            };
            // Keep the sampling the mesh-wide Telemetry has, else 100%.
            let current = r
                .telemetry
                .as_ref()
                .and_then(|t| t.data["spec"]["tracing"][0]["randomSamplingPercentage"].as_f64());
            let pct = sampling.or(current).unwrap_or(100.0);
            let tag = cluster_tag.map(str::to_string).or_else(|| {
                r.telemetry
                    .as_ref()
                    .and_then(|t| build::cluster_tag_of(&t.data["spec"]["tracing"][0]))
            });
            let tag = tag.as_deref();
            let tel = match &r.telemetry {
                Some(t) if !apply::is_ours(t) => json!({
                    "apiVersion": r.tel_ar.api_version, "kind": "Telemetry",
                    "metadata": {"name": t.metadata.name, "namespace": r.root_ns},
                    "spec": {"tracing": build::tracing_spec(pct, tag)},
                }),
                _ => {
                    let mut t = build::telemetry(&r.root_ns, pct, tag);
                    t["apiVersion"] = r.tel_ar.api_version.clone().into();
                    t
                }
            };
            let tel_name = tel["metadata"]["name"].as_str().unwrap_or(TELEMETRY).to_string();
            let tel_action = apply::apply_dynamic(&r.tel_api, &tel, dry, &c.context).await?;
            Ok(vec![
                row(format!("configmap/{cm_name}"), mesh_action),
                row(format!("serviceentry/{SERVICE_ENTRY}"), se_action),
                row(
                    format!("telemetry/{tel_name}"),
                    tel_action.detailed(&format!(
                        "({} {host}:{port}, {pct}%{})",
                        provider.key(),
                        tag.map(|t| format!(", tag {t}")).unwrap_or_default()
                    )),
                ),
            ])
        }
    })
    .await?;
    report(out, g, rows.into_iter().flat_map(|(_, r)| r).collect())
}

pub async fn unset(
    g: &Session,
    clusters: &[Cluster],
    cm_name: &str,
    out: &mut dyn Write,
) -> Result<()> {
    let ns = &g.istio_namespace();
    let (_, reads) = read_all(g, clusters, cm_name).await?;
    access::require(g.dry_run(), clusters, |i, _| unset_needs(ns, reads[i].as_ref())).await?;
    let dry = g.dry_run();
    let rows = cluster::fan_out_all(clusters, |i, c| {
        let read = reads[i].as_ref();
        async move {
            let Some(r) = read else { return Ok(vec![remote_row(c)]) };
            let row = |object: String, action: Action| ObjectRow {
                cluster: c.context.clone(),
                object,
                action,
            };
            let mesh_action = mesh_outcome(&r.mesh, &Edit::NoProvider, dry)?;
            write_mesh(c, ns, cm_name, &Edit::NoProvider, dry).await?;
            let se_action = apply::delete_if_ours(&r.se_api, SERVICE_ENTRY, dry, || {
                format!("ServiceEntry {ns}/{SERVICE_ENTRY} in {}", c.context)
            })
            .await?;
            let (tel_name, tel_action) = match &r.telemetry {
                None => (TELEMETRY.to_string(), Outcome::Absent.into()),
                Some(t) => {
                    let name = t.metadata.name.clone().unwrap_or_default();
                    let what = || format!("Telemetry {}/{name} in {}", r.root_ns, c.context);
                    let action = if apply::is_ours(t) {
                        apply::delete_if_ours(&r.tel_api, &name, dry, what).await?
                    } else if let Some(rest) = tracing_without_ours(t) {
                        // Theirs: only our entries leave its tracing.
                        if dry != DryRun::Client {
                            let rest = if rest.as_array().is_some_and(Vec::is_empty) {
                                Value::Null
                            } else {
                                rest
                            };
                            r.tel_api
                                .patch(
                                    &name,
                                    &apply::patch_params(dry),
                                    &Patch::Merge(json!({"spec": {"tracing": rest}})),
                                )
                                .await
                                .ctx(|| format!("patch {}", what()))?;
                        }
                        Action::new(Outcome::Patched, dry)
                    } else {
                        Outcome::Unchanged.into()
                    };
                    (name, action)
                }
            };
            Ok(vec![
                row(format!("configmap/{cm_name}"), mesh_action),
                row(format!("serviceentry/{SERVICE_ENTRY}"), se_action),
                row(format!("telemetry/{tel_name}"), tel_action),
            ])
        }
    })
    .await?;
    report(out, g, rows.into_iter().flat_map(|(_, r)| r).collect())
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

/// What the mesh config edit does, said before it is made.
fn mesh_outcome(mesh: &serde_yaml::Value, edit: &Edit, dry: DryRun) -> Result<Action> {
    let new = super::plan::edited(edit, mesh)?;
    Ok(if new == *mesh { Outcome::Unchanged.into() } else { Action::new(Outcome::Updated, dry) })
}

fn report(out: &mut dyn Write, g: &Session, mut rows: Vec<ObjectRow>) -> Result<()> {
    rows.retain(|r| !r.action.is(Outcome::Absent));
    output::print(out, g.output(), &rows)
}

/// Said on stderr after `set` or `unset` in telemetry mode.
pub fn note_no_restart() {
    output::note("no workload was restarted: istiod pushes Telemetry changes to running proxies");
}
