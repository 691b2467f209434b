//! `kubectl mesh-tracing`: Point every cluster's mesh config at the collector, then restart only the stale proxies.
//!
//! The commands arrive with their own issue; the binary already answers `--help`, `--version`
//! and takes the flags every plugin shares.

pub mod cli;

pub use cli::Cli;
