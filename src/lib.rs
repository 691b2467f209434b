//! kubectl-mesh: kubectl plugins that wire several Istio clusters into one mesh with shared tracing.
//!
//! Every plugin binary is a few lines (`plugins/<name>/main.rs`); all flags and logic live here so
//! that tests and completion generation reach the same `clap::Command`s.
//!
//! Shared parts: [`cli`] (flags), [`cluster`] (clients per context, fan-out), [`apply`] (field
//! manager, server-side apply, guarded JSON Patch), [`output`] (tables, YAML/JSON), [`istio`]
//! (Istio kinds by discovery), [`error`], [`run`] (exit codes), [`rollout`] (restarts), [`complete`] and
//! [`completions`]. Then the four plugins, siblings that use only each other's read sides, and
//! [`doctor`] above them.

pub mod access;
pub mod apply;
pub mod cli;
pub mod client_cert;
pub mod cluster;
pub mod complete;
pub mod error;
pub mod expiry;
pub mod istio;
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
