//! `rotate root`: a mesh moves from one root to another in three phases. `phase` works out where
//! every cluster stands and what the next phase writes (pure); `root` reads the clusters, writes
//! the `cacerts` Secrets and restarts istiod when asked; `root_files` is the local folder's side.

mod phase;
mod root;
mod root_files;

pub use phase::{Rotation, Stand, FROM_ANNOTATION, PHASE_ANNOTATION, TO_ANNOTATION};
pub use root::rotate_root;
