//! One `Session` per command, built once in `run::main` from the global flags (istioctl's
//! `cli.Context` is the model): it reads the kubeconfig once, selects the contexts once (current,
//! listed, or all) and hands out clients. Handlers take `&Session`; nobody re-reads a flag: the
//! Session is the only door to them (`s.dry_run()`, `s.output()`, `s.istio_namespace()`, …), and
//! the Istio namespace is reconciled with a plugin's `-n` alias once, here.

use std::sync::OnceLock;
use std::time::Duration;

use kube::config::Kubeconfig;

use crate::cli::{DryRun, GlobalArgs, IstioNamespaceAlias, Output};
use crate::cluster::{self, Cluster};
use crate::error::Result;

pub struct Session {
    args: GlobalArgs,
    istio_namespace: String,
    kubeconfig: OnceLock<Kubeconfig>,
}

impl Session {
    /// The session of one command: the global flags, and `-n` where the plugin's objects live in
    /// the Istio namespace (it must then agree with `--istio-namespace`).
    pub fn new(args: GlobalArgs, alias: Option<&IstioNamespaceAlias>) -> Result<Session> {
        let istio_namespace =
            args.istio_namespace(alias.unwrap_or(&IstioNamespaceAlias::default()))?;
        Ok(Session { args, istio_namespace, kubeconfig: OnceLock::new() })
    }

    /// `--dry-run`.
    pub fn dry_run(&self) -> DryRun {
        self.args.dry_run
    }

    /// `-o`.
    pub fn output(&self) -> Output {
        self.args.output
    }

    /// The Istio namespace: `--istio-namespace`, or the plugin's `-n` alias.
    pub fn istio_namespace(&self) -> &str {
        &self.istio_namespace
    }

    /// `--request-timeout`.
    pub fn request_timeout(&self) -> Duration {
        self.args.request_timeout
    }

    /// Whether `--all-contexts` was given.
    pub fn all_contexts(&self) -> bool {
        self.args.all_contexts
    }

    /// Whether any flag chose clusters (`--context` or `--all-contexts`).
    pub fn chose_contexts(&self) -> bool {
        self.args.all_contexts || !self.args.contexts.is_empty()
    }

    /// The contexts the flags name: every one for `--all-contexts`, else the `--context` list
    /// (empty when none was given: no current-context fallback).
    pub fn named_contexts(&self) -> Result<Vec<String>> {
        if self.args.all_contexts {
            self.all_context_names()
        } else {
            Ok(self.args.contexts.clone())
        }
    }

    /// Refuse `--context`/`--all-contexts` for a command that works on local files only.
    pub fn local_only(&self, command: &str) -> Result<()> {
        self.args.local_only(command)
    }

    /// The kubeconfig (`--kubeconfig`, `KUBECONFIG` merged, `~/.kube/config`), read on first use
    /// only, so commands that work on local files alone never need one.
    pub fn kubeconfig(&self) -> Result<&Kubeconfig> {
        if let Some(k) = self.kubeconfig.get() {
            return Ok(k);
        }
        let k = cluster::load_kubeconfig(&self.args)?;
        Ok(self.kubeconfig.get_or_init(|| k))
    }

    /// Every context of the kubeconfig.
    pub fn all_context_names(&self) -> Result<Vec<String>> {
        Ok(self.kubeconfig()?.contexts.iter().map(|c| c.name.clone()).collect())
    }

    /// The contexts the flags select: `--all-contexts`, the `--context` list, or the current one.
    pub fn selected(&self) -> Result<Vec<String>> {
        cluster::select_contexts(self.kubeconfig()?, self.args.all_contexts, &self.args.contexts)
    }

    /// Clients for the selected contexts, in the order given.
    pub async fn clusters(&self) -> Result<Vec<Cluster>> {
        let names = self.selected()?;
        self.for_contexts(&names).await
    }

    /// The one cluster a single-cluster command acts on: `--context`, else the current context.
    pub async fn one(&self) -> Result<Cluster> {
        let given: Vec<String> =
            self.args.single_context()?.map(|c| vec![c.to_string()]).unwrap_or_default();
        let names = cluster::select_contexts(self.kubeconfig()?, false, &given)?;
        Ok(self.for_contexts(&names).await?.remove(0))
    }

    /// Clients for these contexts (checked like `--context`: known, not empty, not twice).
    pub async fn for_contexts(&self, names: &[String]) -> Result<Vec<Cluster>> {
        let kubeconfig = self.kubeconfig()?;
        let names = cluster::select_contexts(kubeconfig, false, names)?;
        let mut out = Vec::with_capacity(names.len());
        for c in &names {
            out.push(cluster::client_for(kubeconfig, c, self.args.request_timeout).await?);
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cli::DEFAULT_ISTIO_NAMESPACE;

    fn flags() -> GlobalArgs {
        GlobalArgs { istio_namespace: DEFAULT_ISTIO_NAMESPACE.into(), ..Default::default() }
    }

    #[test]
    fn the_istio_namespace_is_resolved_once_with_the_n_alias() {
        let alias = |ns: &str| IstioNamespaceAlias { namespace: Some(ns.into()) };
        let s = Session::new(flags(), Some(&alias("mesh"))).unwrap();
        assert_eq!(s.istio_namespace(), "mesh", "every command of the plugin, version included");
        let s = Session::new(flags(), None).unwrap();
        assert_eq!(s.istio_namespace(), "istio-system");
        let other = GlobalArgs { istio_namespace: "other".into(), ..flags() };
        let e = Session::new(other, Some(&alias("mesh"))).err().expect("-n disagrees");
        assert!(e.to_string().contains("-n mesh disagrees with --istio-namespace other"), "{e}");
        assert!(Session::new(flags(), Some(&alias("Bad_NS"))).is_err());
    }
}
