// apiserver-check calls the restore-mutator webhook the way kube-apiserver does and judges every
// answer by the API server's own rules, applying patches with evanphx/json-patch (the library, and
// the v4 API, that kube-apiserver's mutating dispatcher uses). It is the repository's extra
// end-to-end check: tests/e2e/apiserver-check.sh builds it and the server, converts the golden
// fixtures into case groups (tests/tools/FixtureCases) and runs
//
//	apiserver-check run -groups DIR -server-dll FILE -certs DIR [-server-name NAME] [-v]
//
// DIR/<group>/ holds config.yaml (a configuration without its server section), cases/*.json and,
// when the group needs facts only cluster lookups give, lookups.json for a fake API server. One
// real server per group is started over TLS with the certificates of certs/generate.sh.
//
//	apiserver-check raw -url URL -ca FILE [-server-name NAME] [-content-type T] -body FILE
//
// sends any bytes and prints the status and body (for trying malformed input by hand).
package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// defaultServerName is what the API server verifies: <service>.<namespace>.svc of the webhook's
// clientConfig.service (deploy/manifests).
const defaultServerName = "restore-mutator.restore-mutator.svc"

func main() {
	if len(os.Args) < 2 {
		usage()
	}

	switch os.Args[1] {
	case "run":
		os.Exit(runCommand(os.Args[2:]))
	case "raw":
		os.Exit(rawCommand(os.Args[2:]))
	default:
		usage()
	}
}

func usage() {
	fmt.Fprintln(os.Stderr, "usage: apiserver-check run -groups DIR -server-dll FILE -certs DIR [-server-name NAME] [-v]")
	fmt.Fprintln(os.Stderr, "       apiserver-check raw -url URL -ca FILE -body FILE [-server-name NAME] [-content-type T]")
	os.Exit(2)
}

func runCommand(args []string) int {
	flags := flag.NewFlagSet("run", flag.ExitOnError)
	groupsDir := flags.String("groups", "", "directory of case groups")
	serverDll := flags.String("server-dll", "", "the built RestoreMutator.Webhook.dll")
	certs := flags.String("certs", "", "directory with ca.crt, tls.crt, tls.key (certs/generate.sh)")
	serverName := flags.String("server-name", defaultServerName, "TLS server name the certificate must carry")
	malformedGroup := flags.String("malformed-group", "examples", "group whose server also gets the malformed bodies (first group when absent)")
	verbose := flags.Bool("v", false, "print passing cases too")
	parallel := flags.Int("parallel", 6, "servers started and checked at once")
	_ = flags.Parse(args)
	if *groupsDir == "" || *serverDll == "" || *certs == "" {
		usage()
	}

	groups, err := loadGroups(*groupsDir)
	if err != nil {
		fmt.Fprintln(os.Stderr, "apiserver-check:", err)
		return 2
	}

	caller, err := newCaller(filepath.Join(*certs, "ca.crt"), *serverName)
	if err != nil {
		fmt.Fprintln(os.Stderr, "apiserver-check:", err)
		return 2
	}

	run := &harness{groups: groups, caller: caller, serverDll: *serverDll, certs: *certs, out: os.Stdout, verbose: *verbose, parallel: *parallel}
	return run.execute(*malformedGroup)
}

func rawCommand(args []string) int {
	flags := flag.NewFlagSet("raw", flag.ExitOnError)
	url := flags.String("url", "", "webhook URL")
	ca := flags.String("ca", "", "CA bundle")
	serverName := flags.String("server-name", defaultServerName, "TLS server name")
	body := flags.String("body", "", "file sent as the body")
	contentType := flags.String("content-type", "application/json", "Content-Type")
	_ = flags.Parse(args)
	caller, err := newCaller(*ca, *serverName)
	if err != nil {
		fmt.Fprintln(os.Stderr, "apiserver-check:", err)
		return 2
	}

	data, err := os.ReadFile(*body)
	if err != nil {
		fmt.Fprintln(os.Stderr, "apiserver-check:", err)
		return 2
	}

	response, err := caller.post(*url, *contentType, data, 30*time.Second)
	if err != nil {
		fmt.Printf("ERROR %v\n", err)
		return 3
	}
	defer response.Body.Close()
	answer, _ := io.ReadAll(response.Body)
	fmt.Printf("%d %s\n", response.StatusCode, strings.TrimSpace(string(answer)))
	return 0
}

// harness runs every group against its own server.
type harness struct {
	groups    []*group
	caller    *caller
	serverDll string
	certs     string
	out       io.Writer
	verbose   bool
	parallel  int
}

func (h *harness) execute(malformedGroup string) int {
	target := 0 // the group whose server also gets the malformed bodies
	for i, g := range h.groups {
		if g.name == malformedGroup {
			target = i
		}
	}

	batch := h.parallel
	if batch < 1 {
		batch = 1
	}

	// A few servers at a time: they start in parallel, but dozens of them at once on a small CI
	// machine would make each one late for its own readiness check.
	failed := 0
	for first := 0; first < len(h.groups); first += batch {
		last := first + batch
		if last > len(h.groups) {
			last = len(h.groups)
		}

		result, ok := h.runBatch(first, last, target)
		if !ok {
			return 2
		}
		failed += result
	}

	if failed > 0 {
		fmt.Fprintf(h.out, "apiserver-check: FAILED (%d failing groups or checks)\n", failed)
		return 1
	}

	fmt.Fprintln(h.out, "apiserver-check: all passed")
	return 0
}

// runBatch starts the servers (and fake API servers) of groups [first, last), checks their cases
// and, for group target, the malformed bodies, then stops them. It returns the number of failing
// groups or checks; false when a server could not be started (nothing was checked).
func (h *harness) runBatch(first, last, target int) (int, bool) {
	var servers []*webhookProcess
	var apis []*fakeAPI
	defer func() {
		for _, server := range servers {
			server.stop()
		}
		for _, api := range apis {
			api.close()
		}
	}()

	for _, g := range h.groups[first:last] {
		kubeconfig := ""
		if g.lookups != nil {
			api, err := startFakeAPI(g.lookups, g.dir)
			if err != nil {
				fmt.Fprintf(h.out, "apiserver-check: fake API server for %s: %v\n", g.name, err)
				return 0, false
			}
			apis = append(apis, api)
			kubeconfig = api.kubeconfig
		}

		server, err := startWebhook(h.serverDll, g.dir, h.certs, kubeconfig)
		if err != nil {
			fmt.Fprintf(h.out, "apiserver-check: server for %s: %v\n", g.name, err)
			return 0, false
		}
		servers = append(servers, server)
	}

	for i, server := range servers {
		if err := server.waitReady(h.caller, 60*time.Second); err != nil {
			fmt.Fprintf(h.out, "apiserver-check: server for %s: %v\n", h.groups[first+i].name, err)
			return 0, false
		}
	}

	failed := 0
	for i, server := range servers {
		g := h.groups[first+i]
		passed, failures := 0, 0
		fmt.Fprintf(h.out, "== %s: %d cases, config from %s%s\n", g.name, len(g.cases), g.source, lookupNote(g))
		for _, c := range g.cases {
			problems := checkCase(h.caller, server.url(), c)
			if len(problems) == 0 {
				passed++
				if h.verbose {
					fmt.Fprintf(h.out, "PASS %s\n", c.Name)
				}
				continue
			}

			failures++
			fmt.Fprintf(h.out, "FAIL %s\n", c.Name)
			for _, problem := range problems {
				fmt.Fprintf(h.out, "   - %s\n", problem)
			}
		}

		fmt.Fprintf(h.out, "%d passed, %d failed\n", passed, failures)
		if failures > 0 || passed == 0 {
			failed++
		}

		if first+i == target {
			fmt.Fprintf(h.out, "== malformed bodies (SPEC A3), server of %s\n", g.name)
			if !checkMalformed(h.caller, server.url(), h.out) {
				failed++
			}
		}
	}

	for i, server := range servers {
		if server.exited() {
			failed++
			fmt.Fprintf(h.out, "FAIL server of %s died during the check\n%s\n", h.groups[first+i].name, server.logTail())
		}
	}

	return failed, true
}

func lookupNote(g *group) string {
	if g.lookups == nil {
		return ""
	}

	return ", lookups from a fake API server"
}
