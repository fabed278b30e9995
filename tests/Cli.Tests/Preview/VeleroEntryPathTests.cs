using RestoreMutator.Cli.Preview.Inputs;
using Shouldly;

namespace RestoreMutator.Cli.Tests.Preview;

public class VeleroEntryPathTests
{
    [Theory]
    [InlineData("resources/pods/namespaces/shop/web-1.json", "pods/shop/web-1", true)]
    [InlineData("./resources/pods/namespaces/shop/web-1.json", "pods/shop/web-1", true)]
    [InlineData("resources/pods/v1-preferredversion/namespaces/shop/web-1.json", "pods/shop/web-1", true)]
    [InlineData("resources/horizontalpodautoscalers.autoscaling/v1/namespaces/shop/web.json", "horizontalpodautoscalers.autoscaling/shop/web", false)]
    [InlineData("resources/persistentvolumes/cluster/pv-1.json", "persistentvolumes//pv-1", true)]
    [InlineData("resources/namespaces/v1-preferredversion/cluster/shop.json", "namespaces//shop", true)]
    [InlineData("resources/namespaces/cluster/namespaces.json", "namespaces//namespaces", true)]
    public void Parse_ObjectFiles_GiveKeyAndPreference(string entry, string key, bool preferred)
    {
        var path = VeleroEntryPath.Parse(entry).ShouldNotBeNull();

        path.Key.ShouldBe(key);
        path.Preferred.ShouldBe(preferred);
    }

    [Theory]
    [InlineData("metadata/version")]
    [InlineData("resources/pods/")]
    [InlineData("resources/pods/namespaces/shop/")]
    [InlineData("resources/pods/namespaces/shop/web.yaml")]
    [InlineData("resources/pods/namespaces/shop/extra/web.json")]
    [InlineData("resources/pods/cluster/.json")]
    [InlineData("other/pods/namespaces/shop/web.json")]
    public void Parse_OtherEntries_AreNotObjects(string entry)
    {
        VeleroEntryPath.Parse(entry).ShouldBeNull();
    }
}
