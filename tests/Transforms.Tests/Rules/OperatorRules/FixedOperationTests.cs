using System.Text.Json;
using System.Text.Json.Nodes;
using RestoreMutator.Transforms.Patching;
using RestoreMutator.Transforms.Rules;
using RestoreMutator.Transforms.Rules.OperatorRules;
using RestoreMutator.Fuzz.Properties;
using RestoreMutator.Transforms.Tests.Support;
using Shouldly;

namespace RestoreMutator.Transforms.Tests.Rules.OperatorRules;

/// <summary>
/// Rules of constant operations at fixed members, worked out on the request without a tree: which
/// rules take that form, and that the answer is the tree's own, operation for operation, for every
/// pair of such rules (and of rules that need the tree) on objects the families also change.
/// </summary>
public class FixedOperationTests
{
    private const string Families = """
        lookups: off
        registry:
          rewrites:
            - {from: quay.io/acme, to: mirror.example.com/acme}

        """;

    /// <summary>Rule bodies (after the name): the fixed forms, those the tree must run, and fixed ones whose members a family or an earlier rule changed.</summary>
    private static readonly string[] Bodies =
    [
        "patch: [{op: replace, path: /spec/replicas, value: 1}]",
        "patch: [{op: add, path: /metadata/labels/dr.example.com~1restored, value: 'true'}]",
        "patch: [{op: remove, path: /spec/paused}]",
        "patch: [{op: test, path: /spec/replicas, value: 3}, {op: replace, path: /spec/revisionHistoryLimit, value: 5}]",
        "mergePatch: {spec: {suspend: true}}",
        "mergePatch: {metadata: {labels: {env: null}}}",
        "patch: [{op: add, path: /metadata/annotations/checked, value: 'yes'}]",
        "patch: [{op: replace, path: /spec/template/spec/containers/0/image, value: nginx}]",
        "patch: [{op: replace, path: /spec/template/spec/containers/0/image, value: 'quay.io/acme/web:1'}]",
        "patch: [{op: replace, path: /spec/template/spec/containers/0/image, value: 'mirror.example.com/acme/web:1'}]",
        "replace: [{path: /spec/template/spec/containers/*/image, regex: '^mirror\\.example\\.com/', with: 'quay.io/'}]",
        "patch: [{op: add, path: /spec/replicas, value: 2}]",
        "patch: [{op: replace, path: /metadata/labels/app, value: api}]",
        "patch: [{op: replace, path: /spec/template/metadata, value: null}]",
        "mergePatch: {spec: {template: {metadata: {labels: {tier: null, app: web}}}}}",
        "patch: [{op: replace, path: /spec/missing, value: 1}]",
        "mergePatch: {metadata: {annotations: {a: null}}}",
    ];

    private static readonly string[] Objects =
    [
        """
        {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web","namespace":"shop","labels":{"app":"web","env":"prod","velero.io/restore-name":"dr-1"},"annotations":{"a":"1"}},
         "spec":{"replicas":3,"paused":false,"template":{"metadata":{"labels":{"app":"web","tier":"front"}},"spec":{"containers":[{"name":"web","image":"quay.io/acme/web:1"},{"name":"side","image":"nginx:1.25"}]}}}}
        """,
        """
        {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web","namespace":"shop","labels":{"velero.io/restore-name":"dr-1"}},
         "spec":{"replicas":1,"template":{"spec":{"containers":[{"name":"web","image":"nginx:1.25"}]}}}}
        """,
        """
        {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web","namespace":"shop","labels":{"env":"dr","velero.io/restore-name":"dr-1"},"annotations":{"restore-mutator.io/applied":"registry"}},
         "spec":{"replicas":3,"revisionHistoryLimit":2,"suspend":true,"template":{"spec":{"containers":[{"name":"web","image":"quay.io/acme/web:1"}]}}}}
        """,
    ];

    [Theory]
    [InlineData("patch: [{op: replace, path: /spec/replicas, value: 1}]", "replace /spec/replicas 1")]
    [InlineData("patch: [{op: add, path: /metadata/labels/a~1b, value: x}]", "add /metadata/labels/a~1b \"x\"")]
    [InlineData("patch: [{op: test, path: /spec/x, value: {a: 1}}, {op: remove, path: /spec/y}]", "test /spec/x {\"a\":1}; remove /spec/y null")]
    [InlineData("mergePatch: {spec: {suspend: true, a/b: null}}", "add /spec/suspend true merge; remove /spec/a~1b null merge")]
    [InlineData("patch: [{op: add, path: /spec/template, value: {a: 1}}]", null)]
    [InlineData("patch: [{op: replace, path: /spec/list, value: [1]}]", null)]
    [InlineData("patch: [{op: replace, path: /spec/containers/*/image, value: x}]", null)]
    [InlineData("patch: [{op: copy, from: /spec/a, path: /spec/b}]", null)]
    [InlineData("patch: [{op: move, from: /spec/a, path: /spec/b}]", null)]
    [InlineData("patch: [{op: test, path: /spec/replicas, value: 3}, {op: replace, path: /spec/replicas, value: 1}]", null)]
    [InlineData("patch: [{op: replace, path: /spec, value: 1}, {op: replace, path: /spec/replicas, value: 1}]", null)]
    [InlineData("patch: [{op: add, path: /spec/list/-, value: 1}, {op: test, path: /spec/list/0, value: 1}]", null)]
    [InlineData("mergePatch: {spec: {template: {}}}", null)]
    [InlineData("mergePatch: {spec: {ports: [1]}}", null)]
    [InlineData("replace: [{path: /spec/a, regex: x, with: y}]", null)]
    [InlineData("skip: true", null)]
    public void Of_OnlyConstantScalarsAtIndependentMembers(string body, string? expected)
    {
        var rule = PipelineHarness.Settings($"rules:\n  - {{name: r, {body}}}\n").Rules.ShouldHaveSingleItem();

        var described = rule.FixedOperations?.Select(op =>
            $"{op.Kind.ToString().ToLowerInvariant()} {op.Pointer} {op.Value?.ToJsonString() ?? "null"}{(op.FromMerge ? " merge" : string.Empty)}");

        (described is null ? null : string.Join("; ", described)).ShouldBe(expected);
    }

    [Fact]
    public void OnRequest_WritesWhatTheDiffWould_WithoutATree()
    {
        using var request = JsonDocument.Parse("""{"metadata":{"labels":{"app":"web"}},"spec":{"replicas":3,"paused":true,"x":{"y":1}}}""");
        var document = new RuleDocument(request.RootElement, []);
        FixedOperation[] operations =
        [
            new(RuleOperationKind.Replace, ["spec", "replicas"], "/spec/replicas", JsonValue.Create(1), FromMerge: false),
            new(RuleOperationKind.Add, ["metadata", "labels", "a/b"], "/metadata/labels/a~1b", JsonValue.Create("x"), FromMerge: false),
            new(RuleOperationKind.Add, ["metadata", "labels", "app"], "/metadata/labels/app", JsonValue.Create("web"), FromMerge: false),
            new(RuleOperationKind.Remove, ["spec", "paused"], "/spec/paused", null, FromMerge: false),
            new(RuleOperationKind.Remove, ["spec", "absent"], "/spec/absent", null, FromMerge: false),
            new(RuleOperationKind.Replace, ["spec", "x"], "/spec/x", JsonValue.Create(2), FromMerge: false),
        ];

        document.TryApplyOnRequest(operations, out var changed).ShouldBeTrue();

        changed.ShouldBeTrue();
        System.Text.Encoding.UTF8.GetString(PatchOperation.Serialize(document.Diff())).ShouldBe(
            """[{"op":"replace","path":"/spec/replicas","value":1},{"op":"add","path":"/metadata/labels/a~1b","value":"x"},{"op":"remove","path":"/spec/paused"},{"op":"replace","path":"/spec/x","value":2}]""");
        document.Touched.Overlaps(["spec", "replicas"]).ShouldBeTrue();

        // Once a rule needs the tree, it starts from the document these made.
        var tree = document.Live([["spec"]]);
        tree.ToJsonString().ShouldBe("""{"metadata":{"labels":{"app":"web","a/b":"x"}},"spec":{"replicas":1,"x":2}}""");
        document.TryApplyOnRequest(operations, out _).ShouldBeFalse();
    }

    [Theory]
    [InlineData("""[{"op":"test","path":"/spec/replicas","value":4}]""")]
    [InlineData("""[{"op":"test","path":"/spec/none/deeper","value":4}]""")]
    public void OnRequest_FailedTest_ChangesNothing(string testJson)
    {
        using var request = JsonDocument.Parse("""{"spec":{"replicas":3}}""");
        var test = JsonNode.Parse(testJson)![0]!;
        var document = new RuleDocument(request.RootElement, []);

        document.TryApplyOnRequest(
            [
                new(RuleOperationKind.Add, ["spec", "x"], "/spec/x", JsonValue.Create(1), FromMerge: false),
                new(RuleOperationKind.Test, [.. JsonPointer.Split((string)test["path"]!)], (string)test["path"]!, test["value"]!.DeepClone(), FromMerge: false),
            ],
            out var changed).ShouldBeTrue();

        changed.ShouldBeFalse();
        document.Touched.Overlaps(["spec", "x"]).ShouldBeFalse();
    }

    [Theory]
    [InlineData("""{"spec":{}}""", RuleOperationKind.Replace, false)]
    [InlineData("""{"spec":[]}""", RuleOperationKind.Add, false)]
    [InlineData("""{}""", RuleOperationKind.Add, false)]
    [InlineData("""{}""", RuleOperationKind.Remove, true)]
    public void OnRequest_WhatOnlyTheTreeCanSay_IsLeftToIt(string json, RuleOperationKind kind, bool handled)
    {
        using var request = JsonDocument.Parse(json);
        var document = new RuleDocument(request.RootElement, []);

        document.TryApplyOnRequest([new(kind, ["spec", "x"], "/spec/x", JsonValue.Create(1), FromMerge: false)], out var changed).ShouldBe(handled);
        changed.ShouldBeFalse();

        // A merge patch creates a missing parent, so its remove of a member under it needs the tree.
        document.TryApplyOnRequest([new(RuleOperationKind.Remove, ["spec", "x"], "/spec/x", null, FromMerge: true)], out _).ShouldBe(json == """{"spec":{}}""");
    }

    [Fact]
    public void OnRequest_GivesTheTreesAnswer_ForEveryPairOfRules()
    {
        var compared = 0;
        var onRequest = 0;
        var byRules = 0;
        foreach (var first in Bodies)
        {
            foreach (var second in Bodies)
            {
                var yaml = $"{Families}rules:\n  - {{name: first, {first}}}\n  - {{name: second, {second}}}\n";
                var settings = PipelineHarness.Settings(yaml);
                var tree = SettingsProperties.OnTree(settings);
                onRequest += settings.Rules.Count(rule => rule.FixedOperations is not null);
                foreach (var json in Objects)
                {
                    var direct = Answer(RuleCatalog.CreatePipeline(settings), json);
                    var expected = Answer(RuleCatalog.CreatePipeline(tree), json);
                    if (direct != expected)
                    {
                        throw new Xunit.Sdk.XunitException($"rules [{first}] then [{second}] on {json.Trim()[..60]}:\n  on the request: {direct}\n  on the tree:    {expected}");
                    }

                    compared++;
                    byRules += direct.Contains("rules=[]", StringComparison.Ordinal) ? 0 : 1;
                }
            }
        }

        compared.ShouldBe(Bodies.Length * Bodies.Length * Objects.Length);
        onRequest.ShouldBeGreaterThan(Bodies.Length * Bodies.Length);
        byRules.ShouldBeGreaterThan(compared * 3 / 4);
    }

    private static string Answer(MutationPipeline pipeline, string json)
    {
        using var document = JsonDocument.Parse(json);
        return SettingsProperties.Answer(pipeline, FixtureCase.Request(document, RestoreMutator.Transforms.Admission.AdmissionOperation.Create), ClusterFacts.None);
    }
}
