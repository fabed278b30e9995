package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// group is the cases one server answers, under one configuration.
type group struct {
	name    string
	dir     string
	source  string // where the configuration came from (first comment line of config.yaml)
	cases   []*caseFile
	lookups *lookupFacts
}

// caseFile is one request and what the answer must be. The examples in examples/cases use the
// same format.
type caseFile struct {
	Name        string          `json:"name"`
	Description string          `json:"description"`
	Request     json.RawMessage `json:"request"`
	Expect      expectation     `json:"expect"`
}

// expectation: allowed with the patched object (object) or with no patch at all (unchanged), or
// denied with code, reason and message; warnings, when given, exactly and in order.
type expectation struct {
	Allowed         *bool           `json:"allowed"`
	Object          json.RawMessage `json:"object"`
	Unchanged       bool            `json:"unchanged"`
	Code            int             `json:"code"`
	Reason          string          `json:"reason"`
	Message         *string         `json:"message"`
	MessageContains []string        `json:"messageContains"`
	Warnings        *[]string       `json:"warnings"`
}

// lookupFacts are what the fake API server tells the webhook's cluster lookups (K1-K3, K5).
type lookupFacts struct {
	ServerVersion    string            `json:"serverVersion"`
	DockercfgSecrets map[string]string `json:"dockercfgSecrets"`
	// Nodes and StorageClasses say which names exist in the destination (K5). The pure fixtures
	// treat a name they do not list as "could not be looked up": for a node that acts as absent
	// (V2, P5), for a storage class as present (V4 says nothing), so the fake API server answers
	// unlisted nodes with 404 and unlisted storage classes with the object. The host's own K4
	// warning for failed lookups is covered by the Webhook.Tests lookup tests, not here.
	Nodes          map[string]bool `json:"nodes"`
	StorageClasses map[string]bool `json:"storageClasses"`
	// Restore is the velero.io/v1 Restore the fixture's pipeline saw (K1: hooks, mapping).
	Restore map[string]interface{} `json:"restore"`
}

func loadGroups(dir string) ([]*group, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}

	var groups []*group
	for _, entry := range entries {
		if !entry.IsDir() {
			continue
		}

		g, err := loadGroup(filepath.Join(dir, entry.Name()))
		if err != nil {
			return nil, err
		}
		groups = append(groups, g)
	}

	if len(groups) == 0 {
		return nil, fmt.Errorf("%s: no case groups", dir)
	}

	sort.Slice(groups, func(i, j int) bool { return groups[i].name < groups[j].name })
	return groups, nil
}

func loadGroup(dir string) (*group, error) {
	g := &group{name: filepath.Base(dir), dir: dir, source: "config.yaml"}
	config, err := os.ReadFile(filepath.Join(dir, "config.yaml"))
	if err != nil {
		return nil, err
	}

	if first := strings.SplitN(string(config), "\n", 2)[0]; strings.HasPrefix(first, "# from ") {
		g.source = strings.TrimPrefix(first, "# from ")
	}

	if data, err := os.ReadFile(filepath.Join(dir, "lookups.json")); err == nil {
		g.lookups = &lookupFacts{}
		if err := strictUnmarshal(data, g.lookups); err != nil {
			return nil, fmt.Errorf("%s/lookups.json: %v", dir, err)
		}
	} else if !os.IsNotExist(err) {
		return nil, err
	}

	files, _ := filepath.Glob(filepath.Join(dir, "cases", "*.json"))
	sort.Strings(files)
	for _, file := range files {
		c, err := loadCase(file)
		if err != nil {
			return nil, err
		}
		g.cases = append(g.cases, c)
	}

	if len(g.cases) == 0 {
		return nil, fmt.Errorf("%s: no cases/*.json", dir)
	}

	return g, nil
}

func loadCase(file string) (*caseFile, error) {
	data, err := os.ReadFile(file)
	if err != nil {
		return nil, err
	}

	c := &caseFile{}
	if err := strictUnmarshal(data, c); err != nil {
		return nil, fmt.Errorf("%s: %v", file, err)
	}

	if c.Name == "" {
		c.Name = strings.TrimSuffix(filepath.Base(file), ".json")
	}

	e := c.Expect
	switch {
	case e.Allowed == nil:
		return nil, fmt.Errorf("%s: expect.allowed is required", file)
	case *e.Allowed && len(e.Object) == 0 && !e.Unchanged:
		return nil, fmt.Errorf("%s: an allowed case needs expect.object or expect.unchanged", file)
	case *e.Allowed && len(e.Object) > 0 && e.Unchanged:
		return nil, fmt.Errorf("%s: expect.object and expect.unchanged exclude each other", file)
	case !*e.Allowed && e.Code == 0:
		return nil, fmt.Errorf("%s: a denied case needs expect.code", file)
	}

	return c, nil
}

// strictUnmarshal rejects unknown keys: a misspelt expectation must not pass silently.
func strictUnmarshal(data []byte, into interface{}) error {
	decoder := json.NewDecoder(bytes.NewReader(data))
	decoder.DisallowUnknownFields()
	return decoder.Decode(into)
}
