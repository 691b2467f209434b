//! The flags every plugin shares, spelled the way kubectl spells them.
//!
//! kubectl does not forward its own global flags to plugins, so each plugin parses them itself.

use std::path::PathBuf;
use std::time::Duration;

use clap::{Args, ValueEnum};

use crate::error::{Error, Result};

pub const DEFAULT_ISTIO_NAMESPACE: &str = "istio-system";

/// Output format (`-o`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, ValueEnum)]
pub enum Output {
    #[default]
    Table,
    /// The table with the columns that have more to say (`mesh-tracing show`: which workloads)
    Wide,
    Yaml,
    Json,
}

impl Output {
    /// A table, plain or wide.
    pub fn is_table(self) -> bool {
        matches!(self, Output::Table | Output::Wide)
    }

    /// Manifests (`--dry-run=client`, `create`) print as YAML unless JSON was asked for.
    pub fn for_manifests(self) -> Output {
        if self == Output::Json {
            Output::Json
        } else {
            Output::Yaml
        }
    }
}

/// `--dry-run`: as kubectl, a bare `--dry-run` means `client`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, ValueEnum)]
pub enum DryRun {
    #[default]
    None,
    Client,
    Server,
}

impl DryRun {
    pub fn is_dry(self) -> bool {
        self != DryRun::None
    }
}

/// Flags shared by every plugin (`#[command(flatten)]`), all global so they go before or after the
/// subcommand, as with kubectl. Help lists them after the command's own options.
#[derive(Args, Clone, Debug)]
#[command(next_help_heading = "Global Options")]
pub struct GlobalArgs {
    /// Path to the kubeconfig file (default: the files in $KUBECONFIG, merged, else ~/.kube/config)
    #[arg(long, global = true, value_name = "PATH")]
    pub kubeconfig: Option<PathBuf>,

    /// Kubeconfig context(s) to use; repeat or separate with commas for several clusters
    #[arg(long = "context", global = true, value_name = "CONTEXT", value_delimiter = ',')]
    pub contexts: Vec<String>,

    /// Use every context in the kubeconfig
    #[arg(long, global = true, conflicts_with = "contexts")]
    pub all_contexts: bool,

    /// Namespace of the Istio control plane (never taken from the context)
    #[arg(long, global = true, value_name = "NS", default_value = DEFAULT_ISTIO_NAMESPACE)]
    pub istio_namespace: String,

    /// Output format
    #[arg(short = 'o', long, global = true, value_enum, default_value_t = Output::Table)]
    pub output: Output,

    /// Only print what would be done: "client" (nothing is sent) or "server" (the API server
    /// validates without persisting)
    #[arg(long, global = true, value_enum, value_name = "STRATEGY", default_value_t = DryRun::None,
          num_args = 0..=1, require_equals = true, default_missing_value = "client")]
    pub dry_run: DryRun,

    /// How long to wait for a single API request ("0" waits forever; e.g. 10s, 1m)
    #[arg(long, global = true, value_name = "DURATION", default_value = "30s", value_parser = parse_duration)]
    pub request_timeout: Duration,

    /// Log level for debug logs on stderr (kubectl-style: 4 debug, 6 requests, 8 everything)
    #[arg(short = 'v', long = "v", global = true, value_name = "LEVEL", default_value_t = 0)]
    pub verbosity: u8,
}

impl Default for GlobalArgs {
    /// What the flags say when none is given (`istio-system`, a 30s request timeout, …), exactly
    /// as clap fills them in.
    fn default() -> Self {
        #[derive(clap::Parser)]
        struct Only {
            #[command(flatten)]
            g: GlobalArgs,
        }
        <Only as clap::Parser>::parse_from(["kubectl-mesh"]).g
    }
}

/// `-n/--namespace`, for plugins whose commands act on user namespaces.
#[derive(Args, Clone, Debug, Default)]
pub struct NamespaceArgs {
    /// Workload namespace(s) to act on; repeat or separate with commas [default: all, as -A]
    #[arg(
        short = 'n',
        long = "namespace",
        global = true,
        value_name = "NS",
        value_delimiter = ','
    )]
    pub namespaces: Vec<String>,
    /// Act on workloads in every namespace (the default; the mesh config is mesh-wide)
    #[arg(short = 'A', long, global = true, conflicts_with = "namespaces")]
    pub all_namespaces: bool,
}

/// `-n/--namespace` for plugins whose objects all live in the Istio namespace: accepted, as kubectl
/// accepts it everywhere, but it must agree with `--istio-namespace`.
#[derive(Args, Clone, Debug, Default)]
#[command(next_help_heading = "Global Options")]
pub struct IstioNamespaceAlias {
    /// Same as --istio-namespace (this plugin's objects live in the Istio namespace)
    #[arg(short = 'n', long = "namespace", global = true, value_name = "NS")]
    pub namespace: Option<String>,
}

/// kubectl's `--as`, `--as-group`, `--user` and `--cluster` act on one cluster; the suite acts on
/// several, each through its context. They are refused with a pointer before clap sees them, so they
/// appear in neither help nor completion.
pub fn refuse_overrides(args: &[std::ffi::OsString]) -> Result<()> {
    for a in args.iter().skip(1).map(|a| a.to_string_lossy()) {
        if a == "--" {
            break;
        }
        let flag = a.split_once('=').map_or(a.as_ref(), |(f, _)| f);
        if ["--as", "--as-group", "--user", "--cluster"].contains(&flag) {
            return Err(Error::usage(format!(
                "{flag} is not supported: kubectl-mesh uses each context's own cluster and user; make a context \
                 with them (`kubectl config set-context NAME --cluster CLUSTER --user USER`) and pass --context NAME"
            )));
        }
    }
    Ok(())
}

impl GlobalArgs {
    /// The Istio namespace, reconciled with a `-n` given to a plugin whose objects live there.
    pub fn istio_namespace(&self, alias: &IstioNamespaceAlias) -> Result<String> {
        validate_dns_label(&self.istio_namespace, "--istio-namespace")?;
        match &alias.namespace {
            Some(ns)
                if ns != &self.istio_namespace
                    && self.istio_namespace != DEFAULT_ISTIO_NAMESPACE =>
            {
                Err(Error::usage(format!(
                    "-n {ns} disagrees with --istio-namespace {}: pass only one of them",
                    self.istio_namespace
                )))
            }
            Some(ns) => {
                validate_dns_label(ns, "-n")?;
                Ok(ns.clone())
            }
            None => Ok(self.istio_namespace.clone()),
        }
    }

    /// Refuse the flags that choose clusters, for a command that works on local files only.
    /// (`--kubeconfig` alone chooses no cluster, and scripts pass it to every command: accepted.)
    pub fn local_only(&self, command: &str) -> Result<()> {
        let flag = if !self.contexts.is_empty() {
            Some("--context")
        } else if self.all_contexts {
            Some("--all-contexts")
        } else {
            None
        };
        match flag {
            None => Ok(()),
            Some(f) => Err(Error::usage(format!(
                "`{command}` works on the local CA folder only; {f} does not apply (install and status act on clusters)"
            ))),
        }
    }

    /// Reject flags that do not fit a command that acts on exactly one cluster.
    pub fn single_context(&self) -> Result<Option<&str>> {
        if self.all_contexts {
            return Err(Error::usage(
                "this command acts on one cluster: pass --context CONTEXT, not --all-contexts",
            ));
        }
        match self.contexts.as_slice() {
            [] => Ok(None),
            [one] => Ok(Some(one.as_str())),
            _ => Err(Error::usage("this command acts on one cluster: pass a single --context")),
        }
    }
}

/// The longest duration any flag takes (100 years): past it a number is a typo, and `Duration`
/// arithmetic further on must never overflow.
pub const MAX_DURATION: Duration = Duration::from_secs(100 * 365 * 86400);

/// Parse a kubectl-style duration: "30s", "1m", "1h", "500ms", "1h30m" (humantime's units), or a
/// bare number of seconds. "0" means no timeout and is returned as `Duration::ZERO`. Out of range
/// is an error, never a panic.
pub fn parse_duration(s: &str) -> std::result::Result<Duration, String> {
    let s = s.trim();
    let invalid = || format!("invalid duration {s:?}: use e.g. 30s, 5m, 1h or 500ms");
    let out_of_range = || format!("duration {s:?} is out of range (at most 100 years)");
    let d = match s.parse::<f64>() {
        Ok(n) if n.is_finite() && n >= 0.0 => {
            Duration::try_from_secs_f64(n).map_err(|_| out_of_range())?
        }
        Ok(_) => return Err(invalid()),
        Err(_) => humantime::parse_duration(s).map_err(|e| match e {
            humantime::DurationError::NumberOverflow => out_of_range(),
            _ => invalid(),
        })?,
    };
    if d > MAX_DURATION {
        Err(out_of_range())
    } else {
        Ok(d)
    }
}

/// A TokenRequest lifetime: the API server takes 10 minutes to 2^32 seconds.
pub fn parse_token_ttl(s: &str) -> std::result::Result<Duration, String> {
    let d = parse_duration(s)?;
    if d < Duration::from_secs(600) {
        return Err(format!("token TTL {s:?} is under the API server's minimum of 10m"));
    }
    if d.as_secs() > u32::MAX as u64 {
        return Err(format!(
            "token TTL {s:?} is over the API server's maximum of 2^32 seconds (about 136 years)"
        ));
    }
    Ok(d)
}

/// A DNS-1123 label: what Kubernetes namespaces, Istio cluster names and Secret data keys here must be.
pub fn is_dns_label(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 63
        && s.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !s.starts_with('-')
        && !s.ends_with('-')
}

pub fn validate_dns_label(s: &str, what: &str) -> Result<()> {
    if is_dns_label(s) {
        Ok(())
    } else {
        Err(Error::usage(format!(
            "{what} {s:?} is not a DNS-1123 label (lower-case letters, digits and '-', at most 63, starting and ending with a letter or digit)"
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser;

    #[derive(Parser, Debug)]
    struct T {
        #[command(flatten)]
        g: GlobalArgs,
        #[command(flatten)]
        ns: NamespaceArgs,
    }

    #[test]
    fn contexts_repeat_or_comma() {
        let t = T::try_parse_from(["t", "--context", "a,b", "--context=c"]).unwrap();
        assert_eq!(t.g.contexts, ["a", "b", "c"]);
        assert!(T::try_parse_from(["t", "--context", "a", "--all-contexts"]).is_err());
    }

    #[test]
    fn dry_run_like_kubectl() {
        assert_eq!(T::try_parse_from(["t"]).unwrap().g.dry_run, DryRun::None);
        assert_eq!(T::try_parse_from(["t", "--dry-run"]).unwrap().g.dry_run, DryRun::Client);
        assert_eq!(T::try_parse_from(["t", "--dry-run=server"]).unwrap().g.dry_run, DryRun::Server);
        assert_eq!(T::try_parse_from(["t", "--dry-run=none"]).unwrap().g.dry_run, DryRun::None);
        assert!(T::try_parse_from(["t", "--dry-run=maybe"]).is_err());
    }

    #[test]
    fn output_and_namespaces() {
        let t = T::try_parse_from(["t", "-o", "json", "-n", "a,b"]).unwrap();
        assert_eq!(t.g.output, Output::Json);
        assert_eq!(t.ns.namespaces, ["a", "b"]);
        assert_eq!(T::try_parse_from(["t", "-o", "wide"]).unwrap().g.output, Output::Wide);
        assert!(T::try_parse_from(["t", "-o", "name"]).is_err());
        assert_eq!(t.g.istio_namespace, "istio-system");
    }

    #[test]
    fn durations() {
        assert_eq!(parse_duration("30s").unwrap(), Duration::from_secs(30));
        assert_eq!(parse_duration("1m30s").unwrap(), Duration::from_secs(90));
        assert_eq!(parse_duration("500ms").unwrap(), Duration::from_millis(500));
        assert_eq!(parse_duration("0").unwrap(), Duration::ZERO);
        assert_eq!(parse_duration("5").unwrap(), Duration::from_secs(5));
        for bad in [
            "",
            "s",
            "5x",
            "-1",
            "1m-",
            "1e20",
            "1e19s",
            "inf",
            "NaN",
            "99999999999999999999h",
            "1e308d",
        ] {
            assert!(parse_duration(bad).is_err(), "{bad}");
        }
        assert!(
            parse_token_ttl("0").is_err()
                && parse_token_ttl("1s").is_err()
                && parse_token_ttl("1e19").is_err()
        );
        assert_eq!(parse_token_ttl("10m").unwrap(), Duration::from_secs(600));
        assert!(parse_token_ttl("720h").is_ok());
    }

    #[test]
    fn dns_labels() {
        assert!(is_dns_label("cluster-1"));
        for bad in ["", "-a", "a-", "A", "a.b", "a_b", &"x".repeat(64)] {
            assert!(!is_dns_label(bad), "{bad}");
        }
    }

    #[test]
    fn kubectls_overrides_are_refused_with_a_pointer() {
        let argv = |v: &[&str]| v.iter().map(std::ffi::OsString::from).collect::<Vec<_>>();
        for flag in ["--as=a", "--as-group", "--user", "--cluster=c"] {
            let e = refuse_overrides(&argv(&["x", "list", flag])).unwrap_err();
            assert_eq!(e.exit_code(), 2);
            assert!(e.to_string().contains("kubectl config set-context"), "{e}");
        }
        assert!(refuse_overrides(&argv(&["x", "list", "--cluster-name", "a=b"])).is_ok());
        assert!(refuse_overrides(&argv(&["x", "--", "--user"])).is_ok());
        let t = T::try_parse_from(["t", "--context", "a"]).unwrap();
        assert!(t
            .g
            .local_only("init")
            .unwrap_err()
            .to_string()
            .contains("--context does not apply"));
    }

    #[test]
    fn the_default_flags_are_the_ones_clap_gives() {
        let g = GlobalArgs::default();
        assert_eq!(g.istio_namespace, DEFAULT_ISTIO_NAMESPACE);
        assert_eq!(g.request_timeout, Duration::from_secs(30));
        assert_eq!((g.output, g.dry_run, g.all_contexts), (Output::Table, DryRun::None, false));
    }

    #[test]
    fn istio_namespace_alias() {
        let g =
            GlobalArgs { istio_namespace: DEFAULT_ISTIO_NAMESPACE.into(), ..Default::default() };
        let none = IstioNamespaceAlias::default();
        assert_eq!(g.istio_namespace(&none).unwrap(), "istio-system");
        let n = IstioNamespaceAlias { namespace: Some("mesh".into()) };
        assert_eq!(g.istio_namespace(&n).unwrap(), "mesh");
        let g2 = GlobalArgs { istio_namespace: "other".into(), ..Default::default() };
        assert!(g2.istio_namespace(&n).is_err());
    }
}
