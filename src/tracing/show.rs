//! `show`: what each cluster's proxies are told about tracing and how many run something else; also
//! the read side `doctor` uses.

use std::io::Write;

use serde::Serialize;

use super::cli::RevisionArg;
use super::meshconfig::{self, MeshTracing};
use super::plan::inventory;
use super::source::{self, Source};
use super::stale::{self, Kind};
use super::telemetry::inspect;
use super::telemetry::view::{self, Sampling, View};
use crate::cluster::{self, Cluster};
use crate::error::{Error, Result};
use crate::output::{self, Row};
use crate::session::Session;

#[derive(Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ShowRow {
    pub cluster: String,
    /// A remote cluster: the control plane whose mesh config its proxies get.
    pub mesh_config_from: Option<String>,
    #[serde(flatten)]
    pub mesh: MeshTracing,
    pub workloads: usize,
    pub stale: usize,
    /// `namespace/name` of the workloads counted in `stale`.
    pub stale_workloads: Vec<String>,
    /// `namespace/name` of the workloads whose roll-out to new settings is in progress (not stale).
    pub rolling_out: Vec<String>,
    /// The sampling istiod configures and its source (see `view::sampling_in_effect`).
    pub sampling_in_effect: Option<Sampling>,
    /// The Telemetry API side could not be read (the sampling shown is then the mesh config's).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub telemetry_error: Option<String>,
    pub error: Option<String>,
    /// The Telemetry API side of the serving mesh config's cluster (`None`: not served).
    #[serde(skip)]
    pub telemetry: Option<View>,
    /// The tracing providers the mesh-wide Telemetry (or `defaultProviders`) names.
    #[serde(skip)]
    pub providers: Vec<String>,
}

/// A control plane's Telemetry API view, the sampling in effect and the providers in effect.
type TelemetrySide = (Option<View>, Sampling, Vec<String>);

/// Per cluster: the tracing settings its proxies get (its own mesh config, or its primary's) and
/// how many injected workloads run with others.
pub async fn show_rows(
    clusters: &[Cluster],
    ns: &str,
    cm_name: &str,
    namespaces: &[String],
) -> Vec<ShowRow> {
    let (sources, inventories) = futures::join!(
        source::read_all(clusters, ns, cm_name),
        cluster::fan_out(clusters, |_, c| inventory(c, namespaces))
    );
    let meshes: Vec<Option<MeshTracing>> = sources
        .iter()
        .map(|s| match s {
            Ok(Source::Own(_, m)) => Some(meshconfig::read(m)),
            _ => None,
        })
        .collect();
    let revision = cm_name.strip_prefix("istio-");
    let views = cluster::fan_out(clusters, |i, c| {
        let mesh = match &sources[i] {
            Ok(Source::Own(_, m)) => Some(m.clone()),
            _ => None,
        };
        async move {
            let Some(m) = mesh else { return Ok(None) };
            let v = inspect::view(c, ns, &m, revision).await?;
            let sampling = view::sampling_in_effect(&m, &v.clone().unwrap_or_default());
            let providers =
                v.as_ref().map(|v| view::providers_in_effect(&m, v)).unwrap_or_default();
            Ok::<_, Error>(Some((v, sampling, providers)))
        }
    })
    .await;
    let views: Vec<std::result::Result<Option<TelemetrySide>, String>> = views
        .into_iter()
        .zip(&inventories)
        .map(|((_, r), (_, inv))| {
            let mut r = r.map_err(|e| e.to_string())?;
            // Only the namespaces this control plane's proxies run in.
            if let (Some((Some(v), _, _)), Ok(inv)) = (&mut r, inv) {
                v.only_namespaces(&stale::injected_namespaces(inv, revision));
            }
            Ok(r)
        })
        .collect();
    sources
        .into_iter()
        .zip(inventories)
        .enumerate()
        .map(|(i, (src, (c, inv)))| {
            let serving = src.as_ref().ok().map(|s| s.primary().unwrap_or(i));
            let (telemetry, sampling_in_effect, providers, telemetry_error) =
                match serving.map(|p| views[p].clone()) {
                    Some(Ok(Some((v, s, p)))) => (v, Some(s), p, None),
                    Some(Err(e)) => (None, None, vec![], Some(e)),
                    _ => (None, None, vec![], None),
                };
            let row =
                |from, mesh, workloads, (stale, rolling_out): (Vec<String>, Vec<String>), error| {
                    ShowRow {
                        cluster: c.context.clone(),
                        mesh_config_from: from,
                        mesh,
                        workloads,
                        stale: stale.len(),
                        stale_workloads: stale,
                        rolling_out,
                        sampling_in_effect,
                        telemetry_error: telemetry_error.clone(),
                        error,
                        telemetry,
                        providers,
                    }
                };
            match src.and_then(|s| Ok((s, inv?))) {
                Ok((s, inv)) => {
                    let primary = s.primary();
                    let inv = inv.reading(s.configmap(), false);
                    let mesh = meshes[primary.unwrap_or(i)].clone().unwrap_or_default();
                    let f = stale::analyse(&inv, &mesh.tracing, stale::Rule::Differs);
                    let workloads = f
                        .iter()
                        .filter(|x| {
                            matches!(x.kind, Kind::Deployment | Kind::StatefulSet | Kind::DaemonSet)
                        })
                        .count();
                    let name = |x: &&stale::Finding| format!("{}/{}", x.namespace, x.name);
                    let moving = |x: &&stale::Finding| x.verdict == stale::Verdict::RollingOut;
                    let stale = f
                        .iter()
                        .filter(|x| x.stale_pods > 0 && !moving(x))
                        .map(|x| name(&x))
                        .collect();
                    let rolling = f.iter().filter(moving).map(|x| name(&x)).collect();
                    row(
                        primary.map(|p| clusters[p].context.clone()),
                        mesh,
                        workloads,
                        (stale, rolling),
                        None,
                    )
                }
                Err(e) => {
                    row(None, MeshTracing::default(), 0, (vec![], vec![]), Some(e.to_string()))
                }
            }
        })
        .collect()
}

pub async fn show(
    g: &Session,
    namespaces: &[String],
    a: &RevisionArg,
    out: &mut dyn Write,
) -> Result<()> {
    let clusters = g.clusters().await?;
    let rows = show_rows(&clusters, g.istio_namespace(), &a.mesh_configmap(), namespaces).await;
    output::print(out, g.output(), &rows)?;
    for r in &rows {
        if let Some(e) = &r.telemetry_error {
            output::warn(&format!("{}: the sampling shown is the mesh config's: {e}", r.cluster));
        }
    }
    if rows.iter().any(|r| r.error.is_some()) {
        return Err(Error::msg("some clusters could not be read"));
    }
    Ok(())
}

impl Row for ShowRow {
    fn headers(_: &[Self], wide: bool) -> Vec<&'static str> {
        let mut h = vec!["cluster", "mode", "enabled", "address", "sampling", "workloads", "stale"];
        if wide {
            h.extend(["stale workloads", "rolling out"]);
        }
        h
    }

    fn cells(&self, headers: &[&'static str]) -> Vec<String> {
        let mut row = match &self.error {
            Some(e) => vec![
                self.cluster.clone(),
                "-".into(),
                "-".into(),
                format!("error: {e}"),
                "-".into(),
                "-".into(),
                "-".into(),
            ],
            None => vec![
                self.cluster.clone(),
                self.mesh.mode_text(),
                self.mesh.enable_tracing.map(|b| b.to_string()).unwrap_or_else(|| "(unset)".into()),
                match &self.mesh_config_from {
                    Some(p) => format!("{} (from {p})", self.mesh.tracing.address_text()),
                    None => self.mesh.tracing.address_text(),
                },
                self.sampling_in_effect
                    .as_ref()
                    .map(Sampling::text)
                    .unwrap_or_else(|| self.mesh.tracing.sampling_text()),
                self.workloads.to_string(),
                self.stale.to_string(),
            ],
        };
        if headers.len() > row.len() {
            let list = |v: &[String]| if v.is_empty() { "-".to_string() } else { v.join(",") };
            row.extend([list(&self.stale_workloads), list(&self.rolling_out)]);
        }
        row
    }
}
