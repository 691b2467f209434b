# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_kubectl_mesh_tracing_global_optspecs
    string join \n kubeconfig= context= all-contexts istio-namespace= o/output= dry-run= request-timeout= v/v= n/namespace= A/all-namespaces h/help V/version
end

function __fish_kubectl_mesh_tracing_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_kubectl_mesh_tracing_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_kubectl_mesh_tracing_using_subcommand
    set -l cmd (__fish_kubectl_mesh_tracing_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c kubectl-mesh-tracing -n "__fish_kubectl_mesh_tracing_needs_command" -l kubeconfig -d 'Path to the kubeconfig file (default: the files in $KUBECONFIG, merged, else ~/.kube/config)' -r -F
complete -c kubectl-mesh-tracing -n "__fish_kubectl_mesh_tracing_needs_command" -l context -d 'Kubeconfig context(s) to use; repeat or separate with commas for several clusters' -r
complete -c kubectl-mesh-tracing -n "__fish_kubectl_mesh_tracing_needs_command" -l istio-namespace -d 'Namespace of the Istio control plane (never taken from the context)' -r
complete -c kubectl-mesh-tracing -n "__fish_kubectl_mesh_tracing_needs_command" -s o -l output -d 'Output format' -r -f -a "table\t''
wide\t'The table with the columns that have more to say (`mesh-tracing show`: which workloads)'
yaml\t''
json\t''"
complete -c kubectl-mesh-tracing -n "__fish_kubectl_mesh_tracing_needs_command" -l dry-run -d 'Only print what would be done: "client" (nothing is sent) or "server" (the API server validates without persisting)' -r -f -a "none\t''
client\t''
server\t''"
complete -c kubectl-mesh-tracing -n "__fish_kubectl_mesh_tracing_needs_command" -l request-timeout -d 'How long to wait for a single API request ("0" waits forever; e.g. 10s, 1m)' -r
complete -c kubectl-mesh-tracing -n "__fish_kubectl_mesh_tracing_needs_command" -s v -l v -d 'Log level for debug logs on stderr (kubectl-style: 4 debug, 6 requests, 8 everything)' -r
complete -c kubectl-mesh-tracing -n "__fish_kubectl_mesh_tracing_needs_command" -s n -l namespace -d 'Workload namespace(s) to act on; repeat or separate with commas [default: all, as -A]' -r
complete -c kubectl-mesh-tracing -n "__fish_kubectl_mesh_tracing_needs_command" -l all-contexts -d 'Use every context in the kubeconfig'
complete -c kubectl-mesh-tracing -n "__fish_kubectl_mesh_tracing_needs_command" -s A -l all-namespaces -d 'Act on workloads in every namespace (the default; the mesh config is mesh-wide)'
complete -c kubectl-mesh-tracing -n "__fish_kubectl_mesh_tracing_needs_command" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c kubectl-mesh-tracing -n "__fish_kubectl_mesh_tracing_needs_command" -s V -l version -d 'Print version'
complete -c kubectl-mesh-tracing -n "__fish_kubectl_mesh_tracing_needs_command" -f -a "set" -d 'Point every cluster\'s proxies at the collector (Telemetry API, or mesh config and restarts)'
complete -c kubectl-mesh-tracing -n "__fish_kubectl_mesh_tracing_needs_command" -f -a "show" -d 'Per cluster: the mesh config\'s tracing settings and how many injected workloads run with others'
complete -c kubectl-mesh-tracing -n "__fish_kubectl_mesh_tracing_needs_command" -f -a "restart" -d 'Only the restart step: stale workloads (every injected one with --all)'
complete -c kubectl-mesh-tracing -n "__fish_kubectl_mesh_tracing_needs_command" -f -a "unset" -d 'Remove what set wrote: the Telemetry API settings, or the mesh config\'s zipkin address (enableTracing and sampling stay; stale proxies restart)'
complete -c kubectl-mesh-tracing -n "__fish_kubectl_mesh_tracing_needs_command" -f -a "migrate" -d 'Move a mesh between the two paths: write the new settings, then remove the old ones and restart only the workloads whose proxies carried them'
complete -c kubectl-mesh-tracing -n "__fish_kubectl_mesh_tracing_needs_command" -f -a "spans" -d 'Ask the collector, through a port-forward to its pod, for each cluster\'s spans: how many arrived within --since and when the newest did (Jaeger\'s or Zipkin\'s query API)'
complete -c kubectl-mesh-tracing -n "__fish_kubectl_mesh_tracing_needs_command" -f -a "doctor" -d 'Check the whole chain across clusters (CA, remote secrets, exposure, mesh config, proxies)'
complete -c kubectl-mesh-tracing -n "__fish_kubectl_mesh_tracing_needs_command" -f -a "version" -d 'Print the client version and commit; with --context or --all-contexts, each cluster\'s Kubernetes and Istio control-plane versions'
complete -c kubectl-mesh-tracing -n "__fish_kubectl_mesh_tracing_needs_command" -f -a "completion" -d 'Print a completion script: bash, zsh, fish or powershell for the plugin\'s own name, or `kubectl` for the helper through which kubectl 1.26+ completes `kubectl mesh-… <TAB>`'
complete -c kubectl-mesh-tracing -n "__fish_kubectl_mesh_tracing_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c kubectl-mesh-tracing -n "__fish_kubectl_mesh_tracing_using_subcommand set" -l addr -d 'The collector address proxies send spans to (HOST:PORT)' -r
complete -c kubectl-mesh-tracing -n "__fish_kubectl_mesh_tracing_using_subcommand set" -l via-gateway -d 'Take the address from `kubectl mesh-expose zipkin` in this context (`mesh-expose otel` with --provider opentelemetry); that cluster itself keeps the in-cluster address unless --same-address' -r
complete -c kubectl-mesh-tracing -n "__fish_kubectl_mesh_tracing_using_subcommand set" -l sampling -d 'Percentage of requests traced, 0..100 [default: keep the current value, 100 if none]' -r
complete -c kubectl-mesh-tracing -n "__fish_kubectl_mesh_tracing_using_subcommand set" -l mode -d 'Where tracing is configured: telemetry (an extensionProviders entry and a mesh-wide Telemetry that istiod pushes to running proxies: nothing restarts), proxy-config (defaultConfig.tracing, read by proxies at start: stale ones are restarted), or auto (telemetry where Istio serves the Telemetry API, 1.22 and later)' -r -f -a "auto\t'telemetry where every cluster serves telemetry.istio.io/v1 (Istio 1.22 and later), else proxy-config (`unset`: whichever the mesh has)'
proxy-config\t'`defaultConfig.tracing` in the mesh config: read by proxies at start, so stale ones restart'
telemetry\t'An `extensionProviders` entry and a mesh-wide Telemetry: istiod pushes them, nothing restarts'"
complete -c kubectl-mesh-tracing -n "__fish_kubectl_mesh_tracing_using_subcommand set" -l cluster-tag -d 'Tag every span with the proxy\'s cluster (ISTIO_META_CLUSTER_ID) under this tag name, as Kiali filters traces by `cluster`; a tag already set is kept [default: none added]' -r
complete -c kubectl-mesh-tracing -n "__fish_kubectl_mesh_tracing_using_subcommand set" -l provider -d 'With --mode telemetry: the tracer of the provider (opentelemetry: OTLP over gRPC)' -r -f -a "zipkin\t'Zipkin\'s HTTP API (port 9411 on a collector, 15018 through `mesh-expose zipkin`)'
opentelemetry\t'OTLP over gRPC (port 4317 on a collector, through `mesh-expose otel`)'"
complete -c kubectl-mesh-tracing -n "__fish_kubectl_mesh_tracing_using_subcommand set" -l revision -d 'Istio revision whose mesh config to use: ConfigMap istio-REV instead of istio' -r
complete -c kubectl-mesh-tracing -n "__fish_kubectl_mesh_tracing_using_subcommand set" -l concurrency -d 'Restarts in flight at once, per cluster' -r
complete -c kubectl-mesh-tracing -n "__fish_kubectl_mesh_tracing_using_subcommand set" -l timeout -d 'How long --wait waits' -r
complete -c kubectl-mesh-tracing -n "__fish_kubectl_mesh_tracing_using_subcommand set" -l kubeconfig -d 'Path to the kubeconfig file (default: the files in $KUBECONFIG, merged, else ~/.kube/config)' -r -F
complete -c kubectl-mesh-tracing -n "__fish_kubectl_mesh_tracing_using_subcommand set" -l context -d 'Kubeconfig context(s) to use; repeat or separate with commas for several clusters' -r
complete -c kubectl-mesh-tracing -n "__fish_kubectl_mesh_tracing_using_subcommand set" -l istio-namespace -d 'Namespace of the Istio control plane (never taken from the context)' -r
complete -c kubectl-mesh-tracing -n "__fish_kubectl_mesh_tracing_using_subcommand set" -s o -l output -d 'Output format' -r -f -a "table\t''
wide\t'The table with the columns that have more to say (`mesh-tracing show`: which workloads)'
yaml\t''
json\t''"
complete -c kubectl-mesh-tracing -n "__fish_kubectl_mesh_tracing_using_subcommand set" -l dry-run -d 'Only print what would be done: "client" (nothing is sent) or "server" (the API server validates without persisting)' -r -f -a "none\t''
client\t''
server\t''"
complete -c kubectl-mesh-tracing -n "__fish_kubectl_mesh_tracing_using_subcommand set" -l request-timeout -d 'How long to wait for a single API request ("0" waits forever; e.g. 10s, 1m)' -r
complete -c kubectl-mesh-tracing -n "__fish_kubectl_mesh_tracing_using_subcommand set" -s v -l v -d 'Log level for debug logs on stderr (kubectl-style: 4 debug, 6 requests, 8 everything)' -r
complete -c kubectl-mesh-tracing -n "__fish_kubectl_mesh_tracing_using_subcommand set" -s n -l namespace -d 'Workload namespace(s) to act on; repeat or separate with commas [default: all, as -A]' -r
complete -c kubectl-mesh-tracing -n "__fish_kubectl_mesh_tracing_using_subcommand set" -l same-address -d 'With --via-gateway: use the gateway address in the collector\'s own cluster too'
complete -c kubectl-mesh-tracing -n "__fish_kubectl_mesh_tracing_using_subcommand set" -l no-restart -d 'Edit the mesh config only; restart nothing'
complete -c kubectl-mesh-tracing -n "__fish_kubectl_mesh_tracing_using_subcommand set" -l wait -d 'Follow the roll-outs until they finish (or --timeout)'
complete -c kubectl-mesh-tracing -n "__fish_kubectl_mesh_tracing_using_subcommand set" -l print-config -d 'Print the IstioOperator / helm values that make the change survive upgrades, and change nothing'
complete -c kubectl-mesh-tracing -n "__fish_kubectl_mesh_tracing_using_subcommand set" -l all-contexts -d 'Use every context in the kubeconfig'
complete -c kubectl-mesh-tracing -n "__fish_kubectl_mesh_tracing_using_subcommand set" -s A -l all-namespaces -d 'Act on workloads in every namespace (the default; the mesh config is mesh-wide)'
complete -c kubectl-mesh-tracing -n "__fish_kubectl_mesh_tracing_using_subcommand set" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c kubectl-mesh-tracing -n "__fish_kubectl_mesh_tracing_using_subcommand show" -l revision -d 'Istio revision whose mesh config to use: ConfigMap istio-REV instead of istio' -r
complete -c kubectl-mesh-tracing -n "__fish_kubectl_mesh_tracing_using_subcommand show" -l kubeconfig -d 'Path to the kubeconfig file (default: the files in $KUBECONFIG, merged, else ~/.kube/config)' -r -F
complete -c kubectl-mesh-tracing -n "__fish_kubectl_mesh_tracing_using_subcommand show" -l context -d 'Kubeconfig context(s) to use; repeat or separate with commas for several clusters' -r
complete -c kubectl-mesh-tracing -n "__fish_kubectl_mesh_tracing_using_subcommand show" -l istio-namespace -d 'Namespace of the Istio control plane (never taken from the context)' -r
complete -c kubectl-mesh-tracing -n "__fish_kubectl_mesh_tracing_using_subcommand show" -s o -l output -d 'Output format' -r -f -a "table\t''
wide\t'The table with the columns that have more to say (`mesh-tracing show`: which workloads)'
yaml\t''
json\t''"
complete -c kubectl-mesh-tracing -n "__fish_kubectl_mesh_tracing_using_subcommand show" -l dry-run -d 'Only print what would be done: "client" (nothing is sent) or "server" (the API server validates without persisting)' -r -f -a "none\t''
client\t''
server\t''"
complete -c kubectl-mesh-tracing -n "__fish_kubectl_mesh_tracing_using_subcommand show" -l request-timeout -d 'How long to wait for a single API request ("0" waits forever; e.g. 10s, 1m)' -r
complete -c kubectl-mesh-tracing -n "__fish_kubectl_mesh_tracing_using_subcommand show" -s v -l v -d 'Log level for debug logs on stderr (kubectl-style: 4 debug, 6 requests, 8 everything)' -r
complete -c kubectl-mesh-tracing -n "__fish_kubectl_mesh_tracing_using_subcommand show" -s n -l namespace -d 'Workload namespace(s) to act on; repeat or separate with commas [default: all, as -A]' -r
complete -c kubectl-mesh-tracing -n "__fish_kubectl_mesh_tracing_using_subcommand show" -l all-contexts -d 'Use every context in the kubeconfig'
complete -c kubectl-mesh-tracing -n "__fish_kubectl_mesh_tracing_using_subcommand show" -s A -l all-namespaces -d 'Act on workloads in every namespace (the default; the mesh config is mesh-wide)'
complete -c kubectl-mesh-tracing -n "__fish_kubectl_mesh_tracing_using_subcommand show" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c kubectl-mesh-tracing -n "__fish_kubectl_mesh_tracing_using_subcommand restart" -l revision -d 'Istio revision whose mesh config to use: ConfigMap istio-REV instead of istio' -r
complete -c kubectl-mesh-tracing -n "__fish_kubectl_mesh_tracing_using_subcommand restart" -l concurrency -d 'Restarts in flight at once, per cluster' -r
complete -c kubectl-mesh-tracing -n "__fish_kubectl_mesh_tracing_using_subcommand restart" -l timeout -d 'How long --wait waits' -r
complete -c kubectl-mesh-tracing -n "__fish_kubectl_mesh_tracing_using_subcommand restart" -l kubeconfig -d 'Path to the kubeconfig file (default: the files in $KUBECONFIG, merged, else ~/.kube/config)' -r -F
complete -c kubectl-mesh-tracing -n "__fish_kubectl_mesh_tracing_using_subcommand restart" -l context -d 'Kubeconfig context(s) to use; repeat or separate with commas for several clusters' -r
complete -c kubectl-mesh-tracing -n "__fish_kubectl_mesh_tracing_using_subcommand restart" -l istio-namespace -d 'Namespace of the Istio control plane (never taken from the context)' -r
complete -c kubectl-mesh-tracing -n "__fish_kubectl_mesh_tracing_using_subcommand restart" -s o -l output -d 'Output format' -r -f -a "table\t''
wide\t'The table with the columns that have more to say (`mesh-tracing show`: which workloads)'
yaml\t''
json\t''"
complete -c kubectl-mesh-tracing -n "__fish_kubectl_mesh_tracing_using_subcommand restart" -l dry-run -d 'Only print what would be done: "client" (nothing is sent) or "server" (the API server validates without persisting)' -r -f -a "none\t''
client\t''
server\t''"
complete -c kubectl-mesh-tracing -n "__fish_kubectl_mesh_tracing_using_subcommand restart" -l request-timeout -d 'How long to wait for a single API request ("0" waits forever; e.g. 10s, 1m)' -r
complete -c kubectl-mesh-tracing -n "__fish_kubectl_mesh_tracing_using_subcommand restart" -s v -l v -d 'Log level for debug logs on stderr (kubectl-style: 4 debug, 6 requests, 8 everything)' -r
complete -c kubectl-mesh-tracing -n "__fish_kubectl_mesh_tracing_using_subcommand restart" -s n -l namespace -d 'Workload namespace(s) to act on; repeat or separate with commas [default: all, as -A]' -r
complete -c kubectl-mesh-tracing -n "__fish_kubectl_mesh_tracing_using_subcommand restart" -l all -d 'Restart every injected workload, not only the stale ones'
complete -c kubectl-mesh-tracing -n "__fish_kubectl_mesh_tracing_using_subcommand restart" -l wait -d 'Follow the roll-outs until they finish (or --timeout)'
complete -c kubectl-mesh-tracing -n "__fish_kubectl_mesh_tracing_using_subcommand restart" -l all-contexts -d 'Use every context in the kubeconfig'
complete -c kubectl-mesh-tracing -n "__fish_kubectl_mesh_tracing_using_subcommand restart" -s A -l all-namespaces -d 'Act on workloads in every namespace (the default; the mesh config is mesh-wide)'
complete -c kubectl-mesh-tracing -n "__fish_kubectl_mesh_tracing_using_subcommand restart" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c kubectl-mesh-tracing -n "__fish_kubectl_mesh_tracing_using_subcommand unset" -l mode -d 'Where tracing is configured: telemetry (an extensionProviders entry and a mesh-wide Telemetry that istiod pushes to running proxies: nothing restarts), proxy-config (defaultConfig.tracing, read by proxies at start: stale ones are restarted), or auto (telemetry where Istio serves the Telemetry API, 1.22 and later)' -r -f -a "auto\t'telemetry where every cluster serves telemetry.istio.io/v1 (Istio 1.22 and later), else proxy-config (`unset`: whichever the mesh has)'
proxy-config\t'`defaultConfig.tracing` in the mesh config: read by proxies at start, so stale ones restart'
telemetry\t'An `extensionProviders` entry and a mesh-wide Telemetry: istiod pushes them, nothing restarts'"
complete -c kubectl-mesh-tracing -n "__fish_kubectl_mesh_tracing_using_subcommand unset" -l revision -d 'Istio revision whose mesh config to use: ConfigMap istio-REV instead of istio' -r
complete -c kubectl-mesh-tracing -n "__fish_kubectl_mesh_tracing_using_subcommand unset" -l concurrency -d 'Restarts in flight at once, per cluster' -r
complete -c kubectl-mesh-tracing -n "__fish_kubectl_mesh_tracing_using_subcommand unset" -l timeout -d 'How long --wait waits' -r
complete -c kubectl-mesh-tracing -n "__fish_kubectl_mesh_tracing_using_subcommand unset" -l kubeconfig -d 'Path to the kubeconfig file (default: the files in $KUBECONFIG, merged, else ~/.kube/config)' -r -F
complete -c kubectl-mesh-tracing -n "__fish_kubectl_mesh_tracing_using_subcommand unset" -l context -d 'Kubeconfig context(s) to use; repeat or separate with commas for several clusters' -r
complete -c kubectl-mesh-tracing -n "__fish_kubectl_mesh_tracing_using_subcommand unset" -l istio-namespace -d 'Namespace of the Istio control plane (never taken from the context)' -r
complete -c kubectl-mesh-tracing -n "__fish_kubectl_mesh_tracing_using_subcommand unset" -s o -l output -d 'Output format' -r -f -a "table\t''
wide\t'The table with the columns that have more to say (`mesh-tracing show`: which workloads)'
yaml\t''
json\t''"
complete -c kubectl-mesh-tracing -n "__fish_kubectl_mesh_tracing_using_subcommand unset" -l dry-run -d 'Only print what would be done: "client" (nothing is sent) or "server" (the API server validates without persisting)' -r -f -a "none\t''
client\t''
server\t''"
complete -c kubectl-mesh-tracing -n "__fish_kubectl_mesh_tracing_using_subcommand unset" -l request-timeout -d 'How long to wait for a single API request ("0" waits forever; e.g. 10s, 1m)' -r
complete -c kubectl-mesh-tracing -n "__fish_kubectl_mesh_tracing_using_subcommand unset" -s v -l v -d 'Log level for debug logs on stderr (kubectl-style: 4 debug, 6 requests, 8 everything)' -r
complete -c kubectl-mesh-tracing -n "__fish_kubectl_mesh_tracing_using_subcommand unset" -s n -l namespace -d 'Workload namespace(s) to act on; repeat or separate with commas [default: all, as -A]' -r
complete -c kubectl-mesh-tracing -n "__fish_kubectl_mesh_tracing_using_subcommand unset" -l no-restart -d 'Edit the mesh config only; restart nothing'
complete -c kubectl-mesh-tracing -n "__fish_kubectl_mesh_tracing_using_subcommand unset" -l wait -d 'Follow the roll-outs until they finish (or --timeout)'
complete -c kubectl-mesh-tracing -n "__fish_kubectl_mesh_tracing_using_subcommand unset" -l print-config -d 'Print the IstioOperator / helm values that make the change survive upgrades, and change nothing'
complete -c kubectl-mesh-tracing -n "__fish_kubectl_mesh_tracing_using_subcommand unset" -l all-contexts -d 'Use every context in the kubeconfig'
complete -c kubectl-mesh-tracing -n "__fish_kubectl_mesh_tracing_using_subcommand unset" -s A -l all-namespaces -d 'Act on workloads in every namespace (the default; the mesh config is mesh-wide)'
complete -c kubectl-mesh-tracing -n "__fish_kubectl_mesh_tracing_using_subcommand unset" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c kubectl-mesh-tracing -n "__fish_kubectl_mesh_tracing_using_subcommand migrate" -l to -d 'The path to move to' -r -f -a "telemetry\t'From defaultConfig.tracing to the Telemetry API (the address and sampling carry over)'
proxy-config\t'From the Telemetry API back to defaultConfig.tracing (zipkin providers only)'"
complete -c kubectl-mesh-tracing -n "__fish_kubectl_mesh_tracing_using_subcommand migrate" -l sampling -d 'Percentage of requests traced, 0..100 [default: carried over from the old path]' -r
complete -c kubectl-mesh-tracing -n "__fish_kubectl_mesh_tracing_using_subcommand migrate" -l revision -d 'Istio revision whose mesh config to use: ConfigMap istio-REV instead of istio' -r
complete -c kubectl-mesh-tracing -n "__fish_kubectl_mesh_tracing_using_subcommand migrate" -l concurrency -d 'Restarts in flight at once, per cluster' -r
complete -c kubectl-mesh-tracing -n "__fish_kubectl_mesh_tracing_using_subcommand migrate" -l timeout -d 'How long --wait waits' -r
complete -c kubectl-mesh-tracing -n "__fish_kubectl_mesh_tracing_using_subcommand migrate" -l kubeconfig -d 'Path to the kubeconfig file (default: the files in $KUBECONFIG, merged, else ~/.kube/config)' -r -F
complete -c kubectl-mesh-tracing -n "__fish_kubectl_mesh_tracing_using_subcommand migrate" -l context -d 'Kubeconfig context(s) to use; repeat or separate with commas for several clusters' -r
complete -c kubectl-mesh-tracing -n "__fish_kubectl_mesh_tracing_using_subcommand migrate" -l istio-namespace -d 'Namespace of the Istio control plane (never taken from the context)' -r
complete -c kubectl-mesh-tracing -n "__fish_kubectl_mesh_tracing_using_subcommand migrate" -s o -l output -d 'Output format' -r -f -a "table\t''
wide\t'The table with the columns that have more to say (`mesh-tracing show`: which workloads)'
yaml\t''
json\t''"
complete -c kubectl-mesh-tracing -n "__fish_kubectl_mesh_tracing_using_subcommand migrate" -l dry-run -d 'Only print what would be done: "client" (nothing is sent) or "server" (the API server validates without persisting)' -r -f -a "none\t''
client\t''
server\t''"
complete -c kubectl-mesh-tracing -n "__fish_kubectl_mesh_tracing_using_subcommand migrate" -l request-timeout -d 'How long to wait for a single API request ("0" waits forever; e.g. 10s, 1m)' -r
complete -c kubectl-mesh-tracing -n "__fish_kubectl_mesh_tracing_using_subcommand migrate" -s v -l v -d 'Log level for debug logs on stderr (kubectl-style: 4 debug, 6 requests, 8 everything)' -r
complete -c kubectl-mesh-tracing -n "__fish_kubectl_mesh_tracing_using_subcommand migrate" -s n -l namespace -d 'Workload namespace(s) to act on; repeat or separate with commas [default: all, as -A]' -r
complete -c kubectl-mesh-tracing -n "__fish_kubectl_mesh_tracing_using_subcommand migrate" -l wait -d 'Follow the roll-outs until they finish (or --timeout)'
complete -c kubectl-mesh-tracing -n "__fish_kubectl_mesh_tracing_using_subcommand migrate" -l all-contexts -d 'Use every context in the kubeconfig'
complete -c kubectl-mesh-tracing -n "__fish_kubectl_mesh_tracing_using_subcommand migrate" -s A -l all-namespaces -d 'Act on workloads in every namespace (the default; the mesh config is mesh-wide)'
complete -c kubectl-mesh-tracing -n "__fish_kubectl_mesh_tracing_using_subcommand migrate" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c kubectl-mesh-tracing -n "__fish_kubectl_mesh_tracing_using_subcommand spans" -l collector -d 'The cluster running the collector [default: the first with a Running pod behind Service zipkin]' -r
complete -c kubectl-mesh-tracing -n "__fish_kubectl_mesh_tracing_using_subcommand spans" -l since -d 'How far back to count spans' -r
complete -c kubectl-mesh-tracing -n "__fish_kubectl_mesh_tracing_using_subcommand spans" -l kubeconfig -d 'Path to the kubeconfig file (default: the files in $KUBECONFIG, merged, else ~/.kube/config)' -r -F
complete -c kubectl-mesh-tracing -n "__fish_kubectl_mesh_tracing_using_subcommand spans" -l context -d 'Kubeconfig context(s) to use; repeat or separate with commas for several clusters' -r
complete -c kubectl-mesh-tracing -n "__fish_kubectl_mesh_tracing_using_subcommand spans" -l istio-namespace -d 'Namespace of the Istio control plane (never taken from the context)' -r
complete -c kubectl-mesh-tracing -n "__fish_kubectl_mesh_tracing_using_subcommand spans" -s o -l output -d 'Output format' -r -f -a "table\t''
wide\t'The table with the columns that have more to say (`mesh-tracing show`: which workloads)'
yaml\t''
json\t''"
complete -c kubectl-mesh-tracing -n "__fish_kubectl_mesh_tracing_using_subcommand spans" -l dry-run -d 'Only print what would be done: "client" (nothing is sent) or "server" (the API server validates without persisting)' -r -f -a "none\t''
client\t''
server\t''"
complete -c kubectl-mesh-tracing -n "__fish_kubectl_mesh_tracing_using_subcommand spans" -l request-timeout -d 'How long to wait for a single API request ("0" waits forever; e.g. 10s, 1m)' -r
complete -c kubectl-mesh-tracing -n "__fish_kubectl_mesh_tracing_using_subcommand spans" -s v -l v -d 'Log level for debug logs on stderr (kubectl-style: 4 debug, 6 requests, 8 everything)' -r
complete -c kubectl-mesh-tracing -n "__fish_kubectl_mesh_tracing_using_subcommand spans" -s n -l namespace -d 'Workload namespace(s) to act on; repeat or separate with commas [default: all, as -A]' -r
complete -c kubectl-mesh-tracing -n "__fish_kubectl_mesh_tracing_using_subcommand spans" -l all-contexts -d 'Use every context in the kubeconfig'
complete -c kubectl-mesh-tracing -n "__fish_kubectl_mesh_tracing_using_subcommand spans" -s A -l all-namespaces -d 'Act on workloads in every namespace (the default; the mesh config is mesh-wide)'
complete -c kubectl-mesh-tracing -n "__fish_kubectl_mesh_tracing_using_subcommand spans" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c kubectl-mesh-tracing -n "__fish_kubectl_mesh_tracing_using_subcommand doctor" -l collector -d 'The cluster running the collector (default: the one where zipkin is exposed)' -r
complete -c kubectl-mesh-tracing -n "__fish_kubectl_mesh_tracing_using_subcommand doctor" -l primary -d 'Control planes (default: every cluster with istiod, else every cluster)' -r
complete -c kubectl-mesh-tracing -n "__fish_kubectl_mesh_tracing_using_subcommand doctor" -l dir -d 'Folder of the local CA, to compare roots against' -r -F
complete -c kubectl-mesh-tracing -n "__fish_kubectl_mesh_tracing_using_subcommand doctor" -l gateway -d 'The east-west gateway Service' -r
complete -c kubectl-mesh-tracing -n "__fish_kubectl_mesh_tracing_using_subcommand doctor" -l revision -d 'Istio revision whose mesh config to use: ConfigMap istio-REV instead of istio' -r
complete -c kubectl-mesh-tracing -n "__fish_kubectl_mesh_tracing_using_subcommand doctor" -l wait -d 'Check again until every check passes (warnings that clear by themselves, like roll-outs in progress, included) or this long has passed (e.g. 5m)' -r
complete -c kubectl-mesh-tracing -n "__fish_kubectl_mesh_tracing_using_subcommand doctor" -l warn-within -d 'Warn about a root, intermediate or token that expires within this long (e.g. 60d, 720h)' -r
complete -c kubectl-mesh-tracing -n "__fish_kubectl_mesh_tracing_using_subcommand doctor" -l fail-on -d 'What makes the exit code non-zero: errors only, or warnings too' -r -f -a "warn\t'Warnings (something expires within --warn-within) fail too'
error\t'Only errors fail'"
complete -c kubectl-mesh-tracing -n "__fish_kubectl_mesh_tracing_using_subcommand doctor" -l kubeconfig -d 'Path to the kubeconfig file (default: the files in $KUBECONFIG, merged, else ~/.kube/config)' -r -F
complete -c kubectl-mesh-tracing -n "__fish_kubectl_mesh_tracing_using_subcommand doctor" -l context -d 'Kubeconfig context(s) to use; repeat or separate with commas for several clusters' -r
complete -c kubectl-mesh-tracing -n "__fish_kubectl_mesh_tracing_using_subcommand doctor" -l istio-namespace -d 'Namespace of the Istio control plane (never taken from the context)' -r
complete -c kubectl-mesh-tracing -n "__fish_kubectl_mesh_tracing_using_subcommand doctor" -s o -l output -d 'Output format' -r -f -a "table\t''
wide\t'The table with the columns that have more to say (`mesh-tracing show`: which workloads)'
yaml\t''
json\t''"
complete -c kubectl-mesh-tracing -n "__fish_kubectl_mesh_tracing_using_subcommand doctor" -l dry-run -d 'Only print what would be done: "client" (nothing is sent) or "server" (the API server validates without persisting)' -r -f -a "none\t''
client\t''
server\t''"
complete -c kubectl-mesh-tracing -n "__fish_kubectl_mesh_tracing_using_subcommand doctor" -l request-timeout -d 'How long to wait for a single API request ("0" waits forever; e.g. 10s, 1m)' -r
complete -c kubectl-mesh-tracing -n "__fish_kubectl_mesh_tracing_using_subcommand doctor" -s v -l v -d 'Log level for debug logs on stderr (kubectl-style: 4 debug, 6 requests, 8 everything)' -r
complete -c kubectl-mesh-tracing -n "__fish_kubectl_mesh_tracing_using_subcommand doctor" -s n -l namespace -d 'Workload namespace(s) to act on; repeat or separate with commas [default: all, as -A]' -r
complete -c kubectl-mesh-tracing -n "__fish_kubectl_mesh_tracing_using_subcommand doctor" -l all-contexts -d 'Use every context in the kubeconfig'
complete -c kubectl-mesh-tracing -n "__fish_kubectl_mesh_tracing_using_subcommand doctor" -s A -l all-namespaces -d 'Act on workloads in every namespace (the default; the mesh config is mesh-wide)'
complete -c kubectl-mesh-tracing -n "__fish_kubectl_mesh_tracing_using_subcommand doctor" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c kubectl-mesh-tracing -n "__fish_kubectl_mesh_tracing_using_subcommand version" -l kubeconfig -d 'Path to the kubeconfig file (default: the files in $KUBECONFIG, merged, else ~/.kube/config)' -r -F
complete -c kubectl-mesh-tracing -n "__fish_kubectl_mesh_tracing_using_subcommand version" -l context -d 'Kubeconfig context(s) to use; repeat or separate with commas for several clusters' -r
complete -c kubectl-mesh-tracing -n "__fish_kubectl_mesh_tracing_using_subcommand version" -l istio-namespace -d 'Namespace of the Istio control plane (never taken from the context)' -r
complete -c kubectl-mesh-tracing -n "__fish_kubectl_mesh_tracing_using_subcommand version" -s o -l output -d 'Output format' -r -f -a "table\t''
wide\t'The table with the columns that have more to say (`mesh-tracing show`: which workloads)'
yaml\t''
json\t''"
complete -c kubectl-mesh-tracing -n "__fish_kubectl_mesh_tracing_using_subcommand version" -l dry-run -d 'Only print what would be done: "client" (nothing is sent) or "server" (the API server validates without persisting)' -r -f -a "none\t''
client\t''
server\t''"
complete -c kubectl-mesh-tracing -n "__fish_kubectl_mesh_tracing_using_subcommand version" -l request-timeout -d 'How long to wait for a single API request ("0" waits forever; e.g. 10s, 1m)' -r
complete -c kubectl-mesh-tracing -n "__fish_kubectl_mesh_tracing_using_subcommand version" -s v -l v -d 'Log level for debug logs on stderr (kubectl-style: 4 debug, 6 requests, 8 everything)' -r
complete -c kubectl-mesh-tracing -n "__fish_kubectl_mesh_tracing_using_subcommand version" -s n -l namespace -d 'Workload namespace(s) to act on; repeat or separate with commas [default: all, as -A]' -r
complete -c kubectl-mesh-tracing -n "__fish_kubectl_mesh_tracing_using_subcommand version" -l all-contexts -d 'Use every context in the kubeconfig'
complete -c kubectl-mesh-tracing -n "__fish_kubectl_mesh_tracing_using_subcommand version" -s A -l all-namespaces -d 'Act on workloads in every namespace (the default; the mesh config is mesh-wide)'
complete -c kubectl-mesh-tracing -n "__fish_kubectl_mesh_tracing_using_subcommand version" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c kubectl-mesh-tracing -n "__fish_kubectl_mesh_tracing_using_subcommand completion" -l kubeconfig -d 'Path to the kubeconfig file (default: the files in $KUBECONFIG, merged, else ~/.kube/config)' -r -F
complete -c kubectl-mesh-tracing -n "__fish_kubectl_mesh_tracing_using_subcommand completion" -l context -d 'Kubeconfig context(s) to use; repeat or separate with commas for several clusters' -r
complete -c kubectl-mesh-tracing -n "__fish_kubectl_mesh_tracing_using_subcommand completion" -l istio-namespace -d 'Namespace of the Istio control plane (never taken from the context)' -r
complete -c kubectl-mesh-tracing -n "__fish_kubectl_mesh_tracing_using_subcommand completion" -s o -l output -d 'Output format' -r -f -a "table\t''
wide\t'The table with the columns that have more to say (`mesh-tracing show`: which workloads)'
yaml\t''
json\t''"
complete -c kubectl-mesh-tracing -n "__fish_kubectl_mesh_tracing_using_subcommand completion" -l dry-run -d 'Only print what would be done: "client" (nothing is sent) or "server" (the API server validates without persisting)' -r -f -a "none\t''
client\t''
server\t''"
complete -c kubectl-mesh-tracing -n "__fish_kubectl_mesh_tracing_using_subcommand completion" -l request-timeout -d 'How long to wait for a single API request ("0" waits forever; e.g. 10s, 1m)' -r
complete -c kubectl-mesh-tracing -n "__fish_kubectl_mesh_tracing_using_subcommand completion" -s v -l v -d 'Log level for debug logs on stderr (kubectl-style: 4 debug, 6 requests, 8 everything)' -r
complete -c kubectl-mesh-tracing -n "__fish_kubectl_mesh_tracing_using_subcommand completion" -s n -l namespace -d 'Workload namespace(s) to act on; repeat or separate with commas [default: all, as -A]' -r
complete -c kubectl-mesh-tracing -n "__fish_kubectl_mesh_tracing_using_subcommand completion" -l all-contexts -d 'Use every context in the kubeconfig'
complete -c kubectl-mesh-tracing -n "__fish_kubectl_mesh_tracing_using_subcommand completion" -s A -l all-namespaces -d 'Act on workloads in every namespace (the default; the mesh config is mesh-wide)'
complete -c kubectl-mesh-tracing -n "__fish_kubectl_mesh_tracing_using_subcommand completion" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c kubectl-mesh-tracing -n "__fish_kubectl_mesh_tracing_using_subcommand help; and not __fish_seen_subcommand_from set show restart unset migrate spans doctor version completion help" -f -a "set" -d 'Point every cluster\'s proxies at the collector (Telemetry API, or mesh config and restarts)'
complete -c kubectl-mesh-tracing -n "__fish_kubectl_mesh_tracing_using_subcommand help; and not __fish_seen_subcommand_from set show restart unset migrate spans doctor version completion help" -f -a "show" -d 'Per cluster: the mesh config\'s tracing settings and how many injected workloads run with others'
complete -c kubectl-mesh-tracing -n "__fish_kubectl_mesh_tracing_using_subcommand help; and not __fish_seen_subcommand_from set show restart unset migrate spans doctor version completion help" -f -a "restart" -d 'Only the restart step: stale workloads (every injected one with --all)'
complete -c kubectl-mesh-tracing -n "__fish_kubectl_mesh_tracing_using_subcommand help; and not __fish_seen_subcommand_from set show restart unset migrate spans doctor version completion help" -f -a "unset" -d 'Remove what set wrote: the Telemetry API settings, or the mesh config\'s zipkin address (enableTracing and sampling stay; stale proxies restart)'
complete -c kubectl-mesh-tracing -n "__fish_kubectl_mesh_tracing_using_subcommand help; and not __fish_seen_subcommand_from set show restart unset migrate spans doctor version completion help" -f -a "migrate" -d 'Move a mesh between the two paths: write the new settings, then remove the old ones and restart only the workloads whose proxies carried them'
complete -c kubectl-mesh-tracing -n "__fish_kubectl_mesh_tracing_using_subcommand help; and not __fish_seen_subcommand_from set show restart unset migrate spans doctor version completion help" -f -a "spans" -d 'Ask the collector, through a port-forward to its pod, for each cluster\'s spans: how many arrived within --since and when the newest did (Jaeger\'s or Zipkin\'s query API)'
complete -c kubectl-mesh-tracing -n "__fish_kubectl_mesh_tracing_using_subcommand help; and not __fish_seen_subcommand_from set show restart unset migrate spans doctor version completion help" -f -a "doctor" -d 'Check the whole chain across clusters (CA, remote secrets, exposure, mesh config, proxies)'
complete -c kubectl-mesh-tracing -n "__fish_kubectl_mesh_tracing_using_subcommand help; and not __fish_seen_subcommand_from set show restart unset migrate spans doctor version completion help" -f -a "version" -d 'Print the client version and commit; with --context or --all-contexts, each cluster\'s Kubernetes and Istio control-plane versions'
complete -c kubectl-mesh-tracing -n "__fish_kubectl_mesh_tracing_using_subcommand help; and not __fish_seen_subcommand_from set show restart unset migrate spans doctor version completion help" -f -a "completion" -d 'Print a completion script: bash, zsh, fish or powershell for the plugin\'s own name, or `kubectl` for the helper through which kubectl 1.26+ completes `kubectl mesh-… <TAB>`'
complete -c kubectl-mesh-tracing -n "__fish_kubectl_mesh_tracing_using_subcommand help; and not __fish_seen_subcommand_from set show restart unset migrate spans doctor version completion help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
