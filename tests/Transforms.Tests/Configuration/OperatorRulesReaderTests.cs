using System.Text.RegularExpressions;
using RestoreMutator.Transforms.Rules.OperatorRules;
using RestoreMutator.Transforms.Tests.Support;
using Shouldly;

namespace RestoreMutator.Transforms.Tests.Configuration;

public class OperatorRulesReaderTests
{
    [Fact]
    public void Load_SpecExample_CompilesEveryCondition()
    {
        var result = TestSettings.Load("""
            rules:
              - name: standby-replicas
                match:
                  kinds: [apps/Deployment, apps/StatefulSet, Pod, /Service, "batch/*"]
                  namespaces: [shop, "team-*"]
                  names: ["web-*"]
                  restores: ["dr-*"]
                  labelSelector: {matchLabels: {tier: web}, matchExpressions: [{key: env, operator: In, values: [prod]}]}
                  fields:
                    - {path: /spec/replicas, exists: true}
                    - {path: /spec/template/spec/containers/*/image, regex: '^quay\.io/'}
                    - {path: /spec/paused, equals: false}
                patch:
                  - {op: replace, path: /spec/replicas, value: 1}
                mergePatch: {spec: {suspend: true}}
                replace:
                  - {path: /spec/template/spec/containers/*/env/*/value, regex: 'db\.old\.example\.com', with: 'db.new.example.com'}
            """);

        result.Errors.ShouldBeEmpty();
        var rule = result.Settings!.Rules.ShouldHaveSingleItem();
        rule.Name.ShouldBe("standby-replicas");
        rule.Family.ShouldBe("rule:standby-replicas");
        rule.Match.Kinds.Select(k => k.ToString()).ShouldBe(["apps/Deployment", "apps/StatefulSet", "/Pod", "/Service", "batch/*"]);
        rule.Match.Namespaces.ShouldBe(["shop", "team-*"]);
        rule.Match.LabelSelector.ShouldNotBeNull().MatchLabels["tier"].ShouldBe("web");
        rule.Match.Fields.Count.ShouldBe(3);
        rule.Match.Fields[1].Path.Tokens.ShouldBe(["spec", "template", "spec", "containers", "*", "image"]);
        rule.Match.Fields[1].Regex!.MatchTimeout.ShouldBe(TimeSpan.FromMilliseconds(100));
        rule.Patch.ShouldHaveSingleItem().Kind.ShouldBe(RuleOperationKind.Replace);
        rule.MergePatch!.ToJsonString().ShouldBe("""{"spec":{"suspend":true}}""");
        var replacement = rule.Replace.ShouldHaveSingleItem();
        replacement.Regex.MatchTimeout.ShouldBe(TimeSpan.FromMilliseconds(100));

        // Compiled once at load, not interpreted per value; a compiled literal keeps its raw-JSON pre-check.
        rule.Match.Fields[1].Regex!.Options.ShouldBe(RegexOptions.CultureInvariant | RegexOptions.Compiled);
        replacement.Regex.Options.ShouldBe(RegexOptions.CultureInvariant | RegexOptions.Compiled);
        replacement.Literal.ShouldNotBeNull();
    }

    [Fact]
    public void Load_YamlValues_KeepTheirJsonTypes()
    {
        var rule = PipelineHarness.Settings("""
            rules:
              - name: typed
                patch:
                  - {op: add, path: /a, value: 1}
                  - {op: add, path: /b, value: "1"}
                  - {op: add, path: /c, value: true}
                  - {op: add, path: /d, value: null}
                  - {op: add, path: /e, value: 1.50}
                  - {op: add, path: /f, value: [x, {y: 'z'}]}
            """).Rules.ShouldHaveSingleItem();

        rule.Patch.Select(op => op.Value?.ToJsonString() ?? "null").ShouldBe(["1", "\"1\"", "true", "null", "1.50", """["x",{"y":"z"}]"""]);
    }

    [Theory]
    [InlineData("rules: {name: x}", "rules (line 1): must be a list of")]
    [InlineData("rules: [{name: x, patch: [{op: remove, path: /a}], colour: red}]", "rules[0].colour (line 1): unknown key")]
    [InlineData("rules: [{patch: [{op: remove, path: /a}]}]", "rules[0].name: is required")]
    [InlineData("rules: [{name: Standby, patch: [{op: remove, path: /a}]}]", "rules[0].name: 'Standby' must be at most 63 characters of a-z, 0-9 and '-'")]
    [InlineData("rules: [{name: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa, patch: [{op: remove, path: /a}]}]", "must be at most 63 characters")]
    [InlineData("rules: [{name: x}]", "rules[0] (line 1): does nothing: give patch, mergePatch, replace or skip: true")]
    [InlineData("rules: [{name: x, skip: true, mergePatch: {a: 1}}]", "cannot be combined with patch, mergePatch or replace")]
    [InlineData("rules: [{name: x, reason: why, mergePatch: {a: 1}}]", "rules[0].reason: is only for skip: true")]
    [InlineData("rules: [{name: x, mergePatch: [a]}]", "rules[0].mergePatch (line 1): must be a mapping")]
    [InlineData("rules: [{name: x, match: {kinds: [apps/Deployment/v1]}, skip: true}]", "rules[0].match.kinds: 'apps/Deployment/v1' is not group/Kind")]
    [InlineData("rules: [{name: x, match: {kinds: [\"*/Deployment\"]}, skip: true}]", "a kind in every group is ambiguous")]
    [InlineData("rules: [{name: x, match: {kinds: [Pod], colour: red}, skip: true}]", "rules[0].match.colour (line 1): unknown key")]
    [InlineData("rules: [{name: x, match: {labelSelector: {matchLabels: {a: b}, matchFields: {}}}, skip: true}]", "rules[0].match.labelSelector.matchFields (line 1): unknown key")]
    [InlineData("rules: [{name: x, match: {labelSelector: {matchExpressions: [{key: a, operator: Near}]}}, skip: true}]", "operator must be In, NotIn, Exists or DoesNotExist")]
    [InlineData("rules: [{name: x, match: {fields: [{path: spec/replicas, exists: true}]}, skip: true}]", "rules[0].match.fields[0].path: 'spec/replicas' is not a JSON pointer (it must start with '/')")]
    [InlineData("rules: [{name: x, match: {fields: [{path: /a~2b, exists: true}]}, skip: true}]", "'~' must be followed by 0 or 1")]
    [InlineData("rules: [{name: x, match: {fields: [{path: /a, exists: true, equals: 1}]}, skip: true}]", "rules[0].match.fields[0] (line 1): needs exactly one of exists, equals and regex")]
    [InlineData("rules: [{name: x, match: {fields: [{path: /a, regex: '(unclosed'}]}, skip: true}]", "rules[0].match.fields[0].regex: '(unclosed' is not a valid regex")]
    [InlineData("rules: [{name: x, match: {namespaces: ['']}, skip: true}]", "rules[0].match.namespaces: an empty glob matches nothing")]
    [InlineData("rules: [{name: x, patch: [{op: increment, path: /a}]}]", "rules[0].patch[0].op: must be one of add, remove, replace, copy, move, test, got 'increment'")]
    [InlineData("rules: [{name: x, patch: [{op: replace, path: /a}]}]", "rules[0].patch[0].value: is required for replace")]
    [InlineData("rules: [{name: x, patch: [{op: remove, path: /a, value: 1}]}]", "rules[0].patch[0].value: is not used by remove")]
    [InlineData("rules: [{name: x, patch: [{op: copy, path: /a}]}]", "rules[0].patch[0].from: is required for copy")]
    [InlineData("rules: [{name: x, patch: [{op: copy, from: /a/*, path: /b}]}]", "rules[0].patch[0].from: cannot contain '*'")]
    [InlineData("rules: [{name: x, patch: [{op: move, from: /a, path: /b/*/c}]}]", "rules[0].patch[0].path: move cannot contain '*'")]
    [InlineData("rules: [{name: x, patch: [{op: add, path: /a/*, value: 1}]}]", "rules[0].patch[0].path: '*' cannot be the last segment of add")]
    [InlineData("rules: [{name: x, patch: [{op: remove, path: ''}]}]", "rules[0].patch[0].path: is required")]
    [InlineData("rules: [{name: x, replace: [{path: /a, regex: '[', with: b}]}]", "rules[0].replace[0].regex: '[' is not a valid regex")]
    [InlineData("rules: [{name: x, replace: [{path: /a, regex: b}]}]", "rules[0].replace[0].with: is required")]
    public void Load_InvalidRule_IsAnErrorWithItsPath(string yaml, string expected)
    {
        var result = TestSettings.Load(yaml);

        result.Succeeded.ShouldBeFalse();
        result.Errors.ShouldContain(e => e.Contains(expected, StringComparison.Ordinal), string.Join("\n", result.Errors));
    }

    [Fact]
    public void Load_DuplicateName_IsAnError()
    {
        var result = TestSettings.Load("rules: [{name: x, skip: true}, {name: x, skip: true}]");

        result.Errors.ShouldBe(["rules[1].name: 'x' is used by an earlier rule; names must be unique"]);
    }

    [Fact]
    public void Load_SeveralBadRules_ListsEveryError()
    {
        // C1: one load reports every problem, not the first.
        var result = TestSettings.Load("""
            rules:
              - {name: a, patch: [{op: replace, path: nope, value: 1}]}
              - {name: b, replace: [{path: /x, regex: '(', with: y}]}
              - {name: C, skip: true}
            """);

        result.Errors.Count.ShouldBe(3, string.Join("\n", result.Errors));
    }

    [Theory]
    [InlineData("{op: add, path: /spec/template/spec/tolerations/-, value: {key: dr}}", "add to /spec/template/spec/tolerations/- appends on every pass")]
    [InlineData("{op: add, path: /spec/template/spec/containers/0, value: {name: x}}", "inserts into an array on every pass")]
    [InlineData("{op: copy, from: /spec/template/spec/containers/0, path: /spec/template/spec/containers/-}", "copy to /spec/template/spec/containers/- appends on every pass")]
    [InlineData("{op: move, from: /metadata/labels/a, path: /spec/list/1}", "move to /spec/list/1 inserts into an array on every pass")]
    [InlineData("{op: remove, path: /spec/template/spec/containers/1}", "remove of /spec/template/spec/containers/1 takes the next element on every pass")]
    public void Load_ArrayOperationWithoutGuard_IsRefusedAsNotIdempotent(string operation, string expected)
    {
        var result = TestSettings.Load($"rules: [{{name: grows, patch: [{operation}]}}]");

        result.Succeeded.ShouldBeFalse();
        var error = result.Errors.ShouldHaveSingleItem();
        error.ShouldStartWith("rules[0] (line 1): rule grows is not idempotent: ");
        error.ShouldContain(expected);
    }

    [Fact]
    public void Load_ReplacementTheRegexMatchesAgain_IsRefused()
    {
        var result = TestSettings.Load("rules: [{name: suffix, replace: [{path: /data/host, regex: 'example\\.com', with: 'example.com.internal'}]}]");

        result.Errors.ShouldHaveSingleItem().ShouldContain("the replacement matches the regex again");
    }

    [Theory]
    [InlineData("rules: [{name: guarded, patch: [{op: test, path: /spec/template/spec/tolerations, value: []}, {op: add, path: /spec/template/spec/tolerations/-, value: {key: dr}}]}]")]
    [InlineData("rules: [{name: guarded, match: {fields: [{path: /metadata/labels/tolerated, exists: false}]}, patch: [{op: add, path: /spec/list/-, value: 1}]}]")]
    [InlineData("rules: [{name: substitution, replace: [{path: /a, regex: '(v)(\\d)', with: '${1}1$2'}]}]")]
    public void Load_GuardedOrUndecidableRule_IsLeftToTheRunTimeCheck(string yaml)
    {
        TestSettings.Load(yaml).Errors.ShouldBeEmpty();
    }

    [Theory]
    [InlineData("patch: [{op: replace, path: /spec/replicas, value: 1}]", false, true)]
    [InlineData("patch: [{op: test, path: /a, value: 1}, {op: add, path: /b, value: 2}]", false, true)]
    [InlineData("mergePatch: {spec: {suspend: true}}", false, true)]
    // A change before an operation that can fail: a copy is needed so a failure leaves nothing behind.
    [InlineData("patch: [{op: replace, path: /a, value: 1}, {op: add, path: /b/c, value: 2}]", false, false)]
    [InlineData("patch: [{op: remove, path: /a}, {op: replace, path: /b, value: 2}]", false, false)]
    [InlineData("replace: [{path: /a, regex: x, with: y}]", true, false)]
    [InlineData("patch: [{op: copy, from: /a, path: /b}]", true, false)]
    public void Load_Rule_IsClassifiedForTheRunTimeChecks(string actions, bool secondPass, bool inPlace)
    {
        var rule = PipelineHarness.Settings($"rules: [{{name: r, {actions}}}]").Rules.ShouldHaveSingleItem();

        rule.NeedsSecondPass.ShouldBe(secondPass);
        rule.InPlace.ShouldBe(inPlace);
    }

    [Theory]
    // Found by fuzz/ (rules target): a merge patch that made metadata.annotations a string broke S3
    // (the families' next annotation writes had nowhere to go) and gives an object the API server refuses.
    [InlineData("mergePatch: {metadata: {annotations: not-a-map}}", "metadata.annotations must be a mapping of strings")]
    [InlineData("mergePatch: {metadata: {labels: {tier: 3}}}", "metadata.labels values must be strings")]
    [InlineData("mergePatch: {metadata: [a]}", "metadata must be a mapping")]
    [InlineData("patch: [{op: replace, path: /metadata/labels, value: x}]", "metadata.labels must be a mapping of strings")]
    [InlineData("patch: [{op: add, path: /metadata/annotations/owner, value: {a: b}}]", "metadata.annotations values must be strings")]
    public void Load_RuleWritingInvalidMetadata_IsAnError(string action, string problem)
    {
        var result = TestSettings.Load($"rules:\n  - {{name: meta, match: {{kinds: [Pod]}}, {action}}}\n");

        result.Errors.ShouldHaveSingleItem().ShouldContain(problem);
    }

    [Fact]
    public void Load_RuleWritingStringMetadata_IsRead()
    {
        var result = TestSettings.Load("rules:\n  - {name: meta, match: {kinds: [Pod]}, mergePatch: {metadata: {labels: {tier: web, old: null}}}, patch: [{op: add, path: /metadata/annotations/owner, value: team-a}]}\n");

        result.Errors.ShouldBeEmpty();
    }
}
