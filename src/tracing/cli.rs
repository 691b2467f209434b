use std::io::Write;

use clap::Parser;

use crate::cli::{GlobalArgs, NamespaceArgs};
use crate::error::Result;
use crate::run::Plugin;

/// Point every cluster's mesh config at the collector, then restart only the stale proxies.
#[derive(Parser, Debug)]
#[command(version, arg_required_else_help = true)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,
    #[command(flatten)]
    pub namespaces: NamespaceArgs,
}

impl Plugin for Cli {
    const NAME: &'static str = "mesh-tracing";

    fn global(&self) -> &GlobalArgs {
        &self.global
    }

    async fn run(self, _out: &mut dyn Write) -> Result<()> {
        Ok(())
    }
}
