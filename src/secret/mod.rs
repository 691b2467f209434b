//! `kubectl mesh-secret`: remote secrets between clusters, in every direction the topology needs.
//!
//! `plan` (which control plane needs which secret), `manifest` (pure: kubeconfig, Secret, token
//! checks), `identity` (pure: the reader identity and its RBAC), `reader` (the reader identity and
//! its credentials in a source cluster), `link` (create, link), `unlink`, `rotate` (new tokens,
//! confirmed in use before the old ones go), `list` (inspection;
//! `watched_servers`, the read side).

pub mod cli;
pub mod identity;
pub mod link;
pub mod list;
pub mod manifest;
pub mod plan;
pub mod reader;
pub mod rotate;
pub mod unlink;

pub use cli::Cli;
pub use link::remote_secrets;
pub use list::{inspect, watched_servers};
pub use manifest::remote_secret_name;

use std::io::Write;

use crate::cli::GlobalArgs;
use crate::error::Result;
use crate::run::Plugin;
use crate::session::Session;

impl Plugin for Cli {
    const NAME: &'static str = "mesh-secret";

    fn global(&self) -> &GlobalArgs {
        &self.global
    }

    async fn run(self, s: &Session, out: &mut dyn Write) -> Result<()> {
        let ns = self.global.istio_namespace(&self.ns_alias)?;
        match &self.command {
            cli::Command::Create(a) => link::create(s, &ns, a, out).await,
            cli::Command::Link(a) => link::link(s, &ns, a, out).await,
            cli::Command::List(e) => list::list(s, &ns, e, out).await,
            cli::Command::Unlink(a) => unlink::unlink(s, &ns, a, out).await,
            cli::Command::Rotate(a) => rotate::rotate(s, &ns, a, out).await,
            cli::Command::Meta(m) => m.run::<Self>(s, out).await,
        }
    }
}
