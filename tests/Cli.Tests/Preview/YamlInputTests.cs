using System.Text.Json.Nodes;
using RestoreMutator.Cli.Preview.Inputs;
using Shouldly;
using YamlDotNet.Core;

namespace RestoreMutator.Cli.Tests.Preview;

/// <summary>YAML to JSON with the YAML 1.2 core schema (quoted scalars stay strings).</summary>
public class YamlInputTests
{
    [Theory]
    [InlineData("v: \"true\"", "\"true\"")]
    [InlineData("v: 'false'", "\"false\"")]
    [InlineData("v: true", "true")]
    [InlineData("v: False", "false")]
    [InlineData("v: yes", "\"yes\"")]
    [InlineData("v: on", "\"on\"")]
    [InlineData("v: ~", "null")]
    [InlineData("v: null", "null")]
    [InlineData("v:", "null")]
    [InlineData("v: \"\"", "\"\"")]
    [InlineData("v: 8080", "8080")]
    [InlineData("v: \"8080\"", "\"8080\"")]
    [InlineData("v: -12", "-12")]
    [InlineData("v: 0o17", "15")]
    [InlineData("v: 0x1F", "31")]
    [InlineData("v: 1.50", "1.50")]
    [InlineData("v: 1e3", "1000")]
    [InlineData("v: .inf", "\".inf\"")]
    [InlineData("v: 1.25.3", "\"1.25.3\"")]
    [InlineData("v: 012", "12")]
    [InlineData("v: 10Gi", "\"10Gi\"")]
    [InlineData("v: !!str 42", "\"42\"")]
    [InlineData("v: !!int \"42\"", "42")]
    [InlineData("v: |\n  line1\n  line2\n", "\"line1\\nline2\\n\"")]
    [InlineData("v: [a, 1, \"2\"]", "[\"a\",1,\"2\"]")]
    [InlineData("true: x", null)]
    public void Read_Scalar_FollowsCoreSchema(string yaml, string? expectedValue)
    {
        var document = ReadAll(yaml).ShouldHaveSingleItem()!.AsObject();

        if (expectedValue is null)
        {
            ((string?)document["true"]).ShouldBe("x");
        }
        else
        {
            (document["v"]?.ToJsonString() ?? "null").ShouldBe(expectedValue);
        }
    }

    [Fact]
    public void Read_MultipleDocuments_OneAtATimeIncludingEmpty()
    {
        var documents = ReadAll("a: 1\n---\n---\nb: 2\n...\n---\nc: [x]\n");

        documents.Select(d => d?.ToJsonString() ?? "null").ShouldBe(["{\"a\":1}", "null", "{\"b\":2}", "{\"c\":[\"x\"]}"]);
    }

    [Fact]
    public void Read_AnchorsAndAliases_AreExpanded()
    {
        var document = ReadAll("base: &b {x: 1}\ncopy: *b\n").Single()!;

        document["copy"]!.ToJsonString().ShouldBe("{\"x\":1}");
    }

    [Theory]
    [InlineData("a: 1\na: 2\n", "duplicate key 'a'")]
    [InlineData("? [x]\n: 1\n", "mapping keys must be scalars")]
    [InlineData("a: [1, 2\n", "")]
    [InlineData("a: *nope\n", "")]
    [InlineData("v: !!int abc\n", "is not a valid")]
    public void Read_InvalidYaml_ThrowsWithPosition(string yaml, string message)
    {
        var error = Should.Throw<YamlException>(() => ReadAll(yaml));

        error.Message.ShouldContain(message);
        error.Start.Line.ShouldBeGreaterThan(0);
    }

    private static List<JsonNode?> ReadAll(string yaml)
    {
        var reader = new YamlDocumentReader(new StringReader(yaml));
        var documents = new List<JsonNode?>();
        while (reader.TryRead(out var document, out _))
        {
            documents.Add(document);
        }

        return documents;
    }
}
