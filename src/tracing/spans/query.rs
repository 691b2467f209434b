//! The collector's own query API (pure): which one a collector pod serves, the requests that ask
//! it for each cluster's spans (Envoy tags every span with `istio.cluster_id`), and what its
//! answers say.

use std::collections::BTreeMap;

use k8s_openapi::api::core::v1::Pod;
use serde::Deserialize;

/// The tag Envoy puts on every span: the proxy's cluster.
pub const CLUSTER_TAG: &str = "istio.cluster_id";

/// How a collector pod can be asked for spans.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum QueryApi {
    /// Jaeger's query API (`/api/services`, `/api/traces`), on its query port (16686).
    Jaeger(u16),
    /// Zipkin's API v2 (`/api/v2/traces?annotationQuery=…`), on 9411.
    Zipkin(u16),
    /// A collector that keeps no spans to ask (an OpenTelemetry collector forwards them on).
    None(String),
}

/// The query API a collector pod serves, from its containers' images and ports.
pub fn api_of(pod: &Pod) -> QueryApi {
    let containers = pod.spec.as_ref().map(|s| s.containers.as_slice()).unwrap_or_default();
    let ports: Vec<i32> = containers
        .iter()
        .flat_map(|c| c.ports.iter().flatten().map(|p| p.container_port))
        .collect();
    let image =
        |what: &str| containers.iter().any(|c| c.image.as_deref().unwrap_or("").contains(what));
    if ports.contains(&16686) || image("jaeger") {
        return QueryApi::Jaeger(16686);
    }
    if image("zipkin") {
        return QueryApi::Zipkin(9411);
    }
    let images: Vec<&str> = containers.iter().filter_map(|c| c.image.as_deref()).collect();
    QueryApi::None(format!(
        "its pod ({}) serves no query API this tool knows (Jaeger, Zipkin): an OpenTelemetry collector forwards spans and keeps none to ask",
        images.join(", ")
    ))
}

/// What was found of one cluster's spans.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Seen {
    pub spans: usize,
    /// The newest span's start, microseconds since the epoch.
    pub last_us: Option<i64>,
}

impl Seen {
    fn add(&mut self, start_us: i64) {
        self.spans += 1;
        self.last_us = self.last_us.max(Some(start_us));
    }
}

/// `/api/services`.
#[derive(Deserialize)]
pub struct JaegerServices {
    #[serde(default)]
    pub data: Option<Vec<String>>,
}

#[derive(Deserialize)]
struct JaegerTraces {
    #[serde(default)]
    data: Option<Vec<JaegerTrace>>,
}

#[derive(Deserialize)]
struct JaegerTrace {
    #[serde(default)]
    spans: Vec<JaegerSpan>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct JaegerSpan {
    #[serde(default, rename = "spanID")]
    span_id: String,
    #[serde(default)]
    start_time: i64,
    #[serde(default)]
    tags: Vec<JaegerTag>,
}

#[derive(Deserialize)]
struct JaegerTag {
    key: String,
    #[serde(default)]
    value: serde_json::Value,
}

/// Jaeger's traces of one service within [start, end] (microseconds).
pub fn jaeger_traces_path(service: &str, start_us: i64, end_us: i64) -> String {
    let q = |s: &str| {
        s.bytes()
            .map(|b| match b {
                b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                    (b as char).to_string()
                }
                _ => format!("%{b:02X}"),
            })
            .collect::<String>()
    };
    format!("/api/traces?service={}&start={start_us}&end={end_us}&limit=1000", q(service))
}

/// Count the spans of Jaeger answers (one per service) by their `istio.cluster_id` tag; a span is
/// counted once however many services' answers it appears in.
pub fn count_jaeger(answers: &[Vec<u8>]) -> Result<BTreeMap<String, Seen>, String> {
    let mut seen_ids = std::collections::BTreeSet::new();
    let mut by_cluster: BTreeMap<String, Seen> = BTreeMap::new();
    for body in answers {
        let traces: JaegerTraces = serde_json::from_slice(body)
            .map_err(|e| format!("the collector's /api/traces: {e}"))?;
        for span in traces.data.unwrap_or_default().into_iter().flat_map(|t| t.spans) {
            let Some(id) =
                span.tags.iter().find(|t| t.key == CLUSTER_TAG).and_then(|t| t.value.as_str())
            else {
                continue;
            };
            if seen_ids.insert(span.span_id.clone()) || span.span_id.is_empty() {
                by_cluster.entry(id.to_string()).or_default().add(span.start_time);
            }
        }
    }
    Ok(by_cluster)
}

/// Zipkin's traces tagged with cluster `id` within the last `lookback_ms` before `end_ms`.
pub fn zipkin_traces_path(id: &str, end_ms: i64, lookback_ms: i64) -> String {
    format!("/api/v2/traces?annotationQuery={CLUSTER_TAG}%3D{id}&endTs={end_ms}&lookback={lookback_ms}&limit=1000")
}

#[derive(Deserialize)]
struct ZipkinSpan {
    #[serde(default)]
    timestamp: i64,
}

/// What Zipkin answered for one cluster.
pub fn count_zipkin(body: &[u8]) -> Result<Seen, String> {
    let traces: Vec<Vec<ZipkinSpan>> =
        serde_json::from_slice(body).map_err(|e| format!("the collector's /api/v2/traces: {e}"))?;
    let mut seen = Seen::default();
    traces.into_iter().flatten().for_each(|s| seen.add(s.timestamp));
    Ok(seen)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn jaeger_answers_are_counted_by_the_cluster_tag_once_per_span() {
        let a = br#"{"data":[{"traceID":"t1","spans":[
            {"spanID":"s1","startTime":1000,"tags":[{"key":"istio.cluster_id","type":"string","value":"cluster1"}]},
            {"spanID":"s2","startTime":3000,"tags":[{"key":"istio.cluster_id","type":"string","value":"cluster1"}]},
            {"spanID":"s3","startTime":2000,"tags":[{"key":"istio.cluster_id","type":"string","value":"cluster2"}]},
            {"spanID":"s4","startTime":9000,"tags":[]}]}]}"#;
        let b = br#"{"data":[{"traceID":"t1","spans":[
            {"spanID":"s3","startTime":2000,"tags":[{"key":"istio.cluster_id","type":"string","value":"cluster2"}]}]}]}"#;
        let got = count_jaeger(&[a.to_vec(), b.to_vec()]).unwrap();
        assert_eq!(got["cluster1"], Seen { spans: 2, last_us: Some(3000) });
        assert_eq!(got["cluster2"], Seen { spans: 1, last_us: Some(2000) });
        assert_eq!(got.len(), 2);
        assert!(count_jaeger(&[b"not json".to_vec()]).is_err());
        assert_eq!(
            jaeger_traces_path("app1.ns a", 1, 2),
            "/api/traces?service=app1.ns%20a&start=1&end=2&limit=1000"
        );
    }

    #[test]
    fn zipkin_answers_and_the_query_api_of_a_pod() {
        let got =
            count_zipkin(br#"[[{"timestamp":5,"tags":{}},{"timestamp":7}],[{"timestamp":6}]]"#)
                .unwrap();
        assert_eq!(got, Seen { spans: 3, last_us: Some(7) });
        let pod = |image: &str, port: i32| -> Pod {
            serde_json::from_value(serde_json::json!({"spec": {"containers": [
                {"name": "c", "image": image, "ports": [{"containerPort": port}]}]}}))
            .unwrap()
        };
        assert_eq!(
            api_of(&pod("docker.io/jaegertracing/all-in-one:1.58", 9411)),
            QueryApi::Jaeger(16686)
        );
        assert_eq!(api_of(&pod("openzipkin/zipkin-slim", 9411)), QueryApi::Zipkin(9411));
        assert!(matches!(api_of(&pod("otel/opentelemetry-collector", 4317)), QueryApi::None(_)));
    }
}
