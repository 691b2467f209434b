//! `kubectl mesh-secret`: remote secrets between clusters, in every direction the topology needs.
//!
//! `plan` (which control plane needs which secret), `manifest` (pure: kubeconfig, Secret, token
//! checks), `identity` (pure: the reader identity and its RBAC), `reader` (the reader identity and
//! its credentials in a source cluster), `link` (create, link), `unlink`, `rotate` (new tokens,
//! confirmed in use before the old ones go), `list` (inspection;
//! `watched_servers`, the read side).

pub mod cli;
pub mod identity;
pub mod link;
pub mod list;
pub mod manifest;
pub mod plan;
pub mod reader;
pub mod rotate;
pub mod unlink;

pub use cli::Cli;
pub use link::remote_secrets;
pub use list::{inspect, watched_servers};
pub use manifest::remote_secret_name;
