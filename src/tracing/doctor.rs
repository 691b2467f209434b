//! `mesh-tracing doctor`.
use std::io::Write;

use super::cli::DoctorArgs;
use crate::cli::GlobalArgs;
use crate::error::{Error, Result};

pub async fn doctor(_g: &GlobalArgs, _a: &DoctorArgs, _out: &mut dyn Write) -> Result<()> {
    Err(Error::msg("doctor is not implemented yet"))
}
