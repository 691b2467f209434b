//! The Telemetry API's silent failures, per control plane (from `show_rows`' read side): a provider
//! istiod cannot resolve, a mesh-wide Telemetry without providers, a "mesh-wide" Telemetry outside
//! the root namespace, namespace Telemetries that shadow it, sampling at 0, and primaries whose
//! tracing differs from each other (drift).

use super::{Check, CheckId};
use crate::tracing::ShowRow;
use crate::tracing::PROVIDER;

/// `set` with the flags that repair a cluster's Telemetry API settings.
fn set_cmd(ctx: &str, ns: &str) -> String {
    format!("kubectl mesh-tracing set --mode telemetry --addr HOST:PORT --context {ctx} --istio-namespace {ns}")
}

/// Findings for the clusters that have their own mesh config (a remote follows its primary).
pub fn checks(rows: &[ShowRow], ns: &str) -> Vec<Check> {
    let mut out = Vec::new();
    let own: Vec<&ShowRow> =
        rows.iter().filter(|r| r.mesh_config_from.is_none() && r.error.is_none()).collect();
    for r in &own {
        let ctx = &r.cluster;
        if let Some(s) = r.sampling_in_effect.as_ref().filter(|s| s.percent == Some(0.0)) {
            out.push(Check::warn(
                CheckId::MeshConfigSampling,
                ctx,
                format!("sampling is 0% (from {}): no request is traced", s.from),
                format!("kubectl mesh-tracing set --sampling 1 --addr HOST:PORT --context {ctx} --istio-namespace {ns} (or raise it where it is set)"),
            ));
        }
        if let Some(e) = &r.telemetry_error {
            out.push(Check::warn(
                CheckId::TelemetryReadable,
                ctx,
                format!("the Telemetry API side was not checked: {e}"),
                "let the context list telemetries.telemetry.istio.io and serviceentries.networking.istio.io in every namespace",
            ));
        }
        let Some(v) = &r.telemetry else { continue };
        let ours = r.mesh.telemetry_provider.is_some();
        if let (true, Some(host)) = (ours, &v.provider_host) {
            out.push(if v.provider_resolves {
                Check::ok(CheckId::TelemetryProvider, ctx, format!("{PROVIDER} names {host}, a Service or ServiceEntry host"))
            } else {
                Check::error(
                    CheckId::TelemetryProvider,
                    ctx,
                    format!("{PROVIDER} names {host}, which is neither a Service nor a ServiceEntry host here: istiod cannot resolve it and sends no spans"),
                    format!("{} (writes the ServiceEntry for a collector outside the cluster)", set_cmd(ctx, ns)),
                )
            });
        }
        match v.mesh_wide() {
            Some(rule) if r.providers.is_empty() => out.push(Check::error(
                CheckId::TelemetryProviders,
                ctx,
                format!("Telemetry {} turns tracing on without providers, and the mesh config has no defaultProviders.tracing: no span is sent", rule.id()),
                format!("name a provider in it, or {}", set_cmd(ctx, ns)),
            )),
            Some(rule) => {
                let shadows = v.shadowing(&r.providers[0]);
                if shadows.is_empty() {
                    out.push(Check::ok(CheckId::TelemetryProviders, ctx, format!("Telemetry {} sends spans to {}", rule.id(), r.providers.join(", "))));
                } else {
                    let what: Vec<String> = shadows
                        .iter()
                        .map(|s| if s.disabled { format!("{} (span reporting disabled)", s.id()) } else { format!("{} (providers {})", s.id(), s.providers.join(", ")) })
                        .collect();
                    out.push(Check::warn(
                        CheckId::TelemetryShadowed,
                        ctx,
                        format!("namespace Telemetries override the mesh-wide tracing of {}: {}", rule.id(), what.join(", ")),
                        format!("remove their tracing section, or name {} in it", r.providers[0]),
                    ));
                }
            }
            None => {
                let elsewhere: Vec<String> = v.namespace_wide().map(|x| x.id()).collect();
                if !elsewhere.is_empty() {
                    out.push(Check::warn(
                        CheckId::TelemetryNamespace,
                        ctx,
                        format!(
                            "Telemetry {} applies to its namespace only: a mesh-wide one belongs in the root namespace {}",
                            elsewhere.join(", "),
                            v.root_namespace
                        ),
                        format!("move it to {}, or {}", v.root_namespace, set_cmd(ctx, ns)),
                    ));
                } else if ours {
                    out.push(Check::error(
                        CheckId::TelemetryProviders,
                        ctx,
                        format!("the mesh config has {PROVIDER}, but no Telemetry in {} turns tracing on with it", v.root_namespace),
                        set_cmd(ctx, ns),
                    ));
                }
            }
        }
    }
    out.extend(drift(&own, ns));
    out
}

/// One finding when the primaries configure tracing differently (mode, tracer or sampling; the
/// address may differ by design, the collector's own cluster using the local one).
fn drift(own: &[&ShowRow], ns: &str) -> Option<Check> {
    let sig = |r: &ShowRow| {
        let mode = match &r.mesh.telemetry_provider {
            Some(p) => format!("telemetry {}", p.split(' ').next().unwrap_or_default()),
            None => "proxy-config".into(),
        };
        let sampling = r
            .sampling_in_effect
            .as_ref()
            .and_then(|s| s.percent)
            .map(|p| format!("{p}%"))
            .unwrap_or_else(|| "provider's sampler".into());
        format!("{mode}, {sampling}")
    };
    let first = sig(own.first()?);
    if own.iter().all(|r| sig(r) == first) {
        return None;
    }
    let side_by_side: Vec<String> =
        own.iter().map(|r| format!("{}: {}", r.cluster, sig(r))).collect();
    let all: Vec<&str> = own.iter().map(|r| r.cluster.as_str()).collect();
    Some(Check::warn(
        CheckId::MeshConfigDrift,
        "mesh",
        format!("the control planes trace differently: {}", side_by_side.join(" | ")),
        format!("make them one: kubectl mesh-tracing set --addr HOST:PORT --sampling PCT --context {} --istio-namespace {ns}", all.join(",")),
    ))
}
