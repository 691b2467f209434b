//! `kubectl mesh-secret`'s dispatch.

use std::io::Write;

use crate::cli::{GlobalArgs, IstioNamespaceAlias};
use crate::error::Result;
use crate::run::Plugin;
use crate::secret::{self, cli, link, list, rotate, unlink};
use crate::session::Session;

impl Plugin for secret::Cli {
    const NAME: &'static str = "mesh-secret";

    fn global(&self) -> &GlobalArgs {
        &self.global
    }

    fn istio_namespace_alias(&self) -> Option<&IstioNamespaceAlias> {
        Some(&self.ns_alias)
    }

    async fn run(self, s: &Session, out: &mut dyn Write) -> Result<()> {
        let ns = s.istio_namespace().to_string();
        match &self.command {
            cli::Command::Create(a) => link::create(s, &ns, a, out).await,
            cli::Command::Link(a) => link::link(s, &ns, a, out).await,
            cli::Command::List(e) => list::list(s, &ns, e, out).await,
            cli::Command::Unlink(a) => unlink::unlink(s, &ns, a, out).await,
            cli::Command::Rotate(a) => rotate::rotate(s, &ns, a, out).await,
            cli::Command::Meta(m) => super::meta::run::<Self>(m, s, out).await,
        }
    }
}
