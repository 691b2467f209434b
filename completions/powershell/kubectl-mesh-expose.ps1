
using namespace System.Management.Automation
using namespace System.Management.Automation.Language

Register-ArgumentCompleter -Native -CommandName 'kubectl-mesh-expose' -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)

    $commandElements = $commandAst.CommandElements
    $command = @(
        'kubectl-mesh-expose'
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
        'kubectl-mesh-expose' {
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
            [CompletionResult]::new('zipkin', 'zipkin', [CompletionResultType]::ParameterValue, 'Zipkin (9411) on gateway port 15018 (http-zipkin): Gateway zipkin-gateway, VirtualService zipkin-vs')
            [CompletionResult]::new('jaeger', 'jaeger', [CompletionResultType]::ParameterValue, 'The Jaeger collector''s zipkin port (9411) on gateway port 15018')
            [CompletionResult]::new('otel', 'otel', [CompletionResultType]::ParameterValue, 'An OpenTelemetry collector: OTLP gRPC 4317 and OTLP HTTP 4318, on the same gateway ports')
            [CompletionResult]::new('skywalking', 'skywalking', [CompletionResultType]::ParameterValue, 'SkyWalking OAP (11800, TCP) on gateway port 11800')
            [CompletionResult]::new('port', 'port', [CompletionResultType]::ParameterValue, 'Any service: `port NAME --port N --to HOST:PORT [--protocol http|tcp|grpc]`')
            [CompletionResult]::new('istiod', 'istiod', [CompletionResultType]::ParameterValue, 'istiod for remote clusters (Istio''s expose-istiod: TLS passthrough on 15012 and 15017)')
            [CompletionResult]::new('services', 'services', [CompletionResultType]::ParameterValue, 'Cross-network traffic (Istio''s expose-services: AUTO_PASSTHROUGH on 15443 for *.local)')
            [CompletionResult]::new('status', 'status', [CompletionResultType]::ParameterValue, 'Per cluster: the gateway, its address, each exposed port and its route target')
            [CompletionResult]::new('version', 'version', [CompletionResultType]::ParameterValue, 'Print the client version and commit; with --context or --all-contexts, each cluster''s Kubernetes and Istio control-plane versions')
            [CompletionResult]::new('completion', 'completion', [CompletionResultType]::ParameterValue, 'Print a completion script: bash, zsh, fish or powershell for the plugin''s own name, or `kubectl` for the helper through which kubectl 1.26+ completes `kubectl mesh-… <TAB>`')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'kubectl-mesh-expose;zipkin' {
            [CompletionResult]::new('--gateway', '--gateway', [CompletionResultType]::ParameterName, 'The east-west gateway Service in the Istio namespace')
            [CompletionResult]::new('--external-ip', '--external-ip', [CompletionResultType]::ParameterName, 'Pin the gateway''s address: add this IP to the Service''s externalIPs (existing ones are kept)')
            [CompletionResult]::new('--port', '--port', [CompletionResultType]::ParameterName, 'Gateway port [default: the collector''s convention]')
            [CompletionResult]::new('--to', '--to', [CompletionResultType]::ParameterName, 'Route to HOST:PORT instead of the collector Service found in the Istio namespace')
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
            [CompletionResult]::new('--delete', '--delete', [CompletionResultType]::ParameterName, 'Remove what this command added (the port, an external IP it added, its Gateway and VirtualService)')
            [CompletionResult]::new('--print-config', '--print-config', [CompletionResultType]::ParameterName, 'Print the IstioOperator / helm values that keep the gateway''s ports across upgrades, and change nothing')
            [CompletionResult]::new('--all-contexts', '--all-contexts', [CompletionResultType]::ParameterName, 'Use every context in the kubeconfig')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'kubectl-mesh-expose;jaeger' {
            [CompletionResult]::new('--gateway', '--gateway', [CompletionResultType]::ParameterName, 'The east-west gateway Service in the Istio namespace')
            [CompletionResult]::new('--external-ip', '--external-ip', [CompletionResultType]::ParameterName, 'Pin the gateway''s address: add this IP to the Service''s externalIPs (existing ones are kept)')
            [CompletionResult]::new('--port', '--port', [CompletionResultType]::ParameterName, 'Gateway port [default: the collector''s convention]')
            [CompletionResult]::new('--to', '--to', [CompletionResultType]::ParameterName, 'Route to HOST:PORT instead of the collector Service found in the Istio namespace')
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
            [CompletionResult]::new('--delete', '--delete', [CompletionResultType]::ParameterName, 'Remove what this command added (the port, an external IP it added, its Gateway and VirtualService)')
            [CompletionResult]::new('--print-config', '--print-config', [CompletionResultType]::ParameterName, 'Print the IstioOperator / helm values that keep the gateway''s ports across upgrades, and change nothing')
            [CompletionResult]::new('--all-contexts', '--all-contexts', [CompletionResultType]::ParameterName, 'Use every context in the kubeconfig')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'kubectl-mesh-expose;otel' {
            [CompletionResult]::new('--gateway', '--gateway', [CompletionResultType]::ParameterName, 'The east-west gateway Service in the Istio namespace')
            [CompletionResult]::new('--external-ip', '--external-ip', [CompletionResultType]::ParameterName, 'Pin the gateway''s address: add this IP to the Service''s externalIPs (existing ones are kept)')
            [CompletionResult]::new('--port', '--port', [CompletionResultType]::ParameterName, 'Gateway port [default: the collector''s convention]')
            [CompletionResult]::new('--to', '--to', [CompletionResultType]::ParameterName, 'Route to HOST:PORT instead of the collector Service found in the Istio namespace')
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
            [CompletionResult]::new('--delete', '--delete', [CompletionResultType]::ParameterName, 'Remove what this command added (the port, an external IP it added, its Gateway and VirtualService)')
            [CompletionResult]::new('--print-config', '--print-config', [CompletionResultType]::ParameterName, 'Print the IstioOperator / helm values that keep the gateway''s ports across upgrades, and change nothing')
            [CompletionResult]::new('--all-contexts', '--all-contexts', [CompletionResultType]::ParameterName, 'Use every context in the kubeconfig')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'kubectl-mesh-expose;skywalking' {
            [CompletionResult]::new('--gateway', '--gateway', [CompletionResultType]::ParameterName, 'The east-west gateway Service in the Istio namespace')
            [CompletionResult]::new('--external-ip', '--external-ip', [CompletionResultType]::ParameterName, 'Pin the gateway''s address: add this IP to the Service''s externalIPs (existing ones are kept)')
            [CompletionResult]::new('--port', '--port', [CompletionResultType]::ParameterName, 'Gateway port [default: the collector''s convention]')
            [CompletionResult]::new('--to', '--to', [CompletionResultType]::ParameterName, 'Route to HOST:PORT instead of the collector Service found in the Istio namespace')
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
            [CompletionResult]::new('--delete', '--delete', [CompletionResultType]::ParameterName, 'Remove what this command added (the port, an external IP it added, its Gateway and VirtualService)')
            [CompletionResult]::new('--print-config', '--print-config', [CompletionResultType]::ParameterName, 'Print the IstioOperator / helm values that keep the gateway''s ports across upgrades, and change nothing')
            [CompletionResult]::new('--all-contexts', '--all-contexts', [CompletionResultType]::ParameterName, 'Use every context in the kubeconfig')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'kubectl-mesh-expose;port' {
            [CompletionResult]::new('--gateway', '--gateway', [CompletionResultType]::ParameterName, 'The east-west gateway Service in the Istio namespace')
            [CompletionResult]::new('--external-ip', '--external-ip', [CompletionResultType]::ParameterName, 'Pin the gateway''s address: add this IP to the Service''s externalIPs (existing ones are kept)')
            [CompletionResult]::new('--port', '--port', [CompletionResultType]::ParameterName, 'Gateway port')
            [CompletionResult]::new('--to', '--to', [CompletionResultType]::ParameterName, 'Where the traffic goes')
            [CompletionResult]::new('--protocol', '--protocol', [CompletionResultType]::ParameterName, 'Protocol of the traffic: names the port (<protocol>-NAME) and picks the VirtualService route')
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
            [CompletionResult]::new('--delete', '--delete', [CompletionResultType]::ParameterName, 'Remove what this command added (the port, an external IP it added, its Gateway and VirtualService)')
            [CompletionResult]::new('--print-config', '--print-config', [CompletionResultType]::ParameterName, 'Print the IstioOperator / helm values that keep the gateway''s ports across upgrades, and change nothing')
            [CompletionResult]::new('--all-contexts', '--all-contexts', [CompletionResultType]::ParameterName, 'Use every context in the kubeconfig')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'kubectl-mesh-expose;istiod' {
            [CompletionResult]::new('--gateway', '--gateway', [CompletionResultType]::ParameterName, 'The east-west gateway Service in the Istio namespace')
            [CompletionResult]::new('--external-ip', '--external-ip', [CompletionResultType]::ParameterName, 'Pin the gateway''s address: add this IP to the Service''s externalIPs (existing ones are kept)')
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
            [CompletionResult]::new('--delete', '--delete', [CompletionResultType]::ParameterName, 'Remove what this command added (the port, an external IP it added, its Gateway and VirtualService)')
            [CompletionResult]::new('--print-config', '--print-config', [CompletionResultType]::ParameterName, 'Print the IstioOperator / helm values that keep the gateway''s ports across upgrades, and change nothing')
            [CompletionResult]::new('--all-contexts', '--all-contexts', [CompletionResultType]::ParameterName, 'Use every context in the kubeconfig')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'kubectl-mesh-expose;services' {
            [CompletionResult]::new('--gateway', '--gateway', [CompletionResultType]::ParameterName, 'The east-west gateway Service in the Istio namespace')
            [CompletionResult]::new('--external-ip', '--external-ip', [CompletionResultType]::ParameterName, 'Pin the gateway''s address: add this IP to the Service''s externalIPs (existing ones are kept)')
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
            [CompletionResult]::new('--delete', '--delete', [CompletionResultType]::ParameterName, 'Remove what this command added (the port, an external IP it added, its Gateway and VirtualService)')
            [CompletionResult]::new('--print-config', '--print-config', [CompletionResultType]::ParameterName, 'Print the IstioOperator / helm values that keep the gateway''s ports across upgrades, and change nothing')
            [CompletionResult]::new('--all-contexts', '--all-contexts', [CompletionResultType]::ParameterName, 'Use every context in the kubeconfig')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'kubectl-mesh-expose;status' {
            [CompletionResult]::new('--gateway', '--gateway', [CompletionResultType]::ParameterName, 'The east-west gateway Service in the Istio namespace')
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
        'kubectl-mesh-expose;version' {
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
        'kubectl-mesh-expose;completion' {
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
        'kubectl-mesh-expose;help' {
            [CompletionResult]::new('zipkin', 'zipkin', [CompletionResultType]::ParameterValue, 'Zipkin (9411) on gateway port 15018 (http-zipkin): Gateway zipkin-gateway, VirtualService zipkin-vs')
            [CompletionResult]::new('jaeger', 'jaeger', [CompletionResultType]::ParameterValue, 'The Jaeger collector''s zipkin port (9411) on gateway port 15018')
            [CompletionResult]::new('otel', 'otel', [CompletionResultType]::ParameterValue, 'An OpenTelemetry collector: OTLP gRPC 4317 and OTLP HTTP 4318, on the same gateway ports')
            [CompletionResult]::new('skywalking', 'skywalking', [CompletionResultType]::ParameterValue, 'SkyWalking OAP (11800, TCP) on gateway port 11800')
            [CompletionResult]::new('port', 'port', [CompletionResultType]::ParameterValue, 'Any service: `port NAME --port N --to HOST:PORT [--protocol http|tcp|grpc]`')
            [CompletionResult]::new('istiod', 'istiod', [CompletionResultType]::ParameterValue, 'istiod for remote clusters (Istio''s expose-istiod: TLS passthrough on 15012 and 15017)')
            [CompletionResult]::new('services', 'services', [CompletionResultType]::ParameterValue, 'Cross-network traffic (Istio''s expose-services: AUTO_PASSTHROUGH on 15443 for *.local)')
            [CompletionResult]::new('status', 'status', [CompletionResultType]::ParameterValue, 'Per cluster: the gateway, its address, each exposed port and its route target')
            [CompletionResult]::new('version', 'version', [CompletionResultType]::ParameterValue, 'Print the client version and commit; with --context or --all-contexts, each cluster''s Kubernetes and Istio control-plane versions')
            [CompletionResult]::new('completion', 'completion', [CompletionResultType]::ParameterValue, 'Print a completion script: bash, zsh, fish or powershell for the plugin''s own name, or `kubectl` for the helper through which kubectl 1.26+ completes `kubectl mesh-… <TAB>`')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'kubectl-mesh-expose;help;zipkin' {
            break
        }
        'kubectl-mesh-expose;help;jaeger' {
            break
        }
        'kubectl-mesh-expose;help;otel' {
            break
        }
        'kubectl-mesh-expose;help;skywalking' {
            break
        }
        'kubectl-mesh-expose;help;port' {
            break
        }
        'kubectl-mesh-expose;help;istiod' {
            break
        }
        'kubectl-mesh-expose;help;services' {
            break
        }
        'kubectl-mesh-expose;help;status' {
            break
        }
        'kubectl-mesh-expose;help;version' {
            break
        }
        'kubectl-mesh-expose;help;completion' {
            break
        }
        'kubectl-mesh-expose;help;help' {
            break
        }
    })

    $completions.Where{ $_.CompletionText -like "$wordToComplete*" } |
        Sort-Object -Property ListItemText
}
