//! `kubectl mesh-expose`: Publish a collector (or istiod, or the cross-network services) on the east-west gateway.
//!
//! The commands arrive with their own issue; the binary already answers `--help`, `--version`
//! and takes the flags every plugin shares.

pub mod cli;

pub use cli::Cli;
