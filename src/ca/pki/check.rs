//! Reading certificates: what one says, and a root or a `cacerts` bundle checked the way istiod
//! checks it before using it.

use rcgen::KeyPair;
use serde::Serialize;
use time::OffsetDateTime;
use x509_parser::certificate::X509Certificate;
use x509_parser::oid_registry;
use x509_parser::pem::Pem;

use super::{Bundle, CA_CERT, CA_KEY, CERT_CHAIN, ROOT_CERT, ROOT_KEY};
use crate::error::{Error, Result};
use crate::expiry::rfc3339;

/// What a certificate says, for tables and checks.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CertInfo {
    pub subject: String,
    pub issuer: String,
    /// L= of the subject: the cluster an intermediate was issued for.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub locality: Option<String>,
    pub algorithm: String,
    pub not_before: String,
    pub not_after: String,
    #[serde(skip)]
    pub not_after_time: OffsetDateTime,
    #[serde(skip)]
    pub not_before_time: OffsetDateTime,
    pub is_ca: bool,
    pub path_len: Option<u32>,
    pub key_cert_sign: bool,
    pub dns_names: Vec<String>,
    /// SHA-256 of the DER certificate, colon-separated hex.
    pub fingerprint: String,
}

impl CertInfo {
    pub fn days_left(&self, now: OffsetDateTime) -> i64 {
        (self.not_after_time - now).whole_days()
    }
}

/// Every PEM CERTIFICATE block in `text`, as DER. A truncated or garbled PEM is an error.
pub fn pem_certs(text: &str) -> Result<Vec<Vec<u8>>> {
    let mut out = Vec::new();
    for pem in Pem::iter_from_buffer(text.as_bytes()) {
        let pem = pem.map_err(|e| Error::msg(format!("not a valid PEM certificate: {e}")))?;
        if pem.label != "CERTIFICATE" {
            return Err(Error::msg(format!(
                "expected a CERTIFICATE PEM block, found {}",
                pem.label
            )));
        }
        out.push(pem.contents);
    }
    if out.is_empty() {
        return Err(Error::msg("no PEM certificate found"));
    }
    Ok(out)
}

fn parse(der: &[u8]) -> Result<X509Certificate<'_>> {
    let (rest, cert) = x509_parser::parse_x509_certificate(der)
        .map_err(|e| Error::msg(format!("not a valid X.509 certificate: {e}")))?;
    if !rest.is_empty() {
        return Err(Error::msg("trailing bytes after the certificate"));
    }
    Ok(cert)
}

fn fingerprint(der: &[u8]) -> String {
    let d = aws_lc_rs::digest::digest(&aws_lc_rs::digest::SHA256, der);
    d.as_ref().iter().map(|b| format!("{b:02X}")).collect::<Vec<_>>().join(":")
}

fn key_algorithm_name(cert: &X509Certificate<'_>) -> String {
    use x509_parser::public_key::PublicKey;
    match cert.public_key().parsed() {
        Ok(PublicKey::RSA(rsa)) => format!("rsa-{}", rsa.key_size()),
        Ok(PublicKey::EC(ec)) => {
            let curve = cert
                .public_key()
                .algorithm
                .parameters
                .as_ref()
                .and_then(|p| p.as_oid().ok())
                .map(|oid| {
                    if oid == oid_registry::OID_EC_P256 {
                        "p256".to_string()
                    } else if oid == oid_registry::OID_NIST_EC_P384 {
                        "p384".to_string()
                    } else {
                        format!("{}bit", ec.key_size())
                    }
                })
                .unwrap_or_else(|| "unknown".into());
            format!("ecdsa-{curve}")
        }
        Ok(_) => "other".into(),
        Err(_) => "unparsable".into(),
    }
}

fn info_of(der: &[u8], cert: &X509Certificate<'_>) -> CertInfo {
    let bc = cert.basic_constraints().ok().flatten().map(|e| e.value.clone());
    let ku = cert.key_usage().ok().flatten().map(|e| e.value.key_cert_sign()).unwrap_or(false);
    let dns_names = cert
        .subject_alternative_name()
        .ok()
        .flatten()
        .map(|san| {
            san.value
                .general_names
                .iter()
                .filter_map(|n| match n {
                    x509_parser::extensions::GeneralName::DNSName(d) => Some(d.to_string()),
                    _ => None,
                })
                .collect()
        })
        .unwrap_or_default();
    let not_after_time = cert.validity().not_after.to_datetime();
    let not_before_time = cert.validity().not_before.to_datetime();
    CertInfo {
        subject: cert.subject().to_string(),
        issuer: cert.issuer().to_string(),
        locality: cert
            .subject()
            .iter_locality()
            .next()
            .and_then(|l| l.as_str().ok())
            .map(str::to_string),
        algorithm: key_algorithm_name(cert),
        not_before: rfc3339(not_before_time),
        not_after: rfc3339(not_after_time),
        not_after_time,
        not_before_time,
        is_ca: bc.as_ref().is_some_and(|b| b.ca),
        path_len: bc.and_then(|b| b.path_len_constraint),
        key_cert_sign: ku,
        dns_names,
        fingerprint: fingerprint(der),
    }
}

/// What the first certificate in `pem` says.
pub fn inspect(pem: &str) -> Result<CertInfo> {
    let ders = pem_certs(pem)?;
    let cert = parse(&ders[0])?;
    Ok(info_of(&ders[0], &cert))
}

/// Whether `key_pem` is the private key of the first certificate in `cert_pem`. The error never
/// contains the key.
pub fn key_matches(cert_pem: &str, key_pem: &str) -> Result<bool> {
    let ders = pem_certs(cert_pem)?;
    let cert = parse(&ders[0])?;
    let key = KeyPair::from_pem(key_pem).map_err(|_| {
        Error::msg("the private key is not a valid PEM key (PKCS#8, PKCS#1 or SEC1; EC or RSA)")
    })?;
    Ok(cert.public_key().subject_public_key.data.as_ref() == key.public_key_raw())
}

/// One finding about a bundle or root; empty means good.
pub type Problems = Vec<String>;

/// Check a root as istiod would rely on it: self-signed, a CA allowed to sign certificates, in its
/// validity period, and (when given) matching its key.
pub fn check_root(
    root_cert: &str,
    root_key: Option<&str>,
    now: OffsetDateTime,
) -> Result<(CertInfo, Problems)> {
    let ders = pem_certs(root_cert)?;
    let cert = parse(&ders[0])?;
    let info = info_of(&ders[0], &cert);
    let mut problems = Vec::new();
    if ders.len() != 1 {
        problems.push(format!("{ROOT_CERT} holds {} certificates, expected 1", ders.len()));
    }
    if cert.verify_signature(None).is_err() || cert.subject() != cert.issuer() {
        problems.push("the root is not self-signed".into());
    }
    check_ca(&info, now, "root", &mut problems);
    if let Some(key) = root_key {
        match key_matches(root_cert, key) {
            Ok(true) => {}
            Ok(false) => problems.push(format!("{ROOT_KEY} does not match {ROOT_CERT}")),
            Err(e) => problems.push(format!("{ROOT_KEY}: {e}")),
        }
    }
    Ok((info, problems))
}

fn check_ca(info: &CertInfo, now: OffsetDateTime, what: &str, problems: &mut Problems) {
    if !info.is_ca {
        problems.push(format!("the {what} is not a CA (basicConstraints CA:false or missing)"));
    }
    if !info.key_cert_sign {
        problems.push(format!("the {what}'s key usage does not allow keyCertSign"));
    }
    if now < info.not_before_time {
        problems.push(format!("the {what} is not valid before {}", info.not_before));
    }
    if now > info.not_after_time {
        problems.push(format!("the {what} expired on {}", info.not_after));
    }
}

/// Check a `cacerts` bundle the way istiod does before using it (Go's x509 verify of the signing
/// certificate against `root-cert.pem` through `cert-chain.pem`; the key matches the certificate;
/// the certificate is a CA), plus what makes it part of *our* mesh: with `expected_root`, the
/// bundle's root must be that one.
pub fn check_bundle(
    b: &Bundle,
    expected_root: Option<&str>,
    now: OffsetDateTime,
) -> Result<(CertInfo, Problems)> {
    let ca_ders = pem_certs(&b.ca_cert).map_err(|e| Error::msg(format!("{CA_CERT}: {e}")))?;
    let ca = parse(&ca_ders[0]).map_err(|e| Error::msg(format!("{CA_CERT}: {e}")))?;
    let info = info_of(&ca_ders[0], &ca);
    let mut problems = Vec::new();
    check_ca(&info, now, "signing certificate", &mut problems);
    match key_matches(&b.ca_cert, &b.ca_key) {
        Ok(true) => {}
        Ok(false) => problems.push(format!("{CA_KEY} does not match {CA_CERT}")),
        Err(e) => problems.push(format!("{CA_KEY}: {e}")),
    }
    let root_ders = pem_certs(&b.root_cert).map_err(|e| Error::msg(format!("{ROOT_CERT}: {e}")))?;
    let chain_ders =
        pem_certs(&b.cert_chain).map_err(|e| Error::msg(format!("{CERT_CHAIN}: {e}")))?;
    if chain_ders[0] != ca_ders[0] {
        problems.push(format!("{CERT_CHAIN} does not start with {CA_CERT}"));
    }
    // Walk the chain: each certificate must be signed by the next, and the last by a root in
    // root-cert.pem (or be that root).
    let roots: Vec<X509Certificate<'_>> = root_ders.iter().filter_map(|d| parse(d).ok()).collect();
    let chain: Vec<X509Certificate<'_>> =
        match chain_ders.iter().map(|d| parse(d)).collect::<Result<Vec<_>>>() {
            Ok(c) => c,
            Err(e) => return Err(Error::msg(format!("{CERT_CHAIN}: {e}"))),
        };
    let mut links_ok = true;
    for (i, w) in chain.windows(2).enumerate() {
        if w[0].issuer() != w[1].subject()
            || w[0].verify_signature(Some(w[1].public_key())).is_err()
        {
            problems.push(format!(
                "{CERT_CHAIN}: certificate {} is not signed by certificate {}",
                i + 1,
                i + 2
            ));
            links_ok = false;
        }
    }
    let last = chain.last().expect("non-empty");
    let last_der = chain_ders.last().expect("non-empty");
    let anchored = roots.iter().zip(&root_ders).any(|(r, rd)| {
        rd == last_der
            || (last.issuer() == r.subject() && last.verify_signature(Some(r.public_key())).is_ok())
    });
    if links_ok && !anchored {
        problems.push(format!("the chain does not lead to {ROOT_CERT} (not signed by this root)"));
    }
    // Path length: the signing certificate must be allowed to sign (pathlen counts CAs below).
    for (depth, c) in chain.iter().enumerate().skip(1) {
        if let Ok(Some(bc)) = c.basic_constraints() {
            if let Some(max) = bc.value.path_len_constraint {
                if (depth as u32).saturating_sub(1) > max {
                    problems.push(format!(
                        "{CERT_CHAIN}: path length constraint of certificate {} exceeded",
                        depth + 1
                    ));
                }
            }
        }
    }
    if let Some(expected) = expected_root {
        let want = pem_certs(expected)?;
        if !root_ders.iter().any(|d| want.contains(d)) {
            problems.push(format!("{ROOT_CERT} is not this mesh's root"));
        }
    }
    Ok((info, problems))
}

/// The SHA-256 fingerprint of the first certificate of `pem`.
pub fn fingerprint_of(pem: &str) -> Result<String> {
    Ok(fingerprint(&pem_certs(pem)?[0]))
}

/// The SHA-256 fingerprint of every certificate of `pem`, in order.
pub fn fingerprints(pem: &str) -> Result<Vec<String>> {
    Ok(pem_certs(pem)?.iter().map(|d| fingerprint(d)).collect())
}

/// First 8 bytes of a fingerprint, for tables.
pub fn short_fingerprint(fp: &str) -> String {
    fp.split(':').take(8).collect::<Vec<_>>().join(":")
}
