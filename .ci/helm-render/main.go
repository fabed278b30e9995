// helm-render renders a Helm chart's templates the way `helm template` does, for CI machines
// without Helm: the same text/template engine, the same sprig function library, and Helm's own
// functions (include, tpl, required, fail, toYaml, fromYaml, lookup). It does not implement
// dependencies, hooks or capabilities checks; it exists so CI can render every template in every
// mode and check the output, not to install anything.
//
//	helm-render -chart DIR [-namespace NS] [-release NAME] [-f values.yaml]... [-lookup objects.yaml]
//
// -lookup gives objects (multi-document YAML) that `lookup` returns, to simulate an upgrade.
package main

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"text/template"

	sprig "github.com/Masterminds/sprig"
	"gopkg.in/yaml.v2"
)

type multiFlag []string

func (m *multiFlag) String() string     { return strings.Join(*m, ",") }
func (m *multiFlag) Set(v string) error { *m = append(*m, v); return nil }

func main() {
	chart := flag.String("chart", "", "chart directory")
	namespace := flag.String("namespace", "default", "release namespace")
	release := flag.String("release", "release-name", "release name")
	lookupFile := flag.String("lookup", "", "YAML objects that lookup returns")
	notes := flag.Bool("notes", false, "print NOTES.txt instead of the manifests")
	var valueFiles multiFlag
	flag.Var(&valueFiles, "f", "values file (repeatable; later files win)")
	flag.Parse()
	if *chart == "" {
		fmt.Fprintln(os.Stderr, "helm-render: -chart is required")
		os.Exit(2)
	}
	out, err := render(*chart, *namespace, *release, valueFiles, *lookupFile, *notes)
	if err != nil {
		fmt.Fprintln(os.Stderr, "helm-render:", err)
		os.Exit(1)
	}
	fmt.Print(out)
}

func render(chartDir, namespace, release string, valueFiles []string, lookupFile string, notes bool) (string, error) {
	chartMeta, err := readYAMLMap(filepath.Join(chartDir, "Chart.yaml"))
	if err != nil {
		return "", err
	}
	values, err := readYAMLMap(filepath.Join(chartDir, "values.yaml"))
	if err != nil {
		return "", err
	}
	for _, f := range valueFiles {
		override, err := readYAMLMap(f)
		if err != nil {
			return "", err
		}
		values = merge(values, override)
	}
	objects, err := readLookupObjects(lookupFile)
	if err != nil {
		return "", err
	}

	name, _ := chartMeta["name"].(string)
	top := map[string]interface{}{
		"Values": values,
		"Release": map[string]interface{}{
			"Name": release, "Namespace": namespace, "Service": "Helm",
			"IsInstall": len(objects) == 0, "IsUpgrade": len(objects) > 0, "Revision": 1,
		},
		"Chart": map[string]interface{}{
			"Name": name, "Version": chartMeta["version"], "AppVersion": chartMeta["appVersion"],
		},
		"Capabilities": map[string]interface{}{"KubeVersion": map[string]interface{}{"Version": "v1.31.0", "Major": "1", "Minor": "31"}},
	}

	root := template.New("chart")
	funcs := sprig.TxtFuncMap()
	delete(funcs, "env")
	delete(funcs, "expandenv")
	funcs["toYaml"] = toYAML
	funcs["fromYaml"] = fromYAML
	funcs["required"] = func(msg string, v interface{}) (interface{}, error) {
		if v == nil {
			return v, errors.New(msg)
		}
		if s, ok := v.(string); ok && s == "" {
			return v, errors.New(msg)
		}
		return v, nil
	}
	funcs["fail"] = func(msg string) (string, error) { return "", errors.New(msg) }
	funcs["include"] = func(name string, data interface{}) (string, error) {
		var buf bytes.Buffer
		err := root.ExecuteTemplate(&buf, name, data)
		return buf.String(), err
	}
	funcs["tpl"] = func(text string, data interface{}) (string, error) {
		t, err := root.Clone()
		if err != nil {
			return "", err
		}
		t, err = t.New("tpl").Parse(text)
		if err != nil {
			return "", err
		}
		var buf bytes.Buffer
		err = t.Execute(&buf, data)
		return buf.String(), err
	}
	funcs["lookup"] = func(apiVersion, kind, ns, objName string) (map[string]interface{}, error) {
		for _, o := range objects {
			meta, _ := o["metadata"].(map[string]interface{})
			if o["apiVersion"] == apiVersion && o["kind"] == kind && meta["name"] == objName && (ns == "" || meta["namespace"] == ns) {
				return o, nil
			}
		}
		return map[string]interface{}{}, nil
	}
	root.Funcs(funcs).Option("missingkey=zero")

	templatesDir := filepath.Join(chartDir, "templates")
	entries, err := os.ReadDir(templatesDir)
	if err != nil {
		return "", err
	}
	var names []string
	for _, e := range entries {
		if e.IsDir() {
			continue
		}
		text, err := os.ReadFile(filepath.Join(templatesDir, e.Name()))
		if err != nil {
			return "", err
		}
		tname := filepath.ToSlash(filepath.Join(name, "templates", e.Name()))
		if _, err := root.New(tname).Parse(string(text)); err != nil {
			return "", err
		}
		names = append(names, tname)
	}
	sort.Strings(names)

	var out strings.Builder
	for _, tname := range names {
		base := filepath.Base(tname)
		isNotes := base == "NOTES.txt"
		if strings.HasPrefix(base, "_") || isNotes != notes {
			continue
		}
		var buf bytes.Buffer
		data := copyMap(top)
		data["Template"] = map[string]interface{}{"Name": tname, "BasePath": filepath.Join(name, "templates")}
		if err := root.ExecuteTemplate(&buf, tname, data); err != nil {
			return "", err
		}
		text := strings.ReplaceAll(buf.String(), "<no value>", "")
		if notes {
			out.WriteString(text)
			continue
		}
		if strings.TrimSpace(text) == "" {
			continue
		}
		fmt.Fprintf(&out, "---\n# Source: %s\n%s\n", tname, strings.TrimRight(strings.TrimLeft(text, "\n"), "\n"))
	}
	return out.String(), nil
}

func readYAMLMap(path string) (map[string]interface{}, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var raw interface{}
	if err := yaml.Unmarshal(data, &raw); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	m, _ := normalize(raw).(map[string]interface{})
	if m == nil {
		m = map[string]interface{}{}
	}
	return m, nil
}

func readLookupObjects(path string) ([]map[string]interface{}, error) {
	if path == "" {
		return nil, nil
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var objects []map[string]interface{}
	decoder := yaml.NewDecoder(bytes.NewReader(data))
	for {
		var raw interface{}
		if err := decoder.Decode(&raw); err != nil {
			if err.Error() == "EOF" {
				break
			}
			return nil, err
		}
		if m, ok := normalize(raw).(map[string]interface{}); ok {
			objects = append(objects, m)
		}
	}
	return objects, nil
}

// normalize turns yaml.v2's map[interface{}]interface{} into map[string]interface{}, as Helm's
// JSON-based YAML reader produces.
func normalize(v interface{}) interface{} {
	switch t := v.(type) {
	case map[interface{}]interface{}:
		m := make(map[string]interface{}, len(t))
		for k, val := range t {
			m[fmt.Sprint(k)] = normalize(val)
		}
		return m
	case []interface{}:
		for i := range t {
			t[i] = normalize(t[i])
		}
		return t
	default:
		return v
	}
}

// merge overlays src on dst the way Helm coalesces values files: maps merge, everything else replaces.
func merge(dst, src map[string]interface{}) map[string]interface{} {
	for k, v := range src {
		if sm, ok := v.(map[string]interface{}); ok {
			if dm, ok := dst[k].(map[string]interface{}); ok {
				dst[k] = merge(dm, sm)
				continue
			}
		}
		dst[k] = v
	}
	return dst
}

func copyMap(m map[string]interface{}) map[string]interface{} {
	c := make(map[string]interface{}, len(m)+1)
	for k, v := range m {
		c[k] = v
	}
	return c
}

func toYAML(v interface{}) string {
	data, err := yaml.Marshal(v)
	if err != nil {
		return ""
	}
	return strings.TrimSuffix(string(data), "\n")
}

func fromYAML(s string) map[string]interface{} {
	var raw interface{}
	m := map[string]interface{}{}
	if err := yaml.Unmarshal([]byte(s), &raw); err != nil {
		m["Error"] = err.Error()
		return m
	}
	if n, ok := normalize(raw).(map[string]interface{}); ok {
		return n
	}
	return m
}
