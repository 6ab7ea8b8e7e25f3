//go:build tools

// The analyzer's command is built from this module's build list
// (go build github.com/np-guard/netpol-analyzer/cmd/netpolicy); these imports
// keep the packages it needs in go.mod and go.sum.
package tools

import (
	_ "github.com/np-guard/netpol-analyzer/pkg/cli"
	_ "github.com/np-guard/netpol-analyzer/pkg/netpol/eval"
)
