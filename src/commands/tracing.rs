//! `kubectl mesh-tracing`: the plugin's commands, `doctor` (which sits above all four plugins) and
//! the shared `version`/`completion`, in one clap command, and their dispatch.

use std::io::Write;

use clap::{Parser, Subcommand};

use crate::cli::{GlobalArgs, NamespaceArgs};
use crate::doctor::{self, DoctorArgs};
use crate::error::Result;
use crate::meta::Meta;
use crate::run::Plugin;
use crate::session::Session;
use crate::tracing;

/// Point every cluster's proxies at the collector.
///
/// Through Istio's Telemetry API where it is served (istiod pushes it: nothing restarts), or
/// through each mesh config's defaultConfig.tracing, which proxies read only when they start: the
/// injected workloads whose proxies run with other settings are then restarted (once, the way
/// `kubectl rollout restart` does).
#[derive(Parser, Debug)]
#[command(version, arg_required_else_help = true)]
#[command(after_help = "Examples:
  kubectl mesh-tracing set --addr 192.168.229.100:15018 --all-contexts
  kubectl mesh-tracing set --via-gateway cluster1 --context cluster1,cluster2
  kubectl mesh-tracing show --all-contexts
  kubectl mesh-tracing doctor --all-contexts")]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,
    #[command(flatten)]
    pub ns: NamespaceArgs,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    #[command(flatten)]
    Tracing(tracing::Command),
    /// Check the whole chain across clusters (CA, remote secrets, exposure, mesh config, proxies)
    #[command(after_help = "Examples:
  kubectl mesh-tracing doctor --all-contexts
  kubectl mesh-tracing doctor --context cluster1,cluster2 -o json")]
    Doctor(DoctorArgs),
    #[command(flatten)]
    Meta(Meta),
}

impl Plugin for Cli {
    const NAME: &'static str = "mesh-tracing";

    fn global(&self) -> &GlobalArgs {
        &self.global
    }

    async fn run(self, s: &Session, out: &mut dyn Write) -> Result<()> {
        for n in &self.ns.namespaces {
            crate::cli::validate_dns_label(n, "-n")?;
        }
        match &self.command {
            Command::Tracing(c) => {
                let ns = &self.ns.namespaces;
                match c {
                    tracing::Command::Set(a) => tracing::set::set(s, ns, a, out).await,
                    tracing::Command::Unset(a) => tracing::set::unset(s, ns, a, out).await,
                    tracing::Command::Restart(a) => tracing::set::restart(s, ns, a, out).await,
                    tracing::Command::Migrate(a) => tracing::migrate::migrate(s, ns, a, out).await,
                    tracing::Command::Show(a) => tracing::show::show(s, ns, a, out).await,
                    tracing::Command::Spans(a) => tracing::spans::spans(s, a, out).await,
                }
            }
            Command::Doctor(a) => doctor::doctor(s, &self.ns.namespaces, a, out).await,
            Command::Meta(m) => super::meta::run::<Self>(m, s, out).await,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tracing::cli::{Command as T, RevisionArg};

    #[test]
    fn flags() {
        let c = Cli::try_parse_from([
            "x",
            "set",
            "--addr",
            "a:1",
            "--all-contexts",
            "-n",
            "a,b",
            "--concurrency",
            "4",
        ])
        .unwrap();
        let Command::Tracing(T::Set(s)) = c.command else { panic!() };
        assert_eq!(s.addr.as_deref(), Some("a:1"));
        assert_eq!(s.apply.restart.concurrency, 4);
        assert_eq!(c.ns.namespaces, ["a", "b"]);
        assert!(Cli::try_parse_from(["x", "set"]).is_err(), "needs --addr or --via-gateway");
        assert!(Cli::try_parse_from(["x", "set", "--addr", "a:1", "--via-gateway", "c"]).is_err());
        assert!(Cli::try_parse_from(["x", "set", "--via-gateway", "c1"]).is_ok());
        for cmd in ["set", "unset", "restart", "show", "doctor"] {
            let mut args = vec!["x", cmd, "--revision", "Bad_Rev"];
            if cmd == "set" {
                args.extend(["--addr", "a:1"]);
            }
            assert!(Cli::try_parse_from(&args).is_err(), "{cmd} took a bad revision");
        }
        let c = Cli::try_parse_from(["x", "show", "--revision", "canary"]).unwrap();
        let Command::Tracing(T::Show(r)) = c.command else { panic!() };
        assert_eq!(r.mesh_configmap(), "istio-canary");
        assert_eq!(RevisionArg::default().mesh_configmap(), "istio");
        assert_eq!(RevisionArg { revision: Some("default".into()) }.mesh_configmap(), "istio");
    }
}
