//! Pure builders of telemetry mode: the mesh config's `extensionProviders` entry, the ServiceEntry
//! that gives a collector outside the cluster's registry a host istiod can resolve, and the
//! mesh-wide Telemetry that turns tracing on with that provider.

use std::net::IpAddr;

use clap::ValueEnum;
use serde_json::{json, Value};
use serde_yaml::{Mapping, Value as Yaml};

use crate::apply::managed_labels;
use crate::error::{Error, Result};
use crate::tracing::meshconfig::{cluster_tag_in, cluster_tag_value};

/// The one `extensionProviders` entry the suite owns.
pub const PROVIDER: &str = "kubectl-mesh-tracing";
/// The ServiceEntry that names a collector istiod's registry does not know.
pub const SERVICE_ENTRY: &str = "kubectl-mesh-collector";
/// Its host when the collector is an IP address (`.internal` is reserved for private names).
pub const COLLECTOR_HOST: &str = "collector.kubectl-mesh.internal";
/// The mesh-wide Telemetry made when the root namespace has none.
pub const TELEMETRY: &str = "mesh-default";

/// Where the tracing settings go.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, ValueEnum)]
pub enum Mode {
    /// telemetry where every cluster serves telemetry.istio.io/v1 (Istio 1.22 and later), else
    /// proxy-config (`unset`: whichever the mesh has)
    #[default]
    Auto,
    /// `defaultConfig.tracing` in the mesh config: read by proxies at start, so stale ones restart
    ProxyConfig,
    /// An `extensionProviders` entry and a mesh-wide Telemetry: istiod pushes them, nothing restarts
    Telemetry,
}

/// The tracer a telemetry-mode provider uses.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, ValueEnum)]
pub enum Provider {
    /// Zipkin's HTTP API (port 9411 on a collector, 15018 through `mesh-expose zipkin`)
    #[default]
    Zipkin,
    /// OTLP over gRPC (port 4317 on a collector, through `mesh-expose otel`)
    Opentelemetry,
}

impl Provider {
    pub fn key(self) -> &'static str {
        match self {
            Provider::Zipkin => "zipkin",
            Provider::Opentelemetry => "opentelemetry",
        }
    }

    fn port_name_and_protocol(self) -> (&'static str, &'static str) {
        match self {
            Provider::Zipkin => ("http-zipkin", "HTTP"),
            Provider::Opentelemetry => ("grpc-otlp", "GRPC"),
        }
    }
}

/// How istiod finds the collector at `host`: a Service of the cluster (by its FQDN), or a
/// ServiceEntry the suite writes.
#[derive(Clone, Debug, PartialEq)]
pub enum Collector {
    Service { fqdn: String },
    Ip(IpAddr),
    ExternalHost(String),
}

impl Collector {
    /// The host the provider names.
    pub fn service_host(&self) -> String {
        match self {
            Collector::Service { fqdn } => fqdn.clone(),
            Collector::Ip(_) => COLLECTOR_HOST.to_string(),
            Collector::ExternalHost(h) => h.clone(),
        }
    }
}

/// `name.ns` or `name.ns.svc[.cluster.local]`: the Service it may name, if any.
pub fn service_of(host: &str) -> Option<(String, String)> {
    let host = host.trim_end_matches(".svc.cluster.local").trim_end_matches(".svc");
    let parts: Vec<&str> = host.split('.').collect();
    (parts.len() == 2 && parts.iter().all(|p| crate::cli::validate_dns_label(p, "host").is_ok()))
        .then(|| (parts[1].to_string(), parts[0].to_string()))
}

/// The mesh config with our provider entry (replacing an older one of ours; every other entry kept).
pub fn with_provider(mesh: &Yaml, provider: Provider, host: &str, port: u16) -> Result<Yaml> {
    let mut v = mesh.clone();
    let root =
        v.as_mapping_mut().ok_or_else(|| Error::msg("the mesh config is not a YAML mapping"))?;
    let mut body = Mapping::new();
    body.insert("service".into(), Yaml::String(host.into()));
    body.insert("port".into(), Yaml::Number(port.into()));
    let mut entry = Mapping::new();
    entry.insert("name".into(), Yaml::String(PROVIDER.into()));
    entry.insert(provider.key().into(), Yaml::Mapping(body));
    let list = root.entry("extensionProviders".into()).or_insert_with(|| Yaml::Sequence(vec![]));
    if list.is_null() {
        *list = Yaml::Sequence(vec![]);
    }
    let seq = list
        .as_sequence_mut()
        .ok_or_else(|| Error::msg("extensionProviders in the mesh config is not a list"))?;
    match seq.iter_mut().find(|e| e.get("name").and_then(Yaml::as_str) == Some(PROVIDER)) {
        Some(e) => *e = Yaml::Mapping(entry),
        None => seq.push(Yaml::Mapping(entry)),
    }
    Ok(v)
}

/// The mesh config without our provider entry (and without an `extensionProviders` it leaves empty).
pub fn without_provider(mesh: &Yaml) -> Yaml {
    let mut v = mesh.clone();
    if let Some(root) = v.as_mapping_mut() {
        if let Some(seq) = root.get_mut("extensionProviders").and_then(Yaml::as_sequence_mut) {
            seq.retain(|e| e.get("name").and_then(Yaml::as_str) != Some(PROVIDER));
            if seq.is_empty() {
                root.remove("extensionProviders");
            }
        }
    }
    v
}

/// Our provider's entry in a mesh config, if any: (tracer, service, port).
pub fn provider_in(mesh: &Yaml) -> Option<(String, String, u16)> {
    let seq = mesh.get("extensionProviders")?.as_sequence()?;
    let e = seq.iter().find(|e| e.get("name").and_then(Yaml::as_str) == Some(PROVIDER))?;
    let (kind, body) = e.as_mapping()?.iter().find(|(k, _)| k.as_str() != Some("name"))?;
    Some((
        kind.as_str()?.to_string(),
        body.get("service")?.as_str()?.to_string(),
        body.get("port")?.as_u64()? as u16,
    ))
}

/// The ServiceEntry for a collector outside the registry; `None` for a Service of the cluster.
pub fn service_entry(
    ns: &str,
    collector: &Collector,
    port: u16,
    provider: Provider,
) -> Option<Value> {
    let (name, protocol) = provider.port_name_and_protocol();
    let (endpoints, resolution) = match collector {
        Collector::Service { .. } => return None,
        Collector::Ip(ip) => (json!([{"address": ip.to_string()}]), "STATIC"),
        Collector::ExternalHost(_) => (Value::Null, "DNS"),
    };
    let mut spec = json!({
        "hosts": [collector.service_host()],
        "location": "MESH_EXTERNAL",
        "ports": [{"number": port, "name": name, "protocol": protocol}],
        "resolution": resolution,
    });
    if !endpoints.is_null() {
        spec["endpoints"] = endpoints;
    }
    Some(json!({
        "apiVersion": "networking.istio.io/v1",
        "kind": "ServiceEntry",
        "metadata": {"name": SERVICE_ENTRY, "namespace": ns, "labels": managed_labels()},
        "spec": spec,
    }))
}

/// The mesh-wide Telemetry's tracing part: our provider at `sampling` percent.
/// With `cluster_tag`, every span also carries the proxy's cluster under that tag.
pub fn tracing_spec(sampling: f64, cluster_tag: Option<&str>) -> Value {
    let mut entry =
        json!({"providers": [{"name": PROVIDER}], "randomSamplingPercentage": sampling});
    if let Some(tag) = cluster_tag {
        entry["customTags"] = json!({tag: cluster_tag_value()});
    }
    json!([entry])
}

/// The cluster tag of a Telemetry's tracing entry (`spec.tracing[i]`), if it has one.
pub fn cluster_tag_of(entry: &Value) -> Option<String> {
    let tags = entry["customTags"].as_object()?;
    cluster_tag_in(tags.iter().map(|(k, v)| (Some(k.as_str()), v["environment"]["name"].as_str())))
}

/// A new mesh-wide Telemetry in the root namespace.
pub fn telemetry(root_ns: &str, sampling: f64, cluster_tag: Option<&str>) -> Value {
    json!({
        "apiVersion": "telemetry.istio.io/v1",
        "kind": "Telemetry",
        "metadata": {"name": TELEMETRY, "namespace": root_ns, "labels": managed_labels()},
        "spec": {"tracing": tracing_spec(sampling, cluster_tag)},
    })
}

/// The collector behind `host`: an IP, a Service (when `service_exists` says so), or another host.
pub fn classify(host: &str, service_exists: bool) -> Collector {
    let bare = host.trim_start_matches('[').trim_end_matches(']');
    if let Ok(ip) = bare.parse::<IpAddr>() {
        return Collector::Ip(ip);
    }
    match service_of(host) {
        Some((ns, name)) if service_exists => {
            Collector::Service { fqdn: format!("{name}.{ns}.svc.cluster.local") }
        }
        _ => Collector::ExternalHost(host.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_provider_entry_is_ours_alone() {
        let mesh: Yaml = serde_yaml::from_str("extensionProviders:\n- name: theirs\n  zipkin: {service: z.x.svc.cluster.local, port: 9411}\nrootNamespace: x\n").unwrap();
        let set =
            with_provider(&mesh, Provider::Opentelemetry, "c.y.svc.cluster.local", 4317).unwrap();
        assert_eq!(
            provider_in(&set),
            Some(("opentelemetry".into(), "c.y.svc.cluster.local".into(), 4317))
        );
        assert_eq!(set["extensionProviders"].as_sequence().unwrap().len(), 2, "theirs is kept");
        let again = with_provider(&set, Provider::Zipkin, COLLECTOR_HOST, 9411).unwrap();
        assert_eq!(
            again["extensionProviders"].as_sequence().unwrap().len(),
            2,
            "ours is replaced, not added twice"
        );
        assert_eq!(without_provider(&again), mesh);
        let bare: Yaml = serde_yaml::from_str("rootNamespace: x\n").unwrap();
        assert_eq!(
            without_provider(&with_provider(&bare, Provider::Zipkin, "h", 1).unwrap()),
            bare
        );
    }

    #[test]
    fn collectors_are_services_ips_or_other_hosts() {
        assert_eq!(classify("192.0.2.7", false), Collector::Ip("192.0.2.7".parse().unwrap()));
        assert_eq!(classify("[2001:db8::1]", false), Collector::Ip("2001:db8::1".parse().unwrap()));
        assert_eq!(
            classify("zipkin.obs", true),
            Collector::Service { fqdn: "zipkin.obs.svc.cluster.local".into() }
        );
        assert_eq!(
            classify("zipkin.obs.svc.cluster.local", true).service_host(),
            "zipkin.obs.svc.cluster.local"
        );
        assert_eq!(classify("zipkin.obs", false), Collector::ExternalHost("zipkin.obs".into()));
        assert_eq!(classify("traces.example.com", false).service_host(), "traces.example.com");
        let se =
            service_entry("istio-system", &classify("192.0.2.7", false), 15018, Provider::Zipkin)
                .unwrap();
        assert_eq!(se["spec"]["hosts"][0], COLLECTOR_HOST);
        assert_eq!(se["spec"]["endpoints"][0]["address"], "192.0.2.7");
        assert_eq!(se["spec"]["resolution"], "STATIC");
        let se = service_entry(
            "istio-system",
            &classify("traces.example.com", false),
            4317,
            Provider::Opentelemetry,
        )
        .unwrap();
        assert_eq!(
            (se["spec"]["resolution"].as_str(), se["spec"]["ports"][0]["protocol"].as_str()),
            (Some("DNS"), Some("GRPC"))
        );
        assert!(service_entry("x", &classify("zipkin.obs", true), 9411, Provider::Zipkin).is_none());
        assert_eq!(
            telemetry("x", 5.0, None)["spec"]["tracing"][0]["randomSamplingPercentage"],
            5.0
        );
        let tagged = telemetry("x", 5.0, Some("cluster"));
        assert_eq!(
            tagged["spec"]["tracing"][0]["customTags"],
            json!({"cluster": {"environment": {"name": "ISTIO_META_CLUSTER_ID"}}})
        );
        assert_eq!(cluster_tag_of(&tagged["spec"]["tracing"][0]).as_deref(), Some("cluster"));
        assert_eq!(cluster_tag_of(&telemetry("x", 5.0, None)["spec"]["tracing"][0]), None);
    }
}
