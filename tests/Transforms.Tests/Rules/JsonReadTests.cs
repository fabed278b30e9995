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
}
