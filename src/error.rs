//! One error type for the suite: every failure names the action, the object and the cluster.

pub type Result<T, E = Error> = std::result::Result<T, E>;
type BoxError = Box<dyn std::error::Error + Send + Sync + 'static>;

/// An error as the user sees it: one line, exit code 1 (or 2 for usage errors).
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Bad flags or arguments, found before anything was touched (exit code 2).
    #[error("{0}")]
    Usage(String),
    /// Something we tried to do failed: "failed to <action>: <cause>".
    #[error("failed to {action}: {}", one_line(.source.as_ref()))]
    Failed { action: String, source: BoxError },
    /// A write whose request failed in transit (timed out, connection lost): it may or may not have
    /// landed. A rerun converges.
    #[error("outcome unknown: {action} got no answer ({}); it may have been applied. Re-run the command: it converges", one_line(.source.as_ref()))]
    Unknown { action: String, source: BoxError },
    /// A finding that is not an I/O failure ("cacerts in cluster2 chains to a different root …").
    #[error("{0}")]
    Msg(String),
}

impl Error {
    pub fn usage(msg: impl Into<String>) -> Self {
        Error::Usage(msg.into())
    }

    pub fn msg(msg: impl Into<String>) -> Self {
        Error::Msg(msg.into())
    }

    /// A request that never got the server's answer (refused, timed out, TLS) names the server
    /// it was for; the action already names the context.
    pub fn at_server(self, server: &str) -> Error {
        let in_transit = match &self {
            Error::Failed { source, .. } | Error::Unknown { source, .. } => {
                is_in_transit(source.as_ref())
            }
            _ => false,
        };
        if in_transit && !self.to_string().contains(server) {
            Error::Msg(format!("{self} (API server {server})"))
        } else {
            self
        }
    }

    pub fn exit_code(&self) -> u8 {
        match self {
            Error::Usage(_) => 2,
            _ => 1,
        }
    }

    /// The API server's answer, when the server refused a request (the one place errors are
    /// classified: [`is_not_found`](Self::is_not_found), [`is_conflict`](Self::is_conflict),
    /// [`is_throttled`](Self::is_throttled)).
    pub fn api_status(&self) -> Option<&kube::core::Status> {
        match self {
            Error::Failed { source, .. } => match source.downcast_ref::<kube::Error>() {
                Some(kube::Error::Api(s)) => Some(s),
                _ => None,
            },
            _ => None,
        }
    }

    /// 404 from the server.
    pub fn is_not_found(&self) -> bool {
        self.api_status().is_some_and(|s| s.is_not_found())
    }

    /// Someone else wrote first: 409 (the resourceVersion we sent is stale) or 422 from a guarded
    /// JSON Patch whose `test` of the resourceVersion failed.
    pub fn is_conflict(&self) -> bool {
        self.api_status().is_some_and(|s| s.code == 409 || s.code == 422)
    }

    /// 429: API Priority and Fairness (or a proxy) asks us to come back later.
    pub fn is_throttled(&self) -> bool {
        self.api_status().is_some_and(|s| s.code == 429)
    }

    /// How long a throttled request should wait, as the server said (Retry-After), if it did.
    pub fn retry_after(&self) -> Option<std::time::Duration> {
        let s = self.api_status()?.details.as_ref()?.retry_after_seconds;
        (s > 0).then(|| std::time::Duration::from_secs(s as u64))
    }
}

/// Attach the action that failed to any error: `.ctx(|| format!("patch Service {ns}/{name} in {cluster}"))`.
pub trait Context<T> {
    fn ctx<S: Into<String>>(self, action: impl FnOnce() -> S) -> Result<T>;
}

impl<T, E: Into<BoxError>> Context<T> for std::result::Result<T, E> {
    fn ctx<S: Into<String>>(self, action: impl FnOnce() -> S) -> Result<T> {
        self.map_err(|e| {
            let action: String = action().into();
            let source: BoxError = e.into();
            if is_write(&action) && is_in_transit(source.as_ref()) {
                Error::Unknown { action, source }
            } else {
                Error::Failed { action, source }
            }
        })
    }
}

/// The suite's write actions all start with one of these verbs ("apply Secret …", "patch Service …").
fn is_write(action: &str) -> bool {
    ["apply ", "patch ", "create ", "delete ", "restart ", "request a token"]
        .iter()
        .any(|v| action.starts_with(v))
}

/// A kube client error that is not the server's answer: the request may have reached it.
fn is_in_transit(e: &(dyn std::error::Error + 'static)) -> bool {
    match e.downcast_ref::<kube::Error>() {
        Some(kube::Error::Api(_)) | None => false,
        Some(kube::Error::HyperError(_)) | Some(kube::Error::Service(_)) => true,
        Some(_) => false,
    }
}

/// An error and its causes on one line, each cause once: kube's and hyper's errors often repeat
/// their source's text in their own.
pub fn one_line(err: &(dyn std::error::Error + 'static)) -> String {
    let mut parts: Vec<String> = Vec::new();
    let mut cur: Option<&(dyn std::error::Error + 'static)> = Some(err);
    while let Some(e) = cur {
        let text = match e.downcast_ref::<kube::Error>() {
            Some(kube::Error::Api(s)) => format!("{} ({})", s.message, s.reason),
            // "ServiceError: client error (Connect)" says nothing its sources do not say better.
            Some(kube::Error::Service(_)) => String::new(),
            _ => e.to_string(),
        };
        let text = if text.starts_with("client error (") { String::new() } else { text };
        // kube's timeout layer says "deadline has elapsed"; the user set the deadline.
        let text = if text == "deadline has elapsed" {
            "timed out (--request-timeout)".to_string()
        } else {
            text
        };
        // rustls's text for a server that went away mid-request ends in a link to its manual.
        let text = if text.contains("peer closed connection without sending TLS close_notify") {
            text.split("peer closed").next().unwrap_or_default().to_string()
                + "the API server closed the connection"
        } else {
            text
        };
        let text = text.replace('\n', " ");
        if !text.is_empty() && !parts.iter().any(|p| p.contains(&text)) {
            parts.push(text);
        }
        if matches!(e.downcast_ref::<kube::Error>(), Some(kube::Error::Api(_))) {
            break;
        }
        cur = e.source();
    }
    parts.join(": ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn api(code: u16, reason: &str) -> Error {
        let s = kube::core::Status::failure("refused", reason).with_code(code);
        let e: Result<()> = Err(kube::Error::Api(Box::new(s))).ctx(|| "patch ConfigMap a/b in c1");
        e.unwrap_err()
    }

    #[test]
    fn api_errors_are_classified_by_status_code() {
        assert!(api(409, "Conflict").is_conflict());
        assert!(api(422, "Invalid").is_conflict());
        assert!(api(429, "TooManyRequests").is_throttled());
        assert!(!api(500, "InternalError").is_conflict());
        assert!(!Error::msg("409 Conflict").is_conflict(), "text is never classified");
    }

    #[test]
    fn failed_names_the_action_and_the_cause_once() {
        let io = std::io::Error::new(std::io::ErrorKind::NotFound, "no such file");
        let e: Result<()> = Err(io).ctx(|| "read mesh-ca/root-key.pem");
        let e = e.unwrap_err();
        assert_eq!(e.to_string(), "failed to read mesh-ca/root-key.pem: no such file");
        assert_eq!(e.exit_code(), 1);
        assert_eq!(Error::usage("bad").exit_code(), 2);
    }

    #[test]
    fn a_write_that_got_no_answer_is_an_unknown_outcome() {
        let timeout = std::io::Error::new(std::io::ErrorKind::TimedOut, "deadline has elapsed");
        let e: Result<()> =
            Err(kube::Error::Service(Box::new(timeout))).ctx(|| "apply Secret a/b in c1");
        let text = e.unwrap_err().to_string();
        assert!(
            text.starts_with("outcome unknown: apply Secret a/b in c1 got no answer"),
            "{text}"
        );
        assert!(text.contains("Re-run the command"), "{text}");
        let timeout = std::io::Error::new(std::io::ErrorKind::TimedOut, "deadline has elapsed");
        let e: Result<()> =
            Err(kube::Error::Service(Box::new(timeout))).ctx(|| "get Secret a/b in c1");
        let text = e.unwrap_err().to_string();
        assert!(
            text.starts_with("failed to get Secret a/b in c1: timed out (--request-timeout)"),
            "{text}"
        );
    }

    #[test]
    fn a_server_that_went_away_is_said_in_words() {
        let eof = std::io::Error::new(
            std::io::ErrorKind::UnexpectedEof,
            "peer closed connection without sending TLS close_notify: https://docs.rs/rustls/x",
        );
        let e: Result<()> = Err(eof).ctx(|| "get Secret a/b in c1");
        assert_eq!(
            e.unwrap_err().to_string(),
            "failed to get Secret a/b in c1: the API server closed the connection"
        );
    }

    #[test]
    fn api_errors_show_message_and_reason() {
        let s = kube::core::Status::failure("services \"x\" not found", "NotFound").with_code(404);
        let e: Result<()> = Err(kube::Error::Api(Box::new(s))).ctx(|| "get Service a/x in c1");
        let e = e.unwrap_err();
        assert!(e.is_not_found() && !e.is_conflict() && !e.is_throttled());
        assert_eq!(
            e.to_string(),
            "failed to get Service a/x in c1: services \"x\" not found (NotFound)"
        );
    }
}
