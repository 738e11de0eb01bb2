// Command samverkan is the whole platform in one binary: server, migrations,
// user administration, export and import.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"

	"github.com/samverkan/samverkan/internal/cli"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := cli.Run(ctx, os.Args, os.Getenv, os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}
