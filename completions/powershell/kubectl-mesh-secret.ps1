
using namespace System.Management.Automation
using namespace System.Management.Automation.Language

Register-ArgumentCompleter -Native -CommandName 'kubectl-mesh-secret' -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)

    $commandElements = $commandAst.CommandElements
    $command = @(
        'kubectl-mesh-secret'
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
        'kubectl-mesh-secret' {
            [CompletionResult]::new('--kubeconfig', '--kubeconfig', [CompletionResultType]::ParameterName, 'Path to the kubeconfig file (default: the files in $KUBECONFIG, merged, else ~/.kube/config)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Kubeconfig context(s) to use; repeat or separate with commas for several clusters')
            [CompletionResult]::new('--istio-namespace', '--istio-namespace', [CompletionResultType]::ParameterName, 'Namespace of the Istio control plane (never taken from the context)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Only print what would be done: "client" (nothing is sent) or "server" (the API server validates without persisting)')
            [CompletionResult]::new('--request-timeout', '--request-timeout', [CompletionResultType]::ParameterName, 'How long to wait for a single API request ("0" waits forever; e.g. 10s, 1m)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log level for debug logs on stderr (kubectl-style: 4 debug, 6 requests, 8 everything)')
            [CompletionResult]::new('--v', '--v', [CompletionResultType]::ParameterName, 'Log level for debug logs on stderr (kubectl-style: 4 debug, 6 requests, 8 everything)')
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Same as --istio-namespace (this plugin''s objects live in the Istio namespace)')
            [CompletionResult]::new('--namespace', '--namespace', [CompletionResultType]::ParameterName, 'Same as --istio-namespace (this plugin''s objects live in the Istio namespace)')
            [CompletionResult]::new('--all-contexts', '--all-contexts', [CompletionResultType]::ParameterName, 'Use every context in the kubeconfig')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('create', 'create', [CompletionResultType]::ParameterValue, 'Print the remote secret for one cluster (for GitOps or `| kubectl apply -f -`); it makes the reader identity and token it needs in that cluster, and applies nothing elsewhere')
            [CompletionResult]::new('link', 'link', [CompletionResultType]::ParameterValue, 'Give every control plane a remote secret for every other cluster it must watch')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'Show each cluster''s remote secrets and whether they work right now')
            [CompletionResult]::new('rotate', 'rotate', [CompletionResultType]::ParameterValue, 'Give every remote secret between these clusters a new token: mint it, replace the secret, wait until the receiving istiod uses it, then revoke the old one (never before)')
            [CompletionResult]::new('unlink', 'unlink', [CompletionResultType]::ParameterValue, 'Remove the remote secrets `link` made between exactly these clusters; a source''s token and RBAC go only when no remote secret elsewhere still uses them')
            [CompletionResult]::new('version', 'version', [CompletionResultType]::ParameterValue, 'Print the client version and commit; with --context or --all-contexts, each cluster''s Kubernetes and Istio control-plane versions')
            [CompletionResult]::new('completion', 'completion', [CompletionResultType]::ParameterValue, 'Print a completion script: bash, zsh, fish or powershell for the plugin''s own name, or `kubectl` for the helper through which kubectl 1.26+ completes `kubectl mesh-… <TAB>`')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'kubectl-mesh-secret;create' {
            [CompletionResult]::new('--name', '--name', [CompletionResultType]::ParameterName, 'Cluster name (the data key and secret name suffix) [default: the context''s name]')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'API server address for the other clusters to use [default: the kubeconfig''s]')
            [CompletionResult]::new('--token-ttl', '--token-ttl', [CompletionResultType]::ParameterName, 'Use a TokenRequest token valid this long (e.g. 720h) instead of a long-lived service-account token Secret; `link` renews tokens within a fifth of this of expiry')
            [CompletionResult]::new('--token-timeout', '--token-timeout', [CompletionResultType]::ParameterName, 'How long to wait for the token controller to fill a new token Secret')
            [CompletionResult]::new('--kubeconfig', '--kubeconfig', [CompletionResultType]::ParameterName, 'Path to the kubeconfig file (default: the files in $KUBECONFIG, merged, else ~/.kube/config)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Kubeconfig context(s) to use; repeat or separate with commas for several clusters')
            [CompletionResult]::new('--istio-namespace', '--istio-namespace', [CompletionResultType]::ParameterName, 'Namespace of the Istio control plane (never taken from the context)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Only print what would be done: "client" (nothing is sent) or "server" (the API server validates without persisting)')
            [CompletionResult]::new('--request-timeout', '--request-timeout', [CompletionResultType]::ParameterName, 'How long to wait for a single API request ("0" waits forever; e.g. 10s, 1m)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log level for debug logs on stderr (kubectl-style: 4 debug, 6 requests, 8 everything)')
            [CompletionResult]::new('--v', '--v', [CompletionResultType]::ParameterName, 'Log level for debug logs on stderr (kubectl-style: 4 debug, 6 requests, 8 everything)')
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Same as --istio-namespace (this plugin''s objects live in the Istio namespace)')
            [CompletionResult]::new('--namespace', '--namespace', [CompletionResultType]::ParameterName, 'Same as --istio-namespace (this plugin''s objects live in the Istio namespace)')
            [CompletionResult]::new('--allow-loopback', '--allow-loopback', [CompletionResultType]::ParameterName, 'Allow a loopback API server address')
            [CompletionResult]::new('--all-contexts', '--all-contexts', [CompletionResultType]::ParameterName, 'Use every context in the kubeconfig')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'kubectl-mesh-secret;link' {
            [CompletionResult]::new('--primary', '--primary', [CompletionResultType]::ParameterName, 'Cluster(s) running a control plane (primary-remote); use with --remote instead of --context')
            [CompletionResult]::new('--remote', '--remote', [CompletionResultType]::ParameterName, 'Cluster(s) without a control plane: only the primaries get their secrets')
            [CompletionResult]::new('--cluster-name', '--cluster-name', [CompletionResultType]::ParameterName, 'Cluster name for a context (default: the context''s name); repeat or comma-separate')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'API server address other clusters should use for a context; repeat or comma-separate')
            [CompletionResult]::new('--token-ttl', '--token-ttl', [CompletionResultType]::ParameterName, 'Use a TokenRequest token valid this long (e.g. 720h) instead of a long-lived service-account token Secret; `link` renews tokens within a fifth of this of expiry')
            [CompletionResult]::new('--token-timeout', '--token-timeout', [CompletionResultType]::ParameterName, 'How long to wait for the token controller to fill a new token Secret')
            [CompletionResult]::new('--kubeconfig', '--kubeconfig', [CompletionResultType]::ParameterName, 'Path to the kubeconfig file (default: the files in $KUBECONFIG, merged, else ~/.kube/config)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Kubeconfig context(s) to use; repeat or separate with commas for several clusters')
            [CompletionResult]::new('--istio-namespace', '--istio-namespace', [CompletionResultType]::ParameterName, 'Namespace of the Istio control plane (never taken from the context)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Only print what would be done: "client" (nothing is sent) or "server" (the API server validates without persisting)')
            [CompletionResult]::new('--request-timeout', '--request-timeout', [CompletionResultType]::ParameterName, 'How long to wait for a single API request ("0" waits forever; e.g. 10s, 1m)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log level for debug logs on stderr (kubectl-style: 4 debug, 6 requests, 8 everything)')
            [CompletionResult]::new('--v', '--v', [CompletionResultType]::ParameterName, 'Log level for debug logs on stderr (kubectl-style: 4 debug, 6 requests, 8 everything)')
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Same as --istio-namespace (this plugin''s objects live in the Istio namespace)')
            [CompletionResult]::new('--namespace', '--namespace', [CompletionResultType]::ParameterName, 'Same as --istio-namespace (this plugin''s objects live in the Istio namespace)')
            [CompletionResult]::new('--allow-loopback', '--allow-loopback', [CompletionResultType]::ParameterName, 'Allow loopback API server addresses (only useful when all clusters run on one machine)')
            [CompletionResult]::new('--all-contexts', '--all-contexts', [CompletionResultType]::ParameterName, 'Use every context in the kubeconfig')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'kubectl-mesh-secret;list' {
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
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Same as --istio-namespace (this plugin''s objects live in the Istio namespace)')
            [CompletionResult]::new('--namespace', '--namespace', [CompletionResultType]::ParameterName, 'Same as --istio-namespace (this plugin''s objects live in the Istio namespace)')
            [CompletionResult]::new('--all-contexts', '--all-contexts', [CompletionResultType]::ParameterName, 'Use every context in the kubeconfig')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'kubectl-mesh-secret;rotate' {
            [CompletionResult]::new('--cluster-name', '--cluster-name', [CompletionResultType]::ParameterName, 'Cluster name for a context (default: the context''s name); repeat or comma-separate')
            [CompletionResult]::new('--token-ttl', '--token-ttl', [CompletionResultType]::ParameterName, 'Use a TokenRequest token valid this long (e.g. 720h) instead of a long-lived service-account token Secret; `link` renews tokens within a fifth of this of expiry')
            [CompletionResult]::new('--token-timeout', '--token-timeout', [CompletionResultType]::ParameterName, 'How long to wait for the token controller to fill a new token Secret')
            [CompletionResult]::new('--wait', '--wait', [CompletionResultType]::ParameterName, 'How long to wait for each receiving istiod to use its new token; the old token is revoked only once it has')
            [CompletionResult]::new('--kubeconfig', '--kubeconfig', [CompletionResultType]::ParameterName, 'Path to the kubeconfig file (default: the files in $KUBECONFIG, merged, else ~/.kube/config)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Kubeconfig context(s) to use; repeat or separate with commas for several clusters')
            [CompletionResult]::new('--istio-namespace', '--istio-namespace', [CompletionResultType]::ParameterName, 'Namespace of the Istio control plane (never taken from the context)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Only print what would be done: "client" (nothing is sent) or "server" (the API server validates without persisting)')
            [CompletionResult]::new('--request-timeout', '--request-timeout', [CompletionResultType]::ParameterName, 'How long to wait for a single API request ("0" waits forever; e.g. 10s, 1m)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log level for debug logs on stderr (kubectl-style: 4 debug, 6 requests, 8 everything)')
            [CompletionResult]::new('--v', '--v', [CompletionResultType]::ParameterName, 'Log level for debug logs on stderr (kubectl-style: 4 debug, 6 requests, 8 everything)')
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Same as --istio-namespace (this plugin''s objects live in the Istio namespace)')
            [CompletionResult]::new('--namespace', '--namespace', [CompletionResultType]::ParameterName, 'Same as --istio-namespace (this plugin''s objects live in the Istio namespace)')
            [CompletionResult]::new('--all-contexts', '--all-contexts', [CompletionResultType]::ParameterName, 'Use every context in the kubeconfig')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'kubectl-mesh-secret;unlink' {
            [CompletionResult]::new('--primary', '--primary', [CompletionResultType]::ParameterName, 'Cluster(s) running a control plane (primary-remote); use with --remote instead of --context')
            [CompletionResult]::new('--remote', '--remote', [CompletionResultType]::ParameterName, 'Cluster(s) without a control plane: only the primaries get their secrets')
            [CompletionResult]::new('--cluster-name', '--cluster-name', [CompletionResultType]::ParameterName, 'Cluster name for a context (default: the context''s name); repeat or comma-separate')
            [CompletionResult]::new('--kubeconfig', '--kubeconfig', [CompletionResultType]::ParameterName, 'Path to the kubeconfig file (default: the files in $KUBECONFIG, merged, else ~/.kube/config)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Kubeconfig context(s) to use; repeat or separate with commas for several clusters')
            [CompletionResult]::new('--istio-namespace', '--istio-namespace', [CompletionResultType]::ParameterName, 'Namespace of the Istio control plane (never taken from the context)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Only print what would be done: "client" (nothing is sent) or "server" (the API server validates without persisting)')
            [CompletionResult]::new('--request-timeout', '--request-timeout', [CompletionResultType]::ParameterName, 'How long to wait for a single API request ("0" waits forever; e.g. 10s, 1m)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log level for debug logs on stderr (kubectl-style: 4 debug, 6 requests, 8 everything)')
            [CompletionResult]::new('--v', '--v', [CompletionResultType]::ParameterName, 'Log level for debug logs on stderr (kubectl-style: 4 debug, 6 requests, 8 everything)')
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Same as --istio-namespace (this plugin''s objects live in the Istio namespace)')
            [CompletionResult]::new('--namespace', '--namespace', [CompletionResultType]::ParameterName, 'Same as --istio-namespace (this plugin''s objects live in the Istio namespace)')
            [CompletionResult]::new('--all-contexts', '--all-contexts', [CompletionResultType]::ParameterName, 'Use every context in the kubeconfig')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'kubectl-mesh-secret;version' {
            [CompletionResult]::new('--kubeconfig', '--kubeconfig', [CompletionResultType]::ParameterName, 'Path to the kubeconfig file (default: the files in $KUBECONFIG, merged, else ~/.kube/config)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Kubeconfig context(s) to use; repeat or separate with commas for several clusters')
            [CompletionResult]::new('--istio-namespace', '--istio-namespace', [CompletionResultType]::ParameterName, 'Namespace of the Istio control plane (never taken from the context)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Only print what would be done: "client" (nothing is sent) or "server" (the API server validates without persisting)')
            [CompletionResult]::new('--request-timeout', '--request-timeout', [CompletionResultType]::ParameterName, 'How long to wait for a single API request ("0" waits forever; e.g. 10s, 1m)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log level for debug logs on stderr (kubectl-style: 4 debug, 6 requests, 8 everything)')
            [CompletionResult]::new('--v', '--v', [CompletionResultType]::ParameterName, 'Log level for debug logs on stderr (kubectl-style: 4 debug, 6 requests, 8 everything)')
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Same as --istio-namespace (this plugin''s objects live in the Istio namespace)')
            [CompletionResult]::new('--namespace', '--namespace', [CompletionResultType]::ParameterName, 'Same as --istio-namespace (this plugin''s objects live in the Istio namespace)')
            [CompletionResult]::new('--all-contexts', '--all-contexts', [CompletionResultType]::ParameterName, 'Use every context in the kubeconfig')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'kubectl-mesh-secret;completion' {
            [CompletionResult]::new('--kubeconfig', '--kubeconfig', [CompletionResultType]::ParameterName, 'Path to the kubeconfig file (default: the files in $KUBECONFIG, merged, else ~/.kube/config)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Kubeconfig context(s) to use; repeat or separate with commas for several clusters')
            [CompletionResult]::new('--istio-namespace', '--istio-namespace', [CompletionResultType]::ParameterName, 'Namespace of the Istio control plane (never taken from the context)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Only print what would be done: "client" (nothing is sent) or "server" (the API server validates without persisting)')
            [CompletionResult]::new('--request-timeout', '--request-timeout', [CompletionResultType]::ParameterName, 'How long to wait for a single API request ("0" waits forever; e.g. 10s, 1m)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log level for debug logs on stderr (kubectl-style: 4 debug, 6 requests, 8 everything)')
            [CompletionResult]::new('--v', '--v', [CompletionResultType]::ParameterName, 'Log level for debug logs on stderr (kubectl-style: 4 debug, 6 requests, 8 everything)')
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Same as --istio-namespace (this plugin''s objects live in the Istio namespace)')
            [CompletionResult]::new('--namespace', '--namespace', [CompletionResultType]::ParameterName, 'Same as --istio-namespace (this plugin''s objects live in the Istio namespace)')
            [CompletionResult]::new('--all-contexts', '--all-contexts', [CompletionResultType]::ParameterName, 'Use every context in the kubeconfig')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'kubectl-mesh-secret;help' {
            [CompletionResult]::new('create', 'create', [CompletionResultType]::ParameterValue, 'Print the remote secret for one cluster (for GitOps or `| kubectl apply -f -`); it makes the reader identity and token it needs in that cluster, and applies nothing elsewhere')
            [CompletionResult]::new('link', 'link', [CompletionResultType]::ParameterValue, 'Give every control plane a remote secret for every other cluster it must watch')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'Show each cluster''s remote secrets and whether they work right now')
            [CompletionResult]::new('rotate', 'rotate', [CompletionResultType]::ParameterValue, 'Give every remote secret between these clusters a new token: mint it, replace the secret, wait until the receiving istiod uses it, then revoke the old one (never before)')
            [CompletionResult]::new('unlink', 'unlink', [CompletionResultType]::ParameterValue, 'Remove the remote secrets `link` made between exactly these clusters; a source''s token and RBAC go only when no remote secret elsewhere still uses them')
            [CompletionResult]::new('version', 'version', [CompletionResultType]::ParameterValue, 'Print the client version and commit; with --context or --all-contexts, each cluster''s Kubernetes and Istio control-plane versions')
            [CompletionResult]::new('completion', 'completion', [CompletionResultType]::ParameterValue, 'Print a completion script: bash, zsh, fish or powershell for the plugin''s own name, or `kubectl` for the helper through which kubectl 1.26+ completes `kubectl mesh-… <TAB>`')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'kubectl-mesh-secret;help;create' {
            break
        }
        'kubectl-mesh-secret;help;link' {
            break
        }
        'kubectl-mesh-secret;help;list' {
            break
        }
        'kubectl-mesh-secret;help;rotate' {
            break
        }
        'kubectl-mesh-secret;help;unlink' {
            break
        }
        'kubectl-mesh-secret;help;version' {
            break
        }
        'kubectl-mesh-secret;help;completion' {
            break
        }
        'kubectl-mesh-secret;help;help' {
            break
        }
    })

    $completions.Where{ $_.CompletionText -like "$wordToComplete*" } |
        Sort-Object -Property ListItemText
}
