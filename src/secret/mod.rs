//! `kubectl mesh-secret`: Remote secrets between clusters, in every direction the topology needs.
//!
//! The commands arrive with their own issue; the binary already answers `--help`, `--version`
//! and takes the flags every plugin shares.

pub mod cli;

pub use cli::Cli;
