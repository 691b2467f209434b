//! `kubectl mesh-expose`: publish a collector (or istiod, or the cross-network services) on the
//! east-west gateway.
//!
//! `preset` (each collector's conventions), `manifest` (pure: Gateway, VirtualService),
//! `service_patch` (pure: the gateway Service's JSON Patch, the published address, durable config),
//! `expose` (one cluster's I/O for a collector or a port), `gateways` (istiod, services, --delete), `status`, `read` (the read side other plugins use).

pub mod changes;
pub mod cli;
#[allow(clippy::module_inception)]
pub mod expose;
pub mod gateways;
pub mod manifest;
pub mod preset;
pub mod read;
pub mod service_patch;
pub mod status;

pub use cli::Cli;
pub use read::{collector_address, exposed_address, Collector, Exposed};
