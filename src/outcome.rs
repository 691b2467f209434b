//! What a command did to one object, or would do in a dry run, as the tables and `-o json` say it:
//! "created", "would create (dry run)", "would create (server dry run)", "unchanged".

use std::fmt;

use crate::cli::DryRun;

/// One object's outcome. [`say`](Outcome::say) adds the dry-run wording; outcomes that change
/// nothing (unchanged, kept, absent) read the same in every run.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    Created,
    Updated,
    /// Server-side apply changed an object that was there (kubectl's word).
    Configured,
    Patched,
    Restarted,
    Deleted,
    Replaced,
    Issued,
    Reissued,
    Unchanged,
    Kept,
    Absent,
}

impl Outcome {
    /// The past tense and, for outcomes that change something, the verb a dry run uses.
    fn words(self) -> (&'static str, Option<&'static str>) {
        use Outcome::*;
        match self {
            Created => ("created", Some("create")),
            Updated => ("updated", Some("update")),
            Configured => ("configured", Some("configure")),
            Patched => ("patched", Some("patch")),
            Restarted => ("restarted", Some("restart")),
            Deleted => ("deleted", Some("delete")),
            Replaced => ("replaced", Some("replace")),
            Issued => ("issued", Some("issue")),
            Reissued => ("re-issued", Some("re-issue")),
            Unchanged => ("unchanged", None),
            Kept => ("kept", None),
            Absent => ("absent", None),
        }
    }

    /// Does this outcome change the object?
    pub fn changes(self) -> bool {
        self.words().1.is_some()
    }

    /// "created"; in a dry run "would create (dry run)" or "would create (server dry run)".
    pub fn say(self, dry: DryRun) -> String {
        self.say_with(dry, "")
    }

    /// As [`say`](Self::say), with what to add after the verb: "restarted (new cacerts)", "would
    /// restart (new cacerts) (dry run)".
    pub fn say_with(self, dry: DryRun, detail: &str) -> String {
        let (done, todo) = self.words();
        let sep = if detail.is_empty() { "" } else { " " };
        match (dry, todo) {
            (DryRun::Client, Some(todo)) => format!("would {todo}{sep}{detail} (dry run)"),
            (DryRun::Server, Some(todo)) => format!("would {todo}{sep}{detail} (server dry run)"),
            _ => format!("{done}{sep}{detail}"),
        }
    }
}

impl fmt::Display for Outcome {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.words().0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_run_says_what_it_did_or_would_do() {
        assert_eq!(Outcome::Created.say(DryRun::None), "created");
        assert_eq!(Outcome::Created.say(DryRun::Client), "would create (dry run)");
        assert_eq!(Outcome::Reissued.say_with(DryRun::Server, "(expires soon)"), "would re-issue (expires soon) (server dry run)");
        assert_eq!(Outcome::Restarted.say_with(DryRun::None, "(new cacerts)"), "restarted (new cacerts)");
        for quiet in [Outcome::Unchanged, Outcome::Kept, Outcome::Absent] {
            assert_eq!(quiet.say(DryRun::Client), quiet.to_string());
            assert!(!quiet.changes());
        }
    }
}
