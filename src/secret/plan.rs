//! Which control plane needs a remote secret for which cluster (pure).

use crate::error::{Error, Result};

/// The clusters, in the order given, and which of them run a control plane.
#[derive(Debug, Clone, PartialEq)]
pub struct Topology {
    pub contexts: Vec<String>,
    pub primary: Vec<bool>,
}

impl Topology {
    /// `--context C1,C2,C3` alone: every cluster is a primary (multi-primary). With `--primary` and
    /// `--remote`: those, and `--context` must not be given too.
    pub fn from_flags(
        command: &str,
        contexts: &[String],
        primaries: &[String],
        remotes: &[String],
    ) -> Result<Topology> {
        if primaries.is_empty() {
            if !remotes.is_empty() {
                return Err(Error::usage(
                    "--remote needs --primary: which cluster runs the control plane?",
                ));
            }
            if contexts.len() < 2 {
                return Err(Error::usage(format!(
                    "{command} needs at least two clusters: --context C1,C2 (or --primary C1 --remote C2)"
                )));
            }
            return Ok(Topology {
                contexts: contexts.to_vec(),
                primary: vec![true; contexts.len()],
            });
        }
        if !contexts.is_empty() {
            return Err(Error::usage(
                "give either --context (multi-primary) or --primary/--remote, not both",
            ));
        }
        let mut all: Vec<String> = Vec::new();
        let mut primary = Vec::new();
        for (list, is_primary) in [(primaries, true), (remotes, false)] {
            for c in list {
                if all.contains(c) {
                    return Err(Error::usage(format!("context {c:?} given twice")));
                }
                all.push(c.clone());
                primary.push(is_primary);
            }
        }
        if all.len() < 2 {
            return Err(Error::usage(format!("{command} needs at least two clusters")));
        }
        Ok(Topology { contexts: all, primary })
    }

    /// (source, destination) index pairs: every primary gets a secret for every other cluster;
    /// remotes get none.
    pub fn pairs(&self) -> Vec<(usize, usize)> {
        let n = self.contexts.len();
        let mut out = Vec::new();
        for dst in (0..n).filter(|&d| self.primary[d]) {
            for src in (0..n).filter(|&s| s != dst) {
                out.push((src, dst));
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(v: &[&str]) -> Vec<String> {
        v.iter().map(|x| x.to_string()).collect()
    }

    #[test]
    fn multi_primary_is_every_ordered_pair() {
        let t = Topology::from_flags("link", &s(&["a", "b", "c"]), &[], &[]).unwrap();
        assert_eq!(t.pairs().len(), 6);
        assert!(!t.pairs().iter().any(|(a, b)| a == b));
    }

    #[test]
    fn primary_remote_only_primaries_receive() {
        let t = Topology::from_flags("link", &[], &s(&["a"]), &s(&["b", "c"])).unwrap();
        assert_eq!(t.pairs(), [(1, 0), (2, 0)]);
        let t = Topology::from_flags("link", &[], &s(&["a", "b"]), &s(&["c"])).unwrap();
        assert_eq!(t.pairs(), [(1, 0), (2, 0), (0, 1), (2, 1)]);
    }

    #[test]
    fn bad_layouts() {
        assert!(Topology::from_flags("link", &s(&["a"]), &[], &[]).is_err());
        let e = Topology::from_flags("unlink", &s(&["a"]), &[], &[]).unwrap_err().to_string();
        assert!(e.starts_with("unlink needs at least two clusters"), "{e}");
        assert!(Topology::from_flags("link", &[], &[], &s(&["b"])).is_err());
        assert!(Topology::from_flags("link", &s(&["a"]), &s(&["a"]), &s(&["b"])).is_err());
        assert!(Topology::from_flags("link", &[], &s(&["a"]), &s(&["a"])).is_err());
    }
}
