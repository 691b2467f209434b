//! One `Session` per command, built once in `run::main` from the global flags (istioctl's
//! `cli.Context` is the model): it reads the kubeconfig once, selects the contexts once (current,
//! listed, or all) and hands out clients. Handlers take `&Session`; nobody re-reads a flag. It
//! derefs to the flags (`s.dry_run`, `s.output`, `s.istio_namespace`, …).

use std::ops::Deref;
use std::sync::OnceLock;

use kube::config::Kubeconfig;

use crate::cli::GlobalArgs;
use crate::cluster::{self, Cluster};
use crate::error::Result;

pub struct Session {
    args: GlobalArgs,
    kubeconfig: OnceLock<Kubeconfig>,
}

impl Deref for Session {
    type Target = GlobalArgs;
    fn deref(&self) -> &GlobalArgs {
        &self.args
    }
}

impl Session {
    pub fn new(args: GlobalArgs) -> Session {
        Session { args, kubeconfig: OnceLock::new() }
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
        cluster::select_contexts(self.kubeconfig()?, self.all_contexts, &self.contexts)
    }

    /// Clients for the selected contexts, in the order given.
    pub async fn clusters(&self) -> Result<Vec<Cluster>> {
        let names = self.selected()?;
        self.for_contexts(&names).await
    }

    /// The one cluster a single-cluster command acts on: `--context`, else the current context.
    pub async fn one(&self) -> Result<Cluster> {
        let given: Vec<String> =
            self.single_context()?.map(|c| vec![c.to_string()]).unwrap_or_default();
        let names = cluster::select_contexts(self.kubeconfig()?, false, &given)?;
        Ok(self.for_contexts(&names).await?.remove(0))
    }

    /// Clients for these contexts (checked like `--context`: known, not empty, not twice).
    pub async fn for_contexts(&self, names: &[String]) -> Result<Vec<Cluster>> {
        let kubeconfig = self.kubeconfig()?;
        let names = cluster::select_contexts(kubeconfig, false, names)?;
        let mut out = Vec::with_capacity(names.len());
        for c in &names {
            out.push(cluster::client_for(kubeconfig, c, self.request_timeout).await?);
        }
        Ok(out)
    }
}
