// mesh-probe asks istiod what a workload would, with Istio's own client code, for the tests:
//
//	mesh-probe xds ...   the configuration istiod pushes to a pod's sidecar (tracing)
//	mesh-probe csr ...   a workload certificate from istiod's CA, as the pod's proxy requests one
//
// Each prints JSON on stdout; Istio's logs go to stderr.
package main

import (
	"fmt"
	"os"

	"istio.io/istio/pkg/log"
)

func main() {
	o := log.DefaultOptions()
	o.OutputPaths = []string{"stderr"}
	o.ErrorOutputPaths = []string{"stderr"}
	if err := log.Configure(o); err != nil {
		fail(err)
	}
	if len(os.Args) < 2 {
		fail(fmt.Errorf("usage: mesh-probe xds|csr [flags]"))
	}
	var err error
	switch os.Args[1] {
	case "xds":
		err = xdsMain(os.Args[2:])
	case "csr":
		err = csrMain(os.Args[2:])
	default:
		err = fmt.Errorf("unknown command %q (xds, csr)", os.Args[1])
	}
	if err != nil {
		fail(err)
	}
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "mesh-probe:", err)
	os.Exit(1)
}
