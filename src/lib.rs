//! kubectl-mesh: kubectl plugins that wire several Istio clusters into one mesh with shared tracing.
//!
//! Every plugin binary is a few lines (`plugins/<name>/main.rs`); all flags and logic live here so
//! that tests and completion generation reach the same `clap::Command`s. Four layers, each
//! importing only the ones below it (`tests/architecture.rs` checks it):
//!
//! 1. Shared: [`cli`] (flags), [`session`] (the one door to flags, kubeconfig and clients),
//!    [`cluster`] (clients per context, fan-out), [`apply`] (field manager, server-side apply,
//!    guarded JSON Patch), [`outcome`] (typed actions), [`output`] (tables, YAML/JSON), [`istio`]
//!    (Istio kinds by discovery), [`forward`] (HTTP to a pod through a port-forward), [`istiod`] (istiod's own view through it), [`error`], [`run`] (exit codes), [`rollout`] (restarts),
//!    [`complete`], [`meta`] (`version`, `completion` flags).
//! 2. The four plugins, siblings: [`ca`], [`secret`], [`expose`], [`tracing`]. Each has its flags
//!    in `cli.rs`, pure builders beside the files that do cluster I/O, and publishes at its root
//!    the small read side the others may use.
//! 3. [`doctor`], above the plugins: one file per stage, using only their read sides. A new check
//!    goes in its stage's file with a new `CheckId` (a new stage: a `Stage`, a file, and a line in
//!    `doctor::run_checks`, which lists the stages once, in order).
//! 4. [`commands`]: the list of plugins, each plugin's dispatch, `version`/`completion`. A fifth
//!    plugin is a folder in layer 2, a file and a line in `commands`, and a binary in `plugins/`.
//!
//! A mutating command reads, decides in a pure `plan` (an [`execute::Plan`]: phases of changes, each
//! an object to apply, a guarded patch or edit, a delete of what the read found ours, a restart, or
//! a row with nothing to send), and hands it to [`execute`], which derives and asks the access
//! review once, answers a client dry run from the plan, sends server dry runs or writes, and returns
//! the rows. A new command's plan goes beside it (`secret/unlink/plan.rs`, `expose/changes.rs`,
//! `ca/cacerts_plan.rs` are the models) with unit tests built from objects, no cluster. Commands
//! that mint or wait between writes (`link`'s tokens, `rotate`'s confirmation, `set`'s restarts)
//! run those steps between plans; their access is asked up front (`Plan::needing`).

pub mod access;
pub mod apply;
pub mod cli;
pub mod client_cert;
pub mod cluster;
pub mod complete;
pub mod error;
pub mod execute;
pub mod expiry;
pub mod forward;
pub mod istio;
pub mod istiod;
pub mod meta;
pub mod net;
pub mod outcome;
pub mod output;
pub mod rollout;
pub mod run;
pub mod session;

pub mod ca;
pub mod expose;
pub mod secret;
pub mod tracing;

// Diagnostics across the four plugins, above them.
pub mod doctor;

// The binaries' commands and their dispatch, above everything.
pub mod commands;
