//! `doctor`'s flags.

use std::time::Duration;

use clap::Args;

use crate::cli::parse_duration;
use crate::tracing::RevisionArg;

#[derive(Args, Debug, Clone)]
pub struct DoctorArgs {
    /// The cluster running the collector (default: the one where zipkin is exposed)
    #[arg(long, value_name = "CONTEXT")]
    pub collector: Option<String>,
    /// Control planes (default: every cluster with istiod, else every cluster)
    #[arg(long, value_name = "CONTEXT", value_delimiter = ',')]
    pub primary: Vec<String>,
    /// Folder of the local CA, to compare roots against
    #[arg(long, value_name = "DIR", default_value = "mesh-ca")]
    pub dir: std::path::PathBuf,
    /// The east-west gateway Service
    #[arg(long, default_value = "istio-eastwestgateway")]
    pub gateway: String,
    #[command(flatten)]
    pub revision: RevisionArg,
    /// Check again until every check passes (warnings that clear by themselves, like roll-outs in
    /// progress, included) or this long has passed (e.g. 5m)
    #[arg(long, value_name = "DURATION", value_parser = parse_duration)]
    pub wait: Option<Duration>,
    #[command(flatten)]
    pub expiry: crate::expiry::ExpiryArgs,
}
