//! What a command did to one object, or would do in a dry run, as the tables and `-o json` say it:
//! "created", "would create (dry run)", "would create (server dry run)", "unchanged".
//!
//! Typed end to end: [`Action`] is what writes return and rows hold; commands ask it questions
//! ([`Action::did`], [`Action::failure`]) and its text exists only where a row is rendered.

use std::fmt;

use serde::{Serialize, Serializer};

use crate::cli::DryRun;

/// One object's outcome. [`Action`] adds the dry-run wording; outcomes that change
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

    /// "created"; in a dry run "would create (dry run)" or "would create (server dry run)"; with
    /// what to add after the verb: "restarted (new cacerts)", "would restart (new cacerts) (dry
    /// run)". Only [`Action`]'s `Display` says it.
    fn say_with(self, dry: DryRun, detail: &str) -> String {
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

/// What happened to one object in this run.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Action {
    /// An outcome, in this kind of run, with what to say after the verb ("(new cacerts)").
    Done { outcome: Outcome, run: DryRun, detail: String },
    /// Deliberately not done, and why ("not restarted (--no-restart)", "paused (not restarted)").
    NotDone(String),
    /// Tried and failed, with the cause (empty when the cause is reported elsewhere).
    Failed(String),
}

impl Action {
    /// `outcome` in a run of this kind.
    pub fn new(outcome: Outcome, run: DryRun) -> Action {
        Action::Done { outcome, run, detail: String::new() }
    }

    /// `outcome`, with what to say after the verb.
    pub fn with(outcome: Outcome, run: DryRun, detail: impl Into<String>) -> Action {
        Action::Done { outcome, run, detail: detail.into() }
    }

    /// The same action with more to say after the verb ("(zipkin host:9411, 100%)").
    pub fn detailed(self, more: &str) -> Action {
        match self {
            Action::Done { outcome, run, detail } if detail.is_empty() => {
                Action::with(outcome, run, more)
            }
            Action::Done { outcome, run, detail } => {
                Action::with(outcome, run, format!("{detail} {more}"))
            }
            other => other,
        }
    }

    /// The outcome, whatever the run (a dry run's "would create" is `Created`).
    pub fn outcome(&self) -> Option<Outcome> {
        match self {
            Action::Done { outcome, .. } => Some(*outcome),
            _ => None,
        }
    }

    /// Whether this run really did `o` (not a dry run of it).
    pub fn did(&self, o: Outcome) -> bool {
        matches!(self, Action::Done { outcome, run: DryRun::None, .. } if *outcome == o)
    }

    /// Whether this is `o`, done or, in a dry run, would be done.
    pub fn is(&self, o: Outcome) -> bool {
        self.outcome() == Some(o)
    }

    /// The cause, if this failed.
    pub fn failure(&self) -> Option<&str> {
        match self {
            Action::Failed(why) => Some(why),
            _ => None,
        }
    }
}

impl From<Outcome> for Action {
    /// An outcome that reads the same in every run (unchanged, kept, absent) or a real run's.
    fn from(o: Outcome) -> Action {
        Action::new(o, DryRun::None)
    }
}

impl fmt::Display for Action {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Action::Done { outcome, run, detail } => f.write_str(&outcome.say_with(*run, detail)),
            Action::NotDone(why) => f.write_str(why),
            Action::Failed(why) if why.is_empty() => f.write_str("failed"),
            Action::Failed(why) => write!(f, "failed: {why}"),
        }
    }
}

/// `-o json|yaml` print the action as the table does.
impl Serialize for Action {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn actions_answer_questions_and_say_what_they_are() {
        let dry = Action::new(Outcome::Restarted, DryRun::Client);
        assert!(dry.is(Outcome::Restarted) && !dry.did(Outcome::Restarted));
        assert_eq!(dry.to_string(), "would restart (dry run)");
        let done = Action::with(Outcome::Replaced, DryRun::None, "(istiod uses the new token)");
        assert!(done.did(Outcome::Replaced));
        assert_eq!(done.to_string(), "replaced (istiod uses the new token)");
        assert_eq!(Action::Failed("timed out".into()).to_string(), "failed: timed out");
        assert_eq!(Action::Failed(String::new()).to_string(), "failed");
        assert_eq!(Action::Failed("x".into()).failure(), Some("x"));
        assert_eq!(Action::from(Outcome::Absent).to_string(), "absent");
        assert_eq!(
            serde_json::to_value(&dry).unwrap(),
            serde_json::json!("would restart (dry run)")
        );
    }

    #[test]
    fn each_run_says_what_it_did_or_would_do() {
        assert_eq!(Outcome::Created.say_with(DryRun::None, ""), "created");
        assert_eq!(Outcome::Created.say_with(DryRun::Client, ""), "would create (dry run)");
        assert_eq!(
            Outcome::Reissued.say_with(DryRun::Server, "(expires soon)"),
            "would re-issue (expires soon) (server dry run)"
        );
        assert_eq!(
            Outcome::Restarted.say_with(DryRun::None, "(new cacerts)"),
            "restarted (new cacerts)"
        );
        for quiet in [Outcome::Unchanged, Outcome::Kept, Outcome::Absent] {
            assert_eq!(quiet.say_with(DryRun::Client, ""), quiet.to_string());
            // Changing nothing, it has no dry-run wording in either kind of dry run.
            assert_eq!(quiet.say_with(DryRun::Server, ""), quiet.to_string());
        }
    }
}
