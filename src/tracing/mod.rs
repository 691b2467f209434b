//! `kubectl mesh-tracing`: set the tracing address in every cluster's mesh config, then restart only
//! the stale proxies.
//!
//! `meshconfig` (pure: edit the mesh YAML, diffs), `stale` (pure: which workloads run other
//! settings), `set` (cluster I/O: set, unset, restart, show), `doctor` (the whole chain).

pub mod cli;
pub mod doctor;
pub mod meshconfig;
pub mod set;
pub mod source;
pub mod stale;

pub use cli::Cli;
