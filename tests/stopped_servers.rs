//! Fault matrix, the processes themselves: the API server of the local cluster `faults` is stopped
//! (SIGSTOP) or killed (SIGKILL, then started again with the same command line) at the plugin's first
//! write to it, its etcd is paused while the API server stays up, or it is stopped before the command
//! starts. Every case asserts the one error line (the cluster, the object, the action), the exit code,
//! and then either that nothing changed anywhere (the failure came before any write) or, where a
//! half-done run cannot be avoided, that a rerun converges.
mod common;

use std::io::{BufRead, BufReader, Read};
use std::process::{Command, Output, Stdio};
use std::time::Duration;

use common::local::{cluster_pki, process_pid};
use common::snapshot::snapshot;
use common::*;

const TIMEOUT: &str = "4s";

/// kill(2) without a fork: the signal lands within microseconds of the line that asked for it.
fn signal(pid: i32, sig: libc::c_int) {
    // SAFETY: kill(2) has no memory effects on this process.
    let rc = unsafe { libc::kill(pid, sig) };
    assert_eq!(rc, 0, "kill({pid}, {sig}): {}", std::io::Error::last_os_error());
}

/// A stopped process, continued when dropped (also when the test fails).
struct Stopped(i32);

impl Stopped {
    fn new(pid: i32) -> Stopped {
        signal(pid, libc::SIGSTOP);
        Stopped(pid)
    }
}

impl Drop for Stopped {
    fn drop(&mut self) {
        signal(self.0, libc::SIGCONT);
    }
}

/// The API server's port of `ctx`, as it appears in the plugin's request log.
fn port_of(ctx: &str) -> String {
    cluster_pki(ctx).0.rsplit(':').next().unwrap().to_string()
}

/// Run `cmd` with `-v 6` and call `at` once, when the plugin logs its first write request to the API
/// server on `port`: that write, or the next one (a round trip later), gets no answer.
fn run_breaking(mut cmd: Command, port: &str, at: impl FnOnce()) -> Output {
    let mut child =
        cmd.arg("-v").arg("6").stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().unwrap();
    let mut stdout = child.stdout.take().unwrap();
    let reader = std::thread::spawn(move || {
        let mut s = Vec::new();
        stdout.read_to_end(&mut s).unwrap();
        s
    });
    let mut at = Some(at);
    let mut err = Vec::new();
    for line in BufReader::new(child.stderr.take().unwrap()).lines() {
        let line = line.unwrap();
        let write = ["POST", "PUT", "PATCH", "DELETE"]
            .iter()
            .any(|m| line.contains(&format!("http.method={m} ")));
        if write
            && line.ends_with("requesting")
            && line.contains(&format!("127.0.0.1:{port}/"))
            && !line.contains("selfsubjectaccessreviews")
        {
            if let Some(f) = at.take() {
                f();
            }
        }
        err.extend_from_slice(line.as_bytes());
        err.push(b'\n');
    }
    let status = child.wait().unwrap();
    assert!(
        at.is_none(),
        "the plugin made no write to port {port}:\n{}",
        String::from_utf8_lossy(&err)
    );
    Output { status, stdout: reader.join().unwrap(), stderr: err }
}

/// The error lines of a failed run (the request log aside).
fn error_lines(o: &Output) -> Vec<String> {
    let lines: Vec<String> =
        stderr(o).lines().filter(|l| l.starts_with("error:")).map(String::from).collect();
    eprintln!("{lines:?}");
    lines
}

/// The API server of `ctx`, to be killed: started again with the same command line when dropped
/// (also when the test fails), as its supervisor would; `tests/cluster/local.sh down` stops the
/// new one.
struct Killable {
    ctx: String,
    argv: Vec<String>,
    killed: std::cell::Cell<bool>,
}

impl Killable {
    /// Read the running API server's command line.
    fn new(ctx: &str) -> Killable {
        let pid = process_pid(ctx, "apiserver");
        let argv: Vec<String> = std::fs::read(format!("/proc/{pid}/cmdline"))
            .unwrap()
            .split(|b| *b == 0)
            .filter(|a| !a.is_empty())
            .map(|a| String::from_utf8_lossy(a).into_owned())
            .collect();
        assert!(!argv.is_empty(), "{ctx}: no command line for pid {pid}");
        Killable { ctx: ctx.into(), argv, killed: false.into() }
    }

    fn kill(&self) {
        signal(process_pid(&self.ctx, "apiserver"), libc::SIGKILL);
        self.killed.set(true);
    }
}

impl Drop for Killable {
    // The new API server outlives this test, as the killed one would have: `local.sh down` stops it.
    #[allow(clippy::zombie_processes)]
    fn drop(&mut self) {
        if !self.killed.get() {
            return;
        }
        // The killed process's port is free once it is gone.
        let port: u16 = port_of(&self.ctx).parse().unwrap();
        let freed = (0..200).any(|_| {
            let free = std::net::TcpListener::bind(("127.0.0.1", port)).is_ok();
            if !free {
                std::thread::sleep(Duration::from_millis(50));
            }
            free
        });
        assert!(freed, "{}: port {port} still held after SIGKILL", self.ctx);
        let dir = cluster_pki(&self.ctx).1.parent().unwrap().to_path_buf();
        let log = std::fs::OpenOptions::new().append(true).open(dir.join("apiserver.log")).unwrap();
        let child = Command::new(&self.argv[0])
            .args(&self.argv[1..])
            .stdout(log.try_clone().unwrap())
            .stderr(log)
            .spawn()
            .unwrap();
        std::fs::write(dir.join("apiserver.pid"), child.id().to_string()).unwrap();
        let pids = dir.parent().unwrap().join("pids");
        let mut all = std::fs::read_to_string(&pids).unwrap();
        all.push_str(&format!("{}\n", child.id()));
        std::fs::write(&pids, all).unwrap();
        let ready = (0..360).any(|_| {
            let up = Command::new("kubectl")
                .env_remove("KUBECONFIG")
                .arg("--kubeconfig")
                .arg(kubeconfig())
                .args(["--context", &self.ctx, "get", "--raw", "/readyz"])
                .output()
                .is_ok_and(|o| o.status.success());
            if !up {
                std::thread::sleep(Duration::from_millis(250));
            }
            up
        });
        assert!(ready, "{}: the restarted API server did not come back", self.ctx);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn stopped_killed_and_paused_servers_lose_nothing() {
    let faults = fault_context();
    let other = take_contexts(1).remove(0);
    let ctxs = vec![other.clone(), faults.clone()];
    let id = unique("t-stopped");
    let fxs = Fixture::new_all(&ctxs, &id, &FixtureOpts::default()).await;
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let both = ctxs.join(",");
    let cmd = |name: &str, args: &[&str]| {
        let mut c = plugin(name);
        c.current_dir(dir)
            .arg("--kubeconfig")
            .arg(kubeconfig())
            .args(["--istio-namespace", &id, "--request-timeout", TIMEOUT])
            .args(args);
        if name == "mesh-tracing" {
            c.args(["--revision", &id]);
        }
        c
    };
    let port = port_of(&faults);
    ok(cmd("mesh-ca", &["init"]).output().unwrap());

    // 1. The API server is stopped before the command: the reads time out, and no cluster is written.
    let before = snapshot(&fxs.iter().collect::<Vec<_>>(), dir).await;
    {
        let _stopped = Stopped::new(process_pid(&faults, "apiserver"));
        let o = cmd("mesh-ca", &["install", "--context", &both]).output().unwrap();
        let err = fails(o, 1);
        assert!(err.contains(&faults) && err.contains("timed out"), "{err}");
    }
    assert_eq!(
        before,
        snapshot(&fxs.iter().collect::<Vec<_>>(), dir).await,
        "a cluster was written although one was stopped"
    );

    // 2. etcd paused, its API server up: an error within --request-timeout, naming the cluster.
    // (The API server may answer reads from its watch cache and take a write that lands once etcd
    // is back, so here the promise is the rerun's.)
    {
        let _paused = Stopped::new(process_pid(&faults, "etcd"));
        let started = std::time::Instant::now();
        let o =
            cmd("mesh-expose", &["zipkin", "--context", &faults, "--external-ip", "192.0.2.30"])
                .output()
                .unwrap();
        let err = fails(o, 1);
        assert!(err.contains(&faults), "{err}");
        assert!(
            started.elapsed() < Duration::from_secs(40),
            "--request-timeout {TIMEOUT} was not kept: {:?}",
            started.elapsed()
        );
    }
    ok(cmd("mesh-expose", &["zipkin", "--context", &faults, "--external-ip", "192.0.2.30"])
        .output()
        .unwrap());

    // 3. Each writing command, with the API server stopped (SIGSTOP), then killed (SIGKILL, and
    // started again), at its first write to it: that write or the next one (a round trip later:
    // istiod's restart after cacerts, the Gateway after the gateway's port, the workload's restart
    // after the mesh config) gets no answer. One error line names the cluster, the object and the
    // action; once the server is back, a rerun converges. The signal follows the plugin's request
    // log, so on a loaded machine it can come after the last write: then the run is made again
    // with something new to write, up to five times.
    fxs[1].wait_injected(1).await;
    let app = fxs[1].app_ns[0].clone();
    for (round, kill) in [false, true].into_iter().enumerate() {
        let mut last_addr = String::new();
        for kind in ["install", "link", "zipkin", "set"] {
            let mut hit = false;
            for attempt in 0..5 {
                let ip = format!("192.0.2.{}", 40 + round * 10 + attempt);
                let addr = format!("stopped{round}-{attempt}.example:9411");
                let args: Vec<&str> = match kind {
                    "install" => vec!["mesh-ca", "install", "--context", &both, "--restart-istiod"],
                    "link" => vec!["mesh-secret", "link", "--context", &both, "--allow-loopback"],
                    "zipkin" => {
                        vec!["mesh-expose", "zipkin", "--context", &faults, "--external-ip", &ip]
                    }
                    _ => vec![
                        "mesh-tracing",
                        "set",
                        "--mode",
                        "proxy-config",
                        "--addr",
                        &addr,
                        "--context",
                        &faults,
                        "-n",
                        &app,
                    ],
                };
                if kind == "link" && (round > 0 || attempt > 0) {
                    // Something to write again.
                    ok(cmd("mesh-secret", &["unlink", "--context", &both]).output().unwrap());
                }
                if kind == "set" {
                    // No workload stale, its newest pods injected: the new address makes it stale, and
                    // `set` has a restart to do after its mesh config write.
                    fxs[1].wait_injected(1).await;
                    let settled = wait_for(Duration::from_secs(90), || async {
                        let o = cmd(
                            "mesh-tracing",
                            &["show", "--context", &faults, "-n", &app, "-o", "json"],
                        )
                        .output()
                        .unwrap();
                        let rows: Vec<serde_json::Value> =
                            serde_json::from_slice(&o.stdout).ok()?;
                        let r = rows.first()?;
                        (r["workloads"].as_u64() >= Some(1) && r["stale"] == 0).then_some(())
                    })
                    .await;
                    assert!(settled.is_some(), "the workloads in {faults} never settled");
                }
                let killable = Killable::new(&faults);
                let stopped = std::cell::RefCell::new(None);
                let o = run_breaking(cmd(args[0], &args[1..]), &port, || {
                    if kill {
                        killable.kill();
                    } else {
                        *stopped.borrow_mut() =
                            Some(Stopped::new(process_pid(&faults, "apiserver")));
                    }
                });
                drop(stopped.take());
                drop(killable);
                if o.status.success() {
                    eprintln!(
                        "{args:?} (kill: {kill}): the signal came after the last write; again"
                    );
                    continue;
                }
                assert_eq!(o.status.code(), Some(1), "{args:?} (kill: {kill}): {}", stderr(&o));
                let errs = error_lines(&o);
                assert!(
                    errs.len() == 1 && errs[0].contains(&faults),
                    "{args:?} (kill: {kill}): {errs:?}"
                );
                if !kill {
                    // The request that got no answer: a write (said to converge on a rerun), or the
                    // read that came next.
                    assert!(
                        errs[0].contains("Re-run the command") || errs[0].contains("timed out"),
                        "{args:?}: {errs:?}"
                    );
                }
                ok(cmd(args[0], &args[1..]).output().unwrap());
                if kind == "set" {
                    last_addr = addr.clone();
                }
                hit = true;
                break;
            }
            assert!(
                hit,
                "{kind} (kill: {kill}): the fault never landed before the last write in five runs"
            );
        }
        let status =
            ok(cmd("mesh-ca", &["status", "--context", &both, "-o", "json"]).output().unwrap());
        let rows: Vec<serde_json::Value> = serde_json::from_str(&status).unwrap();
        assert!(
            rows.len() == 2 && rows.iter().all(|r| r["problems"].as_array().unwrap().is_empty()),
            "{status}"
        );
        let listed =
            ok(cmd("mesh-secret", &["list", "--context", &both, "-o", "json"]).output().unwrap());
        for c in &ctxs {
            assert!(listed.contains(c.as_str()), "{c} is missing after the rerun:\n{listed}");
        }
        let shown = ok(cmd("mesh-tracing", &["show", "--context", &faults, "-o", "json"])
            .output()
            .unwrap());
        assert!(shown.contains(&last_addr), "{shown}");
    }

    // 4. A root rotation whose phase is cut off in one cluster (the API server stopped at our first
    // write to it): the error names the cluster and the command that resumes the phase; with the
    // server back, that command finishes it, and two more runs finish the rotation. A run that
    // finished before the signal landed has simply done its phase: the next one is cut off instead.
    let rotate = |extra: &[&str]| {
        cmd(
            "mesh-ca",
            &[&["rotate", "root", "--context", &both, "--restart-istiod"], extra].concat(),
        )
    };
    let phases = || {
        let o = cmd("mesh-ca", &["status", "--context", &both, "-o", "json"]).output().unwrap();
        let rows: Vec<serde_json::Value> =
            serde_json::from_slice(&o.stdout).unwrap_or_else(|_| panic!("{}", stderr(&o)));
        rows.iter().map(|r| r["rotation"].as_str().unwrap_or("?").to_string()).collect::<Vec<_>>()
    };
    let mut cut = None;
    for _ in 0..3 {
        let stopped = std::cell::RefCell::new(None);
        let o = run_breaking(rotate(&[]), &port, || {
            *stopped.borrow_mut() = Some(Stopped::new(process_pid(&faults, "apiserver")))
        });
        drop(stopped.take());
        if o.status.success() {
            eprintln!("rotate root: the signal came after the last write; again");
            continue;
        }
        let errs = error_lines(&o);
        assert!(
            errs.len() == 1
                && errs[0].contains(&faults)
                && errs[0].contains("resume with: kubectl mesh-ca rotate root --phase "),
            "{errs:?}"
        );
        let phase =
            errs[0].split("--phase ").nth(1).and_then(|t| t.split(' ').next()).unwrap().to_string();
        cut = Some(phase);
        break;
    }
    let phase = cut.expect("the fault never landed in three phases");
    ok(rotate(&["--phase", &phase]).output().unwrap());
    let want = format!("phase {phase} of 3");
    let now = phases();
    assert!(
        now.iter().all(|p| *p == want || (phase == "3" && p == "-")),
        "every cluster at phase {phase} after the resume: {now:?}"
    );
    while phases().iter().any(|p| p.starts_with("phase")) {
        ok(rotate(&[]).output().unwrap());
    }
    let status =
        ok(cmd("mesh-ca", &["status", "--context", &both, "-o", "json"]).output().unwrap());
    let rows: Vec<serde_json::Value> = serde_json::from_str(&status).unwrap();
    let root = pki_fingerprint(&dir.join("mesh-ca/root-cert.pem"));
    assert!(
        rows.iter().all(|r| r["problems"].as_array().unwrap().is_empty()
            && r["rootFingerprint"] == root.as_str()),
        "{status}\n{root}"
    );
    fxs.into_iter().for_each(drop);
}

/// The SHA-256 fingerprint of a PEM certificate file, as `openssl x509 -fingerprint` prints it.
fn pki_fingerprint(path: &std::path::Path) -> String {
    let o = Command::new("openssl")
        .args(["x509", "-noout", "-fingerprint", "-sha256", "-in"])
        .arg(path)
        .output()
        .unwrap();
    String::from_utf8_lossy(&o.stdout).trim().rsplit('=').next().unwrap().to_string()
}
