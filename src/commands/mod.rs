//! The command layer, above everything else (cargo's `src/bin/cargo/commands/` is the model): the
//! list of plugins, each plugin's clap command and dispatch, `version`/`completion`, and the
//! completion scripts made from the clap commands. `doctor` is wired here into `mesh-tracing`.
//!
//! A fifth plugin: its flags and handlers in `src/<plugin>/` (which imports only the shared layer
//! and the other plugins' published read sides), its dispatch in `commands/<plugin>.rs`, a line in
//! [`plugins`], and its binary in `plugins/`. `tests/architecture.rs` keeps the layers apart.

pub mod ca;
pub mod completions;
pub mod expose;
pub mod meta;
pub mod secret;
pub mod tracing;

use crate::run::Plugin;

/// The four binaries' clap types, for `plugins/*/main.rs`.
pub type MeshCa = crate::ca::Cli;
pub type MeshSecret = crate::secret::Cli;
pub type MeshExpose = crate::expose::Cli;
pub type MeshTracing = tracing::Cli;

/// Every plugin's name and its clap command (with the executable's own name).
pub fn plugins() -> Vec<(&'static str, clap::Command)> {
    vec![
        (MeshCa::NAME, MeshCa::binary_command()),
        (MeshSecret::NAME, MeshSecret::binary_command()),
        (MeshExpose::NAME, MeshExpose::binary_command()),
        (MeshTracing::NAME, MeshTracing::binary_command()),
    ]
}
