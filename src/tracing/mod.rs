//! `kubectl mesh-tracing`: set the tracing address in every cluster's mesh config, then restart only
//! the stale proxies.
//!
//! `meshconfig` (pure: edit the mesh YAML, diffs), `stale` (pure: which workloads run other
//! settings), `source` (which mesh config serves each cluster), `plan` (read everything, decide),
//! `set` (set, unset, restart: from flags to a plan), `carry_out` (write, restart, wait, report),
//! `migrate` (from one path to the other), `report` (their rows), `telemetry` (the Telemetry API
//! path: `build` pure, `mod` I/O), `show`. `doctor` lives above the four plugins (`crate::doctor`).

mod carry_out;
pub mod cli;
pub mod meshconfig;
pub mod migrate;
pub mod plan;
pub mod report;
pub mod set;
pub mod show;
pub mod source;
pub mod stale;
pub mod telemetry;
pub mod yaml_lines;

use std::io::Write;

use crate::cli::GlobalArgs;
use crate::error::Result;
use crate::run::Plugin;
use crate::session::Session;

pub use cli::Cli;
pub use show::{show_rows, ShowRow};

impl Plugin for Cli {
    const NAME: &'static str = "mesh-tracing";

    fn global(&self) -> &GlobalArgs {
        &self.global
    }

    async fn run(self, s: &Session, out: &mut dyn Write) -> Result<()> {
        crate::cli::validate_dns_label(&self.global.istio_namespace, "--istio-namespace")?;
        for n in &self.ns.namespaces {
            crate::cli::validate_dns_label(n, "-n")?;
        }
        match &self.command {
            cli::Command::Set(a) => set::set(s, &self.ns.namespaces, a, out).await,
            cli::Command::Unset(a) => set::unset(s, &self.ns.namespaces, a, out).await,
            cli::Command::Restart(a) => set::restart(s, &self.ns.namespaces, a, out).await,
            cli::Command::Migrate(a) => migrate::migrate(s, &self.ns.namespaces, a, out).await,
            cli::Command::Show(a) => show::show(s, &self.ns.namespaces, a, out).await,
            cli::Command::Doctor(a) => crate::doctor::doctor(s, &self.ns.namespaces, a, out).await,
            cli::Command::Meta(m) => m.run::<Self>(s, out).await,
        }
    }
}
