using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using RestoreMutator.Transforms.Patching;
using RestoreMutator.Transforms.Rules.OperatorRules;
using Shouldly;

namespace RestoreMutator.Transforms.Tests.Rules.OperatorRules;

/// <summary>
/// A field condition reads the request's read-only JSON where nothing changed what it reads, and
/// the rules' tree elsewhere: both readings must agree on every document, or a rule would match
/// differently depending on whether a family touched some other part of the object.
/// </summary>
public class FieldConditionTests
{
    private static readonly string[] Documents =
    [
        """{}""",
        """{"spec":null}""",
        """{"spec":{"replicas":1,"paused":false,"ratio":1.0,"big":10000000000000000000,"tags":["a","b"],"empty":{},"none":null}}""",
        """{"spec":{"replicas":"1","containers":[{"name":"web","image":"quay.io/acme/web:1"},{"name":"metrics","image":"mirror.example.com/m:2","env":[]}]}}""",
        """{"spec":{"containers":[]},"metadata":{"annotations":{"a/b":"x","~t":"y"}}}""",
        """{"spec":{"containers":{"0":{"name":"web"},"x":{"name":"metrics"}}}}""",
        """{"spec":{"containers":[{"name":"web","env":[{"name":"DB","value":"db.old"},{"name":"N","value":7}]},"text",null,[1]]}}""",
        """{"spec":{"template":{"spec":{"containers":[{"image":"registry.internal/x"}]}}}}""",
        """{"spec":{"tags":{"a":{"b":["x",{"c":true}]}}}}""",
    ];

    public static TheoryData<string> Conditions() =>
    [
        "exists /spec",
        "missing /spec",
        "exists /spec/replicas",
        "missing /spec/replicas",
        "exists /spec/none",
        "missing /spec/none/x",
        "exists /spec/containers/*/env",
        "missing /spec/containers/*/env",
        "exists /spec/containers/1/name",
        "missing /spec/containers/01/name",
        "exists /spec/containers/-",
        "exists /spec/*",
        "missing /*/containers/*",
        "equals /spec/replicas 1",
        "equals /spec/replicas 1.0",
        "equals /spec/ratio 1",
        "equals /spec/replicas \"1\"",
        "equals /spec/paused false",
        "equals /spec/none null",
        "equals /spec/missing null",
        "equals /spec/big 10000000000000000000",
        "equals /spec/tags [\"a\",\"b\"]",
        "equals /spec/tags [\"b\",\"a\"]",
        "equals /spec/empty {}",
        "equals /spec/containers/*/name \"metrics\"",
        "equals /spec/containers/*/env/*/value 7",
        "equals /spec/tags/a/b/1 {\"c\":true}",
        "equals /metadata/annotations/a~1b \"x\"",
        "equals /metadata/annotations/~0t \"y\"",
        "regex /spec/containers/*/image ^mirror\\.",
        "regex /spec/containers/*/env/*/value old",
        "regex /spec/template/spec/containers/*/image ^registry\\.internal/",
        "regex /spec/replicas ^1$",
        "regex /spec/tags/* .",
        "regex /spec/containers/* .",
    ];

    [Theory]
    [MemberData(nameof(Conditions))]
    public void Holds_ReadOnlyJsonAndTreeAgree(string condition)
    {
        var parsed = Parse(condition);
        foreach (var text in Documents)
        {
            using var document = JsonDocument.Parse(text);
            var onElement = parsed.Holds(document.RootElement);
            var onTree = parsed.Holds(JsonNode.Parse(text)!);
            onElement.ShouldBe(onTree, $"{condition} on {text}");
        }
    }

    /// <summary>Values a family could have written where a condition reads.</summary>
    private static readonly string[] ReplacedValues = ["\"mirror.example.com/m:3\"", "\"metrics\"", "\"db.old\"", "7", "null", "{\"c\":true}", "[\"a\",\"b\"]"];

    /// <summary>
    /// U1a with a family's <c>replace</c> operations where the condition reads (rewritten images,
    /// say): the request read with their values in place must agree with the tree they were
    /// applied to, for one, several, the same member twice (the last wins) and members the path
    /// does not reach.
    /// </summary>
    [Theory]
    [MemberData(nameof(Conditions))]
    public void Holds_WithReplacedValues_AgreesWithTheTreeTheyWereAppliedTo(string condition)
    {
        var parsed = Parse(condition);
        foreach (var text in Documents)
        {
            var reached = parsed.Path.Expand(JsonNode.Parse(text))
                .Where(tokens => JsonTree.TryGet(JsonNode.Parse(text)!, tokens, out _))
                .Select(tokens => string.Concat(tokens.Select(token => "/" + JsonPointer.Escape(token))))
                .ToList();
            foreach (var replaced in ReplacementSets(reached))
            {
                using var document = JsonDocument.Parse(text);
                var tree = JsonNode.Parse(text)!;
                PatchApplier.ApplyInPlace(tree, replaced);

                parsed.Holds(document.RootElement, replaced).ShouldBe(parsed.Holds(tree), $"{condition} on {text} after {PatchOperationsText(replaced)}");
            }
        }
    }

    private static IEnumerable<List<PatchOperation>> ReplacementSets(List<string> reached)
    {
        foreach (var value in ReplacedValues)
        {
            for (var i = 0; i < reached.Count; i++)
            {
                yield return [Replace(reached[i], value)];
                yield return [Replace(reached[i], value), Replace(reached[i], ReplacedValues[0])];
            }

            if (reached.Count > 1)
            {
                yield return [.. reached.Select(path => Replace(path, value))];
                yield return [Replace(reached[^1], value), Replace(reached[0], value)];
            }
        }
    }

    private static PatchOperation Replace(string path, string value) => new(PatchOperationKind.Replace, path, JsonNode.Parse(value));

    private static string PatchOperationsText(List<PatchOperation> operations) => System.Text.Encoding.UTF8.GetString(PatchOperation.Serialize(operations));

    [Theory]
    [InlineData("exists /spec/containers/*/env", 3, true)]
    [InlineData("missing /spec/containers/*/env", 3, true)]
    [InlineData("equals /spec/containers/*/name \"metrics\"", 3, true)]
    [InlineData("equals /spec/containers/*/name \"metrics\"", 4, false)]
    [InlineData("equals /spec/containers/*/name \"metrics\"", 5, true)]
    [InlineData("equals /spec/replicas 1.0", 2, true)]
    [InlineData("regex /spec/containers/*/env/*/value old", 6, true)]
    [InlineData("missing /spec/none/x", 2, true)]
    [InlineData("exists /spec/none", 2, true)]
    public void Holds_OnReadOnlyJson(string condition, int document, bool expected)
    {
        using var parsed = JsonDocument.Parse(Documents[document]);

        Parse(condition).Holds(parsed.RootElement).ShouldBe(expected);
    }

    private static FieldCondition Parse(string condition)
    {
        var parts = condition.Split(' ', 3);
        RulePointer.TryParse(parts[1], out var path, out var error).ShouldBeTrue(error);
        return parts[0] switch
        {
            "exists" => FieldCondition.ForExists(path, true),
            "missing" => FieldCondition.ForExists(path, false),
            "equals" => FieldCondition.ForEquals(path, JsonNode.Parse(parts[2])),
            _ => FieldCondition.ForRegex(path, new Regex(parts[2], RegexOptions.None, TimeSpan.FromMilliseconds(100))),
        };
    }
}
