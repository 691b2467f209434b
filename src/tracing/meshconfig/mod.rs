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
mod tests;
