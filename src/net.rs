//! Host, port and URL syntax shared by every plugin (pure): one parser, so that no plugin writes a
//! value into a cluster that another would refuse.

use crate::error::{Error, Result};

/// `HOST:PORT` or `[IPv6]:PORT` split in two.
pub fn split_host_port(s: &str) -> Option<(&str, &str)> {
    if let Some(rest) = s.strip_prefix('[') {
        let (h, p) = rest.split_once("]:")?;
        return Some((h, p));
    }
    s.rsplit_once(':').filter(|(h, _)| !h.contains(':'))
}

/// A port: 1 to 65535, decimal digits only (no sign, no spaces).
pub fn parse_port(s: &str, what: &str) -> Result<u16> {
    let digits = !s.is_empty() && s.len() <= 5 && s.bytes().all(|b| b.is_ascii_digit());
    match s.parse::<u32>() {
        Ok(n) if digits && (1..=65535).contains(&n) => Ok(n as u16),
        _ => Err(Error::usage(format!("{what}: port {s:?} is not a number from 1 to 65535"))),
    }
}

/// A DNS name (RFC 1123 labels, dots between, the last one not all digits) or an IP address. A
/// dotted quad that is not an IPv4 address (`999.1.1.1`) is neither.
pub fn is_host(h: &str) -> bool {
    if h.parse::<std::net::IpAddr>().is_ok() {
        return true;
    }
    let name = h.trim_end_matches('.');
    let labels: Vec<&str> = name.split('.').collect();
    !name.is_empty()
        && h.len() <= 253
        && !labels.last().is_some_and(|l| l.bytes().all(|b| b.is_ascii_digit()))
        && labels.iter().all(|l| {
            !l.is_empty()
                && l.len() <= 63
                && l.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
                && !l.starts_with('-')
                && !l.ends_with('-')
        })
}

/// `HOST:PORT`, an IPv6 address in brackets (the inverse of `split_host_port`).
pub fn join_host_port(host: &str, port: u16) -> String {
    if host.contains(':') {
        format!("[{host}]:{port}")
    } else {
        format!("{host}:{port}")
    }
}

/// `HOST:PORT` (IPv6 in brackets) with both parts checked; `what` names the flag in errors.
pub fn parse_host_port(s: &str, what: &str) -> Result<(String, u16)> {
    let (host, port) = split_host_port(s).ok_or_else(|| {
        Error::usage(format!(
            "{what} {s:?}: expected HOST:PORT (an IPv6 address in brackets: [fd00::1]:9411)"
        ))
    })?;
    let port = parse_port(port, &format!("{what} {s:?}"))?;
    if !is_host(host) {
        return Err(Error::usage(format!(
            "{what} {s:?}: {host:?} is not a DNS name or IP address"
        )));
    }
    Ok((host.to_string(), port))
}

/// An API server URL as remote secrets carry it: `https://HOST[:PORT][/path]`, host and port
/// checked like every other address. Returns the host (without brackets) and the port.
pub fn parse_server_url(s: &str, what: &str) -> Result<(String, u16)> {
    let bad = |why: &str| Error::usage(format!("{what} {s:?}: {why}"));
    let rest = s.strip_prefix("https://").ok_or_else(|| bad("must be an https:// URL"))?;
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    if authority.contains('@') {
        return Err(bad("must not carry credentials"));
    }
    let (host, port) = if authority.starts_with('[') || authority.matches(':').count() == 1 {
        match split_host_port(authority) {
            Some((h, p)) => (h, parse_port(p, &format!("{what} {s:?}"))?),
            None => (authority.trim_start_matches('[').trim_end_matches(']'), 443),
        }
    } else {
        (authority, 443)
    };
    if host.is_empty() || !is_host(host) {
        return Err(bad(&format!("{host:?} is not a DNS name or IP address")));
    }
    Ok((host.to_string(), port))
}

/// Whether a host names this machine (a remote istiod could never reach it).
pub fn is_loopback_host(host: &str) -> bool {
    host == "localhost"
        || host.ends_with(".localhost")
        || host.parse::<std::net::IpAddr>().is_ok_and(|ip| ip.is_loopback())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hosts_and_ports() {
        assert_eq!(split_host_port("a.b:9411"), Some(("a.b", "9411")));
        assert_eq!(split_host_port("[fd00::1]:15018"), Some(("fd00::1", "15018")));
        assert_eq!(split_host_port("fd00::1"), None);
        assert!(
            is_host("zipkin.istio-system")
                && is_host("10.0.0.1")
                && is_host("fd00::1")
                && is_host("a.b.")
        );
        assert!(!is_host("bad_host") && !is_host("") && !is_host("-a"));
        assert_eq!(parse_port("15018", "x").unwrap(), 15018);
        for bad in ["0", "65536", "p", "+9411", "-1", " 80", "099999", ""] {
            assert!(parse_port(bad, "x").is_err(), "{bad}");
        }
    }

    #[test]
    fn a_dotted_quad_must_be_an_ip() {
        for bad in ["999.1.1.1", "1.2.3", "256.0.0.1", "10.0.0.1.5"] {
            assert!(!is_host(bad), "{bad}");
        }
        assert!(is_host("1.2.3.x") && is_host("a1.example"));
    }

    #[test]
    fn host_port_pairs() {
        assert_eq!(
            parse_host_port("[fd00::1]:9411", "--addr").unwrap(),
            ("fd00::1".to_string(), 9411)
        );
        let e = parse_host_port("10.0.0.1:+9411", "--addr").unwrap_err().to_string();
        assert!(e.contains("1 to 65535"), "{e}");
        assert!(parse_host_port("999.1.1.1:9411", "--addr")
            .unwrap_err()
            .to_string()
            .contains("not a DNS name"));
        assert!(parse_host_port("fd00::1:9411", "--addr")
            .unwrap_err()
            .to_string()
            .contains("brackets"));
        assert!(parse_host_port("fd00::1", "--addr").is_err());
    }

    #[test]
    fn server_urls() {
        assert_eq!(
            parse_server_url("https://10.0.0.2:6443", "--server").unwrap(),
            ("10.0.0.2".to_string(), 6443)
        );
        assert_eq!(
            parse_server_url("https://api.example.com", "--server").unwrap(),
            ("api.example.com".to_string(), 443)
        );
        assert_eq!(
            parse_server_url("https://[fd00::2]:6443/k8s", "--server").unwrap(),
            ("fd00::2".to_string(), 6443)
        );
        assert_eq!(parse_server_url("https://[fd00::2]", "--server").unwrap().1, 443);
        for bad in [
            "https://10.0.0.2:99999",
            "http://10.0.0.2:6443",
            "https://",
            "https://999.1.1.1",
            "https://u:p@h:1",
            "10.0.0.2:6443",
            "https://a_b:1",
        ] {
            assert!(parse_server_url(bad, "--server").is_err(), "{bad}");
        }
        assert!(
            is_loopback_host("127.0.0.1")
                && is_loopback_host("::1")
                && is_loopback_host("localhost")
        );
        assert!(!is_loopback_host("10.0.0.1"));
    }
}
