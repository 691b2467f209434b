//! `kubectl mesh-expose`: flags and dispatch.

use clap::{Args, Parser, Subcommand};

use super::manifest::Protocol;
use crate::cli::{GlobalArgs, IstioNamespaceAlias};

/// Publish a collector (or istiod, or the cross-network services) on the east-west gateway.
///
/// Replaces `kubectl edit svc istio-eastwestgateway` to add a port, `kubectl patch … externalIPs`, and
/// a Gateway + VirtualService written by hand. The Service is changed with a JSON Patch guarded by its
/// resourceVersion (a concurrent edit is never overwritten); the Gateway and VirtualService are
/// server-side applied in the Istio API version the cluster serves.
#[derive(Parser, Debug)]
#[command(version, arg_required_else_help = true)]
#[command(after_help = "Examples:
  kubectl mesh-expose zipkin --context cluster1 --external-ip 192.168.229.100
  kubectl mesh-expose port my-collector --port 15020 --to collector.obs:4318 --context cluster1
  kubectl mesh-expose istiod --context cluster1
  kubectl mesh-expose zipkin --delete --context cluster1
  kubectl mesh-expose status --all-contexts")]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,
    #[command(flatten)]
    pub ns_alias: IstioNamespaceAlias,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Zipkin (9411) on gateway port 15018 (http-zipkin): Gateway zipkin-gateway, VirtualService zipkin-vs
    #[command(after_help = "Examples:
  kubectl mesh-expose zipkin --context cluster1
  kubectl mesh-expose zipkin --context cluster1 --external-ip 192.168.229.100
  kubectl mesh-expose zipkin --context cluster1 --delete")]
    Zipkin(CollectorArgs),
    /// The Jaeger collector's zipkin port (9411) on gateway port 15018
    #[command(after_help = "Examples:
  kubectl mesh-expose jaeger --context cluster1
  kubectl mesh-expose jaeger --context cluster1 --to jaeger-collector.observability:9411")]
    Jaeger(CollectorArgs),
    /// An OpenTelemetry collector: OTLP gRPC 4317 and OTLP HTTP 4318, on the same gateway ports
    #[command(after_help = "Examples:
  kubectl mesh-expose otel --context cluster1
  kubectl mesh-expose otel --context cluster1 --to otel-collector.observability:4317")]
    Otel(CollectorArgs),
    /// SkyWalking OAP (11800, TCP) on gateway port 11800
    #[command(after_help = "Examples:
  kubectl mesh-expose skywalking --context cluster1")]
    Skywalking(CollectorArgs),
    /// Any service: `port NAME --port N --to HOST:PORT [--protocol http|tcp|grpc]`
    #[command(after_help = "Examples:
  kubectl mesh-expose port metrics --port 15022 --to prometheus.monitoring:9090 --context cluster1
  kubectl mesh-expose port logs --port 15023 --to loki.logging:3100 --protocol tcp --context cluster1")]
    Port(PortArgs),
    /// istiod for remote clusters (Istio's expose-istiod: TLS passthrough on 15012 and 15017)
    #[command(after_help = "Examples:
  kubectl mesh-expose istiod --context cluster1
  kubectl mesh-expose istiod --context cluster1 --print-config")]
    Istiod(CommonArgs),
    /// Cross-network traffic (Istio's expose-services: AUTO_PASSTHROUGH on 15443 for *.local)
    #[command(after_help = "Examples:
  kubectl mesh-expose services --context cluster1,cluster2")]
    Services(CommonArgs),
    /// Per cluster: the gateway, its address, each exposed port and its route target
    #[command(after_help = "Examples:
  kubectl mesh-expose status --all-contexts
  kubectl mesh-expose status --context cluster1 -o json")]
    Status(GatewayArg),
    #[command(flatten)]
    Meta(crate::meta::Meta),
}

#[derive(Args, Debug, Clone)]
pub struct GatewayArg {
    /// The east-west gateway Service in the Istio namespace
    #[arg(long, default_value = "istio-eastwestgateway")]
    pub gateway: String,
}

#[derive(Args, Debug, Clone)]
pub struct CommonArgs {
    #[command(flatten)]
    pub gateway: GatewayArg,
    /// Pin the gateway's address: add this IP to the Service's externalIPs (existing ones are kept)
    #[arg(long, value_name = "IP")]
    pub external_ip: Option<String>,
    /// Remove what this command added (the port, an external IP it added, its Gateway and VirtualService)
    #[arg(long)]
    pub delete: bool,
    /// Print the IstioOperator / helm values that keep the gateway's ports across upgrades, and change nothing
    #[arg(long)]
    pub print_config: bool,
}

#[derive(Args, Debug, Clone)]
pub struct CollectorArgs {
    #[command(flatten)]
    pub common: CommonArgs,
    /// Gateway port [default: the collector's convention]
    #[arg(long, value_parser = clap::value_parser!(u16).range(1..))]
    pub port: Option<u16>,
    /// Route to HOST:PORT instead of the collector Service found in the Istio namespace
    #[arg(long, value_name = "HOST:PORT")]
    pub to: Option<String>,
}

#[derive(Args, Debug, Clone)]
pub struct PortArgs {
    /// Name of the exposure (port name <protocol>-NAME, Gateway NAME-gateway, VirtualService NAME-vs)
    pub name: String,
    #[command(flatten)]
    pub common: CommonArgs,
    /// Gateway port
    #[arg(long, required = true, value_parser = clap::value_parser!(u16).range(1..))]
    pub port: u16,
    /// Where the traffic goes
    #[arg(long, required = true, value_name = "HOST:PORT")]
    pub to: String,
    /// Protocol of the traffic: names the port (<protocol>-NAME) and picks the VirtualService route
    #[arg(long, value_enum, default_value_t = Protocol::Http)]
    pub protocol: Protocol,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flags() {
        let c = Cli::try_parse_from(["x", "zipkin", "--external-ip", "1.2.3.4", "--context", "c1"])
            .unwrap();
        let Command::Zipkin(a) = c.command else { panic!() };
        assert_eq!(a.common.external_ip.as_deref(), Some("1.2.3.4"));
        assert!(Cli::try_parse_from(["x", "zipkin", "--port", "0"]).is_err());
        assert!(Cli::try_parse_from(["x", "zipkin", "--port", "70000"]).is_err());
        assert!(
            Cli::try_parse_from(["x", "port", "p", "--to", "a:1"]).is_err(),
            "--port is required"
        );
        let c = Cli::try_parse_from([
            "x",
            "port",
            "p",
            "--port",
            "1",
            "--to",
            "a:1",
            "--protocol",
            "tcp",
        ])
        .unwrap();
        let Command::Port(p) = c.command else { panic!() };
        assert_eq!(p.protocol, Protocol::Tcp);
    }
}
