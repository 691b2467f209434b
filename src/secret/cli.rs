//! `kubectl mesh-secret`: flags and dispatch.

use std::time::Duration;

use clap::{Args, Parser, Subcommand};

use crate::cli::{parse_duration, parse_token_ttl, GlobalArgs, IstioNamespaceAlias};

/// Remote secrets between clusters, in every direction the topology needs, with one command.
///
/// Replaces `istioctl x create-remote-secret` in one cluster, copying the file, and `kubectl apply`
/// in the other, for every pair. The reader identity on each source cluster is
/// `istio-reader-service-account` in the Istio namespace; the suite creates it (with read-only RBAC)
/// when it is missing and removes only what it created.
#[derive(Parser, Debug)]
#[command(version, arg_required_else_help = true)]
#[command(after_help = "Examples:
  kubectl mesh-secret link --context cluster1,cluster2,cluster3        # multi-primary: every pair
  kubectl mesh-secret link --primary cluster1 --remote cluster2        # primary-remote
  kubectl mesh-secret create --context cluster2 | kubectl apply -f - --context cluster1
  kubectl mesh-secret list --all-contexts")]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,
    #[command(flatten)]
    pub ns_alias: IstioNamespaceAlias,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Print the remote secret for one cluster (for GitOps or `| kubectl apply -f -`); it makes the
    /// reader identity and token it needs in that cluster, and applies nothing elsewhere
    #[command(after_help = "Examples:
  kubectl mesh-secret create --context cluster2 | kubectl apply --context cluster1 -f -
  kubectl mesh-secret create --context cluster2 --name cluster2 --server https://10.0.0.2:6443")]
    Create(CreateArgs),
    /// Give every control plane a remote secret for every other cluster it must watch
    #[command(after_help = "Examples:
  kubectl mesh-secret link --context cluster1,cluster2,cluster3
  kubectl mesh-secret link --primary cluster1 --remote cluster2,cluster3
  kubectl mesh-secret link --all-contexts --token-ttl 720h --dry-run=server")]
    Link(LinkArgs),
    /// Show each cluster's remote secrets and whether they work right now
    #[command(after_help = "Examples:
  kubectl mesh-secret list --all-contexts
  kubectl mesh-secret list --context cluster1 -o json")]
    List(crate::expiry::ExpiryArgs),
    /// Give every remote secret between these clusters a new token: mint it, replace the secret, wait
    /// until the receiving istiod uses it, then revoke the old one (never before)
    #[command(after_help = "Examples:
  kubectl mesh-secret rotate --context cluster1,cluster2,cluster3
  kubectl mesh-secret rotate --all-contexts --wait 5m
  kubectl mesh-secret rotate --context cluster1,cluster2 --token-ttl 720h
  kubectl mesh-secret rotate --context cluster1,cluster2 --dry-run=client")]
    Rotate(RotateArgs),
    /// Remove the remote secrets `link` made between exactly these clusters; a source's token and
    /// RBAC go only when no remote secret elsewhere still uses them
    #[command(after_help = "Examples:
  kubectl mesh-secret unlink --context cluster1,cluster2
  kubectl mesh-secret unlink --primary cluster1 --remote cluster2 --dry-run")]
    Unlink(TopologyArgs),
    #[command(flatten)]
    Meta(crate::meta::Meta),
}

#[derive(Args, Debug, Clone)]
pub struct TokenArgs {
    /// Use a TokenRequest token valid this long (e.g. 720h) instead of a long-lived service-account
    /// token Secret; `link` renews tokens within a fifth of this of expiry
    #[arg(long, value_name = "DURATION", value_parser = parse_token_ttl)]
    pub token_ttl: Option<Duration>,
    /// How long to wait for the token controller to fill a new token Secret
    #[arg(long, value_name = "DURATION", default_value = "30s", value_parser = parse_duration)]
    pub token_timeout: Duration,
}

#[derive(Args, Debug)]
pub struct CreateArgs {
    /// Cluster name (the data key and secret name suffix) [default: the context's name]
    #[arg(long)]
    pub name: Option<String>,
    /// API server address for the other clusters to use [default: the kubeconfig's]
    #[arg(long, value_name = "URL")]
    pub server: Option<String>,
    /// Allow a loopback API server address
    #[arg(long)]
    pub allow_loopback: bool,
    #[command(flatten)]
    pub token: TokenArgs,
}

#[derive(Args, Debug, Clone)]
pub struct TopologyArgs {
    /// Cluster(s) running a control plane (primary-remote); use with --remote instead of --context
    #[arg(long, value_name = "CONTEXT", value_delimiter = ',')]
    pub primary: Vec<String>,
    /// Cluster(s) without a control plane: only the primaries get their secrets
    #[arg(long, value_name = "CONTEXT", value_delimiter = ',')]
    pub remote: Vec<String>,
    /// Cluster name for a context (default: the context's name); repeat or comma-separate
    #[arg(long = "cluster-name", value_name = "CONTEXT=NAME", value_delimiter = ',')]
    pub cluster_names: Vec<String>,
}

#[derive(Args, Debug)]
pub struct LinkArgs {
    #[command(flatten)]
    pub topology: TopologyArgs,
    /// API server address other clusters should use for a context; repeat or comma-separate
    #[arg(long = "server", value_name = "CONTEXT=URL", value_delimiter = ',')]
    pub servers: Vec<String>,
    /// Allow loopback API server addresses (only useful when all clusters run on one machine)
    #[arg(long)]
    pub allow_loopback: bool,
    #[command(flatten)]
    pub token: TokenArgs,
}

#[derive(Args, Debug)]
pub struct RotateArgs {
    /// Cluster name for a context (default: the context's name); repeat or comma-separate
    #[arg(long = "cluster-name", value_name = "CONTEXT=NAME", value_delimiter = ',')]
    pub cluster_names: Vec<String>,
    #[command(flatten)]
    pub token: TokenArgs,
    /// How long to wait for each receiving istiod to use its new token; the old token is revoked only
    /// once it has
    #[arg(long, value_name = "DURATION", default_value = "2m", value_parser = parse_duration)]
    pub wait: Duration,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flags() {
        let c = Cli::try_parse_from([
            "x",
            "link",
            "--primary",
            "a",
            "--remote",
            "b,c",
            "--server",
            "b=https://1.2.3.4",
        ])
        .unwrap();
        let Command::Link(l) = c.command else { panic!() };
        assert_eq!(l.topology.remote, ["b", "c"]);
        assert_eq!(l.servers, ["b=https://1.2.3.4"]);
        let c =
            Cli::try_parse_from(["x", "link", "--context", "a,b", "--token-ttl", "720h"]).unwrap();
        let Command::Link(l) = c.command else { panic!() };
        assert_eq!(l.token.token_ttl, Some(Duration::from_secs(720 * 3600)));
        for bad in ["0", "1s", "9m", "1e19", "1e20"] {
            assert!(
                Cli::try_parse_from(["x", "link", "--context", "a,b", "--token-ttl", bad]).is_err(),
                "{bad}"
            );
        }
    }
}
