//! What telemetry mode has set in each cluster, and which mode `--mode auto` picks from it.

use super::build::{self, Mode, SERVICE_ENTRY};
use super::{read_all, unset_needs};
use crate::access::{self};
use crate::cluster::{self, Cluster};
use crate::error::{Error, Result};
use crate::istio::{self, IstioKind};
use crate::net;
use crate::session::Session;
use crate::tracing::source::{self, Source};

/// What telemetry mode has set in one control plane's cluster (`migrate --to proxy-config` reads
/// it back): the tracer, the collector's address as given to `set`, and the mesh-wide sampling.
#[derive(Clone, Debug, PartialEq)]
pub struct Current {
    pub tracer: String,
    pub address: String,
    pub sampling: Option<f64>,
}

/// Per cluster: `Some` where its own mesh config carries our provider (a remote, or a mesh config
/// without it: `None`); and whether `unset` may make its writes, asked with `check_access`.
pub async fn current_all(
    g: &Session,
    clusters: &[Cluster],
    cm_name: &str,
    check_access: bool,
) -> Result<Vec<Option<Current>>> {
    let ns = &g.istio_namespace();
    let (_, reads) = read_all(g, clusters, cm_name).await?;
    if check_access {
        access::require(g.dry_run(), clusters, |i, _| unset_needs(ns, reads[i].as_ref())).await?;
    }
    let found = cluster::fan_out_all(clusters, |i, c| {
        let read = reads[i].as_ref();
        async move {
            let Some(r) = read else { return Ok(None) };
            let Some((tracer, service, port)) = build::provider_in(&r.mesh) else { return Ok(None) };
            // An IP collector hides behind our ServiceEntry's host: its endpoint has the address.
            let host = if service == build::COLLECTOR_HOST {
                match r.service_entry.as_ref().and_then(|se| se.data["spec"]["endpoints"][0]["address"].as_str()) {
                    Some(ip) => ip.to_string(),
                    None => return Err(Error::msg(format!("ServiceEntry {ns}/{SERVICE_ENTRY} in {} has no endpoint address: run `kubectl mesh-tracing set --mode telemetry` again", c.context))),
                }
            } else {
                service
            };
            let sampling = r.telemetry.as_ref().and_then(|t| t.data["spec"]["tracing"][0]["randomSamplingPercentage"].as_f64());
            Ok(Some(Current { tracer, address: net::join_host_port(&host, port), sampling }))
        }
    })
    .await?;
    Ok(found.into_iter().map(|(_, x)| x).collect())
}

/// `--mode auto` for `set`: telemetry where every cluster serves `telemetry.istio.io/v1`, else
/// proxy-config; and why, to say on stderr once the command succeeded.
pub async fn auto_for_set(clusters: &[Cluster]) -> (Mode, String) {
    let lacking = lacking_telemetry_api(clusters).await;
    if lacking.is_empty() {
        let why = "--mode auto: every cluster serves the Telemetry API (telemetry.istio.io/v1): tracing goes through it, and nothing restarts (--mode proxy-config for the guide's way)";
        (Mode::Telemetry, why.to_string())
    } else {
        (Mode::ProxyConfig, format!("--mode auto: {} serve(s) no telemetry.istio.io/v1: tracing goes into the mesh config's defaultConfig.tracing", lacking.join(", ")))
    }
}

/// The clusters that do not serve `telemetry.istio.io/v1` (Istio before 1.22, or no Istio).
pub async fn lacking_telemetry_api(clusters: &[Cluster]) -> Vec<String> {
    let served = cluster::fan_out(clusters, |_, c| async move {
        istio::resource(c, IstioKind::Telemetry).await.map(|ar| ar.version == "v1")
    })
    .await;
    served
        .into_iter()
        .filter(|(_, r)| !matches!(r, Ok(true)))
        .map(|(c, _)| c.context.clone())
        .collect()
}

/// `--mode auto` for `unset`: telemetry if any mesh config given carries our provider.
pub async fn auto_for_unset(g: &Session, clusters: &[Cluster], cm_name: &str) -> Mode {
    let sources = source::read_all(clusters, g.istio_namespace(), cm_name).await;
    let ours = sources
        .iter()
        .any(|s| matches!(s, Ok(Source::Own(_, mesh)) if build::provider_in(mesh).is_some()));
    if ours {
        Mode::Telemetry
    } else {
        Mode::ProxyConfig
    }
}
