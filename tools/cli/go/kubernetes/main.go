// The Kubernetes provider plugin's main, as upstream's cmd/pulumi-resource-kubernetes:
// the two schema files are generated upstream, so tools/cli/build.ts writes them
// next to a copy of this file before building (see docs/cli.md).
package main

import (
	_ "embed"

	"github.com/pulumi/pulumi-kubernetes/provider/v4/pkg/provider"
	"github.com/pulumi/pulumi-kubernetes/provider/v4/pkg/version"
)

//go:embed schema-embed.json
var pulumiSchema []byte

//go:embed terraform-mapping-embed.json
var terraformMapping []byte

func main() {
	provider.Serve("kubernetes", version.Version, pulumiSchema, terraformMapping)
}
