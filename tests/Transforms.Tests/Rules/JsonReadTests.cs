using System.Text.Json;
using RestoreMutator.Transforms.Rules;
using Shouldly;

namespace RestoreMutator.Transforms.Tests.Rules;

public class JsonReadTests
{
    [Fact]
    public void ObjectItems_SkipsNonObjects_KeepsTheirPositions()
    {
        using var document = JsonDocument.Parse("""{"list": [{"a": 1}, "text", null, [1], {"b": 2}, 7]}""");

        var items = new List<(int, string)>();
        foreach (var (index, item) in document.RootElement.ObjectItems("list"))
        {
            items.Add((index, item.GetRawText()));
        }

        items.ShouldBe([(0, """{"a": 1}"""), (4, """{"b": 2}""")]);
        document.RootElement.ObjectItems("list").Select(item => item.Index).ToList().ShouldBe([0, 4], "as an IEnumerable (LINQ) too");
    }

    [Theory]
    [InlineData("""{}""")]
    [InlineData("""{"list": null}""")]
    [InlineData("""{"list": {"0": {}}}""")]
    [InlineData("""{"list": []}""")]
    [InlineData("""[]""")]
    public void ObjectItems_MissingOrNotAList_IsEmpty(string json)
    {
        using var document = JsonDocument.Parse(json);

        document.RootElement.ObjectItems("list").Count().ShouldBe(0);
        foreach (var unused in document.RootElement.ObjectItems("list"))
        {
            throw new ShouldAssertException("no item expected");
        }
    }

    [Theory]
    [InlineData("""["db.old.example.com"]""", true)]
    [InlineData("""["x", {"v": "jdbc://db.old.example.com:5432"}]""", true)]
    [InlineData("""["db\u002eold.example.com"]""", true)]
    [InlineData("""["db.new.example.com", "db/old"]""", false)]
    [InlineData("""{"db.old.example.com": 1}""", true)]
    [InlineData("""[]""", false)]
    public void MayContain_NeverMissesAString(string json, bool expected)
    {
        using var document = JsonDocument.Parse(json);

        document.RootElement.MayContain("db.old.example.com"u8).ShouldBe(expected);
    }

    [Theory]
    [InlineData("""{"kind": "User"}""", true)]
    [InlineData("""{"kind": "Use\u0072"}""", true)]
    [InlineData("""{"kind": "user"}""", false)]
    [InlineData("""{"kind": ["User"]}""", false)]
    [InlineData("""{"name": "User"}""", false)]
    public void HasString_ComparesTheDecodedString(string json, bool expected)
    {
        using var document = JsonDocument.Parse(json);

        document.RootElement.HasString("kind", "User").ShouldBe(expected);
    }

    [Theory]
    [InlineData("""{"operator": "In"}""", true)]
    [InlineData("""{"operator": "NotIn"}""", true)]
    [InlineData("""{"operator": "Not\u0049n"}""", true)]
    [InlineData("""{"operator": "Exists"}""", false)]
    [InlineData("""{"operator": "in"}""", false)]
    [InlineData("""{"operator": ["In"]}""", false)]
    [InlineData("""{"key": "In"}""", false)]
    public void HasAnyString_IsTrueForEachExpectedString(string json, bool expected)
    {
        using var document = JsonDocument.Parse(json);

        document.RootElement.HasAnyString("operator", "In", "NotIn").ShouldBe(expected);
    }
}
