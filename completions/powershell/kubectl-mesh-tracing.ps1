
using namespace System.Management.Automation
using namespace System.Management.Automation.Language

Register-ArgumentCompleter -Native -CommandName 'kubectl-mesh-tracing' -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)

    $commandElements = $commandAst.CommandElements
    $command = @(
        'kubectl-mesh-tracing'
        for ($i = 1; $i -lt $commandElements.Count; $i++) {
            $element = $commandElements[$i]
            if ($element -isnot [StringConstantExpressionAst] -or
                $element.StringConstantType -ne [StringConstantType]::BareWord -or
                $element.Value.StartsWith('-') -or
                $element.Value -eq $wordToComplete) {
                break
        }
        $element.Value
    }) -join ';'

    $completions = @(switch ($command) {
        'kubectl-mesh-tracing' {
            [CompletionResult]::new('--kubeconfig', '--kubeconfig', [CompletionResultType]::ParameterName, 'Path to the kubeconfig file (default: the files in $KUBECONFIG, merged, else ~/.kube/config)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Kubeconfig context(s) to use; repeat or separate with commas for several clusters')
            [CompletionResult]::new('--istio-namespace', '--istio-namespace', [CompletionResultType]::ParameterName, 'Namespace of the Istio control plane (never taken from the context)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Only print what would be done: "client" (nothing is sent) or "server" (the API server validates without persisting)')
            [CompletionResult]::new('--request-timeout', '--request-timeout', [CompletionResultType]::ParameterName, 'How long to wait for a single API request ("0" waits forever; e.g. 10s, 1m)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log level for debug logs on stderr (kubectl-style: 4 debug, 6 requests, 8 everything)')
            [CompletionResult]::new('--v', '--v', [CompletionResultType]::ParameterName, 'Log level for debug logs on stderr (kubectl-style: 4 debug, 6 requests, 8 everything)')
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Workload namespace(s) to act on; repeat or separate with commas [default: all, as -A]')
            [CompletionResult]::new('--namespace', '--namespace', [CompletionResultType]::ParameterName, 'Workload namespace(s) to act on; repeat or separate with commas [default: all, as -A]')
            [CompletionResult]::new('--all-contexts', '--all-contexts', [CompletionResultType]::ParameterName, 'Use every context in the kubeconfig')
            [CompletionResult]::new('-A', '-A ', [CompletionResultType]::ParameterName, 'Act on workloads in every namespace (the default; the mesh config is mesh-wide)')
            [CompletionResult]::new('--all-namespaces', '--all-namespaces', [CompletionResultType]::ParameterName, 'Act on workloads in every namespace (the default; the mesh config is mesh-wide)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('set', 'set', [CompletionResultType]::ParameterValue, 'Point every cluster''s proxies at the collector (Telemetry API, or mesh config and restarts)')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Per cluster: the mesh config''s tracing settings and how many injected workloads run with others')
            [CompletionResult]::new('restart', 'restart', [CompletionResultType]::ParameterValue, 'Only the restart step: stale workloads (every injected one with --all)')
            [CompletionResult]::new('unset', 'unset', [CompletionResultType]::ParameterValue, 'Remove what set wrote: the Telemetry API settings, or the mesh config''s zipkin address (enableTracing and sampling stay; stale proxies restart)')
            [CompletionResult]::new('migrate', 'migrate', [CompletionResultType]::ParameterValue, 'Move a mesh between the two paths: write the new settings, then remove the old ones and restart only the workloads whose proxies carried them')
            [CompletionResult]::new('spans', 'spans', [CompletionResultType]::ParameterValue, 'Ask the collector, through a port-forward to its pod, for each cluster''s spans: how many arrived within --since and when the newest did (Jaeger''s or Zipkin''s query API)')
            [CompletionResult]::new('doctor', 'doctor', [CompletionResultType]::ParameterValue, 'Check the whole chain across clusters (CA, remote secrets, exposure, mesh config, proxies)')
            [CompletionResult]::new('version', 'version', [CompletionResultType]::ParameterValue, 'Print the client version and commit; with --context or --all-contexts, each cluster''s Kubernetes and Istio control-plane versions')
            [CompletionResult]::new('completion', 'completion', [CompletionResultType]::ParameterValue, 'Print a completion script: bash, zsh, fish or powershell for the plugin''s own name, or `kubectl` for the helper through which kubectl 1.26+ completes `kubectl mesh-… <TAB>`')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'kubectl-mesh-tracing;set' {
            [CompletionResult]::new('--addr', '--addr', [CompletionResultType]::ParameterName, 'The collector address proxies send spans to (HOST:PORT)')
            [CompletionResult]::new('--via-gateway', '--via-gateway', [CompletionResultType]::ParameterName, 'Take the address from `kubectl mesh-expose zipkin` in this context (`mesh-expose otel` with --provider opentelemetry); that cluster itself keeps the in-cluster address unless --same-address')
            [CompletionResult]::new('--sampling', '--sampling', [CompletionResultType]::ParameterName, 'Percentage of requests traced, 0..100 [default: keep the current value, 100 if none]')
            [CompletionResult]::new('--mode', '--mode', [CompletionResultType]::ParameterName, 'Where tracing is configured: telemetry (an extensionProviders entry and a mesh-wide Telemetry that istiod pushes to running proxies: nothing restarts), proxy-config (defaultConfig.tracing, read by proxies at start: stale ones are restarted), or auto (telemetry where Istio serves the Telemetry API, 1.22 and later)')
            [CompletionResult]::new('--cluster-tag', '--cluster-tag', [CompletionResultType]::ParameterName, 'Tag every span with the proxy''s cluster (ISTIO_META_CLUSTER_ID) under this tag name, as Kiali filters traces by `cluster`; a tag already set is kept [default: none added]')
            [CompletionResult]::new('--provider', '--provider', [CompletionResultType]::ParameterName, 'With --mode telemetry: the tracer of the provider (opentelemetry: OTLP over gRPC)')
            [CompletionResult]::new('--revision', '--revision', [CompletionResultType]::ParameterName, 'Istio revision whose mesh config to use: ConfigMap istio-REV instead of istio')
            [CompletionResult]::new('--concurrency', '--concurrency', [CompletionResultType]::ParameterName, 'Restarts in flight at once, per cluster')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'How long --wait waits')
            [CompletionResult]::new('--kubeconfig', '--kubeconfig', [CompletionResultType]::ParameterName, 'Path to the kubeconfig file (default: the files in $KUBECONFIG, merged, else ~/.kube/config)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Kubeconfig context(s) to use; repeat or separate with commas for several clusters')
            [CompletionResult]::new('--istio-namespace', '--istio-namespace', [CompletionResultType]::ParameterName, 'Namespace of the Istio control plane (never taken from the context)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Only print what would be done: "client" (nothing is sent) or "server" (the API server validates without persisting)')
            [CompletionResult]::new('--request-timeout', '--request-timeout', [CompletionResultType]::ParameterName, 'How long to wait for a single API request ("0" waits forever; e.g. 10s, 1m)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log level for debug logs on stderr (kubectl-style: 4 debug, 6 requests, 8 everything)')
            [CompletionResult]::new('--v', '--v', [CompletionResultType]::ParameterName, 'Log level for debug logs on stderr (kubectl-style: 4 debug, 6 requests, 8 everything)')
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Workload namespace(s) to act on; repeat or separate with commas [default: all, as -A]')
            [CompletionResult]::new('--namespace', '--namespace', [CompletionResultType]::ParameterName, 'Workload namespace(s) to act on; repeat or separate with commas [default: all, as -A]')
            [CompletionResult]::new('--same-address', '--same-address', [CompletionResultType]::ParameterName, 'With --via-gateway: use the gateway address in the collector''s own cluster too')
            [CompletionResult]::new('--no-restart', '--no-restart', [CompletionResultType]::ParameterName, 'Edit the mesh config only; restart nothing')
            [CompletionResult]::new('--wait', '--wait', [CompletionResultType]::ParameterName, 'Follow the roll-outs until they finish (or --timeout)')
            [CompletionResult]::new('--print-config', '--print-config', [CompletionResultType]::ParameterName, 'Print the IstioOperator / helm values that make the change survive upgrades, and change nothing')
            [CompletionResult]::new('--all-contexts', '--all-contexts', [CompletionResultType]::ParameterName, 'Use every context in the kubeconfig')
            [CompletionResult]::new('-A', '-A ', [CompletionResultType]::ParameterName, 'Act on workloads in every namespace (the default; the mesh config is mesh-wide)')
            [CompletionResult]::new('--all-namespaces', '--all-namespaces', [CompletionResultType]::ParameterName, 'Act on workloads in every namespace (the default; the mesh config is mesh-wide)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'kubectl-mesh-tracing;show' {
            [CompletionResult]::new('--revision', '--revision', [CompletionResultType]::ParameterName, 'Istio revision whose mesh config to use: ConfigMap istio-REV instead of istio')
            [CompletionResult]::new('--kubeconfig', '--kubeconfig', [CompletionResultType]::ParameterName, 'Path to the kubeconfig file (default: the files in $KUBECONFIG, merged, else ~/.kube/config)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Kubeconfig context(s) to use; repeat or separate with commas for several clusters')
            [CompletionResult]::new('--istio-namespace', '--istio-namespace', [CompletionResultType]::ParameterName, 'Namespace of the Istio control plane (never taken from the context)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Only print what would be done: "client" (nothing is sent) or "server" (the API server validates without persisting)')
            [CompletionResult]::new('--request-timeout', '--request-timeout', [CompletionResultType]::ParameterName, 'How long to wait for a single API request ("0" waits forever; e.g. 10s, 1m)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log level for debug logs on stderr (kubectl-style: 4 debug, 6 requests, 8 everything)')
            [CompletionResult]::new('--v', '--v', [CompletionResultType]::ParameterName, 'Log level for debug logs on stderr (kubectl-style: 4 debug, 6 requests, 8 everything)')
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Workload namespace(s) to act on; repeat or separate with commas [default: all, as -A]')
            [CompletionResult]::new('--namespace', '--namespace', [CompletionResultType]::ParameterName, 'Workload namespace(s) to act on; repeat or separate with commas [default: all, as -A]')
            [CompletionResult]::new('--all-contexts', '--all-contexts', [CompletionResultType]::ParameterName, 'Use every context in the kubeconfig')
            [CompletionResult]::new('-A', '-A ', [CompletionResultType]::ParameterName, 'Act on workloads in every namespace (the default; the mesh config is mesh-wide)')
            [CompletionResult]::new('--all-namespaces', '--all-namespaces', [CompletionResultType]::ParameterName, 'Act on workloads in every namespace (the default; the mesh config is mesh-wide)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'kubectl-mesh-tracing;restart' {
            [CompletionResult]::new('--revision', '--revision', [CompletionResultType]::ParameterName, 'Istio revision whose mesh config to use: ConfigMap istio-REV instead of istio')
            [CompletionResult]::new('--concurrency', '--concurrency', [CompletionResultType]::ParameterName, 'Restarts in flight at once, per cluster')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'How long --wait waits')
            [CompletionResult]::new('--kubeconfig', '--kubeconfig', [CompletionResultType]::ParameterName, 'Path to the kubeconfig file (default: the files in $KUBECONFIG, merged, else ~/.kube/config)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Kubeconfig context(s) to use; repeat or separate with commas for several clusters')
            [CompletionResult]::new('--istio-namespace', '--istio-namespace', [CompletionResultType]::ParameterName, 'Namespace of the Istio control plane (never taken from the context)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Only print what would be done: "client" (nothing is sent) or "server" (the API server validates without persisting)')
            [CompletionResult]::new('--request-timeout', '--request-timeout', [CompletionResultType]::ParameterName, 'How long to wait for a single API request ("0" waits forever; e.g. 10s, 1m)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log level for debug logs on stderr (kubectl-style: 4 debug, 6 requests, 8 everything)')
            [CompletionResult]::new('--v', '--v', [CompletionResultType]::ParameterName, 'Log level for debug logs on stderr (kubectl-style: 4 debug, 6 requests, 8 everything)')
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Workload namespace(s) to act on; repeat or separate with commas [default: all, as -A]')
            [CompletionResult]::new('--namespace', '--namespace', [CompletionResultType]::ParameterName, 'Workload namespace(s) to act on; repeat or separate with commas [default: all, as -A]')
            [CompletionResult]::new('--all', '--all', [CompletionResultType]::ParameterName, 'Restart every injected workload, not only the stale ones')
            [CompletionResult]::new('--wait', '--wait', [CompletionResultType]::ParameterName, 'Follow the roll-outs until they finish (or --timeout)')
            [CompletionResult]::new('--all-contexts', '--all-contexts', [CompletionResultType]::ParameterName, 'Use every context in the kubeconfig')
            [CompletionResult]::new('-A', '-A ', [CompletionResultType]::ParameterName, 'Act on workloads in every namespace (the default; the mesh config is mesh-wide)')
            [CompletionResult]::new('--all-namespaces', '--all-namespaces', [CompletionResultType]::ParameterName, 'Act on workloads in every namespace (the default; the mesh config is mesh-wide)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'kubectl-mesh-tracing;unset' {
            [CompletionResult]::new('--mode', '--mode', [CompletionResultType]::ParameterName, 'Where tracing is configured: telemetry (an extensionProviders entry and a mesh-wide Telemetry that istiod pushes to running proxies: nothing restarts), proxy-config (defaultConfig.tracing, read by proxies at start: stale ones are restarted), or auto (telemetry where Istio serves the Telemetry API, 1.22 and later)')
            [CompletionResult]::new('--revision', '--revision', [CompletionResultType]::ParameterName, 'Istio revision whose mesh config to use: ConfigMap istio-REV instead of istio')
            [CompletionResult]::new('--concurrency', '--concurrency', [CompletionResultType]::ParameterName, 'Restarts in flight at once, per cluster')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'How long --wait waits')
            [CompletionResult]::new('--kubeconfig', '--kubeconfig', [CompletionResultType]::ParameterName, 'Path to the kubeconfig file (default: the files in $KUBECONFIG, merged, else ~/.kube/config)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Kubeconfig context(s) to use; repeat or separate with commas for several clusters')
            [CompletionResult]::new('--istio-namespace', '--istio-namespace', [CompletionResultType]::ParameterName, 'Namespace of the Istio control plane (never taken from the context)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Only print what would be done: "client" (nothing is sent) or "server" (the API server validates without persisting)')
            [CompletionResult]::new('--request-timeout', '--request-timeout', [CompletionResultType]::ParameterName, 'How long to wait for a single API request ("0" waits forever; e.g. 10s, 1m)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log level for debug logs on stderr (kubectl-style: 4 debug, 6 requests, 8 everything)')
            [CompletionResult]::new('--v', '--v', [CompletionResultType]::ParameterName, 'Log level for debug logs on stderr (kubectl-style: 4 debug, 6 requests, 8 everything)')
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Workload namespace(s) to act on; repeat or separate with commas [default: all, as -A]')
            [CompletionResult]::new('--namespace', '--namespace', [CompletionResultType]::ParameterName, 'Workload namespace(s) to act on; repeat or separate with commas [default: all, as -A]')
            [CompletionResult]::new('--no-restart', '--no-restart', [CompletionResultType]::ParameterName, 'Edit the mesh config only; restart nothing')
            [CompletionResult]::new('--wait', '--wait', [CompletionResultType]::ParameterName, 'Follow the roll-outs until they finish (or --timeout)')
            [CompletionResult]::new('--print-config', '--print-config', [CompletionResultType]::ParameterName, 'Print the IstioOperator / helm values that make the change survive upgrades, and change nothing')
            [CompletionResult]::new('--all-contexts', '--all-contexts', [CompletionResultType]::ParameterName, 'Use every context in the kubeconfig')
            [CompletionResult]::new('-A', '-A ', [CompletionResultType]::ParameterName, 'Act on workloads in every namespace (the default; the mesh config is mesh-wide)')
            [CompletionResult]::new('--all-namespaces', '--all-namespaces', [CompletionResultType]::ParameterName, 'Act on workloads in every namespace (the default; the mesh config is mesh-wide)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'kubectl-mesh-tracing;migrate' {
            [CompletionResult]::new('--to', '--to', [CompletionResultType]::ParameterName, 'The path to move to')
            [CompletionResult]::new('--sampling', '--sampling', [CompletionResultType]::ParameterName, 'Percentage of requests traced, 0..100 [default: carried over from the old path]')
            [CompletionResult]::new('--revision', '--revision', [CompletionResultType]::ParameterName, 'Istio revision whose mesh config to use: ConfigMap istio-REV instead of istio')
            [CompletionResult]::new('--concurrency', '--concurrency', [CompletionResultType]::ParameterName, 'Restarts in flight at once, per cluster')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'How long --wait waits')
            [CompletionResult]::new('--kubeconfig', '--kubeconfig', [CompletionResultType]::ParameterName, 'Path to the kubeconfig file (default: the files in $KUBECONFIG, merged, else ~/.kube/config)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Kubeconfig context(s) to use; repeat or separate with commas for several clusters')
            [CompletionResult]::new('--istio-namespace', '--istio-namespace', [CompletionResultType]::ParameterName, 'Namespace of the Istio control plane (never taken from the context)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Only print what would be done: "client" (nothing is sent) or "server" (the API server validates without persisting)')
            [CompletionResult]::new('--request-timeout', '--request-timeout', [CompletionResultType]::ParameterName, 'How long to wait for a single API request ("0" waits forever; e.g. 10s, 1m)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log level for debug logs on stderr (kubectl-style: 4 debug, 6 requests, 8 everything)')
            [CompletionResult]::new('--v', '--v', [CompletionResultType]::ParameterName, 'Log level for debug logs on stderr (kubectl-style: 4 debug, 6 requests, 8 everything)')
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Workload namespace(s) to act on; repeat or separate with commas [default: all, as -A]')
            [CompletionResult]::new('--namespace', '--namespace', [CompletionResultType]::ParameterName, 'Workload namespace(s) to act on; repeat or separate with commas [default: all, as -A]')
            [CompletionResult]::new('--wait', '--wait', [CompletionResultType]::ParameterName, 'Follow the roll-outs until they finish (or --timeout)')
            [CompletionResult]::new('--all-contexts', '--all-contexts', [CompletionResultType]::ParameterName, 'Use every context in the kubeconfig')
            [CompletionResult]::new('-A', '-A ', [CompletionResultType]::ParameterName, 'Act on workloads in every namespace (the default; the mesh config is mesh-wide)')
            [CompletionResult]::new('--all-namespaces', '--all-namespaces', [CompletionResultType]::ParameterName, 'Act on workloads in every namespace (the default; the mesh config is mesh-wide)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'kubectl-mesh-tracing;spans' {
            [CompletionResult]::new('--collector', '--collector', [CompletionResultType]::ParameterName, 'The cluster running the collector [default: the first with a Running pod behind Service zipkin]')
            [CompletionResult]::new('--since', '--since', [CompletionResultType]::ParameterName, 'How far back to count spans')
            [CompletionResult]::new('--kubeconfig', '--kubeconfig', [CompletionResultType]::ParameterName, 'Path to the kubeconfig file (default: the files in $KUBECONFIG, merged, else ~/.kube/config)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Kubeconfig context(s) to use; repeat or separate with commas for several clusters')
            [CompletionResult]::new('--istio-namespace', '--istio-namespace', [CompletionResultType]::ParameterName, 'Namespace of the Istio control plane (never taken from the context)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Only print what would be done: "client" (nothing is sent) or "server" (the API server validates without persisting)')
            [CompletionResult]::new('--request-timeout', '--request-timeout', [CompletionResultType]::ParameterName, 'How long to wait for a single API request ("0" waits forever; e.g. 10s, 1m)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log level for debug logs on stderr (kubectl-style: 4 debug, 6 requests, 8 everything)')
            [CompletionResult]::new('--v', '--v', [CompletionResultType]::ParameterName, 'Log level for debug logs on stderr (kubectl-style: 4 debug, 6 requests, 8 everything)')
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Workload namespace(s) to act on; repeat or separate with commas [default: all, as -A]')
            [CompletionResult]::new('--namespace', '--namespace', [CompletionResultType]::ParameterName, 'Workload namespace(s) to act on; repeat or separate with commas [default: all, as -A]')
            [CompletionResult]::new('--all-contexts', '--all-contexts', [CompletionResultType]::ParameterName, 'Use every context in the kubeconfig')
            [CompletionResult]::new('-A', '-A ', [CompletionResultType]::ParameterName, 'Act on workloads in every namespace (the default; the mesh config is mesh-wide)')
            [CompletionResult]::new('--all-namespaces', '--all-namespaces', [CompletionResultType]::ParameterName, 'Act on workloads in every namespace (the default; the mesh config is mesh-wide)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'kubectl-mesh-tracing;doctor' {
            [CompletionResult]::new('--collector', '--collector', [CompletionResultType]::ParameterName, 'The cluster running the collector (default: the one where zipkin is exposed)')
            [CompletionResult]::new('--primary', '--primary', [CompletionResultType]::ParameterName, 'Control planes (default: every cluster with istiod, else every cluster)')
            [CompletionResult]::new('--dir', '--dir', [CompletionResultType]::ParameterName, 'Folder of the local CA, to compare roots against')
            [CompletionResult]::new('--gateway', '--gateway', [CompletionResultType]::ParameterName, 'The east-west gateway Service')
            [CompletionResult]::new('--revision', '--revision', [CompletionResultType]::ParameterName, 'Istio revision whose mesh config to use: ConfigMap istio-REV instead of istio')
            [CompletionResult]::new('--wait', '--wait', [CompletionResultType]::ParameterName, 'Check again until every check passes (warnings that clear by themselves, like roll-outs in progress, included) or this long has passed (e.g. 5m)')
            [CompletionResult]::new('--warn-within', '--warn-within', [CompletionResultType]::ParameterName, 'Warn about a root, intermediate or token that expires within this long (e.g. 60d, 720h)')
            [CompletionResult]::new('--fail-on', '--fail-on', [CompletionResultType]::ParameterName, 'What makes the exit code non-zero: errors only, or warnings too')
            [CompletionResult]::new('--kubeconfig', '--kubeconfig', [CompletionResultType]::ParameterName, 'Path to the kubeconfig file (default: the files in $KUBECONFIG, merged, else ~/.kube/config)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Kubeconfig context(s) to use; repeat or separate with commas for several clusters')
            [CompletionResult]::new('--istio-namespace', '--istio-namespace', [CompletionResultType]::ParameterName, 'Namespace of the Istio control plane (never taken from the context)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Only print what would be done: "client" (nothing is sent) or "server" (the API server validates without persisting)')
            [CompletionResult]::new('--request-timeout', '--request-timeout', [CompletionResultType]::ParameterName, 'How long to wait for a single API request ("0" waits forever; e.g. 10s, 1m)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log level for debug logs on stderr (kubectl-style: 4 debug, 6 requests, 8 everything)')
            [CompletionResult]::new('--v', '--v', [CompletionResultType]::ParameterName, 'Log level for debug logs on stderr (kubectl-style: 4 debug, 6 requests, 8 everything)')
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Workload namespace(s) to act on; repeat or separate with commas [default: all, as -A]')
            [CompletionResult]::new('--namespace', '--namespace', [CompletionResultType]::ParameterName, 'Workload namespace(s) to act on; repeat or separate with commas [default: all, as -A]')
            [CompletionResult]::new('--all-contexts', '--all-contexts', [CompletionResultType]::ParameterName, 'Use every context in the kubeconfig')
            [CompletionResult]::new('-A', '-A ', [CompletionResultType]::ParameterName, 'Act on workloads in every namespace (the default; the mesh config is mesh-wide)')
            [CompletionResult]::new('--all-namespaces', '--all-namespaces', [CompletionResultType]::ParameterName, 'Act on workloads in every namespace (the default; the mesh config is mesh-wide)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'kubectl-mesh-tracing;version' {
            [CompletionResult]::new('--kubeconfig', '--kubeconfig', [CompletionResultType]::ParameterName, 'Path to the kubeconfig file (default: the files in $KUBECONFIG, merged, else ~/.kube/config)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Kubeconfig context(s) to use; repeat or separate with commas for several clusters')
            [CompletionResult]::new('--istio-namespace', '--istio-namespace', [CompletionResultType]::ParameterName, 'Namespace of the Istio control plane (never taken from the context)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Only print what would be done: "client" (nothing is sent) or "server" (the API server validates without persisting)')
            [CompletionResult]::new('--request-timeout', '--request-timeout', [CompletionResultType]::ParameterName, 'How long to wait for a single API request ("0" waits forever; e.g. 10s, 1m)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log level for debug logs on stderr (kubectl-style: 4 debug, 6 requests, 8 everything)')
            [CompletionResult]::new('--v', '--v', [CompletionResultType]::ParameterName, 'Log level for debug logs on stderr (kubectl-style: 4 debug, 6 requests, 8 everything)')
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Workload namespace(s) to act on; repeat or separate with commas [default: all, as -A]')
            [CompletionResult]::new('--namespace', '--namespace', [CompletionResultType]::ParameterName, 'Workload namespace(s) to act on; repeat or separate with commas [default: all, as -A]')
            [CompletionResult]::new('--all-contexts', '--all-contexts', [CompletionResultType]::ParameterName, 'Use every context in the kubeconfig')
            [CompletionResult]::new('-A', '-A ', [CompletionResultType]::ParameterName, 'Act on workloads in every namespace (the default; the mesh config is mesh-wide)')
            [CompletionResult]::new('--all-namespaces', '--all-namespaces', [CompletionResultType]::ParameterName, 'Act on workloads in every namespace (the default; the mesh config is mesh-wide)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'kubectl-mesh-tracing;completion' {
            [CompletionResult]::new('--kubeconfig', '--kubeconfig', [CompletionResultType]::ParameterName, 'Path to the kubeconfig file (default: the files in $KUBECONFIG, merged, else ~/.kube/config)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Kubeconfig context(s) to use; repeat or separate with commas for several clusters')
            [CompletionResult]::new('--istio-namespace', '--istio-namespace', [CompletionResultType]::ParameterName, 'Namespace of the Istio control plane (never taken from the context)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Only print what would be done: "client" (nothing is sent) or "server" (the API server validates without persisting)')
            [CompletionResult]::new('--request-timeout', '--request-timeout', [CompletionResultType]::ParameterName, 'How long to wait for a single API request ("0" waits forever; e.g. 10s, 1m)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log level for debug logs on stderr (kubectl-style: 4 debug, 6 requests, 8 everything)')
            [CompletionResult]::new('--v', '--v', [CompletionResultType]::ParameterName, 'Log level for debug logs on stderr (kubectl-style: 4 debug, 6 requests, 8 everything)')
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Workload namespace(s) to act on; repeat or separate with commas [default: all, as -A]')
            [CompletionResult]::new('--namespace', '--namespace', [CompletionResultType]::ParameterName, 'Workload namespace(s) to act on; repeat or separate with commas [default: all, as -A]')
            [CompletionResult]::new('--all-contexts', '--all-contexts', [CompletionResultType]::ParameterName, 'Use every context in the kubeconfig')
            [CompletionResult]::new('-A', '-A ', [CompletionResultType]::ParameterName, 'Act on workloads in every namespace (the default; the mesh config is mesh-wide)')
            [CompletionResult]::new('--all-namespaces', '--all-namespaces', [CompletionResultType]::ParameterName, 'Act on workloads in every namespace (the default; the mesh config is mesh-wide)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'kubectl-mesh-tracing;help' {
            [CompletionResult]::new('set', 'set', [CompletionResultType]::ParameterValue, 'Point every cluster''s proxies at the collector (Telemetry API, or mesh config and restarts)')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Per cluster: the mesh config''s tracing settings and how many injected workloads run with others')
            [CompletionResult]::new('restart', 'restart', [CompletionResultType]::ParameterValue, 'Only the restart step: stale workloads (every injected one with --all)')
            [CompletionResult]::new('unset', 'unset', [CompletionResultType]::ParameterValue, 'Remove what set wrote: the Telemetry API settings, or the mesh config''s zipkin address (enableTracing and sampling stay; stale proxies restart)')
            [CompletionResult]::new('migrate', 'migrate', [CompletionResultType]::ParameterValue, 'Move a mesh between the two paths: write the new settings, then remove the old ones and restart only the workloads whose proxies carried them')
            [CompletionResult]::new('spans', 'spans', [CompletionResultType]::ParameterValue, 'Ask the collector, through a port-forward to its pod, for each cluster''s spans: how many arrived within --since and when the newest did (Jaeger''s or Zipkin''s query API)')
            [CompletionResult]::new('doctor', 'doctor', [CompletionResultType]::ParameterValue, 'Check the whole chain across clusters (CA, remote secrets, exposure, mesh config, proxies)')
            [CompletionResult]::new('version', 'version', [CompletionResultType]::ParameterValue, 'Print the client version and commit; with --context or --all-contexts, each cluster''s Kubernetes and Istio control-plane versions')
            [CompletionResult]::new('completion', 'completion', [CompletionResultType]::ParameterValue, 'Print a completion script: bash, zsh, fish or powershell for the plugin''s own name, or `kubectl` for the helper through which kubectl 1.26+ completes `kubectl mesh-… <TAB>`')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'kubectl-mesh-tracing;help;set' {
            break
        }
        'kubectl-mesh-tracing;help;show' {
            break
        }
        'kubectl-mesh-tracing;help;restart' {
            break
        }
        'kubectl-mesh-tracing;help;unset' {
            break
        }
        'kubectl-mesh-tracing;help;migrate' {
            break
        }
        'kubectl-mesh-tracing;help;spans' {
            break
        }
        'kubectl-mesh-tracing;help;doctor' {
            break
        }
        'kubectl-mesh-tracing;help;version' {
            break
        }
        'kubectl-mesh-tracing;help;completion' {
            break
        }
        'kubectl-mesh-tracing;help;help' {
            break
        }
    })

    $completions.Where{ $_.CompletionText -like "$wordToComplete*" } |
        Sort-Object -Property ListItemText
}
