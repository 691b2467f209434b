//! `kubectl mesh-ca`: One offline root CA, an intermediate per cluster.
//!
//! The commands arrive with their own issue; the binary already answers `--help`, `--version`
//! and takes the flags every plugin shares.

pub mod cli;

pub use cli::Cli;
