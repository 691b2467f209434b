//! The local CA folder: `DIR/root-{cert,key}.pem` and `DIR/<cluster>/{ca-cert,ca-key,cert-chain,root-cert}.pem`,
//! as Istio's make targets lay them out. Keys are written 0600 in folders 0700, atomically.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use super::pki::{Bundle, CertKey, BUNDLE_FILES, CA_CERT, CA_KEY, CERT_CHAIN, ROOT_CERT, ROOT_KEY};
use crate::error::{Context as _, Error, Result};

pub struct CaDir {
    pub path: PathBuf,
}

impl CaDir {
    pub fn new(path: impl Into<PathBuf>) -> Self {
        CaDir { path: path.into() }
    }

    pub fn root_cert_path(&self) -> PathBuf {
        self.path.join(ROOT_CERT)
    }

    pub fn root_key_path(&self) -> PathBuf {
        self.path.join(ROOT_KEY)
    }

    pub fn has_root(&self) -> bool {
        self.root_cert_path().exists() || self.root_key_path().exists()
    }

    /// The root certificate and key; a missing root says how to make one.
    pub fn read_root(&self) -> Result<CertKey> {
        if !self.root_cert_path().exists() {
            return Err(Error::usage(format!(
                "no root CA in {}: run `kubectl mesh-ca init --dir {}` first",
                self.path.display(),
                self.path.display()
            )));
        }
        Ok(CertKey {
            cert_pem: read_text(&self.root_cert_path())?,
            key_pem: read_text(&self.root_key_path())?,
        })
    }

    pub fn read_root_cert(&self) -> Result<Option<String>> {
        let p = self.root_cert_path();
        if p.exists() {
            read_text(&p).map(Some)
        } else {
            Ok(None)
        }
    }

    /// Write the root. A different root already there is never lost: its files are first renamed
    /// to `*.pem.<timestamp>.bak` (0600). Returns the backups made.
    pub fn write_root(&self, root: &CertKey) -> Result<Vec<PathBuf>> {
        make_private_dir(&self.path)?;
        let backups = backup_if_changed(&[
            (self.root_key_path(), root.key_pem.as_str()),
            (self.root_cert_path(), root.cert_pem.as_str()),
        ])?;
        write_atomic(&self.root_key_path(), &root.key_pem, 0o600)?;
        write_atomic(&self.root_cert_path(), &root.cert_pem, 0o644)?;
        Ok(backups)
    }

    /// During a root rotation, before its phase 2: the incoming root, `DIR/root.next/root-{cert,key}.pem`
    /// (a dotted name, so never a cluster's folder).
    pub fn next(&self) -> CaDir {
        CaDir::new(self.path.join("root.next"))
    }

    /// From a root rotation's phase 2 on: the outgoing root's certificate,
    /// `DIR/root.previous/root-cert.pem` (its key is kept as `DIR/root-key.pem.<time>.bak`).
    pub fn previous(&self) -> CaDir {
        CaDir::new(self.path.join("root.previous"))
    }

    /// Write only a root certificate (the outgoing root), keeping a different one as a backup.
    pub fn write_root_cert(&self, cert_pem: &str) -> Result<()> {
        make_private_dir(&self.path)?;
        backup_if_changed(&[(self.root_cert_path(), cert_pem)])?;
        write_atomic(&self.root_cert_path(), cert_pem, 0o644)
    }

    /// Remove this folder's root files, once they are a copy of what `DIR/root-*.pem` now holds
    /// (the incoming root, promoted). Anything else is left in place.
    pub fn remove_copy_of(&self, root: &CertKey) -> Result<()> {
        for (p, want) in
            [(self.root_key_path(), &root.key_pem), (self.root_cert_path(), &root.cert_pem)]
        {
            if fs::read_to_string(&p).is_ok_and(|have| have == *want) {
                fs::remove_file(&p).ctx(|| format!("remove {}", p.display()))?;
            }
        }
        let _ = fs::remove_dir(&self.path); // only if now empty
        Ok(())
    }

    pub fn cluster_dir(&self, cluster: &str) -> PathBuf {
        self.path.join(cluster)
    }

    /// A cluster's bundle, or `None` if it has none yet. A partial bundle is an error.
    pub fn read_bundle(&self, cluster: &str) -> Result<Option<Bundle>> {
        let dir = self.cluster_dir(cluster);
        let present: Vec<bool> = BUNDLE_FILES.iter().map(|f| dir.join(f).exists()).collect();
        if present.iter().all(|p| !p) {
            return Ok(None);
        }
        if let Some(i) = present.iter().position(|p| !p) {
            return Err(Error::msg(format!(
                "{} is incomplete: {} is missing (re-issue with `kubectl mesh-ca issue {cluster} --force`)",
                dir.display(),
                BUNDLE_FILES[i]
            )));
        }
        Ok(Some(Bundle {
            ca_cert: read_text(&dir.join(CA_CERT))?,
            ca_key: read_text(&dir.join(CA_KEY))?,
            cert_chain: read_text(&dir.join(CERT_CHAIN))?,
            root_cert: read_text(&dir.join(ROOT_CERT))?,
        }))
    }

    /// Write a cluster's bundle; files it replaces are kept as `*.pem.<timestamp>.bak` (0600).
    pub fn write_bundle(&self, cluster: &str, b: &Bundle) -> Result<Vec<PathBuf>> {
        make_private_dir(&self.path)?;
        let dir = self.cluster_dir(cluster);
        make_private_dir(&dir)?;
        let files: Vec<(PathBuf, &str)> =
            b.files().iter().map(|(name, content)| (dir.join(name), *content)).collect();
        let backups = backup_if_changed(&files)?;
        for (name, content) in b.files() {
            write_atomic(&dir.join(name), content, if name == CA_KEY { 0o600 } else { 0o644 })?;
        }
        Ok(backups)
    }

    /// Clusters with a folder holding at least one bundle file, sorted.
    pub fn clusters(&self) -> Result<Vec<String>> {
        let mut out = Vec::new();
        let entries = match fs::read_dir(&self.path) {
            Ok(e) => e,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(out),
            Err(e) => return Err(e).ctx(|| format!("list {}", self.path.display())),
        };
        for e in entries {
            let e = e.ctx(|| format!("list {}", self.path.display()))?;
            // `root.next` and `root.previous` hold roots during a rotation; a cluster name has no dot.
            if e.path().is_dir()
                && !e.file_name().to_string_lossy().contains('.')
                && BUNDLE_FILES.iter().any(|f| e.path().join(f).exists())
            {
                out.push(e.file_name().to_string_lossy().into_owned());
            }
        }
        out.sort();
        Ok(out)
    }

    /// Key files that others can read (they should be 0600).
    pub fn loose_key_permissions(&self, cluster: Option<&str>) -> Vec<String> {
        let path = match cluster {
            Some(c) => self.cluster_dir(c).join(CA_KEY),
            None => self.root_key_path(),
        };
        mode_problem(&path).into_iter().collect()
    }
}

#[cfg(unix)]
fn mode_problem(path: &Path) -> Option<String> {
    use std::os::unix::fs::PermissionsExt;
    let mode = fs::metadata(path).ok()?.permissions().mode() & 0o777;
    (mode & 0o077 != 0)
        .then(|| format!("{} is readable by others (mode {mode:o}): chmod 600 it", path.display()))
}

#[cfg(not(unix))]
fn mode_problem(_: &Path) -> Option<String> {
    None
}

/// Before files are replaced: every one that exists with other content is copied to
/// `<name>.<UTC timestamp>.bak` with mode 0600 (a key is never destroyed; the files replaced together
/// share the timestamp). Returns the backups made.
fn backup_if_changed(files: &[(PathBuf, &str)]) -> Result<Vec<PathBuf>> {
    let changed: Vec<&PathBuf> = files
        .iter()
        .filter(|(p, new)| fs::read_to_string(p).is_ok_and(|old| old != *new))
        .map(|(p, _)| p)
        .collect();
    if changed.is_empty() {
        return Ok(vec![]);
    }
    let stamp = backup_stamp();
    let mut made = Vec::new();
    for p in changed {
        let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("file");
        let mut bak = p.with_file_name(format!("{name}.{stamp}.bak"));
        let mut n = 1;
        while bak.exists() {
            bak = p.with_file_name(format!("{name}.{stamp}.{n}.bak"));
            n += 1;
        }
        let old = read_text(p)?;
        write_atomic(&bak, &old, 0o600)?;
        made.push(bak);
    }
    Ok(made)
}

fn backup_stamp() -> String {
    let f = time::macros::format_description!("[year][month][day]T[hour][minute][second]Z");
    time::OffsetDateTime::now_utc().format(&f).unwrap_or_else(|_| "backup".into())
}

fn read_text(path: &Path) -> Result<String> {
    fs::read_to_string(path).ctx(|| format!("read {}", path.display()))
}

fn make_private_dir(path: &Path) -> Result<()> {
    if path.is_dir() {
        return Ok(());
    }
    let mut b = fs::DirBuilder::new();
    b.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        b.mode(0o700);
    }
    b.create(path).ctx(|| format!("create {}", path.display()))
}

/// Write through a temporary file created with `mode` from the start (a key is never, even for a
/// moment, readable by others), then rename over the target.
fn write_atomic(path: &Path, content: &str, mode: u32) -> Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    let tmp =
        dir.join(format!(".{}.tmp", path.file_name().and_then(|n| n.to_str()).unwrap_or("file")));
    let mut opts = fs::OpenOptions::new();
    opts.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        opts.mode(mode);
    }
    let _ = fs::remove_file(&tmp);
    let mut f = opts.open(&tmp).ctx(|| format!("write {}", path.display()))?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        f.set_permissions(fs::Permissions::from_mode(mode))
            .ctx(|| format!("write {}", path.display()))?;
    }
    f.write_all(content.as_bytes())
        .and_then(|()| f.sync_all())
        .ctx(|| format!("write {}", path.display()))?;
    fs::rename(&tmp, path).ctx(|| format!("write {}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ca::pki::{make_intermediate, make_root, KeyAlgorithm, Spec};

    #[cfg(unix)]
    #[test]
    fn keys_are_0600_in_0700_folders() {
        use std::os::unix::fs::PermissionsExt;
        let tmp = tempfile::tempdir().unwrap();
        let d = CaDir::new(tmp.path().join("ca"));
        let spec = Spec { org: "Istio".into(), days: 10, algorithm: KeyAlgorithm::EcdsaP256 };
        let now = time::OffsetDateTime::now_utc();
        let root = make_root(&spec, now).unwrap();
        d.write_root(&root).unwrap();
        let b = make_intermediate(&root, "c1", "istio-system", &spec, now).unwrap();
        d.write_bundle("c1", &b).unwrap();
        let mode = |p: PathBuf| fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(d.path.clone()), 0o700);
        assert_eq!(mode(d.root_key_path()), 0o600);
        assert_eq!(mode(d.cluster_dir("c1")), 0o700);
        assert_eq!(mode(d.cluster_dir("c1").join(CA_KEY)), 0o600);
        assert_eq!(mode(d.cluster_dir("c1").join(CA_CERT)), 0o644);
        assert!(d.loose_key_permissions(None).is_empty());
        assert_eq!(d.clusters().unwrap(), ["c1"]);
        let back = d.read_bundle("c1").unwrap().unwrap();
        assert_eq!(back.ca_cert, b.ca_cert);
        fs::remove_file(d.cluster_dir("c1").join(CERT_CHAIN)).unwrap();
        assert!(d.read_bundle("c1").unwrap_err().to_string().contains("cert-chain.pem is missing"));
        fs::set_permissions(d.root_key_path(), fs::Permissions::from_mode(0o644)).unwrap();
        assert_eq!(d.loose_key_permissions(None).len(), 1);
    }

    #[cfg(unix)]
    #[test]
    fn replacing_keeps_the_old_files_as_private_backups() {
        use std::os::unix::fs::PermissionsExt;
        let tmp = tempfile::tempdir().unwrap();
        let d = CaDir::new(tmp.path().join("ca"));
        let spec = Spec { org: "Istio".into(), days: 10, algorithm: KeyAlgorithm::EcdsaP256 };
        let now = time::OffsetDateTime::now_utc();
        let old = make_root(&spec, now).unwrap();
        assert!(d.write_root(&old).unwrap().is_empty());
        assert!(d.write_root(&old).unwrap().is_empty(), "the same root again needs no backup");
        let new = make_root(&spec, now).unwrap();
        let baks = d.write_root(&new).unwrap();
        assert_eq!(baks.len(), 2);
        let key_bak = baks.iter().find(|p| p.to_string_lossy().contains("root-key.pem.")).unwrap();
        assert!(key_bak.to_string_lossy().ends_with(".bak"));
        assert_eq!(fs::read_to_string(key_bak).unwrap(), old.key_pem);
        assert_eq!(fs::metadata(key_bak).unwrap().permissions().mode() & 0o777, 0o600);
        assert_eq!(fs::read_to_string(d.root_key_path()).unwrap(), new.key_pem);
        let b1 = make_intermediate(&new, "c1", "istio-system", &spec, now).unwrap();
        d.write_bundle("c1", &b1).unwrap();
        let b2 = make_intermediate(&new, "c1", "istio-system", &spec, now).unwrap();
        let baks = d.write_bundle("c1", &b2).unwrap();
        assert_eq!(
            baks.len(),
            3,
            "the intermediate, its key and its chain; root-cert.pem is the same"
        );
        let kb = baks.iter().find(|p| p.to_string_lossy().contains("ca-key.pem.")).unwrap();
        assert_eq!(fs::read_to_string(kb).unwrap(), b1.ca_key);
        assert_eq!(d.clusters().unwrap(), ["c1"]);
    }
}
