//! `kubectl mesh-expose`: publish a collector (or istiod, or the cross-network services) on the
//! east-west gateway.
//!
//! `preset` (each collector's conventions), `manifest` (pure: Service patch, Gateway,
//! VirtualService, address, durable config), `expose` (one cluster's I/O), `status`.

pub mod cli;
#[allow(clippy::module_inception)]
pub mod expose;
pub mod manifest;
pub mod preset;
pub mod status;

pub use cli::Cli;
