//! `kubectl mesh-expose`: publish a collector (or istiod, or the cross-network services) on the
//! east-west gateway.
//!
//! `preset` (each collector's conventions), `manifest` (pure: Gateway, VirtualService),
//! `service_patch` (pure: the gateway Service's JSON Patch, the published address, durable config),
//! `expose` (one cluster's I/O for a collector or a port), `gateways` (istiod, services, --delete), `status`, `read` (the read side other plugins use).

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

use std::io::Write;

use crate::cli::GlobalArgs;
use crate::error::Result;
use crate::run::Plugin;
use crate::session::Session;
use cli::Command;

impl Plugin for Cli {
    const NAME: &'static str = "mesh-expose";

    fn global(&self) -> &GlobalArgs {
        &self.global
    }

    async fn run(self, s: &Session, out: &mut dyn Write) -> Result<()> {
        let ns = self.global.istio_namespace(&self.ns_alias)?;
        match &self.command {
            Command::Zipkin(a) => expose::collector(s, &ns, preset::zipkin(), a, out).await,
            Command::Jaeger(a) => expose::collector(s, &ns, preset::jaeger(), a, out).await,
            Command::Otel(a) => expose::collector(s, &ns, preset::otel(), a, out).await,
            Command::Skywalking(a) => expose::collector(s, &ns, preset::skywalking(), a, out).await,
            Command::Port(a) => expose::port(s, &ns, a, out).await,
            Command::Istiod(a) => gateways::istiod_or_services(s, &ns, a, true, out).await,
            Command::Services(a) => gateways::istiod_or_services(s, &ns, a, false, out).await,
            Command::Status(a) => status::status(s, &ns, &a.gateway, out).await,
            Command::Meta(m) => m.run::<Self>(s, out).await,
        }
    }
}
