//! The spans stage, judged by the collector: did each cluster's spans arrive within the last 15
//! minutes (the collector's own query API, through a port-forward to its pod)? A cluster without is
//! a warning whose fix names what the earlier stages found wrong there, in the order it most often
//! is. A collector Service with no Running pod is the exposure stage's to judge: nothing here.

use std::time::Duration;

use super::check::{Check, CheckId, Status};
use crate::cluster::Cluster;
use crate::tracing::{self, Spans};

/// How far back the stage looks.
const SINCE: Duration = Duration::from_secs(15 * 60);

pub(super) async fn checks(
    clusters: &[Cluster],
    ns: &str,
    collector: Option<&str>,
    earlier: &[Check],
    timeout: Duration,
) -> Vec<Check> {
    judge(tracing::spans_report(clusters, ns, collector, SINCE, timeout).await, earlier)
}

/// The checks from what the collector said (pure).
fn judge(spans: Spans, earlier: &[Check]) -> Vec<Check> {
    let id = CheckId::SpansArriving;
    match spans {
        Spans::NoCollector(_) => Vec::new(),
        Spans::Unasked { collector, why } => {
            let (ctx, rest) = collector.split_once('/').unwrap_or((&collector, ""));
            vec![Check::warn(
                id,
                ctx,
                format!("the collector {rest} cannot be asked for spans: {why}"),
                format!("kubectl mesh-tracing spans --collector {ctx}"),
            )]
        }
        Spans::Asked(asked) => asked
            .rows
            .iter()
            .map(|r| match r.last_us {
                Some(_) if r.spans > 0 => {
                    Check::ok(id, &r.cluster, format!("{} span(s) in the last 15m", r.spans))
                }
                _ => Check::warn(
                    id,
                    &r.cluster,
                    format!("no span tagged istio.cluster_id={} in the last 15m", r.cluster_id),
                    likely_causes(&r.cluster, earlier),
                ),
            })
            .collect(),
    }
}

/// What the earlier stages found wrong for `cluster`, in the order it most often is: the mesh
/// config's address, the provider's resolution, the gateway path, sampling 0.
fn likely_causes(cluster: &str, earlier: &[Check]) -> String {
    let order = [
        CheckId::MeshConfigAddress,
        CheckId::TelemetryProvider,
        CheckId::ExposureCollector,
        CheckId::MeshConfigSampling,
    ];
    let found: Vec<String> = order
        .iter()
        .filter_map(|id| {
            earlier.iter().find(|c| {
                c.id == *id
                    && c.status != Status::Ok
                    && (c.cluster == cluster || *id == CheckId::ExposureCollector)
            })
        })
        .map(|c| format!("{} ({})", c.detail, c.id.id()))
        .collect();
    match found.is_empty() {
        true => "the settings look right: check that requests pass its proxies (sampling applies per request)".into(),
        false => format!("likely, in order: {}", found.join("; ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tracing::{SpanRow, SpansAsked as Asked};

    fn row(cluster: &str, spans: usize) -> SpanRow {
        SpanRow {
            cluster: cluster.into(),
            cluster_id: cluster.into(),
            spans,
            last_span: None,
            last_us: (spans > 0).then_some(1),
        }
    }

    #[test]
    fn a_silent_cluster_is_a_warning_with_what_the_other_stages_found() {
        let earlier = [
            Check::warn(CheckId::MeshConfigSampling, "c2", "sampling is 0", "set it"),
            Check::error(CheckId::MeshConfigAddress, "c2", "points at 10.0.0.1:9411", "set it"),
            Check::error(CheckId::MeshConfigAddress, "c1", "other cluster", "-"),
        ];
        let asked = Spans::Asked(Asked {
            collector: "c1/istio-system/jaeger-0".into(),
            rows: vec![row("c1", 4), row("c2", 0)],
        });
        let got = judge(asked, &earlier);
        assert_eq!(
            (got[0].status, got[0].detail.as_str()),
            (Status::Ok, "4 span(s) in the last 15m")
        );
        assert_eq!(got[1].status, Status::Warn);
        assert_eq!(
            got[1].fix,
            "likely, in order: points at 10.0.0.1:9411 (meshconfig.address); sampling is 0 (meshconfig.sampling)"
        );
        assert!(judge(Spans::NoCollector("none".into()), &earlier).is_empty());
        let down = judge(
            Spans::Unasked { collector: "c1/istio-system/jaeger-0".into(), why: "refused".into() },
            &[],
        );
        assert_eq!((down[0].cluster.as_str(), down[0].status), ("c1", Status::Warn));
    }
}
