//! Expiry that CI can gate on: `--warn-within` (how close to expiry a root, an intermediate or a
//! token is worth a warning; 60 days by default, as `linkerd check` warns) and `--fail-on` (whether
//! warnings, or only errors, make the exit code non-zero).

use std::time::Duration;

use clap::{Args, ValueEnum};
use time::OffsetDateTime;

use crate::cli::parse_duration;
use crate::error::{Error, Result};

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, ValueEnum)]
pub enum FailOn {
    /// Warnings (something expires within --warn-within) fail too
    Warn,
    /// Only errors fail
    #[default]
    Error,
}

#[derive(Args, Clone, Debug)]
pub struct ExpiryArgs {
    /// Warn about a root, intermediate or token that expires within this long (e.g. 60d, 720h)
    #[arg(long, value_name = "DURATION", default_value = "60d", value_parser = parse_duration)]
    pub warn_within: Duration,
    /// What makes the exit code non-zero: errors only, or warnings too
    #[arg(long, value_enum, value_name = "LEVEL", default_value_t = FailOn::Error)]
    pub fail_on: FailOn,
}

impl Default for ExpiryArgs {
    fn default() -> Self {
        ExpiryArgs { warn_within: Duration::from_secs(60 * 86400), fail_on: FailOn::Error }
    }
}

impl ExpiryArgs {
    /// "the intermediate expires in 20days (2026-12-14T…Z)" when `not_after` is within the window
    /// and still ahead (an expired credential is an error, said elsewhere).
    pub fn warning(
        &self,
        what: &str,
        not_after: OffsetDateTime,
        now: OffsetDateTime,
    ) -> Option<String> {
        let left = not_after - now;
        if left.is_negative()
            || left >= time::Duration::try_from(self.warn_within).unwrap_or(time::Duration::MAX)
        {
            return None;
        }
        // Whole days far off (humantime would say "1year 11months 28days 21h…"), minutes close by.
        let when = if left > time::Duration::days(2) {
            format!("{} days", left.whole_days())
        } else {
            humantime::format_duration(Duration::from_secs(left.whole_minutes().max(0) as u64 * 60))
                .to_string()
        };
        Some(format!("{what} expires in {when} ({})", rfc3339(not_after)))
    }

    /// With `--fail-on warn`, warnings make the command fail (after it printed everything).
    pub fn gate(&self, warnings: &[String]) -> Result<()> {
        if self.fail_on == FailOn::Warn && !warnings.is_empty() {
            return Err(Error::msg(format!(
                "{} warning(s) and --fail-on warn: {}",
                warnings.len(),
                warnings.join("; ")
            )));
        }
        Ok(())
    }
}

pub fn rfc3339(t: OffsetDateTime) -> String {
    t.format(&time::format_description::well_known::Rfc3339).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn warns_inside_the_window_only() {
        let now = OffsetDateTime::from_unix_timestamp(1_800_000_000).unwrap();
        let e = ExpiryArgs::default();
        let day = time::Duration::days(1);
        let w = e.warning("the root", now + day * 20, now).unwrap();
        assert!(w.starts_with("the root expires in 20 days (20"), "{w}");
        let soon = e.warning("the token", now + time::Duration::minutes(119), now).unwrap();
        assert!(soon.starts_with("the token expires in 1h 59m ("), "{soon}");
        assert!(w.ends_with("Z)"), "{w}");
        assert!(e.warning("x", now + day * 61, now).is_none());
        assert!(e.warning("x", now - day, now).is_none(), "expired is an error, not a warning");
        assert!(e.gate(std::slice::from_ref(&w)).is_ok());
        let strict = ExpiryArgs { fail_on: FailOn::Warn, ..e };
        assert!(strict.gate(&[w]).unwrap_err().to_string().contains("--fail-on warn"));
        assert!(strict.gate(&[]).is_ok());
    }
}
