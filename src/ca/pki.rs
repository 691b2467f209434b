//! Pure certificate work: making the root and the per-cluster intermediates (rcgen), and checking
//! bundles the way istiod does before it uses them. No files, no clusters.

use std::fmt;

use clap::ValueEnum;
use rcgen::{
    BasicConstraints, CertificateParams, DistinguishedName, DnType, IsCa, Issuer, KeyPair, KeyUsagePurpose,
    RsaKeySize, SanType, SerialNumber, SignatureAlgorithm,
};
use serde::Serialize;
use time::{Duration, OffsetDateTime};
use x509_parser::certificate::X509Certificate;
use x509_parser::oid_registry;
use x509_parser::pem::Pem;

use crate::error::{Error, Result};

/// Key algorithms istiod accepts for a plugged-in CA (it rejects Ed25519).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, ValueEnum, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum KeyAlgorithm {
    /// ECDSA P-256 with SHA-256 (default: fast, small, what step-ca and linkerd default to)
    #[default]
    #[value(name = "ecdsa-p256")]
    EcdsaP256,
    /// ECDSA P-384 with SHA-384
    #[value(name = "ecdsa-p384")]
    EcdsaP384,
    /// RSA 2048 with SHA-256
    #[value(name = "rsa-2048")]
    Rsa2048,
    /// RSA 3072 with SHA-256
    #[value(name = "rsa-3072")]
    Rsa3072,
    /// RSA 4096 with SHA-256 (what Istio's Makefile.selfsigned.mk makes)
    #[value(name = "rsa-4096")]
    Rsa4096,
}

impl KeyAlgorithm {
    fn signature_algorithm(self) -> &'static SignatureAlgorithm {
        match self {
            KeyAlgorithm::EcdsaP256 => &rcgen::PKCS_ECDSA_P256_SHA256,
            KeyAlgorithm::EcdsaP384 => &rcgen::PKCS_ECDSA_P384_SHA384,
            _ => &rcgen::PKCS_RSA_SHA256,
        }
    }

    /// A fresh key pair of this algorithm.
    pub fn generate(self) -> Result<KeyPair> {
        let alg = self.signature_algorithm();
        let kp = match self {
            KeyAlgorithm::Rsa2048 => KeyPair::generate_rsa_for(alg, RsaKeySize::_2048),
            KeyAlgorithm::Rsa3072 => KeyPair::generate_rsa_for(alg, RsaKeySize::_3072),
            KeyAlgorithm::Rsa4096 => KeyPair::generate_rsa_for(alg, RsaKeySize::_4096),
            _ => KeyPair::generate_for(alg),
        };
        kp.map_err(|e| Error::msg(format!("failed to generate a {} key: {e}", self.name())))
    }

    pub fn name(self) -> &'static str {
        match self {
            KeyAlgorithm::EcdsaP256 => "ecdsa-p256",
            KeyAlgorithm::EcdsaP384 => "ecdsa-p384",
            KeyAlgorithm::Rsa2048 => "rsa-2048",
            KeyAlgorithm::Rsa3072 => "rsa-3072",
            KeyAlgorithm::Rsa4096 => "rsa-4096",
        }
    }
}

/// A certificate and its private key, both PEM. `Debug` never shows the key.
#[derive(Clone)]
pub struct CertKey {
    pub cert_pem: String,
    pub key_pem: String,
}

impl fmt::Debug for CertKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CertKey").field("cert_pem", &self.cert_pem).field("key_pem", &"<redacted>").finish()
    }
}

/// The four files istiod reads from `cacerts`, exactly as Istio's make target lays them out.
#[derive(Clone)]
pub struct Bundle {
    /// The intermediate (signing) certificate.
    pub ca_cert: String,
    /// Its private key (PKCS#8 PEM).
    pub ca_key: String,
    /// The intermediate, then the root.
    pub cert_chain: String,
    pub root_cert: String,
}

impl fmt::Debug for Bundle {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Bundle").field("ca_cert", &self.ca_cert).field("ca_key", &"<redacted>").finish()
    }
}

pub const CA_CERT: &str = "ca-cert.pem";
pub const CA_KEY: &str = "ca-key.pem";
pub const CERT_CHAIN: &str = "cert-chain.pem";
pub const ROOT_CERT: &str = "root-cert.pem";
pub const ROOT_KEY: &str = "root-key.pem";

/// The four keys of a `cacerts` Secret, in the order we write them.
pub const BUNDLE_FILES: [&str; 4] = [CA_CERT, CA_KEY, CERT_CHAIN, ROOT_CERT];

impl Bundle {
    pub fn files(&self) -> [(&'static str, &str); 4] {
        [(CA_CERT, &self.ca_cert), (CA_KEY, &self.ca_key), (CERT_CHAIN, &self.cert_chain), (ROOT_CERT, &self.root_cert)]
    }
}

/// What a new certificate should say.
#[derive(Clone, Debug)]
pub struct Spec {
    pub org: String,
    pub days: u32,
    pub algorithm: KeyAlgorithm,
}

/// Certificates start a few minutes in the past, so a clock slightly behind still accepts them.
const BACKDATE: Duration = Duration::minutes(5);

fn base_params(spec: &Spec, cn: &str, now: OffsetDateTime) -> Result<CertificateParams> {
    if spec.days == 0 {
        return Err(Error::usage("--days must be at least 1"));
    }
    if spec.org.trim().is_empty() {
        return Err(Error::usage("--org must not be empty"));
    }
    let mut p = CertificateParams::default();
    let mut dn = DistinguishedName::new();
    dn.push(DnType::OrganizationName, spec.org.as_str());
    dn.push(DnType::CommonName, cn);
    p.distinguished_name = dn;
    p.not_before = now - BACKDATE;
    p.not_after = now + Duration::days(spec.days as i64);
    p.serial_number = Some(random_serial()?);
    p.key_usages = vec![KeyUsagePurpose::KeyCertSign, KeyUsagePurpose::CrlSign, KeyUsagePurpose::DigitalSignature];
    Ok(p)
}

/// 16 random bytes, first bit clear so the DER INTEGER is positive.
fn random_serial() -> Result<SerialNumber> {
    let mut b = [0u8; 16];
    aws_lc_rs::rand::fill(&mut b).map_err(|_| Error::msg("failed to read random bytes for a serial number"))?;
    b[0] &= 0x7f;
    b[0] |= 0x01;
    Ok(SerialNumber::from_slice(&b))
}

fn sign_err(what: &str) -> impl Fn(rcgen::Error) -> Error + '_ {
    move |e| Error::msg(format!("failed to sign the {what}: {e}"))
}

/// A new self-signed root: `O=<org>, CN=Root CA`, critical CA:true, critical keyUsage
/// keyCertSign + cRLSign + digitalSignature, SKI.
pub fn make_root(spec: &Spec, now: OffsetDateTime) -> Result<CertKey> {
    let mut p = base_params(spec, "Root CA", now)?;
    p.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    let key = spec.algorithm.generate()?;
    let cert = p.self_signed(&key).map_err(sign_err("root certificate"))?;
    Ok(CertKey { cert_pem: cert.pem(), key_pem: key.serialize_pem() })
}

/// A new intermediate for `cluster`, signed by `root`: `O=<org>, CN=Intermediate CA, L=<cluster>`,
/// critical CA:true pathlen:0, SAN `DNS:istiod.<istio_ns>.svc`, AKI + SKI.
pub fn make_intermediate(root: &CertKey, cluster: &str, istio_ns: &str, spec: &Spec, now: OffsetDateTime) -> Result<Bundle> {
    let mut p = base_params(spec, "Intermediate CA", now)?;
    p.distinguished_name.push(DnType::LocalityName, cluster);
    p.is_ca = IsCa::Ca(BasicConstraints::Constrained(0));
    p.use_authority_key_identifier_extension = true;
    let san = format!("istiod.{istio_ns}.svc");
    p.subject_alt_names =
        vec![SanType::DnsName(san.clone().try_into().map_err(|_| Error::usage(format!("invalid SAN {san}")))?)];
    let root_key = KeyPair::from_pem(&root.key_pem).map_err(|_| Error::msg("the root key is not a valid PEM private key"))?;
    let issuer = Issuer::from_ca_cert_pem(&root.cert_pem, root_key)
        .map_err(|e| Error::msg(format!("the root certificate cannot sign: {e}")))?;
    // Never sign past the root's own expiry.
    let root_info = inspect(&root.cert_pem)?;
    if p.not_after > root_info.not_after_time {
        p.not_after = root_info.not_after_time;
    }
    let key = spec.algorithm.generate()?;
    let cert = p.signed_by(&key, &issuer).map_err(sign_err("intermediate certificate"))?;
    let ca_cert = cert.pem();
    let root_cert = normalize_pem(&root.cert_pem);
    Ok(Bundle { cert_chain: format!("{ca_cert}{root_cert}"), ca_cert, ca_key: key.serialize_pem(), root_cert })
}

/// PEM text with one trailing newline.
fn normalize_pem(s: &str) -> String {
    format!("{}\n", s.trim_end())
}

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
            return Err(Error::msg(format!("expected a CERTIFICATE PEM block, found {}", pem.label)));
        }
        out.push(pem.contents);
    }
    if out.is_empty() {
        return Err(Error::msg("no PEM certificate found"));
    }
    Ok(out)
}

fn parse(der: &[u8]) -> Result<X509Certificate<'_>> {
    let (rest, cert) =
        x509_parser::parse_x509_certificate(der).map_err(|e| Error::msg(format!("not a valid X.509 certificate: {e}")))?;
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

fn rfc3339(t: OffsetDateTime) -> String {
    t.format(&time::format_description::well_known::Rfc3339).unwrap_or_else(|_| t.to_string())
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
        locality: cert.subject().iter_locality().next().and_then(|l| l.as_str().ok()).map(str::to_string),
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
    let key = KeyPair::from_pem(key_pem)
        .map_err(|_| Error::msg("the private key is not a valid PEM key (PKCS#8, PKCS#1 or SEC1; EC or RSA)"))?;
    Ok(cert.public_key().subject_public_key.data.as_ref() == key.public_key_raw())
}

/// One finding about a bundle or root; empty means good.
pub type Problems = Vec<String>;

/// Check a root as istiod would rely on it: self-signed, a CA allowed to sign certificates, in its
/// validity period, and (when given) matching its key.
pub fn check_root(root_cert: &str, root_key: Option<&str>, now: OffsetDateTime) -> Result<(CertInfo, Problems)> {
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
pub fn check_bundle(b: &Bundle, expected_root: Option<&str>, now: OffsetDateTime) -> Result<(CertInfo, Problems)> {
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
    let chain_ders = pem_certs(&b.cert_chain).map_err(|e| Error::msg(format!("{CERT_CHAIN}: {e}")))?;
    if chain_ders[0] != ca_ders[0] {
        problems.push(format!("{CERT_CHAIN} does not start with {CA_CERT}"));
    }
    // Walk the chain: each certificate must be signed by the next, and the last by a root in
    // root-cert.pem (or be that root).
    let roots: Vec<X509Certificate<'_>> = root_ders.iter().filter_map(|d| parse(d).ok()).collect();
    let chain: Vec<X509Certificate<'_>> = match chain_ders.iter().map(|d| parse(d)).collect::<Result<Vec<_>>>() {
        Ok(c) => c,
        Err(e) => return Err(Error::msg(format!("{CERT_CHAIN}: {e}"))),
    };
    let mut links_ok = true;
    for (i, w) in chain.windows(2).enumerate() {
        if w[0].issuer() != w[1].subject() || w[0].verify_signature(Some(w[1].public_key())).is_err() {
            problems.push(format!("{CERT_CHAIN}: certificate {} is not signed by certificate {}", i + 1, i + 2));
            links_ok = false;
        }
    }
    let last = chain.last().expect("non-empty");
    let last_der = chain_ders.last().expect("non-empty");
    let anchored = roots.iter().zip(&root_ders).any(|(r, rd)| {
        rd == last_der || (last.issuer() == r.subject() && last.verify_signature(Some(r.public_key())).is_ok())
    });
    if links_ok && !anchored {
        problems.push(format!("the chain does not lead to {ROOT_CERT} (not signed by this root)"));
    }
    // Path length: the signing certificate must be allowed to sign (pathlen counts CAs below).
    for (depth, c) in chain.iter().enumerate().skip(1) {
        if let Ok(Some(bc)) = c.basic_constraints() {
            if let Some(max) = bc.value.path_len_constraint {
                if (depth as u32).saturating_sub(1) > max {
                    problems.push(format!("{CERT_CHAIN}: path length constraint of certificate {} exceeded", depth + 1));
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

/// First 8 bytes of a fingerprint, for tables.
pub fn short_fingerprint(fp: &str) -> String {
    fp.split(':').take(8).collect::<Vec<_>>().join(":")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec(alg: KeyAlgorithm) -> Spec {
        Spec { org: "Istio".into(), days: 3650, algorithm: alg }
    }

    fn now() -> OffsetDateTime {
        OffsetDateTime::now_utc()
    }

    #[test]
    fn root_and_intermediate_have_istio_shape() {
        let root = make_root(&spec(KeyAlgorithm::EcdsaP256), now()).unwrap();
        let (info, problems) = check_root(&root.cert_pem, Some(&root.key_pem), now()).unwrap();
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(info.subject, "O=Istio, CN=Root CA");
        assert!(info.is_ca && info.key_cert_sign && info.path_len.is_none());
        assert_eq!(info.algorithm, "ecdsa-p256");
        assert_eq!(info.days_left(now()), 3649);

        let b = make_intermediate(&root, "cluster1", "istio-system", &spec(KeyAlgorithm::EcdsaP256), now()).unwrap();
        let (info, problems) = check_bundle(&b, Some(&root.cert_pem), now()).unwrap();
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(info.subject, "O=Istio, CN=Intermediate CA, L=cluster1");
        assert_eq!(info.issuer, "O=Istio, CN=Root CA");
        assert_eq!(info.path_len, Some(0));
        assert_eq!(info.locality.as_deref(), Some("cluster1"));
        assert_eq!(info.dns_names, ["istiod.istio-system.svc"]);
        assert_eq!(b.cert_chain, format!("{}{}", b.ca_cert, b.root_cert));
        assert!(b.ca_key.starts_with("-----BEGIN PRIVATE KEY-----"), "PKCS#8");
        // Never valid past the root.
        assert!(info.not_after_time <= inspect(&root.cert_pem).unwrap().not_after_time);
    }

    #[test]
    fn rsa_and_p384_work_too() {
        for alg in [KeyAlgorithm::Rsa2048, KeyAlgorithm::EcdsaP384] {
            let root = make_root(&spec(alg), now()).unwrap();
            let b = make_intermediate(&root, "c", "mesh", &spec(alg), now()).unwrap();
            let (info, problems) = check_bundle(&b, Some(&root.cert_pem), now()).unwrap();
            assert!(problems.is_empty(), "{alg:?}: {problems:?}");
            assert_eq!(info.algorithm, if alg == KeyAlgorithm::Rsa2048 { "rsa-2048" } else { "ecdsa-p384" });
        }
    }

    #[test]
    fn a_bundle_from_another_root_or_with_the_wrong_key_is_caught() {
        let s = spec(KeyAlgorithm::EcdsaP256);
        let root1 = make_root(&s, now()).unwrap();
        let root2 = make_root(&s, now()).unwrap();
        let b1 = make_intermediate(&root1, "c1", "istio-system", &s, now()).unwrap();
        let b2 = make_intermediate(&root2, "c2", "istio-system", &s, now()).unwrap();
        let (_, p) = check_bundle(&b1, Some(&root2.cert_pem), now()).unwrap();
        assert!(p.iter().any(|x| x.contains("not this mesh's root")), "{p:?}");
        // The right files, but root-cert.pem swapped for another root.
        let mut swapped = b1.clone();
        swapped.root_cert = root2.cert_pem.clone();
        swapped.cert_chain = format!("{}{}", b1.ca_cert, root2.cert_pem);
        let (_, p) = check_bundle(&swapped, None, now()).unwrap();
        assert!(p.iter().any(|x| x.contains("not signed by certificate 2")), "{p:?}");
        // Key of another bundle.
        let mut wrong_key = b1.clone();
        wrong_key.ca_key = b2.ca_key.clone();
        let (_, p) = check_bundle(&wrong_key, None, now()).unwrap();
        assert_eq!(p, [format!("{CA_KEY} does not match {CA_CERT}")]);
        let (_, p) = check_root(&root1.cert_pem, Some(&root2.key_pem), now()).unwrap();
        assert_eq!(p, [format!("{ROOT_KEY} does not match {ROOT_CERT}")]);
    }

    #[test]
    fn expiry_and_bad_input() {
        let s = Spec { days: 1, ..spec(KeyAlgorithm::EcdsaP256) };
        let root = make_root(&s, now()).unwrap();
        let (_, p) = check_root(&root.cert_pem, None, now() + Duration::days(2)).unwrap();
        assert!(p.iter().any(|x| x.contains("expired")), "{p:?}");
        assert!(make_root(&Spec { days: 0, ..s.clone() }, now()).is_err());
        let truncated = &root.cert_pem[..root.cert_pem.len() / 2];
        assert!(inspect(truncated).is_err());
        assert!(inspect("").is_err());
        let e = key_matches(&root.cert_pem, "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n").unwrap_err();
        assert!(!e.to_string().contains("AAAA"));
    }

    #[test]
    fn debug_never_shows_keys() {
        let root = make_root(&spec(KeyAlgorithm::EcdsaP256), now()).unwrap();
        let d = format!("{root:?}");
        assert!(!d.contains("PRIVATE KEY") && d.contains("<redacted>"));
    }
}
