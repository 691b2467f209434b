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
    let v =
        set(&parse("defaultConfig: {discoveryAddress: x}").unwrap(), "a:1", 100.0, None).unwrap();
    assert_eq!(v["defaultConfig"]["discoveryAddress"], Value::String("x".into()));
}

#[test]
fn unset_removes_only_the_address() {
    let before = parse(REAL).unwrap();
    let after = unset(&before);
    assert_eq!(read(&after).tracing.address, None);
    assert_eq!(after["defaultConfig"]["tracing"]["max_path_tag_length"], Value::Number(256.into()));
    assert!(after["defaultConfig"]["tracing"].get("zipkin").is_none());
    assert_eq!(read(&after).enable_tracing, Some(false));
    let bare = unset(&parse("defaultConfig:\n  tracing:\n    zipkin: {address: a:1}\n").unwrap());
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
    assert!(d.contains("-b\n+B\n") && d.contains(" a\n") && d.starts_with("--- cluster1"), "{d}");
    // Hunks with three lines of context, not the whole file.
    let old: String = (0..40).map(|i| format!("k{i}: {i}\n")).collect();
    let new = old.replace("k20: 20\n", "k20: twenty\n");
    let d = unified_diff(&old, &new, "mesh");
    assert!(d.contains("@@ -18,7 +18,7 @@") && !d.contains("k1: 1\n") && !d.contains("k30"), "{d}");
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
