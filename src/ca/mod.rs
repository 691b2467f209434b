//! `kubectl mesh-ca`: one offline root CA, an intermediate per cluster, installed as Istio's
//! `cacerts` and verified everywhere.
//!
//! `pki` (pure certificates), `secret` (the Secret built once), `files` (the local folder),
//! `local` (init, issue, verify), `install` (install, status: cluster I/O), `rotation` (the root's
//! three phases).

pub mod check;
pub mod cli;
pub mod files;
pub mod install;
pub mod local;
pub mod pki;
pub mod rotation;
pub mod row;
pub mod secret;
pub mod status;

use std::io::Write;

use crate::cli::GlobalArgs;
use crate::error::Result;
use crate::run::Plugin;
use crate::session::Session;

pub use check::{check_cluster, CaCheck};
pub use cli::Cli;

impl Plugin for Cli {
    const NAME: &'static str = "mesh-ca";

    fn global(&self) -> &GlobalArgs {
        &self.global
    }

    async fn run(self, s: &Session, out: &mut dyn Write) -> Result<()> {
        let istio_ns = self.global.istio_namespace(&self.ns_alias)?;
        let local = match &self.command {
            cli::Command::Init(_) => Some("init"),
            cli::Command::Issue(_) => Some("issue"),
            cli::Command::Verify(_) => Some("verify"),
            _ => None,
        };
        if let Some(command) = local {
            self.global.local_only(command)?;
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
            cli::Command::Meta(m) => m.run::<Self>(s, out).await,
        }
    }
}
