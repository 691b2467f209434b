//! The exposure stage of `doctor`: the collector is published on its cluster's east-west gateway.

use super::{Check, CheckId};
use crate::cluster::Cluster;
use crate::expose;

/// The collector's cluster is `--collector`, or the first one where the collector is exposed:
/// zipkin's port, or `mesh-expose otel`'s OTLP/gRPC one for a mesh whose provider is OpenTelemetry.
pub(super) async fn check_exposure(
    clusters: &[Cluster],
    ns: &str,
    (given, which): (Option<&str>, expose::Exposed),
    checks: &mut Vec<Check>,
) -> Option<(usize, expose::Collector)> {
    let name = if which == expose::Exposed::OtlpGrpc { "otel" } else { "zipkin" };
    let mut collector: Option<(usize, expose::Collector)> = None;
    let mut expose_error = None;
    let candidates: Vec<usize> = match given {
        Some(c) => clusters.iter().position(|x| x.context == c).into_iter().collect(),
        None => (0..clusters.len()).collect(),
    };
    for i in candidates {
        match expose::exposed_address(&clusters[i], ns, which).await {
            Ok(found) => {
                collector = Some((i, found));
                break;
            }
            Err(e) => {
                if expose_error.is_none() || given.is_some() {
                    expose_error = Some((clusters[i].context.clone(), e.to_string()));
                }
            }
        }
    }
    match &collector {
        Some((i, found)) => {
            let c = &clusters[*i];
            let fix = format!(
                "kubectl mesh-expose {name} --context {} --istio-namespace {ns}",
                c.context
            );
            if found.routed {
                checks.push(Check::ok(
                    CheckId::ExposureCollector,
                    &c.context,
                    format!("{name} published at {}", found.published),
                ));
            } else {
                checks.push(Check::error(
                    CheckId::ExposureCollector,
                    &c.context,
                    format!("{name}-gateway or {name}-vs is missing"),
                    fix,
                ));
            }
        }
        None => {
            let (ctx, e) =
                expose_error.unwrap_or_else(|| ("-".into(), "no cluster to look in".into()));
            let target = given.unwrap_or("<collector cluster>");
            checks.push(Check::error(
                CheckId::ExposureCollector,
                &ctx,
                e,
                format!("kubectl mesh-expose {name} --context {target} --external-ip IP --istio-namespace {ns}"),
            ));
        }
    }
    collector
}
