//! The proxies stage: no injected workload runs with other tracing settings than its mesh
//! config's (in telemetry mode istiod pushes them to running proxies, so none can).

use super::check::{Check, CheckId};
use crate::tracing::ShowRow;

/// One check per cluster whose mesh config could be read. `collector_known`: the mesh config
/// stage judged the clusters against a collector (telemetry mode is then said to need nothing).
pub fn checks(ns: &str, rows: &[ShowRow], collector_known: bool) -> Vec<Check> {
    let id = CheckId::ProxiesCurrent;
    let e_g =
        |names: &[String]| names.iter().take(3).map(String::as_str).collect::<Vec<_>>().join(", ");
    rows.iter()
        .filter(|row| row.error.is_none())
        .map(|row| {
            let ctx = &row.cluster;
            if collector_known && row.mesh.telemetry_provider.is_some() {
                Check::ok(id, ctx, "telemetry mode: istiod pushes tracing to running proxies".to_string())
            } else if row.stale > 0 {
                Check::error(
                    id,
                    ctx,
                    format!("{} workload(s) run other tracing settings (e.g. {})", row.stale, e_g(&row.stale_workloads)),
                    format!("kubectl mesh-tracing restart --context {ctx} --istio-namespace {ns}"),
                )
            } else if !row.rolling_out.is_empty() {
                Check::warn(
                    id,
                    ctx,
                    format!("{} workload(s) rolling out to the new settings (e.g. {})", row.rolling_out.len(), e_g(&row.rolling_out)),
                    format!("nothing to restart; wait for the roll-outs: kubectl mesh-tracing doctor --wait 5m --context {ctx}"),
                )
                .settling()
            } else {
                Check::ok(id, ctx, format!("{} injected workloads up to date", row.workloads))
            }
        })
        .collect()
}
