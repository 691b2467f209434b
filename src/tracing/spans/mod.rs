//! `spans`: are the spans of every cluster arriving? The collector is asked, through a
//! port-forward to its pod, for the newest span of each cluster (Envoy tags every span with
//! `istio.cluster_id`): Jaeger's query API or Zipkin's; a collector without one (an OpenTelemetry
//! collector) cannot be asked, and the answer says so.

pub mod query;

use std::io::Write;
use std::time::Duration;

use k8s_openapi::api::apps::v1::Deployment;
use k8s_openapi::api::core::v1::{Pod, Service};
use kube::api::{Api, ListParams};
use serde::Serialize;

use self::query::{QueryApi, Seen};
use super::cli::SpansArgs;
use crate::cluster::{self, Cluster};
use crate::error::{Context as _, Error, Result};
use crate::output::{self, Row};
use crate::session::Session;

/// The collector Service the mesh's tracing points at (the guide's `zipkin.<istio ns>:9411`).
const COLLECTOR_SERVICE: &str = "zipkin";

/// One cluster's spans at the collector.
#[derive(Serialize, Clone, Debug)]
#[serde(rename_all = "camelCase")]
pub struct SpanRow {
    pub cluster: String,
    /// The cluster's id as its proxies tag spans (istiod's CLUSTER_ID).
    pub cluster_id: String,
    /// Spans within --since.
    pub spans: usize,
    /// When the newest began (RFC 3339), if any.
    pub last_span: Option<String>,
    #[serde(skip)]
    pub last_us: Option<i64>,
}

impl Row for SpanRow {
    fn headers(_: &[Self], _: bool) -> Vec<&'static str> {
        vec!["cluster", "cluster id", "spans", "last span"]
    }

    fn cells(&self, _: &[&'static str]) -> Vec<String> {
        let now_us = time::OffsetDateTime::now_utc().unix_timestamp_nanos() as i64 / 1000;
        let last = match self.last_us {
            None => "-".into(),
            Some(us) => format!(
                "{} ago",
                humantime::format_duration(Duration::from_secs(
                    ((now_us - us).max(0) / 1_000_000) as u64
                ))
            ),
        };
        vec![self.cluster.clone(), self.cluster_id.clone(), self.spans.to_string(), last]
    }
}

/// Where the spans were asked.
#[derive(Clone, Debug)]
pub struct Asked {
    /// `context/namespace/pod` of the collector.
    pub collector: String,
    pub rows: Vec<SpanRow>,
}

/// What asking the collector came to.
#[derive(Clone, Debug)]
pub enum Spans {
    /// No Running collector pod behind the collector Service in any cluster looked at.
    NoCollector(String),
    /// A collector pod was found, and could not be asked (why).
    Unasked {
        collector: String,
        why: String,
    },
    Asked(Asked),
}

/// Each cluster's spans within `since`, from the collector in `collector` (else the first cluster
/// with a Running collector pod).
pub async fn report(
    clusters: &[Cluster],
    ns: &str,
    collector: Option<&str>,
    since: Duration,
    timeout: Duration,
) -> Spans {
    let ids = cluster_ids(clusters, ns).await;
    let candidates: Vec<&Cluster> = match collector {
        Some(ctx) => clusters.iter().filter(|c| c.context == ctx).collect(),
        None => clusters.iter().collect(),
    };
    let mut found = None;
    for c in candidates {
        if let Ok(Some(pod)) = collector_pod(c, ns).await {
            found = Some((c, pod));
            break;
        }
    }
    let Some((c, pod)) = found else {
        let where_ =
            collector.map(|c| format!("in {c}")).unwrap_or_else(|| "in any cluster".into());
        return Spans::NoCollector(format!(
            "no Running pod behind Service {ns}/{COLLECTOR_SERVICE} {where_}"
        ));
    };
    let name = pod.metadata.name.clone().unwrap_or_default();
    let at = format!("{}/{ns}/{name}", c.context);
    let end_us = time::OffsetDateTime::now_utc().unix_timestamp_nanos() as i64 / 1000;
    let start_us = end_us - since.as_micros() as i64;
    let seen = match query::api_of(&pod) {
        QueryApi::None(why) => return Spans::Unasked { collector: at, why },
        QueryApi::Jaeger(port) => jaeger(c, ns, &name, port, start_us, end_us, timeout).await,
        QueryApi::Zipkin(port) => zipkin(c, ns, &name, port, &ids, end_us, since, timeout).await,
    };
    match seen {
        Err(why) => Spans::Unasked { collector: at, why },
        Ok(by_id) => Spans::Asked(Asked {
            collector: at,
            rows: clusters
                .iter()
                .zip(ids)
                .map(|(c, id)| {
                    let s = by_id.get(&id).cloned().unwrap_or_default();
                    SpanRow {
                        cluster: c.context.clone(),
                        last_span: s.last_us.and_then(rfc3339),
                        last_us: s.last_us,
                        spans: s.spans,
                        cluster_id: id,
                    }
                })
                .collect(),
        }),
    }
}

fn rfc3339(us: i64) -> Option<String> {
    let t = time::OffsetDateTime::from_unix_timestamp_nanos(us as i128 * 1000).ok()?;
    t.format(&time::format_description::well_known::Rfc3339).ok()
}

async fn jaeger(
    c: &Cluster,
    ns: &str,
    pod: &str,
    port: u16,
    start_us: i64,
    end_us: i64,
    timeout: Duration,
) -> std::result::Result<std::collections::BTreeMap<String, Seen>, String> {
    let first = crate::forward::get(&c.client, ns, pod, port, &["/api/services"], timeout).await;
    let body = first.map_err(|e| e.to_string())?.remove(0)?;
    let services: query::JaegerServices =
        serde_json::from_slice(&body).map_err(|e| format!("the collector's /api/services: {e}"))?;
    let paths: Vec<String> = services
        .data
        .unwrap_or_default()
        .iter()
        .map(|s| query::jaeger_traces_path(s, start_us, end_us))
        .collect();
    if paths.is_empty() {
        return Ok(Default::default());
    }
    let refs: Vec<&str> = paths.iter().map(String::as_str).collect();
    let answers = crate::forward::get(&c.client, ns, pod, port, &refs, timeout)
        .await
        .map_err(|e| e.to_string())?;
    let bodies: Vec<Vec<u8>> = answers.into_iter().collect::<std::result::Result<_, _>>()?;
    query::count_jaeger(&bodies)
}

#[allow(clippy::too_many_arguments)]
async fn zipkin(
    c: &Cluster,
    ns: &str,
    pod: &str,
    port: u16,
    ids: &[String],
    end_us: i64,
    since: Duration,
    timeout: Duration,
) -> std::result::Result<std::collections::BTreeMap<String, Seen>, String> {
    let paths: Vec<String> = ids
        .iter()
        .map(|id| query::zipkin_traces_path(id, end_us / 1000, since.as_millis() as i64))
        .collect();
    let refs: Vec<&str> = paths.iter().map(String::as_str).collect();
    let answers = crate::forward::get(&c.client, ns, pod, port, &refs, timeout)
        .await
        .map_err(|e| e.to_string())?;
    let mut out = std::collections::BTreeMap::new();
    for (id, a) in ids.iter().zip(answers) {
        out.insert(id.clone(), query::count_zipkin(&a?)?);
    }
    Ok(out)
}

/// The Running, Ready pod behind the collector Service, if there is one.
async fn collector_pod(c: &Cluster, ns: &str) -> Result<Option<Pod>> {
    let svcs: Api<Service> = Api::namespaced(c.client.clone(), ns);
    let Some(svc) = svcs
        .get_opt(COLLECTOR_SERVICE)
        .await
        .ctx(|| format!("get Service {ns}/{COLLECTOR_SERVICE}"))?
    else {
        return Ok(None);
    };
    let Some(sel) = svc.spec.and_then(|s| s.selector).filter(|s| !s.is_empty()) else {
        return Ok(None);
    };
    let labels: Vec<String> = sel.iter().map(|(k, v)| format!("{k}={v}")).collect();
    let pods: Api<Pod> = Api::namespaced(c.client.clone(), ns);
    let listed = pods
        .list(&ListParams::default().labels(&labels.join(",")))
        .await
        .ctx(|| format!("list the pods of Service {ns}/{COLLECTOR_SERVICE}"))?;
    Ok(listed.items.into_iter().find(|p| {
        let s = p.status.as_ref();
        p.metadata.deletion_timestamp.is_none()
            && s.and_then(|s| s.phase.as_deref()) == Some("Running")
            && s.and_then(|s| s.conditions.as_ref())
                .is_some_and(|cs| cs.iter().any(|c| c.type_ == "Ready" && c.status == "True"))
    }))
}

/// Each cluster's id as its proxies tag spans: its istiod's CLUSTER_ID, else the context's name
/// (a remote runs no istiod; the guide names clusters after their contexts).
async fn cluster_ids(clusters: &[Cluster], ns: &str) -> Vec<String> {
    let got = cluster::fan_out(clusters, |_, c| async move {
        let deps: Api<Deployment> = Api::namespaced(c.client.clone(), ns);
        let listed = deps
            .list(&ListParams::default().labels("app=istiod"))
            .await
            .ctx(|| format!("list istiod Deployments in {ns}"))?;
        Ok::<_, Error>(listed.items.iter().find_map(|d| {
            let spec = d.spec.as_ref()?.template.spec.as_ref()?;
            spec.containers
                .iter()
                .flat_map(|c| c.env.iter().flatten())
                .find(|e| e.name == "CLUSTER_ID")?
                .value
                .clone()
        }))
    })
    .await;
    got.into_iter().map(|(c, r)| r.ok().flatten().unwrap_or_else(|| c.context.clone())).collect()
}

/// The clusters without a span, each with what to look at, in the order it most often is.
pub fn silent(rows: &[SpanRow], ns: &str, collector_ctx: &str) -> Vec<String> {
    rows.iter()
        .filter(|r| r.spans == 0)
        .map(|r| {
            format!(
                "{}: no span tagged istio.cluster_id={}; look, in order, at its tracing settings \
                 (kubectl mesh-tracing show --context {}), whether istiod resolves the provider and the \
                 sampling is above 0 (kubectl mesh-tracing doctor), the gateway path \
                 (kubectl mesh-expose status --context {collector_ctx} -n {ns}), and whether requests \
                 pass its proxies at all",
                r.cluster, r.cluster_id, r.cluster
            )
        })
        .collect()
}

pub async fn spans(g: &Session, a: &SpansArgs, out: &mut dyn Write) -> Result<()> {
    let clusters = g.clusters().await?;
    let ns = g.istio_namespace();
    match report(&clusters, ns, a.collector.as_deref(), a.since, g.request_timeout()).await {
        Spans::NoCollector(why) => Err(Error::msg(format!(
            "the collector cannot be asked: {why} (pass --collector CONTEXT, or check `kubectl get pods -n {ns} -l app=zipkin`)"
        ))),
        Spans::Unasked { collector, why } => {
            Err(Error::msg(format!("the collector {collector} cannot be asked: {why}")))
        }
        Spans::Asked(asked) => {
            output::print(out, g.output(), &asked.rows)?;
            let ctx = asked.collector.split('/').next().unwrap_or_default();
            let quiet = silent(&asked.rows, ns, ctx);
            if quiet.is_empty() {
                return Ok(());
            }
            let since = humantime::format_duration(a.since);
            Err(Error::msg(format!(
                "{} of {} clusters sent no span in the last {since} to {}: {}",
                quiet.len(),
                asked.rows.len(),
                asked.collector,
                quiet.join("; ")
            )))
        }
    }
}
