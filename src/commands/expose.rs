//! `kubectl mesh-expose`'s dispatch: each collector's preset, a port, istiod, the services.

use std::io::Write;

use crate::cli::{GlobalArgs, IstioNamespaceAlias};
use crate::error::Result;
use crate::expose::{self, cli, gateways, preset, status};
use crate::run::Plugin;
use crate::session::Session;

impl Plugin for expose::Cli {
    const NAME: &'static str = "mesh-expose";

    fn global(&self) -> &GlobalArgs {
        &self.global
    }

    fn istio_namespace_alias(&self) -> Option<&IstioNamespaceAlias> {
        Some(&self.ns_alias)
    }

    async fn run(self, s: &Session, out: &mut dyn Write) -> Result<()> {
        let ns = s.istio_namespace().to_string();
        match &self.command {
            cli::Command::Zipkin(a) => {
                expose::expose::collector(s, &ns, preset::zipkin(), a, out).await
            }
            cli::Command::Jaeger(a) => {
                expose::expose::collector(s, &ns, preset::jaeger(), a, out).await
            }
            cli::Command::Otel(a) => {
                expose::expose::collector(s, &ns, preset::otel(), a, out).await
            }
            cli::Command::Skywalking(a) => {
                expose::expose::collector(s, &ns, preset::skywalking(), a, out).await
            }
            cli::Command::Port(a) => expose::expose::port(s, &ns, a, out).await,
            cli::Command::Istiod(a) => gateways::istiod_or_services(s, &ns, a, true, out).await,
            cli::Command::Services(a) => gateways::istiod_or_services(s, &ns, a, false, out).await,
            cli::Command::Status(a) => status::status(s, &ns, &a.gateway, out).await,
            cli::Command::Meta(m) => super::meta::run::<Self>(m, s, out).await,
        }
    }
}
