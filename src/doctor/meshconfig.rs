//! The mesh config stage: every cluster's proxies are pointed at the collector, by the Telemetry
//! API provider or by `defaultConfig.tracing` (a remote's from its primary's mesh config; the
//! collector's own cluster may use the local address).

use super::check::{Check, CheckId};
use crate::expose::Collector;
use crate::istiod::{Views, MESH};
use crate::tracing::{self, MeshTracing, ShowRow};

/// One check per cluster (`contexts[i]` is `rows[i]`'s), and a warning where both paths are set.
/// Without a collector found there is nothing to compare with: only unreadable mesh configs count.
pub fn checks(
    contexts: &[String],
    ns: &str,
    rows: &[ShowRow],
    collector: Option<&(usize, Collector)>,
) -> Vec<Check> {
    let mut checks = Vec::new();
    for (i, (row, ctx)) in rows.iter().zip(contexts).enumerate() {
        if let Some(e) = &row.error {
            let fix = "install Istio there, or check --istio-namespace";
            checks.push(Check::error(CheckId::MeshConfigAddress, ctx, e.clone(), fix));
            continue;
        }
        let Some((ci, found)) = collector else { continue };
        let ok_addrs: Vec<&str> =
            if *ci == i { vec![&found.published, &found.local] } else { vec![&found.published] };
        let targets = match &row.mesh_config_from {
            Some(p) => format!("{p},{ctx}"),
            None => ctx.clone(),
        };
        let at = Target { ctx, ns, via: &contexts[*ci], targets: &targets, ok_addrs: &ok_addrs };
        checks.extend(at.check(row));
    }
    checks
}

/// One cluster, and the addresses its proxies may use.
struct Target<'a> {
    ctx: &'a str,
    ns: &'a str,
    /// The collector's cluster.
    via: &'a str,
    /// The contexts `set` must be given (a remote with its primary).
    targets: &'a str,
    ok_addrs: &'a [&'a str],
}

impl Target<'_> {
    fn check(&self, row: &ShowRow) -> Vec<Check> {
        let Target { ctx, ns, via, targets, ok_addrs } = self;
        let mesh = &row.mesh;
        let from = match &row.mesh_config_from {
            Some(p) => format!(" (from {p}'s mesh config)"),
            None => String::new(),
        };
        let id = CheckId::MeshConfigAddress;
        let Some(provider) = &mesh.telemetry_provider else {
            let fix = format!("kubectl mesh-tracing set --via-gateway {via} --context {targets} --istio-namespace {ns}");
            return vec![match mesh.tracing.address.as_deref() {
                None => Check::error(
                    id,
                    ctx,
                    format!("no zipkin address{from}: traces go nowhere"),
                    fix,
                ),
                Some(a) if !ok_addrs.contains(&a) => Check::error(
                    id,
                    ctx,
                    format!("points at {a}{from}, not {}", ok_addrs.join(" or ")),
                    fix,
                ),
                Some(a) if mesh.enable_tracing == Some(false) => {
                    Check::error(id, ctx, format!("{a}{from}, but enableTracing is false"), fix)
                }
                Some(a) => Check::ok(id, ctx, format!("{a}{from}")),
            }];
        };
        // Telemetry mode: the provider names the collector's host (a ServiceEntry for an IP) and
        // its port; the port must be the collector's.
        let port = provider.rsplit(':').next().unwrap_or_default();
        let fix = format!("kubectl mesh-tracing set --mode telemetry --via-gateway {via} --context {targets} --istio-namespace {ns}");
        let mut v = vec![if ok_addrs.iter().any(|a| a.rsplit(':').next() == Some(port)) {
            Check::ok(id, ctx, format!("Telemetry API provider {provider}{from}"))
        } else {
            let detail = format!(
                "Telemetry API provider {provider}{from} is not the collector at {}",
                ok_addrs.join(" or ")
            );
            Check::error(id, ctx, detail, fix)
        }];
        if let Some(a) = mesh.tracing.address.as_deref() {
            v.push(Check::warn(
                CheckId::MeshConfigMode,
                ctx,
                format!("both paths are configured: the Telemetry API provider wins over defaultConfig.tracing ({a}){from}"),
                format!("kubectl mesh-tracing unset --mode proxy-config --context {targets} --istio-namespace {ns}"),
            ));
        }
        v
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::doctor::check::Status;

    fn row(cluster: &str, address: Option<&str>, provider: Option<&str>) -> ShowRow {
        let mut r = ShowRow { cluster: cluster.into(), ..Default::default() };
        r.mesh.tracing.address = address.map(str::to_string);
        r.mesh.telemetry_provider = provider.map(str::to_string);
        r
    }

    #[test]
    fn each_cluster_must_reach_the_collector_at_an_address_that_works_from_there() {
        let collector = Collector {
            published: "192.0.2.1:15018".into(),
            local: "zipkin.istio-system:9411".into(),
            routed: true,
        };
        let contexts = ["c1", "c2", "c3"].map(String::from);
        let rows = [
            row("c1", Some("zipkin.istio-system:9411"), None),
            row("c2", Some("zipkin.istio-system:9411"), None),
            row("c3", Some("192.0.2.1:9411"), Some("zipkin.example:15018")),
        ];
        let checks = checks(&contexts, "istio-system", &rows, Some(&(0, collector)));
        let said: Vec<(&str, Status)> =
            checks.iter().map(|c| (c.cluster.as_str(), c.status)).collect();
        assert_eq!(
            said,
            [("c1", Status::Ok), ("c2", Status::Error), ("c3", Status::Ok), ("c3", Status::Warn)]
        );
        assert!(checks[1].fix.contains("--via-gateway c1 --context c2"), "{:?}", checks[1]);
        assert_eq!(checks[3].id, CheckId::MeshConfigMode);
        // Without a collector only unreadable mesh configs are findings.
        let mut broken = row("c1", None, None);
        broken.error = Some("no ConfigMap".into());
        assert_eq!(super::checks(&contexts[..1], "istio-system", &[broken], None).len(), 1);
    }
}

/// Judged by istiod: each control plane's istiod serves (`/debug/mesh`) the tracing its mesh config
/// holds: the provider, and the address and sampling where the ConfigMap sets them. A difference is
/// istiod not having reloaded the ConfigMap yet: a warning that `--wait` waits out.
pub fn served(
    contexts: &[String],
    ns: &str,
    rows: &[ShowRow],
    views: &[Option<Views>],
) -> Vec<Check> {
    let mut out = Vec::new();
    for (i, (row, ctx)) in rows.iter().zip(contexts).enumerate() {
        let Some(Ok(views)) = &views[i] else { continue };
        if row.error.is_some() || row.mesh_config_from.is_some() {
            continue;
        }
        for v in views {
            let Ok(json) = v.json::<serde_json::Value>(MESH) else { continue };
            let Some(serving) = tracing::mesh_tracing_of(&json) else { continue };
            let rev = match views.len() {
                1 => String::new(),
                _ => format!(" (revision {})", v.istiod.revision),
            };
            out.push(match differs(&row.mesh, &serving) {
                None => Check::ok(
                    CheckId::MeshConfigServed,
                    ctx,
                    format!("istiod{rev} serves it: {}", summary(&row.mesh)),
                ),
                Some(what) => Check::warn(
                    CheckId::MeshConfigServed,
                    ctx,
                    format!("istiod{rev} serves {what}: it has not loaded the mesh config yet"),
                    format!("if it lasts: kubectl logs -n {ns} -l app=istiod --context {ctx}"),
                )
                .settling(),
            });
        }
    }
    out
}

/// What istiod serves unlike the ConfigMap, in words (`None`: the same).
fn differs(held: &MeshTracing, serving: &MeshTracing) -> Option<String> {
    let mut d = Vec::new();
    if held.telemetry_provider != serving.telemetry_provider {
        let p =
            |m: &MeshTracing| m.telemetry_provider.clone().unwrap_or_else(|| "no provider".into());
        d.push(format!("{} where the mesh config has {}", p(serving), p(held)));
    }
    if held.tracing.address.is_some() && held.tracing.address != serving.tracing.address {
        d.push(format!(
            "address {} where the mesh config has {}",
            serving.tracing.address_text(),
            held.tracing.address_text()
        ));
    }
    if held.tracing.sampling.is_some() && held.tracing.sampling != serving.tracing.sampling {
        d.push(format!(
            "sampling {} where the mesh config has {}",
            serving.tracing.sampling_text(),
            held.tracing.sampling_text()
        ));
    }
    (!d.is_empty()).then(|| d.join(", "))
}

fn summary(m: &MeshTracing) -> String {
    match &m.telemetry_provider {
        Some(p) => format!("provider {p}"),
        None => {
            format!("address {}, sampling {}", m.tracing.address_text(), m.tracing.sampling_text())
        }
    }
}

#[cfg(test)]
mod served_tests {
    use super::*;

    fn mesh(v: serde_json::Value) -> MeshTracing {
        tracing::mesh_tracing_of(&v).unwrap()
    }

    #[test]
    fn istiod_serving_another_mesh_config_is_named() {
        let tracing = |addr: &str| {
            mesh(
                serde_json::json!({"defaultConfig": {"tracing": {"zipkin": {"address": addr}, "sampling": 10}}}),
            )
        };
        let held = tracing("a:15018");
        assert_eq!(differs(&held, &held.clone()), None);
        let old = tracing("old:9411");
        assert_eq!(
            differs(&held, &old).unwrap(),
            "address old:9411 where the mesh config has a:15018"
        );
        let unset = mesh(serde_json::json!({}));
        assert_eq!(differs(&unset, &old), None, "only what the ConfigMap sets is compared");
        let telemetry = mesh(serde_json::json!({"extensionProviders": [
            {"name": "kubectl-mesh-tracing", "zipkin": {"service": "z", "port": 9411}}]}));
        assert!(telemetry.telemetry_provider.is_some(), "{telemetry:?}");
        assert!(differs(&telemetry, &unset)
            .unwrap()
            .starts_with("no provider where the mesh config has"));
    }
}
