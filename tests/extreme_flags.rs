//! No input may panic: every duration and number flag fed extreme values exits with a usage error
//! (or, where the value is in range, works), and nothing is written anywhere.
mod common;

use common::*;

#[test]
fn extreme_numbers_and_durations_are_usage_errors_never_panics() {
    let tmp = tempfile::tempdir().unwrap();
    let missing = tmp.path().join("no-kubeconfig");
    let cases: &[(&str, &[&str], i32)] = &[
        ("mesh-ca", &["init", "--days", "99999999999"], 2),
        ("mesh-ca", &["init", "--days", "-1"], 2),
        ("mesh-ca", &["init", "--days", "0"], 2),
        ("mesh-ca", &["issue", "c1", "--renew-before", "1e20"], 2),
        ("mesh-ca", &["issue", "c1", "--days", "4294967296"], 2),
        ("mesh-ca", &["status", "--request-timeout", "1e20"], 2),
        ("mesh-ca", &["status", "--request-timeout", "inf"], 2),
        ("mesh-ca", &["status", "--request-timeout", "NaN"], 2),
        ("mesh-ca", &["status", "--request-timeout", "-5s"], 2),
        ("mesh-ca", &["status", "-v", "300"], 2),
        ("mesh-secret", &["link", "--context", "a,b", "--token-ttl", "1e19"], 2),
        ("mesh-secret", &["link", "--context", "a,b", "--token-ttl", "0"], 2),
        ("mesh-secret", &["link", "--context", "a,b", "--token-timeout", "1e400"], 2),
        (
            "mesh-secret",
            &["link", "--context", "a,b", "--token-timeout", "99999999999999999999999h"],
            2,
        ),
        ("mesh-expose", &["port", "x", "--port", "99999", "--to", "a:1"], 2),
        ("mesh-expose", &["port", "x", "--port", "0", "--to", "a:1"], 2),
        ("mesh-expose", &["port", "x", "--port", "-1", "--to", "a:1"], 2),
        ("mesh-expose", &["port", "x", "--port", "15018", "--to", "a:4294967297"], 2),
        ("mesh-tracing", &["set", "--addr", "a:1", "--concurrency", "0"], 2),
        ("mesh-tracing", &["set", "--addr", "a:1", "--concurrency", "1e20"], 2),
        ("mesh-tracing", &["set", "--addr", "a:1", "--sampling", "1e400"], 2),
        ("mesh-tracing", &["set", "--addr", "a:1", "--sampling", "NaN"], 2),
        ("mesh-tracing", &["set", "--addr", "a:1", "--sampling", "-0.5"], 2),
        ("mesh-tracing", &["set", "--addr", "a:1", "--wait", "--timeout", "1e20"], 2),
        ("mesh-tracing", &["set", "--addr", "a:99999999999999999999"], 2),
    ];
    for (name, args, code) in cases {
        let o = plugin(name)
            .current_dir(tmp.path())
            .arg("--kubeconfig")
            .arg(&missing)
            .args(*args)
            .output()
            .unwrap();
        let err = stderr(&o);
        assert!(
            !err.contains("panicked") && o.status.code() != Some(101),
            "{name} {args:?} panicked:\n{err}"
        );
        assert_eq!(o.status.code(), Some(*code), "{name} {args:?}:\n{err}");
    }
    // In range, however large, works: a 100-year root, and nothing but it written.
    let out = ok(plugin("mesh-ca")
        .current_dir(tmp.path())
        .args(["init", "--days", "36500"])
        .output()
        .unwrap());
    assert!(out.contains("created"), "{out}");
    let out = ok(plugin("mesh-ca")
        .current_dir(tmp.path())
        .args(["issue", "c1", "--days", "36500", "--renew-before", "36500d"])
        .output()
        .unwrap());
    assert!(out.contains("issued"), "{out}");
}
