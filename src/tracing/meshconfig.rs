//! Editing the `mesh` key of the `istio` ConfigMap (pure): set or remove the tracing fields and leave
//! every other key and value exactly as it was; read what a mesh config or a proxy says.

use serde::Serialize;
use serde_yaml::{Mapping, Value};

use crate::error::{Error, Result};

/// The tracing settings that matter for a proxy: where spans go and how many.
#[derive(Clone, Debug, Default, PartialEq, Serialize, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Tracing {
    pub address: Option<String>,
    pub sampling: Option<f64>,
    /// The custom tag that carries the proxy's cluster (`--cluster-tag`: from ISTIO_META_CLUSTER_ID).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cluster_tag: Option<String>,
}

/// The proxy environment variable that holds its cluster's name (the injector sets it).
pub const CLUSTER_ID_ENV: &str = "ISTIO_META_CLUSTER_ID";

/// The custom tag's value, as the mesh config's `custom_tags` and the Telemetry's `customTags` both
/// spell it: the proxy's cluster, from its environment.
pub fn cluster_tag_value() -> serde_json::Value {
    serde_json::json!({"environment": {"name": CLUSTER_ID_ENV}})
}

/// The name of the custom tag in `tags` (a `custom_tags`/`customTags` map) whose value is the
/// proxy's cluster.
pub fn cluster_tag_in<'a, I>(tags: I) -> Option<String>
where
    I: IntoIterator<Item = (Option<&'a str>, Option<&'a str>)>,
{
    tags.into_iter()
        .find(|(_, env)| *env == Some(CLUSTER_ID_ENV))
        .and_then(|(name, _)| name.map(str::to_string))
}

impl Tracing {
    pub fn address_text(&self) -> String {
        self.address.clone().unwrap_or_else(|| "(none)".into())
    }

    pub fn sampling_text(&self) -> String {
        self.sampling.map(|s| format!("{s}")).unwrap_or_else(|| "(default)".into())
    }
}

/// What the mesh config says about tracing.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct MeshTracing {
    pub enable_tracing: Option<bool>,
    #[serde(flatten)]
    pub tracing: Tracing,
    /// Telemetry mode: the suite's `extensionProviders` entry ("zipkin HOST:PORT").
    #[serde(skip_serializing_if = "Option::is_none")]
    pub telemetry_provider: Option<String>,
}

impl MeshTracing {
    /// "telemetry (zipkin HOST:PORT)" or "proxy-config".
    pub fn mode_text(&self) -> String {
        match &self.telemetry_provider {
            Some(p) => format!("telemetry ({p})"),
            None => "proxy-config".into(),
        }
    }
}

pub fn parse(mesh: &str) -> Result<Value> {
    let v: Value = serde_yaml::from_str(mesh)
        .map_err(|e| Error::msg(format!("the mesh config is not valid YAML: {e}")))?;
    match v {
        Value::Null => Ok(Value::Mapping(Mapping::new())),
        Value::Mapping(_) => Ok(v),
        _ => Err(Error::msg("the mesh config is not a YAML mapping")),
    }
}

fn number(v: &Value) -> Option<f64> {
    match v {
        Value::Number(n) => n.as_f64(),
        Value::String(s) => s.parse().ok(),
        _ => None,
    }
}

fn tracing_of(t: &Value) -> Tracing {
    let tags = t.get("custom_tags").or_else(|| t.get("customTags")).and_then(Value::as_mapping);
    fn env(v: &Value) -> Option<&str> {
        v.get("environment").and_then(|e| e.get("name")).and_then(Value::as_str)
    }
    Tracing {
        address: t
            .get("zipkin")
            .and_then(|z| z.get("address"))
            .and_then(Value::as_str)
            .map(str::to_string),
        sampling: t.get("sampling").and_then(number),
        cluster_tag: tags.and_then(|m| cluster_tag_in(m.iter().map(|(k, v)| (k.as_str(), env(v))))),
    }
}

pub fn read(mesh: &Value) -> MeshTracing {
    let t =
        mesh.get("defaultConfig").and_then(|d| d.get("tracing")).cloned().unwrap_or(Value::Null);
    let telemetry_provider = super::telemetry::build::provider_in(mesh)
        .map(|(kind, host, port)| format!("{kind} {host}:{port}"));
    MeshTracing {
        enable_tracing: mesh.get("enableTracing").and_then(Value::as_bool),
        tracing: tracing_of(&t),
        telemetry_provider,
    }
}

/// The tracing settings in a proxy's `PROXY_CONFIG` (JSON, or YAML as some injectors write it).
pub fn proxy_tracing(proxy_config: &str) -> Option<Tracing> {
    let v: Value = serde_yaml::from_str(proxy_config).ok()?;
    Some(tracing_of(v.get("tracing").unwrap_or(&Value::Null)))
}

fn child<'a>(m: &'a mut Mapping, key: &str) -> Result<&'a mut Mapping> {
    let k = Value::String(key.into());
    if !m.contains_key(&k) || m.get(&k) == Some(&Value::Null) {
        m.insert(k.clone(), Value::Mapping(Mapping::new()));
    }
    m.get_mut(&k)
        .and_then(Value::as_mapping_mut)
        .ok_or_else(|| Error::msg(format!("{key} in the mesh config is not a mapping")))
}

fn sampling_value(s: f64) -> Value {
    if s.fract() == 0.0 {
        Value::Number((s as i64).into())
    } else {
        Value::Number(s.into())
    }
}

/// Set `enableTracing: true`, `defaultConfig.tracing.zipkin.address` and `…sampling`, and with
/// `cluster_tag` the custom tag `custom_tags.<tag>.environment.name: ISTIO_META_CLUSTER_ID`; nothing
/// else.
pub fn set(mesh: &Value, address: &str, sampling: f64, cluster_tag: Option<&str>) -> Result<Value> {
    let mut v = mesh.clone();
    let root =
        v.as_mapping_mut().ok_or_else(|| Error::msg("the mesh config is not a YAML mapping"))?;
    root.insert("enableTracing".into(), Value::Bool(true));
    let tracing = child(child(root, "defaultConfig")?, "tracing")?;
    tracing.insert("sampling".into(), sampling_value(sampling));
    child(tracing, "zipkin")?.insert("address".into(), Value::String(address.into()));
    if let Some(tag) = cluster_tag {
        let value = serde_yaml::to_value(cluster_tag_value()).expect("JSON is YAML");
        child(tracing, "custom_tags")?.insert(tag.into(), value);
    }
    Ok(v)
}

/// Remove `defaultConfig.tracing.zipkin.address` (and the maps it leaves empty); nothing else.
pub fn unset(mesh: &Value) -> Value {
    let mut v = mesh.clone();
    let Some(dc) = v.get_mut("defaultConfig").and_then(Value::as_mapping_mut) else { return v };
    let Some(tr) = dc.get_mut("tracing").and_then(Value::as_mapping_mut) else { return v };
    if let Some(z) = tr.get_mut("zipkin").and_then(Value::as_mapping_mut) {
        z.remove("address");
        if z.is_empty() {
            tr.remove("zipkin");
        }
    }
    if tr.is_empty() {
        dc.remove("tracing");
    }
    v
}

pub fn to_text(v: &Value) -> String {
    serde_yaml::to_string(v).expect("a YAML value serializes")
}

/// The keys `set` and `unset` touch.
const TRACING_PATHS: [&[&str]; 3] = [
    &["enableTracing"],
    &["defaultConfig", "tracing", "sampling"],
    &["defaultConfig", "tracing", "zipkin", "address"],
];

fn at<'a>(v: &'a Value, path: &[&str]) -> Option<&'a Value> {
    path.iter().try_fold(v, |v, k| v.get(*k))
}

/// The user's `old_text` with only the tracing lines changed to say `new` (comments, key order and
/// everything else kept), when a line-level edit can say it exactly; else `new` rendered whole. The
/// result always parses to `new`.
pub fn render(old_text: &str, old: &Value, new: &Value) -> String {
    let lossless = TRACING_PATHS.iter().try_fold(old_text.to_string(), |text, path| {
        match (at(old, path), at(new, path)) {
            (a, b) if a == b => Some(text),
            (_, Some(v)) => {
                super::yaml_lines::set(&text, path, serde_yaml::to_string(v).ok()?.trim_end())
            }
            (Some(_), None) => super::yaml_lines::remove(&text, path),
            (None, None) => Some(text),
        }
    });
    match lossless {
        Some(t) if parse(&t).ok().as_ref() == Some(new) => t,
        _ => to_text(new),
    }
}

/// A unified diff of two texts (whole-file context is small: mesh configs are short).
pub fn unified_diff(old: &str, new: &str, label: &str) -> String {
    similar::TextDiff::from_lines(old, new)
        .unified_diff()
        .context_radius(3)
        .header(&format!("{label} (current)"), &format!("{label} (new)"))
        .to_string()
}

/// The meshConfig for IstioOperator / helm values that makes the edit survive upgrades.
pub fn durable_config(address: &str, sampling: f64, cluster_tag: Option<&str>) -> String {
    let mut mesh = serde_json::json!({"enableTracing": true, "defaultConfig": {"tracing": {"sampling": sampling, "zipkin": {"address": address}}}});
    if let Some(tag) = cluster_tag {
        mesh["defaultConfig"]["tracing"]["custom_tags"] =
            serde_json::json!({tag: cluster_tag_value()});
    }
    let iop = serde_json::json!({"apiVersion": "install.istio.io/v1alpha1", "kind": "IstioOperator", "spec": {"meshConfig": mesh}});
    format!(
        "# IstioOperator (istioctl install -f)\n{}---\n# helm values of the istiod chart (helm upgrade istiod istio/istiod -f)\n{}",
        serde_yaml::to_string(&iop).unwrap_or_default(),
        serde_yaml::to_string(&serde_json::json!({"meshConfig": mesh})).unwrap_or_default()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cluster_tag_is_a_custom_tag_from_the_proxys_cluster_id() {
        let v = set(&parse("").unwrap(), "a:1", 100.0, Some("cluster")).unwrap();
        assert_eq!(
            v["defaultConfig"]["tracing"]["custom_tags"]["cluster"]["environment"]["name"],
            Value::String(CLUSTER_ID_ENV.into())
        );
        assert_eq!(read(&v).tracing.cluster_tag.as_deref(), Some("cluster"));
        // A set without the flag keeps it; a literal tag is not the cluster tag.
        let again = set(&v, "b:2", 10.0, None).unwrap();
        assert_eq!(read(&again).tracing.cluster_tag.as_deref(), Some("cluster"));
        assert_eq!(read(&parse(REAL).unwrap()).tracing.cluster_tag, None);
        // PROXY_CONFIG is JSON with camelCase keys.
        let pc = serde_json::json!({"tracing": {"zipkin": {"address": "a:1"}, "customTags": {"cluster": {"environment": {"name": CLUSTER_ID_ENV}}}}});
        assert_eq!(proxy_tracing(&pc.to_string()).unwrap().cluster_tag.as_deref(), Some("cluster"));
        // Rendered for a user's text, the result parses to exactly the edit.
        let text = "defaultConfig:\n  # ours\n  discoveryAddress: x\n";
        let old = parse(text).unwrap();
        let new = set(&old, "a:1", 100.0, Some("cluster")).unwrap();
        assert_eq!(parse(&render(text, &old, &new)).unwrap(), new);
        assert!(durable_config("a:1", 100.0, Some("cluster")).contains(CLUSTER_ID_ENV));
    }

    /// A large real-world mesh config: extension providers, default providers, proxy metadata.
    const REAL: &str = r#"
accessLogFile: /dev/stdout
accessLogEncoding: JSON
defaultConfig:
  discoveryAddress: istiod.istio-system.svc:15012
  holdApplicationUntilProxyStarts: true
  meshId: mesh1
  proxyMetadata:
    ISTIO_META_DNS_CAPTURE: "true"
    ISTIO_META_DNS_AUTO_ALLOCATE: "true"
  tracing:
    custom_tags:
      cluster: {literal: {value: cluster1}}
    max_path_tag_length: 256
    zipkin:
      address: zipkin.istio-system:9411
defaultProviders:
  metrics: [prometheus]
  tracing: [zipkin]
enablePrometheusMerge: true
enableTracing: false
extensionProviders:
- name: otel
  opentelemetry: {port: 4317, service: otel-collector.observability.svc.cluster.local}
- name: zipkin
  zipkin: {service: zipkin.istio-system.svc.cluster.local, port: 9411, maxTagLength: 56}
- envoyExtAuthzHttp:
    headersToDownstreamOnDeny: [content-type, set-cookie]
    includeRequestHeadersInCheck: [x-ext-authz]
    port: "8000"
    service: ext-authz.foo.svc.cluster.local
  name: sample-ext-authz-http
outboundTrafficPolicy: {mode: REGISTRY_ONLY}
rootNamespace: istio-system
trustDomain: cluster.local
trustDomainAliases: [old.local]
"#;

    fn without_tracing_fields(v: &Value) -> Value {
        let mut v = v.clone();
        let root = v.as_mapping_mut().unwrap();
        root.remove("enableTracing");
        if let Some(t) = root
            .get_mut("defaultConfig")
            .and_then(|d| d.get_mut("tracing"))
            .and_then(Value::as_mapping_mut)
        {
            t.remove("sampling");
            if let Some(z) = t.get_mut("zipkin").and_then(Value::as_mapping_mut) {
                z.remove("address");
            }
        }
        v
    }

    #[test]
    fn set_changes_only_the_tracing_fields() {
        let before = parse(REAL).unwrap();
        let after = set(&before, "192.168.229.100:15018", 100.0, None).unwrap();
        let t = read(&after);
        assert_eq!(t.enable_tracing, Some(true));
        assert_eq!(
            t.tracing,
            Tracing {
                address: Some("192.168.229.100:15018".into()),
                sampling: Some(100.0),
                cluster_tag: None
            }
        );
        assert_eq!(without_tracing_fields(&before), without_tracing_fields(&after));
        // Round trip through text keeps it too.
        assert_eq!(parse(&to_text(&after)).unwrap(), after);
        // Setting again is a no-op.
        assert_eq!(set(&after, "192.168.229.100:15018", 100.0, None).unwrap(), after);
    }

    #[test]
    fn set_on_an_empty_or_minimal_mesh_config() {
        let v = set(&parse("").unwrap(), "a:1", 1.5, None).unwrap();
        assert_eq!(read(&v).tracing.sampling, Some(1.5));
        let v = set(&parse("defaultConfig: {discoveryAddress: x}").unwrap(), "a:1", 100.0, None)
            .unwrap();
        assert_eq!(v["defaultConfig"]["discoveryAddress"], Value::String("x".into()));
    }

    #[test]
    fn unset_removes_only_the_address() {
        let before = parse(REAL).unwrap();
        let after = unset(&before);
        assert_eq!(read(&after).tracing.address, None);
        assert_eq!(
            after["defaultConfig"]["tracing"]["max_path_tag_length"],
            Value::Number(256.into())
        );
        assert!(after["defaultConfig"]["tracing"].get("zipkin").is_none());
        assert_eq!(read(&after).enable_tracing, Some(false));
        let bare =
            unset(&parse("defaultConfig:\n  tracing:\n    zipkin: {address: a:1}\n").unwrap());
        assert!(bare["defaultConfig"].get("tracing").is_none());
    }

    #[test]
    fn invalid_yaml_is_an_error() {
        assert!(parse("defaultConfig: [unclosed").is_err());
        assert!(parse("- a list").is_err());
    }

    #[test]
    fn proxy_config_tracing() {
        let t = proxy_tracing(
            r#"{"tracing":{"sampling":1,"zipkin":{"address":"zipkin.istio-system:9411"}}}"#,
        )
        .unwrap();
        assert_eq!(
            t,
            Tracing {
                address: Some("zipkin.istio-system:9411".into()),
                sampling: Some(1.0),
                cluster_tag: None
            }
        );
        assert_eq!(proxy_tracing("{}").unwrap(), Tracing::default());
    }

    #[test]
    fn diffs() {
        let d = unified_diff("a\nb\nc\n", "a\nB\nc\n", "cluster1 istio-system/istio mesh");
        assert!(
            d.contains("-b\n+B\n") && d.contains(" a\n") && d.starts_with("--- cluster1"),
            "{d}"
        );
        // Hunks with three lines of context, not the whole file.
        let old: String = (0..40).map(|i| format!("k{i}: {i}\n")).collect();
        let new = old.replace("k20: 20\n", "k20: twenty\n");
        let d = unified_diff(&old, &new, "mesh");
        assert!(
            d.contains("@@ -18,7 +18,7 @@") && !d.contains("k1: 1\n") && !d.contains("k30"),
            "{d}"
        );
    }

    #[test]
    fn render_keeps_the_users_lines_or_renders_whole() {
        let text = "# from helm\naccessLogFile: /dev/stdout\ndefaultConfig:\n  discoveryAddress: x:15012 # kept\n";
        let old = parse(text).unwrap();
        let new = set(&old, "z:9411", 10.0, None).unwrap();
        let out = render(text, &old, &new);
        assert!(out.starts_with("# from helm\naccessLogFile: /dev/stdout\ndefaultConfig:\n  discoveryAddress: x:15012 # kept\n"), "{out}");
        assert_eq!(parse(&out).unwrap(), new);
        let back = render(&out, &new, &unset(&new));
        assert_eq!(parse(&back).unwrap(), unset(&new));
        assert!(back.contains("# kept") && !back.contains("z:9411"), "{back}");
        // A flow mapping on the path: rendered whole, still exactly `new`.
        let flow = "defaultConfig: {discoveryAddress: x:15012}\n";
        let old = parse(flow).unwrap();
        let new = set(&old, "z:9411", 10.0, None).unwrap();
        assert_eq!(parse(&render(flow, &old, &new)).unwrap(), new);
    }
}
