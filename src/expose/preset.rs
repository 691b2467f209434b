//! The conventional defaults of each collector (pure).

use k8s_openapi::api::core::v1::Service;

use super::manifest::Protocol;

/// One gateway port of a preset and how to find its target port on a candidate Service.
#[derive(Clone, Debug)]
pub struct PresetPort {
    pub port_name: &'static str,
    pub gateway_port: u16,
    pub protocol: Protocol,
    /// Target port number to look for on the Service.
    pub target_port: u16,
    /// Or a port whose name contains this.
    pub target_name_hint: &'static str,
}

#[derive(Clone, Debug)]
pub struct Preset {
    pub name: &'static str,
    /// Services to look for in the Istio namespace, in order.
    pub candidates: &'static [&'static str],
    pub ports: Vec<PresetPort>,
    pub hint: &'static str,
}

pub fn zipkin() -> Preset {
    Preset {
        name: "zipkin",
        candidates: &["zipkin", "jaeger-collector"],
        ports: vec![PresetPort {
            port_name: "http-zipkin",
            gateway_port: 15018,
            protocol: Protocol::Http,
            target_port: 9411,
            target_name_hint: "zipkin",
        }],
        hint: "deploy zipkin (samples/addons/extras/zipkin.yaml)",
    }
}

pub fn jaeger() -> Preset {
    Preset {
        name: "jaeger",
        candidates: &["jaeger-collector", "tracing"],
        hint: "deploy jaeger (samples/addons/jaeger.yaml)",
        ..zipkin()
    }
}

pub fn otel() -> Preset {
    Preset {
        name: "otel",
        candidates: &["opentelemetry-collector", "otel-collector"],
        ports: vec![
            PresetPort {
                port_name: "grpc-otlp",
                gateway_port: 4317,
                protocol: Protocol::Grpc,
                target_port: 4317,
                target_name_hint: "otlp-grpc",
            },
            PresetPort {
                port_name: "http-otlp",
                gateway_port: 4318,
                protocol: Protocol::Http,
                target_port: 4318,
                target_name_hint: "otlp-http",
            },
        ],
        hint: "deploy an OpenTelemetry collector",
    }
}

pub fn skywalking() -> Preset {
    Preset {
        name: "skywalking",
        candidates: &["skywalking-oap", "oap"],
        ports: vec![PresetPort {
            port_name: "tcp-skywalking",
            gateway_port: 11800,
            protocol: Protocol::Tcp,
            target_port: 11800,
            target_name_hint: "grpc",
        }],
        hint: "deploy the SkyWalking OAP server",
    }
}

/// The Service's port matching `p`: the conventional number, else a name containing the hint.
pub fn target_port_of(svc: &Service, p: &PresetPort) -> Option<u16> {
    let ports = svc.spec.as_ref()?.ports.as_ref()?;
    ports
        .iter()
        .find(|sp| sp.port == p.target_port as i32)
        .or_else(|| {
            ports
                .iter()
                .find(|sp| sp.name.as_deref().is_some_and(|n| n.contains(p.target_name_hint)))
        })
        .map(|sp| sp.port as u16)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_zipkin_port_of_jaeger() {
        let svc: Service = serde_json::from_value(serde_json::json!({"spec": {"ports": [
            {"name": "grpc", "port": 14250}, {"name": "http-zipkin", "port": 9412}]}}))
        .unwrap();
        assert_eq!(target_port_of(&svc, &jaeger().ports[0]), Some(9412));
        let none: Service = serde_json::from_value(
            serde_json::json!({"spec": {"ports": [{"name": "grpc", "port": 14250}]}}),
        )
        .unwrap();
        assert_eq!(target_port_of(&none, &zipkin().ports[0]), None);
    }
}
