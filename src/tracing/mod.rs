//! `kubectl mesh-tracing`: set the tracing address in every cluster's mesh config, then restart only
//! the stale proxies.
//!
//! `meshconfig` (pure: edit the mesh YAML, diffs), `stale` (pure: which workloads run other
//! settings), `source` (which mesh config serves each cluster), `plan` (read everything, decide),
//! `set` (set, unset, restart: from flags to a plan), `carry_out` (write, restart, wait, report),
//! `migrate` (from one path to the other), `report` (their rows), `spans` (the collector's view: each cluster's spans), `telemetry` (the Telemetry API
//! path: `build` pure, `mod` I/O), `show`. `doctor` lives above the four plugins (`crate::doctor`),
//! the binary's command and its dispatch in `crate::commands::tracing`.

mod carry_out;
pub mod cli;
pub mod mesh_edit;
pub mod meshconfig;
pub mod migrate;
pub mod plan;
pub mod report;
pub mod set;
pub mod show;
pub mod source;
pub mod spans;
pub mod stale;
pub mod telemetry;
pub mod yaml_lines;

pub use cli::{Command, RevisionArg};
pub use meshconfig::MeshTracing;
pub use show::{show_rows, ShowRow};
pub use spans::{report as spans_report, Asked as SpansAsked, SpanRow, Spans};
pub use telemetry::build::PROVIDER;

/// What a mesh config says about tracing, from its JSON (istiod's `/debug/mesh` serves the mesh
/// config it uses in the ConfigMap's shape): the read side doctor compares with the ConfigMap.
pub fn mesh_tracing_of(json: &serde_json::Value) -> Option<MeshTracing> {
    let v: serde_yaml::Value = serde_yaml::to_value(json).ok()?;
    Some(meshconfig::read(&v))
}
