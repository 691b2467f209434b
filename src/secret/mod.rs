//! `kubectl mesh-secret`: remote secrets between clusters, in every direction the topology needs.
//!
//! `plan` (which control plane needs which secret), `manifest` (pure builders: kubeconfig, Secret,
//! reader RBAC, token checks), `link` (create/link/unlink: cluster I/O), `list` (inspection).

pub mod cli;
pub mod link;
pub mod list;
pub mod manifest;
pub mod plan;

pub use cli::Cli;
