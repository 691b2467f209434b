//! `kubectl mesh-tracing`: see `kubectl_mesh::tracing`.
fn main() -> std::process::ExitCode {
    kubectl_mesh::run::main::<kubectl_mesh::commands::MeshTracing>()
}
