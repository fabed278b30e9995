package main

import (
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"time"
)

// webhookProcess is one real restore-mutator server on a loopback port.
type webhookProcess struct {
	serverDll  string
	dir        string
	certs      string
	kubeconfig string
	port       int
	cmd        *exec.Cmd
	done       chan struct{}
}

func startWebhook(serverDll, dir, certs, kubeconfig string) (*webhookProcess, error) {
	p := &webhookProcess{serverDll: serverDll, dir: dir, certs: certs, kubeconfig: kubeconfig}
	return p, p.start()
}

func (p *webhookProcess) start() error {
	port, err := freePort()
	if err != nil {
		return err
	}

	p.port = port
	config, err := os.ReadFile(filepath.Join(p.dir, "config.yaml"))
	if err != nil {
		return err
	}

	// The group's configuration has no server section (FixtureCases removes it): add ours.
	server := fmt.Sprintf("\nserver:\n  port: %d\n  address: 127.0.0.1\n  tls:\n    certFile: %q\n    keyFile: %q\n",
		port, filepath.Join(p.certs, "tls.crt"), filepath.Join(p.certs, "tls.key"))
	configPath := filepath.Join(p.dir, "server-config.yaml")
	if err := os.WriteFile(configPath, append(config, server...), 0o600); err != nil {
		return err
	}

	log, err := os.Create(filepath.Join(p.dir, "server.log"))
	if err != nil {
		return err
	}
	defer log.Close()

	args := []string{p.serverDll, "--config", configPath}
	if p.kubeconfig != "" {
		args = append(args, "--kubeconfig", p.kubeconfig)
	}

	p.cmd = exec.Command("dotnet", args...)
	p.cmd.Env = cleanEnvironment()
	p.cmd.Stdout = log
	p.cmd.Stderr = log
	if err := p.cmd.Start(); err != nil {
		return err
	}

	done := make(chan struct{})
	p.done = done
	go func(cmd *exec.Cmd) {
		_ = cmd.Wait()
		close(done)
	}(p.cmd)
	return nil
}

// cleanEnvironment is this process's environment without anything that would give the server
// other configuration or cluster credentials than the group's.
func cleanEnvironment() []string {
	var env []string
	for _, entry := range os.Environ() {
		name := strings.SplitN(entry, "=", 2)[0]
		switch name {
		case "KUBECONFIG", "RESTORE_MUTATOR_CONFIG", "KUBERNETES_SERVICE_HOST", "KUBERNETES_SERVICE_PORT", "RESTORE_MUTATOR_SHUTDOWN_DELAY_SECONDS":
			continue
		}
		env = append(env, entry)
	}
	// No Service endpoints to leave here: stop at once on SIGTERM (the drain delay is for clusters).
	return append(env, "RESTORE_MUTATOR_SHUTDOWN_DELAY_SECONDS=0")
}

func (p *webhookProcess) url() string { return fmt.Sprintf("https://127.0.0.1:%d/mutate", p.port) }

func (p *webhookProcess) exited() bool {
	select {
	case <-p.done:
		return true
	default:
		return false
	}
}

// waitReady waits until the server answers HTTP on its port over TLS verified for its own
// certificate (so another process that took the port does not count). Another process may take
// the free port before the server binds it (tests run in parallel on this machine): then the
// server exits, and is moved to a new port, at most twice.
func (p *webhookProcess) waitReady(c *caller, timeout time.Duration) error {
	deadline := time.Now().Add(timeout)
	moves := 0
	for time.Now().Before(deadline) {
		if p.exited() {
			if moves < 2 && strings.Contains(strings.ToLower(p.logTail()), "address already in use") {
				moves++
				if err := p.start(); err != nil {
					return err
				}
				continue
			}
			return fmt.Errorf("exited during startup:\n%s", p.logTail())
		}

		if response, err := c.post(p.url(), "application/json", nil, 2*time.Second); err == nil {
			response.Body.Close()
			return nil
		}
		time.Sleep(200 * time.Millisecond)
	}

	return fmt.Errorf("no answer within %s:\n%s", timeout, p.logTail())
}

// stop sends SIGTERM (the server drains and exits) and kills it after 15 s.
func (p *webhookProcess) stop() {
	if p.cmd == nil || p.cmd.Process == nil || p.exited() {
		return
	}

	_ = p.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-p.done:
	case <-time.After(15 * time.Second):
		_ = p.cmd.Process.Kill()
		<-p.done
	}
}

func (p *webhookProcess) logTail() string {
	data, _ := os.ReadFile(filepath.Join(p.dir, "server.log"))
	lines := strings.Split(strings.TrimRight(string(data), "\n"), "\n")
	if len(lines) > 20 {
		lines = lines[len(lines)-20:]
	}
	return strings.Join(lines, "\n")
}

func freePort() (int, error) {
	listener, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer listener.Close()
	return listener.Addr().(*net.TCPAddr).Port, nil
}
