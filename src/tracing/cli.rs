//! `kubectl mesh-tracing`'s commands and their flags; the binary's `Cli`, which adds `doctor` and
//! the shared `version`/`completion`, is in `crate::commands::tracing`.

use std::time::Duration;

use clap::{Args, Subcommand};

use super::telemetry::build::{Mode, Provider};
use crate::cli::parse_duration;

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Point every cluster's proxies at the collector (Telemetry API, or mesh config and restarts)
    #[command(after_help = "Examples:
  kubectl mesh-tracing set --addr 192.168.229.100:15018 --all-contexts
  kubectl mesh-tracing set --via-gateway cluster1 --context cluster1,cluster2 --sampling 10
  kubectl mesh-tracing set --via-gateway cluster1 --all-contexts --dry-run
  kubectl mesh-tracing set --mode telemetry --addr zipkin.observability:9411 --sampling 5 --all-contexts")]
    Set(SetArgs),
    /// Per cluster: the mesh config's tracing settings and how many injected workloads run with others
    #[command(after_help = "Examples:
  kubectl mesh-tracing show --all-contexts
  kubectl mesh-tracing show --context cluster1 --revision canary -o json")]
    Show(RevisionArg),
    /// Only the restart step: stale workloads (every injected one with --all)
    #[command(after_help = "Examples:
  kubectl mesh-tracing restart --all-contexts --wait
  kubectl mesh-tracing restart --context cluster2 -n bookinfo --dry-run")]
    Restart(RestartArgs),
    /// Remove what set wrote: the Telemetry API settings, or the mesh config's zipkin address
    /// (enableTracing and sampling stay; stale proxies restart)
    #[command(after_help = "Examples:
  kubectl mesh-tracing unset --all-contexts
  kubectl mesh-tracing unset --context cluster1 --dry-run=server
  kubectl mesh-tracing unset --mode telemetry --all-contexts")]
    Unset(UnsetArgs),
    /// Move a mesh between the two paths: write the new settings, then remove the old ones and
    /// restart only the workloads whose proxies carried them
    #[command(after_help = "Examples:
  kubectl mesh-tracing migrate --to telemetry --all-contexts --dry-run
  kubectl mesh-tracing migrate --to telemetry --context cluster1,cluster2 --wait
  kubectl mesh-tracing migrate --to proxy-config --all-contexts")]
    Migrate(MigrateArgs),
    /// Ask the collector, through a port-forward to its pod, for each cluster's spans: how many
    /// arrived within --since and when the newest did (Jaeger's or Zipkin's query API)
    #[command(after_help = "Examples:
  kubectl mesh-tracing spans --all-contexts
  kubectl mesh-tracing spans --context cluster1,cluster2,cluster3 --collector cluster1 --since 1h -o json")]
    Spans(SpansArgs),
}

#[derive(Args, Debug, Clone)]
pub struct SpansArgs {
    /// The cluster running the collector [default: the first with a Running pod behind Service zipkin]
    #[arg(long, value_name = "CONTEXT")]
    pub collector: Option<String>,
    /// How far back to count spans
    #[arg(long, value_name = "DURATION", default_value = "15m", value_parser = parse_duration)]
    pub since: Duration,
}

/// `--revision`, for every command that reads or edits a mesh config; checked once, here.
#[derive(Args, Debug, Clone, Default)]
pub struct RevisionArg {
    /// Istio revision whose mesh config to use: ConfigMap istio-REV instead of istio
    #[arg(long, value_name = "REV", value_parser = parse_revision)]
    pub revision: Option<String>,
}

impl RevisionArg {
    /// The mesh config's ConfigMap: `istio-REV`, or `istio` for no revision or `default`.
    pub fn mesh_configmap(&self) -> String {
        match self.revision.as_deref() {
            None | Some("") | Some("default") => "istio".into(),
            Some(r) => format!("istio-{r}"),
        }
    }
}

fn parse_revision(s: &str) -> std::result::Result<String, String> {
    crate::cli::validate_dns_label(s, "--revision")
        .map(|()| s.to_string())
        .map_err(|e| e.to_string())
}

/// Flags of every command that edits and restarts.
#[derive(Args, Debug, Clone)]
pub struct ApplyArgs {
    #[command(flatten)]
    pub revision: RevisionArg,
    /// Edit the mesh config only; restart nothing
    #[arg(long)]
    pub no_restart: bool,
    #[command(flatten)]
    pub restart: RestartOpts,
    /// Print the IstioOperator / helm values that make the change survive upgrades, and change nothing
    #[arg(long)]
    pub print_config: bool,
}

#[derive(Args, Debug, Clone)]
pub struct RestartOpts {
    /// Restarts in flight at once, per cluster
    #[arg(long, default_value_t = 16, value_parser = clap::value_parser!(u16).range(1..=256))]
    pub concurrency: u16,
    /// Follow the roll-outs until they finish (or --timeout)
    #[arg(long)]
    pub wait: bool,
    /// How long --wait waits
    #[arg(long, value_name = "DURATION", default_value = "5m", value_parser = parse_duration)]
    pub timeout: Duration,
}

#[derive(Args, Debug, Clone)]
pub struct SetArgs {
    /// The collector address proxies send spans to (HOST:PORT)
    #[arg(long, value_name = "HOST:PORT", required_unless_present_any = ["via_gateway", "print_config"], conflicts_with = "via_gateway")]
    pub addr: Option<String>,
    /// Take the address from `kubectl mesh-expose zipkin` in this context (`mesh-expose otel` with
    /// --provider opentelemetry); that cluster itself keeps the in-cluster address unless --same-address
    #[arg(long, value_name = "CONTEXT")]
    pub via_gateway: Option<String>,
    /// With --via-gateway: use the gateway address in the collector's own cluster too
    #[arg(long)]
    pub same_address: bool,
    /// Percentage of requests traced, 0..100 [default: keep the current value, 100 if none]
    #[arg(long, value_name = "PCT", allow_negative_numbers = true)]
    pub sampling: Option<f64>,
    #[command(flatten)]
    pub mode: ModeArg,
    /// Tag every span with the proxy's cluster (ISTIO_META_CLUSTER_ID) under this tag name, as Kiali
    /// filters traces by `cluster`; a tag already set is kept [default: none added]
    #[arg(long, value_name = "NAME")]
    pub cluster_tag: Option<String>,
    /// With --mode telemetry: the tracer of the provider (opentelemetry: OTLP over gRPC)
    #[arg(long, value_enum, default_value_t = Provider::Zipkin)]
    pub provider: Provider,
    #[command(flatten)]
    pub apply: ApplyArgs,
}

/// `--mode`, for set and unset.
#[derive(Args, Debug, Clone, Default)]
pub struct ModeArg {
    /// Where tracing is configured: telemetry (an extensionProviders entry and a mesh-wide Telemetry
    /// that istiod pushes to running proxies: nothing restarts), proxy-config (defaultConfig.tracing,
    /// read by proxies at start: stale ones are restarted), or auto (telemetry where Istio serves the
    /// Telemetry API, 1.22 and later)
    #[arg(long, value_enum, default_value_t = Mode::Auto)]
    pub mode: Mode,
}

#[derive(Args, Debug, Clone)]
pub struct UnsetArgs {
    #[command(flatten)]
    pub mode: ModeArg,
    #[command(flatten)]
    pub apply: ApplyArgs,
}

/// The path `migrate` moves a mesh to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum MigrateTo {
    /// From defaultConfig.tracing to the Telemetry API (the address and sampling carry over)
    Telemetry,
    /// From the Telemetry API back to defaultConfig.tracing (zipkin providers only)
    ProxyConfig,
}

#[derive(Args, Debug, Clone)]
pub struct MigrateArgs {
    /// The path to move to
    #[arg(long, value_enum)]
    pub to: MigrateTo,
    /// Percentage of requests traced, 0..100 [default: carried over from the old path]
    #[arg(long, value_name = "PCT", allow_negative_numbers = true)]
    pub sampling: Option<f64>,
    #[command(flatten)]
    pub revision: RevisionArg,
    #[command(flatten)]
    pub restart: RestartOpts,
}

#[derive(Args, Debug, Clone)]
pub struct RestartArgs {
    /// Restart every injected workload, not only the stale ones
    #[arg(long)]
    pub all: bool,
    #[command(flatten)]
    pub revision: RevisionArg,
    #[command(flatten)]
    pub restart: RestartOpts,
}
