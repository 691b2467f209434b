//! `kubectl mesh-ca`: one offline root CA, an intermediate per cluster, installed as Istio's
//! `cacerts` and verified everywhere.
//!
//! `pki` (pure certificates), `secret` (the Secret built once), `files` (the local folder),
//! `local` (init, issue, verify), `install` (install, status: cluster I/O), `rotation` (the root's
//! three phases).

pub mod cacerts_plan;
pub mod check;
pub mod cli;
pub mod files;
pub mod install;
pub mod local;
pub mod pki;
pub mod rotation;
pub mod row;
pub mod secret;
pub mod status;

pub use check::{check_cluster, CaCheck};
pub use cli::Cli;
pub use files::CaDir;
pub use pki::{fingerprint_of, fingerprints, short_fingerprint};
