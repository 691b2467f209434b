//! `kubectl mesh-ca`'s dispatch: local commands refuse cluster flags, the rest take the Istio
//! namespace resolved once.

use std::io::Write;

use crate::ca::{self, cli, install, local, rotation, status};
use crate::cli::{GlobalArgs, IstioNamespaceAlias};
use crate::error::Result;
use crate::run::Plugin;
use crate::session::Session;

impl Plugin for ca::Cli {
    const NAME: &'static str = "mesh-ca";

    fn global(&self) -> &GlobalArgs {
        &self.global
    }

    fn istio_namespace_alias(&self) -> Option<&IstioNamespaceAlias> {
        Some(&self.ns_alias)
    }

    async fn run(self, s: &Session, out: &mut dyn Write) -> Result<()> {
        let istio_ns = s.istio_namespace().to_string();
        let local = match &self.command {
            cli::Command::Init(_) => Some("init"),
            cli::Command::Issue(_) => Some("issue"),
            cli::Command::Verify(_) => Some("verify"),
            _ => None,
        };
        if let Some(command) = local {
            s.local_only(command)?;
        }
        match self.command {
            cli::Command::Init(a) => local::init(s, &a, out),
            cli::Command::Issue(a) => local::issue(s, &istio_ns, &a, out),
            cli::Command::Verify(a) => local::verify(s, &a, out),
            cli::Command::Install(a) => install::install(s, &istio_ns, &a, out).await,
            cli::Command::Status(a) => status::status(s, &istio_ns, &a, out).await,
            cli::Command::Rotate(cli::RotateCmd::Intermediate(a)) => {
                install::install(s, &istio_ns, &a.as_install(), out).await
            }
            cli::Command::Rotate(cli::RotateCmd::Root(a)) => {
                rotation::rotate_root(s, &istio_ns, &a, out).await
            }
            cli::Command::Meta(m) => super::meta::run::<Self>(&m, s, out).await,
        }
    }
}
