//! `kubectl mesh-ca`: one offline root CA, an intermediate per cluster, installed as Istio's
//! `cacerts` and verified everywhere.
//!
//! `pki` (pure certificates), `secret` (the Secret built once), `files` (the local folder),
//! `local` (init, issue, verify), `install` (install, status: cluster I/O).

pub mod cli;
pub mod files;
pub mod install;
pub mod local;
pub mod pki;
pub mod secret;

pub use cli::Cli;
