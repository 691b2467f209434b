use std::io::Write;

use clap::Parser;

use crate::cli::{GlobalArgs, IstioNamespaceAlias};
use crate::error::Result;
use crate::run::Plugin;

/// One offline root CA, an intermediate per cluster, installed and verified everywhere.
#[derive(Parser, Debug)]
#[command(version, arg_required_else_help = true)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,
    #[command(flatten)]
    pub ns_alias: IstioNamespaceAlias,
}

impl Plugin for Cli {
    const NAME: &'static str = "mesh-ca";

    fn global(&self) -> &GlobalArgs {
        &self.global
    }

    async fn run(self, _out: &mut dyn Write) -> Result<()> {
        Ok(())
    }
}
