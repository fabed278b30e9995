using System.Text.Json.Nodes;
using RestoreMutator.Webhook.Tests.Support;
using Shouldly;

namespace RestoreMutator.Webhook.Tests.Deployment;

/// <summary>
/// The built server's runtime settings (RestoreMutator.Webhook.runtimeconfig.json, what `dotnet run`,
/// these tests, the benchmarks and the image all start with): workstation concurrent GC and a GC
/// heap limited to half the container's memory (docs/performance.md). The csproj property that
/// picks the GC is `ServerGarbageCollection`; a misspelt one is silently ignored and the Web SDK's
/// default (Server GC) applies, which this test catches.
/// </summary>
public sealed class RuntimeConfigTests
{
    [Fact]
    public void BuiltServer_RuntimeConfig_HasTheChosenGcSettings()
    {
        var path = Path.ChangeExtension(RepoPaths.WebhookDll, ".runtimeconfig.json");
        var properties = JsonNode.Parse(File.ReadAllText(path))!["runtimeOptions"]!["configProperties"]!;

        ((bool?)properties["System.GC.Server"]).ShouldBe(false);
        ((bool?)properties["System.GC.Concurrent"]).ShouldBe(true);
        ((int?)properties["System.GC.HeapHardLimitPercent"]).ShouldBe(50);
    }
}
