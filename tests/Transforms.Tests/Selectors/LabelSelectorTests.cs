using System.Text.Json;
using RestoreMutator.Transforms.Selectors;
using Shouldly;

namespace RestoreMutator.Transforms.Tests.Selectors;

public class LabelSelectorTests
{
    private static readonly Dictionary<string, string> Web = new(StringComparer.Ordinal) { ["app"] = "web", ["tier"] = "front" };

    [Theory]
    [InlineData("{}", true)]
    [InlineData("""{"matchLabels": null, "matchExpressions": null}""", true)]
    [InlineData("""{"matchLabels": {"app": "web"}}""", true)]
    [InlineData("""{"matchLabels": {"app": "web", "tier": "back"}}""", false)]
    [InlineData("""{"matchLabels": {"missing": ""}}""", false)]
    [InlineData("""{"matchExpressions": [{"key": "app", "operator": "In", "values": ["api", "web"]}]}""", true)]
    [InlineData("""{"matchExpressions": [{"key": "app", "operator": "In", "values": ["api"]}]}""", false)]
    [InlineData("""{"matchExpressions": [{"key": "app", "operator": "NotIn", "values": ["api"]}]}""", true)]
    [InlineData("""{"matchExpressions": [{"key": "absent", "operator": "NotIn", "values": ["x"]}]}""", true)]
    [InlineData("""{"matchExpressions": [{"key": "app", "operator": "NotIn", "values": ["web"]}]}""", false)]
    [InlineData("""{"matchExpressions": [{"key": "tier", "operator": "Exists"}]}""", true)]
    [InlineData("""{"matchExpressions": [{"key": "absent", "operator": "Exists", "values": []}]}""", false)]
    [InlineData("""{"matchExpressions": [{"key": "absent", "operator": "DoesNotExist"}]}""", true)]
    [InlineData("""{"matchExpressions": [{"key": "app", "operator": "DoesNotExist"}]}""", false)]
    [InlineData("""{"matchLabels": {"app": "web"}, "matchExpressions": [{"key": "tier", "operator": "In", "values": ["back"]}]}""", false)]
    public void Matches_Selector_SelectsAsKubernetes(string json, bool expected)
    {
        LabelSelector.TryParse(Parse(json), out var selector, out var error).ShouldBeTrue(error);

        selector.Matches(Web).ShouldBe(expected);
        using var labels = JsonDocument.Parse("""{"app": "web", "tier": "front", "replicas": 3, "none": null}""");
        selector.Matches(labels.RootElement).ShouldBe(expected, "read in place, only string values are labels");
    }

    [Theory]
    [InlineData("""{"matchExpressions": [{"key": "replicas", "operator": "DoesNotExist"}]}""", true)]
    [InlineData("""{"matchExpressions": [{"key": "replicas", "operator": "Exists"}]}""", false)]
    [InlineData("""{"matchExpressions": [{"key": "app", "operator": "NotIn", "values": ["x"]}]}""", true)]
    [InlineData("""{"matchLabels": {"app": "web"}}""", false)]
    [InlineData("{}", true)]
    public void Matches_LabelsNotAnObjectOrNotStrings_AsNoSuchLabels(string json, bool expected)
    {
        LabelSelector.TryParse(Parse(json), out var selector, out var error).ShouldBeTrue(error);
        using var labels = JsonDocument.Parse("""{"replicas": 3}""");
        using var notAMap = JsonDocument.Parse("""["app"]""");

        selector.Matches(labels.RootElement).ShouldBe(expected);
        selector.Matches(notAMap.RootElement).ShouldBe(expected);
        selector.Matches(default(JsonElement)).ShouldBe(expected);
    }

    [Theory]
    [InlineData("[]", "not an object")]
    [InlineData("""{"matchLabels": ["app"]}""", "matchLabels is not an object")]
    [InlineData("""{"matchLabels": {"app": 1}}""", "matchLabels.app is not a string")]
    [InlineData("""{"matchExpressions": {}}""", "not a list")]
    [InlineData("""{"matchExpressions": [{"operator": "Exists"}]}""", "has no key")]
    [InlineData("""{"matchExpressions": [{"key": "app", "operator": "in", "values": ["web"]}]}""", "operator must be")]
    [InlineData("""{"matchExpressions": [{"key": "app", "operator": "Gt", "values": ["1"]}]}""", "operator must be")]
    [InlineData("""{"matchExpressions": [{"key": "app", "operator": "In"}]}""", "In needs values")]
    [InlineData("""{"matchExpressions": [{"key": "app", "operator": "Exists", "values": ["web"]}]}""", "Exists takes no values")]
    [InlineData("""{"matchExpressions": [{"key": "app", "operator": "In", "values": [1]}]}""", "values must be strings")]
    public void TryParse_Invalid_FailsWithReason(string json, string reason)
    {
        LabelSelector.TryParse(Parse(json), out _, out var error).ShouldBeFalse();

        error.ShouldContain(reason);
    }

    private static JsonElement Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }
}
