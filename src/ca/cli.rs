//! `kubectl mesh-ca`: flags and dispatch.

use std::path::PathBuf;
use std::time::Duration;

use clap::{Args, Parser, Subcommand};

use super::pki::KeyAlgorithm;
use crate::cli::{parse_duration, GlobalArgs, IstioNamespaceAlias};

/// One offline root CA, an intermediate per cluster, installed as Istio's `cacerts` and verified
/// everywhere.
///
/// Replaces Istio's `make -f Makefile.selfsigned.mk root-ca` / `<cluster>-cacerts`, copying the
/// files around, and `kubectl create secret generic cacerts` in every cluster. The root key never
/// leaves the local folder.
#[derive(Parser, Debug)]
#[command(version, arg_required_else_help = true)]
#[command(after_help = "Examples:
  kubectl mesh-ca init
  kubectl mesh-ca install --context cluster1,cluster2
  kubectl mesh-ca status --all-contexts")]
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
    /// Make the offline root CA (DIR/root-cert.pem, DIR/root-key.pem)
    #[command(after_help = "Examples:
  kubectl mesh-ca init
  kubectl mesh-ca init --dir ./mesh-ca --key-algorithm rsa-4096 --days 3650
  kubectl mesh-ca init --force   # the old root is kept as root-*.pem.<time>.bak")]
    Init(InitArgs),
    /// Make an intermediate CA for each cluster (DIR/CLUSTER/*.pem), signed by the root
    #[command(after_help = "Examples:
  kubectl mesh-ca issue cluster1 cluster2
  kubectl mesh-ca issue cluster1 --days 365 --renew-before 720h")]
    Issue(IssueCmd),
    /// Issue what is missing and install `cacerts` in the Istio namespace of each cluster
    #[command(after_help = "Examples:
  kubectl mesh-ca install --context cluster1,cluster2
  kubectl mesh-ca install --all-contexts --restart-istiod
  kubectl mesh-ca install --context cluster1 --dry-run=server")]
    Install(InstallArgs),
    /// Check the local files: chains, keys, CA flags, expiry
    #[command(after_help = "Examples:
  kubectl mesh-ca verify
  kubectl mesh-ca verify --dir ./mesh-ca -o json")]
    Verify(CheckArgs),
    /// Read `cacerts` from each cluster and show whether they all chain to one root
    #[command(after_help = "Examples:
  kubectl mesh-ca status --all-contexts
  kubectl mesh-ca status --context cluster1,cluster2 -o yaml")]
    Status(CheckArgs),
    /// Rotate a credential: `rotate intermediate` issues new intermediates from the same root and
    /// installs them; `rotate root` moves the mesh to a new root in three phases
    #[command(subcommand)]
    #[command(after_help = "Examples:
  kubectl mesh-ca rotate intermediate --context cluster1 --restart-istiod
  kubectl mesh-ca rotate root --all-contexts --restart-istiod")]
    Rotate(RotateCmd),
    #[command(flatten)]
    Meta(crate::meta::Meta),
}

#[derive(Args, Debug, Clone)]
pub struct DirArg {
    /// Folder of the root and the per-cluster bundles
    #[arg(long, value_name = "DIR", default_value = "mesh-ca")]
    pub dir: PathBuf,
}

/// `verify` and `status`: the folder, and how near expiry is worth a warning.
#[derive(Args, Debug, Clone)]
pub struct CheckArgs {
    #[command(flatten)]
    pub dir: DirArg,
    #[command(flatten)]
    pub expiry: crate::expiry::ExpiryArgs,
}

#[derive(Args, Debug)]
pub struct InitArgs {
    #[command(flatten)]
    pub dir: DirArg,
    /// Key algorithm of the root
    #[arg(long, value_enum, default_value_t = KeyAlgorithm::EcdsaP256)]
    pub key_algorithm: KeyAlgorithm,
    /// Validity of the root, in days
    #[arg(long, default_value_t = 3650, value_parser = clap::value_parser!(u32).range(1..=36500))]
    pub days: u32,
    /// Organization (O=) of the root and its intermediates
    #[arg(long, default_value = "Istio")]
    pub org: String,
    /// Replace an existing root (every cluster must then get a new intermediate)
    #[arg(long)]
    pub force: bool,
}

/// How intermediates are issued; shared by `issue` and `install`.
#[derive(Args, Debug, Clone)]
pub struct IssueArgs {
    #[command(flatten)]
    pub new: IntermediateArgs,
    /// Re-issue an intermediate that expires within this long
    #[arg(long, value_name = "DURATION", default_value = "30d", value_parser = parse_duration)]
    pub renew_before: Duration,
    /// Re-issue even valid intermediates
    #[arg(long)]
    pub force: bool,
}

/// What a new intermediate is made from and of (issue, install, rotate).
#[derive(Args, Clone, Debug)]
pub struct IntermediateArgs {
    #[command(flatten)]
    pub dir: DirArg,
    /// Validity of each intermediate, in days (never past the root's expiry)
    #[arg(long, default_value_t = 730, value_parser = clap::value_parser!(u32).range(1..=36500))]
    pub days: u32,
    /// Key algorithm of the intermediates [default: the root's]
    #[arg(long, value_enum)]
    pub key_algorithm: Option<KeyAlgorithm>,
}

/// Where intermediates are installed (install, rotate).
#[derive(Args, Clone, Debug)]
pub struct TargetArgs {
    /// Cluster name to use for a context (default: the context's name); repeat or comma-separate
    #[arg(long = "cluster-name", value_name = "CONTEXT=NAME", value_delimiter = ',')]
    pub cluster_names: Vec<String>,
    /// Restart istiod where it runs, so that it signs with the new intermediate at once (istiod
    /// otherwise reloads its mounted cacerts on its own once the kubelet has updated them)
    #[arg(long)]
    pub restart_istiod: bool,
}

#[derive(Args, Debug)]
pub struct IssueCmd {
    /// Cluster names (DNS labels; Istio's multiCluster.clusterName)
    #[arg(value_name = "CLUSTER", required = true)]
    pub clusters: Vec<String>,
    #[command(flatten)]
    pub issue: IssueArgs,
}

#[derive(Args, Debug)]
pub struct InstallArgs {
    #[command(flatten)]
    pub issue: IssueArgs,
    #[command(flatten)]
    pub targets: TargetArgs,
}

#[derive(Subcommand, Debug)]
pub enum RotateCmd {
    /// New intermediates from the same root, installed as `cacerts` in each cluster (the old ones are
    /// kept beside them as *.bak); the root and every `istio-ca-root-cert` stay as they are
    #[command(after_help = "Examples:
  kubectl mesh-ca rotate intermediate --context cluster1
  kubectl mesh-ca rotate intermediate --all-contexts --restart-istiod
  kubectl mesh-ca rotate intermediate --context cluster1,cluster2 --dry-run=server")]
    Intermediate(RotateIntermediateArgs),
    /// Move every cluster to a new root in three runs, with no moment where two clusters fail to
    /// trust each other: (1) root-cert.pem trusts the old and the new root, (2) new intermediates
    /// signed by the new root, (3) the old root dropped. Each run takes every cluster one phase on;
    /// the phase is recorded on `cacerts`, so an interrupted run resumes
    #[command(after_help = "Examples:
  kubectl mesh-ca rotate root --all-contexts --restart-istiod     # phase 1
  kubectl mesh-ca status --all-contexts                           # the ROTATION column
  kubectl mesh-ca rotate root --all-contexts --restart-istiod     # phase 2, once proxies hold both roots
  kubectl mesh-ca rotate root --all-contexts --restart-istiod     # phase 3, once workloads renewed
  kubectl mesh-ca rotate root --context cluster1,cluster2 --dry-run=client")]
    Root(RotateRootArgs),
}

#[derive(Args, Debug)]
pub struct RotateRootArgs {
    #[command(flatten)]
    pub new: IntermediateArgs,
    /// Take every cluster to this phase (1, 2 or 3) instead of one phase on; clusters already there
    /// are left as they are, so an interrupted run resumes with the same command
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u8).range(1..=3))]
    pub phase: Option<u8>,
    /// Validity of the new root, in days (made in phase 1; its key algorithm is --key-algorithm,
    /// by default the current root's)
    #[arg(long, default_value_t = 3650, value_parser = clap::value_parser!(u32).range(1..=36500))]
    pub root_days: u32,
    #[command(flatten)]
    pub targets: TargetArgs,
}

#[derive(Args, Debug)]
pub struct RotateIntermediateArgs {
    #[command(flatten)]
    pub new: IntermediateArgs,
    #[command(flatten)]
    pub targets: TargetArgs,
}

impl RotateIntermediateArgs {
    /// Rotation is an install that re-issues even valid intermediates.
    pub fn as_install(&self) -> InstallArgs {
        InstallArgs {
            issue: IssueArgs { new: self.new.clone(), renew_before: Duration::ZERO, force: true },
            targets: self.targets.clone(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flags_parse_like_the_issue_says() {
        let c = Cli::try_parse_from([
            "x",
            "init",
            "--key-algorithm",
            "rsa-4096",
            "--days",
            "10",
            "--org",
            "Acme",
        ])
        .unwrap();
        let Command::Init(a) = c.command else { panic!() };
        assert_eq!((a.key_algorithm, a.days, a.org.as_str()), (KeyAlgorithm::Rsa4096, 10, "Acme"));
        assert!(Cli::try_parse_from(["x", "init", "--days", "0"]).is_err());
        assert!(Cli::try_parse_from(["x", "init", "--key-algorithm", "ed25519"]).is_err());
        let c = Cli::try_parse_from([
            "x",
            "install",
            "--context",
            "a,b",
            "--cluster-name",
            "a=one,b=two",
        ])
        .unwrap();
        let Command::Install(a) = c.command else { panic!() };
        assert_eq!(a.targets.cluster_names, ["a=one", "b=two"]);
        assert_eq!(c.global.contexts, ["a", "b"]);
        assert_eq!(a.issue.renew_before, Duration::from_secs(30 * 86400));
        assert!(Cli::try_parse_from(["x", "issue"]).is_err(), "issue needs a cluster");
    }
}
