//! Making certificates: the offline root and an intermediate per cluster (rcgen), laid out as
//! Istio's `Makefile.selfsigned.mk` makes them.

use rcgen::{
    BasicConstraints, CertificateParams, DistinguishedName, DnType, IsCa, Issuer, KeyPair,
    KeyUsagePurpose, SanType, SerialNumber,
};
use time::{Duration, OffsetDateTime};

use super::{inspect, Bundle, CertKey, KeyAlgorithm};
use crate::error::{Error, Result};

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
    p.key_usages = vec![
        KeyUsagePurpose::KeyCertSign,
        KeyUsagePurpose::CrlSign,
        KeyUsagePurpose::DigitalSignature,
    ];
    Ok(p)
}

/// 16 random bytes, first bit clear so the DER INTEGER is positive.
fn random_serial() -> Result<SerialNumber> {
    let mut b = [0u8; 16];
    aws_lc_rs::rand::fill(&mut b)
        .map_err(|_| Error::msg("failed to read random bytes for a serial number"))?;
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
pub fn make_intermediate(
    root: &CertKey,
    cluster: &str,
    istio_ns: &str,
    spec: &Spec,
    now: OffsetDateTime,
) -> Result<Bundle> {
    let mut p = base_params(spec, "Intermediate CA", now)?;
    p.distinguished_name.push(DnType::LocalityName, cluster);
    p.is_ca = IsCa::Ca(BasicConstraints::Constrained(0));
    p.use_authority_key_identifier_extension = true;
    let san = format!("istiod.{istio_ns}.svc");
    p.subject_alt_names = vec![SanType::DnsName(
        san.clone().try_into().map_err(|_| Error::usage(format!("invalid SAN {san}")))?,
    )];
    let root_key = KeyPair::from_pem(&root.key_pem)
        .map_err(|_| Error::msg("the root key is not a valid PEM private key"))?;
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
    Ok(Bundle {
        cert_chain: format!("{ca_cert}{root_cert}"),
        ca_cert,
        ca_key: key.serialize_pem(),
        root_cert,
    })
}

/// PEM text with one trailing newline.
fn normalize_pem(s: &str) -> String {
    format!("{}\n", s.trim_end())
}
