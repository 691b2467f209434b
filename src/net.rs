//! Host and port syntax shared by the plugins (pure).

use crate::error::{Error, Result};

/// `HOST:PORT` or `[IPv6]:PORT` split in two.
pub fn split_host_port(s: &str) -> Option<(&str, &str)> {
    if let Some(rest) = s.strip_prefix('[') {
        let (h, p) = rest.split_once("]:")?;
        return Some((h, p));
    }
    s.rsplit_once(':').filter(|(h, _)| !h.contains(':'))
}

pub fn parse_port(s: &str, what: &str) -> Result<u16> {
    match s.parse::<u32>() {
        Ok(n) if (1..=65535).contains(&n) => Ok(n as u16),
        _ => Err(Error::usage(format!("{what}: port {s:?} is outside 1..65535"))),
    }
}

/// A DNS name (RFC 1123 labels, dots between) or an IP address.
pub fn is_host(h: &str) -> bool {
    if h.parse::<std::net::IpAddr>().is_ok() {
        return true;
    }
    !h.is_empty()
        && h.len() <= 253
        && h.trim_end_matches('.').split('.').all(|l| {
            !l.is_empty()
                && l.len() <= 63
                && l.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
                && !l.starts_with('-')
                && !l.ends_with('-')
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hosts_and_ports() {
        assert_eq!(split_host_port("a.b:9411"), Some(("a.b", "9411")));
        assert_eq!(split_host_port("[fd00::1]:15018"), Some(("fd00::1", "15018")));
        assert_eq!(split_host_port("fd00::1"), None);
        assert!(is_host("zipkin.istio-system") && is_host("10.0.0.1") && is_host("fd00::1"));
        assert!(!is_host("bad_host") && !is_host("") && !is_host("-a"));
        assert_eq!(parse_port("15018", "x").unwrap(), 15018);
        assert!(parse_port("0", "x").is_err() && parse_port("65536", "x").is_err() && parse_port("p", "x").is_err());
    }
}
