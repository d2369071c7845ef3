// compose-config loads a Compose file with compose-spec/compose-go, the loader
// `docker compose config` uses: schema validation, interpolation, merge keys,
// profiles. It prints the resolved project as YAML, or the error and exit 1.
// The test machines have a Docker client without the compose plugin, so
// test/compose builds this instead (cached outside the repo).
//
//	compose-config docker-compose.yml
package main

import (
	"context"
	"fmt"
	"os"

	"github.com/compose-spec/compose-go/v2/cli"
)

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: compose-config FILE")
		os.Exit(2)
	}
	// Every profile, so optional services are validated too.
	opts, err := cli.NewProjectOptions(os.Args[1:], cli.WithOsEnv, cli.WithProfiles([]string{"*"}))
	if err == nil {
		var out []byte
		project, loadErr := opts.LoadProject(context.Background())
		if err = loadErr; err == nil {
			if out, err = project.MarshalYAML(); err == nil {
				_, err = os.Stdout.Write(out)
			}
		}
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
