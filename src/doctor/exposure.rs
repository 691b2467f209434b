//! The exposure stage of `doctor`: the collector is published on its cluster's east-west gateway.

use super::Check;
use crate::cluster::Cluster;
use crate::expose;

/// The collector's cluster is `--collector`, or the first one where zipkin is exposed.
pub(super) async fn check_exposure(clusters: &[Cluster], ns: &str, given: Option<&str>, checks: &mut Vec<Check>) -> Option<(usize, expose::Collector)> {
    let mut collector: Option<(usize, expose::Collector)> = None;
    let mut expose_error = None;
    let candidates: Vec<usize> = match given {
        Some(c) => clusters.iter().position(|x| x.context == c).into_iter().collect(),
        None => (0..clusters.len()).collect(),
    };
    for i in candidates {
        match expose::collector_address(&clusters[i], ns).await {
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
            let fix = format!("kubectl mesh-expose zipkin --context {} --istio-namespace {ns}", c.context);
            if found.routed {
                checks.push(Check::ok("exposure.collector", &c.context, format!("zipkin published at {}", found.published)));
            } else {
                checks.push(Check::error("exposure.collector", &c.context, "zipkin-gateway or zipkin-vs is missing", fix));
            }
        }
        None => {
            let (ctx, e) = expose_error.unwrap_or_else(|| ("-".into(), "no cluster to look in".into()));
            let target = given.unwrap_or("<collector cluster>");
            checks.push(Check::error(
                "exposure.collector",
                &ctx,
                e,
                format!("kubectl mesh-expose zipkin --context {target} --external-ip IP --istio-namespace {ns}"),
            ));
        }
    }
    collector
}

