package main

// `mesh-probe xds`: connect to istiod's plaintext xDS port as the sidecar of a pod, the way its
// proxy would (istio.io/istio/pkg/adsc), and print as JSON what istiod pushes that matters to
// tracing: the tracing of every HTTP connection manager in its listeners, and the endpoints of
// each cluster a tracer sends spans to. The tests read it to prove where a proxy's spans would go.

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"sort"
	"time"

	endpoint "github.com/envoyproxy/go-control-plane/envoy/config/endpoint/v3"
	listener "github.com/envoyproxy/go-control-plane/envoy/config/listener/v3"
	tracecfg "github.com/envoyproxy/go-control-plane/envoy/config/trace/v3"
	hcm "github.com/envoyproxy/go-control-plane/envoy/extensions/filters/network/http_connection_manager/v3"
	discovery "github.com/envoyproxy/go-control-plane/envoy/service/discovery/v3"
	pstruct "google.golang.org/protobuf/types/known/structpb"

	v3 "istio.io/istio/pilot/pkg/xds/v3"
	"istio.io/istio/pkg/adsc"
	"istio.io/istio/pkg/util/protomarshal"
	"istio.io/istio/pkg/wellknown"
)

type hcmTracing struct {
	Listener string          `json:"listener"`
	Tracing  json.RawMessage `json:"tracing"`
	// The cluster the tracer sends spans to, from its typed config (zipkin or OpenTelemetry).
	Collector string `json:"collectorCluster,omitempty"`
}

type dump struct {
	Listeners int                 `json:"listeners"`
	Tracing   []hcmTracing        `json:"tracing"`
	Endpoints map[string][]string `json:"endpoints"`
}

func xdsMain(args []string) error {
	fs := flag.NewFlagSet("xds", flag.ExitOnError)
	xds := fs.String("xds", "", "istiod's plaintext xDS address (HOST:PORT)")
	ns := fs.String("namespace", "", "the pod's namespace")
	pod := fs.String("pod", "", "the pod's name")
	ip := fs.String("ip", "10.0.0.10", "the pod's IP")
	clusterID := fs.String("cluster", "", "the cluster's id (CLUSTER_ID)")
	network := fs.String("network", "", "the pod's network")
	version := fs.String("version", "", "the proxy's ISTIO_VERSION")
	labels := fs.String("labels", "{}", "the pod's labels, as a JSON object")
	timeout := fs.Duration("timeout", 60*time.Second, "how long to wait for the listeners")
	_ = fs.Parse(args)
	return run(*xds, *ns, *pod, *ip, *clusterID, *network, *version, *labels, *timeout)
}

func run(xds, ns, pod, ip, clusterID, network, version, labelsJSON string, timeout time.Duration) error {
	var labels map[string]any
	if err := json.Unmarshal([]byte(labelsJSON), &labels); err != nil {
		return fmt.Errorf("--labels: %v", err)
	}
	fields := map[string]any{
		"NAMESPACE": ns, "CLUSTER_ID": clusterID, "NETWORK": network,
		"LABELS": labels, "NAME": pod, "INTERCEPTION_MODE": "REDIRECT",
	}
	if version != "" {
		fields["ISTIO_VERSION"] = version
	}
	meta, err := pstruct.NewStruct(fields)
	if err != nil {
		return err
	}
	client, err := adsc.New(xds, &adsc.ADSConfig{
		Config:                   adsc.Config{Namespace: ns, Workload: pod, IP: ip, Meta: meta},
		InitialDiscoveryRequests: []*discovery.DiscoveryRequest{{TypeUrl: v3.ClusterType}},
	})
	if err != nil {
		return err
	}
	defer client.Close()
	if err := client.Run(); err != nil {
		return err
	}
	// CDS, then EDS, then LDS, in the order Envoy asks.
	if _, err := client.Wait(timeout, v3.ListenerType); err != nil {
		return err
	}
	out := dump{Endpoints: map[string][]string{}}
	all := []map[string]*listener.Listener{client.GetHTTPListeners(), client.GetTCPListeners()}
	for _, ls := range all {
		for name, l := range ls {
			out.Listeners++
			for _, fc := range l.FilterChains {
				for _, f := range fc.Filters {
					if f.Name != wellknown.HTTPConnectionManager || f.GetTypedConfig() == nil {
						continue
					}
					h := &hcm.HttpConnectionManager{}
					if err := f.GetTypedConfig().UnmarshalTo(h); err != nil || h.Tracing == nil {
						continue
					}
					raw, err := protomarshal.ToJSON(h.Tracing)
					if err != nil {
						return err
					}
					out.Tracing = append(out.Tracing, hcmTracing{Listener: name, Tracing: json.RawMessage(raw), Collector: collector(h.Tracing)})
				}
			}
		}
	}
	sort.Slice(out.Tracing, func(i, j int) bool { return out.Tracing[i].Listener < out.Tracing[j].Listener })
	eds := client.GetEndpoints()
	for _, t := range out.Tracing {
		if cla, ok := eds[t.Collector]; ok {
			out.Endpoints[t.Collector] = addresses(cla)
		}
	}
	return json.NewEncoder(os.Stdout).Encode(out)
}

func collector(t *hcm.HttpConnectionManager_Tracing) string {
	if t.Provider == nil || t.Provider.GetTypedConfig() == nil {
		return ""
	}
	z := &tracecfg.ZipkinConfig{}
	if t.Provider.GetTypedConfig().UnmarshalTo(z) == nil {
		if c := z.GetCollectorService().GetHttpUri().GetCluster(); c != "" {
			return c
		}
		return z.CollectorCluster
	}
	o := &tracecfg.OpenTelemetryConfig{}
	if t.Provider.GetTypedConfig().UnmarshalTo(o) == nil && o.GrpcService.GetEnvoyGrpc() != nil {
		return o.GrpcService.GetEnvoyGrpc().ClusterName
	}
	return ""
}

func addresses(cla *endpoint.ClusterLoadAssignment) []string {
	var v []string
	for _, le := range cla.Endpoints {
		for _, e := range le.LbEndpoints {
			sa := e.GetEndpoint().GetAddress().GetSocketAddress()
			if sa != nil {
				v = append(v, fmt.Sprintf("%s:%d", sa.Address, sa.GetPortValue()))
			}
		}
	}
	sort.Strings(v)
	return v
}
