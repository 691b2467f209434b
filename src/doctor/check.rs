//! One finding of `doctor`, and the report `linkerd check` users know: findings grouped by stage,
//! ✔ ‼ × on a terminal (plain words otherwise), each failure with its fix; `-o json` carries stable
//! check ids for CI to gate on.

use std::io::Write;

use serde::Serialize;

use crate::error::{Context as _, Result};

#[derive(Serialize, Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Ok,
    Warn,
    Error,
}

/// The stages, in the order the chain is built (and printed).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Stage {
    Clusters,
    Ca,
    RemoteSecrets,
    Networks,
    Injection,
    Exposure,
    MeshConfig,
    Telemetry,
    Proxies,
    Spans,
}

impl Stage {
    pub const ALL: [Stage; 10] = [
        Stage::Clusters,
        Stage::Ca,
        Stage::RemoteSecrets,
        Stage::Networks,
        Stage::Injection,
        Stage::Exposure,
        Stage::MeshConfig,
        Stage::Telemetry,
        Stage::Proxies,
        Stage::Spans,
    ];

    /// As `-o json` names it.
    pub fn key(self) -> &'static str {
        match self {
            Stage::Clusters => "clusters",
            Stage::Ca => "ca",
            Stage::RemoteSecrets => "remote secrets",
            Stage::Networks => "networks",
            Stage::Injection => "injection",
            Stage::Exposure => "exposure",
            Stage::MeshConfig => "mesh config",
            Stage::Telemetry => "telemetry",
            Stage::Proxies => "proxies",
            Stage::Spans => "spans",
        }
    }

    /// The report's heading.
    pub fn title(self) -> &'static str {
        match self {
            Stage::Clusters => "Clusters",
            Stage::Ca => "CA (cacerts)",
            Stage::RemoteSecrets => "Remote secrets",
            Stage::Networks => "Networks (east-west gateways)",
            Stage::Injection => "Injection in remote clusters",
            Stage::Exposure => "Exposure",
            Stage::MeshConfig => "Mesh config",
            Stage::Telemetry => "Telemetry API",
            Stage::Proxies => "Proxies",
            Stage::Spans => "Spans at the collector",
        }
    }
}

impl Serialize for Stage {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.serialize_str(self.key())
    }
}

/// Every check, typed: a typo does not compile. Its stable id (what `-o json` says and CI gates
/// on) and its stage follow from it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CheckId {
    ClustersReachable,
    ClustersControlPlanes,
    CaCacerts,
    CaExpiry,
    CaRoot,
    CaRotation,
    CaServed,
    RemoteSecretsHeld,
    RemoteSecretsRemote,
    RemoteSecretsIstiod,
    NetworksGateways,
    InjectionCaBundle,
    ExposureCollector,
    MeshConfigAddress,
    MeshConfigDrift,
    MeshConfigMode,
    MeshConfigSampling,
    MeshConfigServed,
    TelemetryNamespace,
    TelemetryProvider,
    TelemetryProviders,
    TelemetryReadable,
    TelemetryShadowed,
    ProxiesCurrent,
    SpansArriving,
}

impl CheckId {
    /// The stable id, e.g. `ca.root` or `proxies.current`.
    pub fn id(self) -> &'static str {
        match self {
            CheckId::ClustersReachable => "clusters.reachable",
            CheckId::ClustersControlPlanes => "clusters.controlplanes",
            CheckId::CaCacerts => "ca.cacerts",
            CheckId::CaExpiry => "ca.expiry",
            CheckId::CaRoot => "ca.root",
            CheckId::CaRotation => "ca.rotation",
            CheckId::CaServed => "ca.served",
            CheckId::RemoteSecretsHeld => "remotesecrets.held",
            CheckId::RemoteSecretsRemote => "remotesecrets.remote",
            CheckId::RemoteSecretsIstiod => "remotesecrets.istiod",
            CheckId::NetworksGateways => "networks.gateways",
            CheckId::MeshConfigServed => "meshconfig.served",
            CheckId::InjectionCaBundle => "injection.cabundle",
            CheckId::ExposureCollector => "exposure.collector",
            CheckId::MeshConfigAddress => "meshconfig.address",
            CheckId::MeshConfigDrift => "meshconfig.drift",
            CheckId::MeshConfigMode => "meshconfig.mode",
            CheckId::MeshConfigSampling => "meshconfig.sampling",
            CheckId::TelemetryNamespace => "telemetry.namespace",
            CheckId::TelemetryProvider => "telemetry.provider",
            CheckId::TelemetryProviders => "telemetry.providers",
            CheckId::TelemetryReadable => "telemetry.readable",
            CheckId::TelemetryShadowed => "telemetry.shadowed",
            CheckId::ProxiesCurrent => "proxies.current",
            CheckId::SpansArriving => "spans.arriving",
        }
    }

    pub fn stage(self) -> Stage {
        match self {
            CheckId::ClustersReachable => Stage::Clusters,
            CheckId::ClustersControlPlanes => Stage::Clusters,
            CheckId::CaCacerts => Stage::Ca,
            CheckId::CaExpiry => Stage::Ca,
            CheckId::CaRoot => Stage::Ca,
            CheckId::CaRotation => Stage::Ca,
            CheckId::CaServed => Stage::Ca,
            CheckId::RemoteSecretsHeld => Stage::RemoteSecrets,
            CheckId::RemoteSecretsRemote => Stage::RemoteSecrets,
            CheckId::RemoteSecretsIstiod => Stage::RemoteSecrets,
            CheckId::NetworksGateways => Stage::Networks,
            CheckId::MeshConfigServed => Stage::MeshConfig,
            CheckId::InjectionCaBundle => Stage::Injection,
            CheckId::ExposureCollector => Stage::Exposure,
            CheckId::MeshConfigAddress => Stage::MeshConfig,
            CheckId::MeshConfigDrift => Stage::MeshConfig,
            CheckId::MeshConfigMode => Stage::MeshConfig,
            CheckId::MeshConfigSampling => Stage::MeshConfig,
            CheckId::TelemetryNamespace => Stage::Telemetry,
            CheckId::TelemetryProvider => Stage::Telemetry,
            CheckId::TelemetryProviders => Stage::Telemetry,
            CheckId::TelemetryReadable => Stage::Telemetry,
            CheckId::TelemetryShadowed => Stage::Telemetry,
            CheckId::ProxiesCurrent => Stage::Proxies,
            CheckId::SpansArriving => Stage::Spans,
        }
    }
}

impl Serialize for CheckId {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.serialize_str(self.id())
    }
}

#[derive(Serialize, Clone, Debug)]
#[serde(rename_all = "camelCase")]
pub struct Check {
    pub id: CheckId,
    pub stage: Stage,
    pub cluster: String,
    pub status: Status,
    pub detail: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub fix: String,
    /// A warning that clears by itself (a roll-out in progress): `--wait` waits for it.
    #[serde(skip)]
    pub settles: bool,
}

impl Check {
    pub fn ok(id: CheckId, cluster: &str, detail: impl Into<String>) -> Check {
        Check {
            id,
            stage: id.stage(),
            cluster: cluster.into(),
            status: Status::Ok,
            detail: detail.into(),
            fix: String::new(),
            settles: false,
        }
    }

    pub fn warn(
        id: CheckId,
        cluster: &str,
        detail: impl Into<String>,
        fix: impl Into<String>,
    ) -> Check {
        Check { status: Status::Warn, fix: fix.into(), ..Check::ok(id, cluster, detail) }
    }

    pub fn error(
        id: CheckId,
        cluster: &str,
        detail: impl Into<String>,
        fix: impl Into<String>,
    ) -> Check {
        Check { status: Status::Error, fix: fix.into(), ..Check::ok(id, cluster, detail) }
    }

    pub fn settling(self) -> Check {
        Check { settles: true, ..self }
    }
}

/// Green enough to stop `--wait`: no error, and no warning that would clear by itself.
pub fn settled(checks: &[Check]) -> bool {
    !checks.iter().any(|c| c.status == Status::Error || (c.status == Status::Warn && c.settles))
}

/// The report, stage by stage, and a last line with the counts.
pub fn render(out: &mut dyn Write, checks: &[Check], symbols: bool) -> Result<()> {
    let mark = |s: Status| match (s, symbols) {
        (Status::Ok, true) => "✔",
        (Status::Warn, true) => "‼",
        (Status::Error, true) => "×",
        (Status::Ok, false) => "[ok]   ",
        (Status::Warn, false) => "[warn] ",
        (Status::Error, false) => "[error]",
    };
    let w = |out: &mut dyn Write, line: String| writeln!(out, "{line}").ctx(|| "write output");
    let mut first = true;
    for stage in Stage::ALL {
        let title = stage.title();
        let in_stage: Vec<&Check> = checks.iter().filter(|c| c.stage == stage).collect();
        if in_stage.is_empty() {
            continue;
        }
        if !first {
            w(out, String::new())?;
        }
        first = false;
        w(out, title.to_string())?;
        w(out, "-".repeat(title.chars().count()))?;
        for c in in_stage {
            w(out, format!("{} {}: {}", mark(c.status), c.cluster, c.detail))?;
            if !c.fix.is_empty() {
                w(out, format!("    fix: {}", c.fix))?;
            }
        }
    }
    let errors = checks.iter().filter(|c| c.status == Status::Error).count();
    let warnings = checks.iter().filter(|c| c.status == Status::Warn).count();
    w(out, String::new())?;
    w(out, summary(checks.len(), errors, warnings))
}

/// The report's last line, one plain sentence as `linkerd check` ends: "All 11 checks passed.",
/// "9 checks passed, 2 warnings.", "1 check failed, 1 warning, 2 passed."
fn summary(total: usize, errors: usize, warnings: usize) -> String {
    let n =
        |count: usize, word: &str| format!("{count} {word}{}", if count == 1 { "" } else { "s" });
    let passed = total - errors - warnings;
    match (errors, warnings) {
        (0, 0) => format!("All {} passed.", n(total, "check")),
        (0, w) => format!("{} passed, {}.", n(passed, "check"), n(w, "warning")),
        (e, w) => format!("{} failed, {}, {passed} passed.", n(e, "check"), n(w, "warning")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_name_their_stage_and_the_report_groups_by_stage() {
        let checks = vec![
            Check::error(
                CheckId::ProxiesCurrent,
                "c2",
                "2 stale",
                "kubectl mesh-tracing restart --context c2",
            ),
            Check::ok(CheckId::CaCacerts, "c1", "ok"),
            Check::warn(CheckId::ProxiesCurrent, "c1", "1 rolling out", "wait").settling(),
            Check::ok(CheckId::RemoteSecretsRemote, "c1", "2 working"),
        ];
        assert_eq!(checks[3].stage, Stage::RemoteSecrets);
        assert_eq!(serde_json::to_value(&checks[3]).unwrap()["stage"], "remote secrets");
        assert_eq!(serde_json::to_value(&checks[3]).unwrap()["id"], "remotesecrets.remote");
        let mut out = Vec::new();
        render(&mut out, &checks, false).unwrap();
        let text = String::from_utf8(out).unwrap();
        let ca = text.find("CA (cacerts)").unwrap();
        let proxies = text.find("Proxies").unwrap();
        assert!(
            ca < text.find("Remote secrets").unwrap()
                && text.find("Remote secrets").unwrap() < proxies,
            "{text}"
        );
        assert!(
            text.contains(
                "[error] c2: 2 stale\n    fix: kubectl mesh-tracing restart --context c2"
            ),
            "{text}"
        );
        assert!(text.trim_end().ends_with("\n1 check failed, 1 warning, 2 passed."), "{text}");
        let mut out = Vec::new();
        render(&mut out, &checks[1..2], true).unwrap();
        assert!(String::from_utf8(out).unwrap().contains("✔ c1: ok"));
        assert!(!settled(&checks));
        assert!(!settled(&checks[1..3]), "a roll-out in progress is waited for");
        assert!(settled(&[Check::warn(CheckId::CaExpiry, "c1", "expires in 20 days", "rotate")]));
    }
}
