package main

import (
	"encoding/json"
	"fmt"
	"reflect"
	"regexp"
	"sort"
	"strings"
)

const (
	appliedAnnotation = "restore-mutator.io/applied"

	// SPEC A5: warnings under 120 characters, and only a few (MutationPipeline.MaxWarnings).
	maxWarningLength = 119
	maxWarnings      = 4
)

// An audit annotation key becomes "<webhook name>/<key>" in the audit event; the API server
// drops keys that do not make a valid qualified name (SPEC A6).
var auditKey = regexp.MustCompile(`^[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$`)

// checkCase sends the case's request and, when the object was patched, the patched object back as
// an UPDATE (SPEC S3). Returns every problem found; none means the case passed.
func checkCase(c *caller, url string, cf *caseFile) []string {
	request, err := buildRequest(cf.Request)
	if err != nil {
		return []string{"bad case request: " + err.Error()}
	}

	a, err := c.call(url, request)
	if err != nil {
		return []string{err.Error()}
	}

	problems := judge(cf.Expect, a)
	problems = append(problems, contractProblems(a)...)
	if len(problems) > 0 || !a.allowed || a.patch == nil {
		return problems
	}

	// S3: the webhook's own output, stored and then updated, must get no further operations.
	again, _ := buildRequest(cf.Request)
	var patched interface{}
	_ = json.Unmarshal(a.object, &patched)
	again["operation"] = "UPDATE"
	again["object"] = patched
	again["oldObject"] = patched
	again["options"] = map[string]interface{}{"kind": "UpdateOptions", "apiVersion": "meta.k8s.io/v1"}
	second, err := c.call(url, again)
	switch {
	case err != nil:
		problems = append(problems, "second pass (UPDATE of the patched object): "+err.Error())
	case !second.allowed:
		problems = append(problems, fmt.Sprintf("second pass (UPDATE of the patched object) denied: %q", second.message))
	case second.patch != nil:
		problems = append(problems, fmt.Sprintf("second pass (UPDATE of the patched object) not idempotent: %d more operations: %.500s", second.ops, second.patch))
	default:
		problems = append(problems, contractProblems(second)...)
	}

	return problems
}

// buildRequest fills in what the API server always sends: operation, userInfo (Velero's service
// account), dryRun, options, requestKind/requestResource, oldObject.
func buildRequest(raw json.RawMessage) (map[string]interface{}, error) {
	var request map[string]interface{}
	if err := json.Unmarshal(raw, &request); err != nil {
		return nil, err
	}

	if request == nil {
		return nil, fmt.Errorf("request is not an object")
	}

	setDefault(request, "operation", "CREATE")
	setDefault(request, "userInfo", map[string]interface{}{
		"username": "system:serviceaccount:velero:velero",
		"uid":      "6c1f2b7e-5d0a-4b8e-9f3a-2d4c6e8a0b1c",
		"groups":   []interface{}{"system:serviceaccounts", "system:serviceaccounts:velero", "system:authenticated"},
	})
	setDefault(request, "dryRun", false)
	switch request["operation"] {
	case "CREATE":
		setDefault(request, "options", map[string]interface{}{"kind": "CreateOptions", "apiVersion": "meta.k8s.io/v1"})
	case "UPDATE":
		setDefault(request, "options", map[string]interface{}{"kind": "UpdateOptions", "apiVersion": "meta.k8s.io/v1"})
	}
	if kind, ok := request["kind"]; ok {
		setDefault(request, "requestKind", kind)
	}
	if resource, ok := request["resource"]; ok {
		setDefault(request, "requestResource", resource)
	}
	setDefault(request, "oldObject", nil)
	return request, nil
}

func setDefault(m map[string]interface{}, key string, value interface{}) {
	if _, ok := m[key]; !ok {
		m[key] = value
	}
}

// judge compares the answer with the case's expectation.
func judge(e expectation, a *answer) []string {
	var problems []string
	if *e.Allowed != a.allowed {
		return []string{fmt.Sprintf("allowed=%v, want %v (status %d %q: %q)", a.allowed, *e.Allowed, a.code, a.reason, a.message)}
	}

	if !a.allowed {
		if a.code != e.Code {
			problems = append(problems, fmt.Sprintf("status code %d, want %d", a.code, e.Code))
		}
		if e.Reason != "" && a.reason != e.Reason {
			problems = append(problems, fmt.Sprintf("status reason %q, want %q", a.reason, e.Reason))
		}
		if e.Message != nil && a.message != *e.Message {
			problems = append(problems, fmt.Sprintf("status message %q, want %q", a.message, *e.Message))
		}
		for _, part := range e.MessageContains {
			if !strings.Contains(a.message, part) {
				problems = append(problems, fmt.Sprintf("status message %q lacks %q", a.message, part))
			}
		}
	} else if e.Unchanged {
		if a.patch != nil {
			problems = append(problems, fmt.Sprintf("want no patch, got %d operations: %.500s", a.ops, a.patch))
		}
	} else if differences := jsonDifferences(a.object, e.Object); len(differences) > 0 {
		problems = append(problems, "patched object differs from the expected object: "+strings.Join(differences, "; "))
	}

	if e.Warnings != nil && !reflect.DeepEqual(normalizeList(a.warnings), normalizeList(*e.Warnings)) {
		problems = append(problems, fmt.Sprintf("warnings %q, want %q", a.warnings, *e.Warnings))
	}

	return problems
}

// contractProblems checks what every answer must satisfy whatever the case: short printable
// warnings (A5), valid audit annotation keys (A6), and a changed object that says what changed it
// (S7, A6).
func contractProblems(a *answer) []string {
	var problems []string
	if len(a.warnings) > maxWarnings {
		problems = append(problems, fmt.Sprintf("%d warnings, at most %d allowed (A5)", len(a.warnings), maxWarnings))
	}

	for _, w := range a.warnings {
		if len(w) > maxWarningLength || !printableASCII(w) {
			problems = append(problems, fmt.Sprintf("warning %q is not short printable ASCII (A5: under 120 characters)", w))
		}
	}

	for key := range a.audit {
		if !auditKey.MatchString(key) {
			problems = append(problems, fmt.Sprintf("audit annotation key %q is not a valid name part (A6)", key))
		}
	}

	if a.allowed && a.patch != nil {
		families := strings.Split(a.audit["applied"], ",")
		recorded := appliedFamilies(a.object)
		for _, family := range families {
			if family == "" || !recorded[family] {
				problems = append(problems, fmt.Sprintf("auditAnnotations.applied %q is not recorded in %s of the patched object (S7, A6)", a.audit["applied"], appliedAnnotation))
				break
			}
		}
	}

	return problems
}

func appliedFamilies(object []byte) map[string]bool {
	var o struct {
		Metadata struct {
			Annotations map[string]string `json:"annotations"`
		} `json:"metadata"`
	}
	_ = json.Unmarshal(object, &o)
	families := map[string]bool{}
	for _, family := range strings.Split(o.Metadata.Annotations[appliedAnnotation], ",") {
		if family != "" {
			families[family] = true
		}
	}
	return families
}

func printableASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < ' ' || s[i] > '~' {
			return false
		}
	}
	return true
}

func normalizeList(list []string) []string {
	if list == nil {
		return []string{}
	}
	return list
}

// jsonDifferences lists where two JSON documents differ, by JSON pointer (at most five).
func jsonDifferences(got, want []byte) []string {
	var g, w interface{}
	if err := json.Unmarshal(got, &g); err != nil {
		return []string{"the patched object is not JSON: " + err.Error()}
	}
	if err := json.Unmarshal(want, &w); err != nil {
		return []string{"the expected object is not JSON: " + err.Error()}
	}

	var differences []string
	diff("", g, w, &differences)
	return differences
}

func diff(pointer string, got, want interface{}, out *[]string) {
	if len(*out) >= 5 {
		return
	}

	switch w := want.(type) {
	case map[string]interface{}:
		if g, ok := got.(map[string]interface{}); ok {
			keys := map[string]bool{}
			for k := range w {
				keys[k] = true
			}
			for k := range g {
				keys[k] = true
			}
			sorted := make([]string, 0, len(keys))
			for k := range keys {
				sorted = append(sorted, k)
			}
			sort.Strings(sorted)
			for _, k := range sorted {
				child := pointer + "/" + strings.ReplaceAll(strings.ReplaceAll(k, "~", "~0"), "/", "~1")
				gv, gok := g[k]
				wv, wok := w[k]
				switch {
				case !gok:
					*out = append(*out, fmt.Sprintf("%s missing (want %s)", child, short(wv)))
				case !wok:
					*out = append(*out, fmt.Sprintf("%s unexpected (got %s)", child, short(gv)))
				default:
					diff(child, gv, wv, out)
				}
			}
			return
		}
	case []interface{}:
		if g, ok := got.([]interface{}); ok && len(g) == len(w) {
			for i := range w {
				diff(fmt.Sprintf("%s/%d", pointer, i), g[i], w[i], out)
			}
			return
		}
	}

	if !reflect.DeepEqual(got, want) {
		where := pointer
		if where == "" {
			where = "(root)"
		}
		*out = append(*out, fmt.Sprintf("%s is %s, want %s", where, short(got), short(want)))
	}
}

func short(v interface{}) string {
	data, _ := json.Marshal(v)
	if len(data) > 200 {
		return string(data[:200]) + "..."
	}
	return string(data)
}
