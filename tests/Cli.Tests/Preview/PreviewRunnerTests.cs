using RestoreMutator.Transforms.Rules;
using RestoreMutator.Cli.Preview;
using Shouldly;
using static RestoreMutator.Cli.Tests.Preview.PreviewFixtures;

namespace RestoreMutator.Cli.Tests.Preview;

/// <summary>What the rules receive during a preview: the admitted object and the facts.</summary>
public sealed class PreviewRunnerTests : IDisposable
{
    private readonly TempTree _tree = new();

    public void Dispose() => _tree.Dispose();

    [Fact]
    public void Run_FactsAndObject_AreWhatTheWebhookWouldSeeOnCreate()
    {
        var config = _tree.Write("config.yaml", Config.Replace("namespaceMapping: {shop-old: shop}", "namespaceMapping: {shop-old: shop, a: b}", StringComparison.Ordinal)
            + "\nrestoreLabels: [example.com/restored, velero.io/restore-name]\n");
        var file = _tree.Write("d.json", DeploymentJson("web", "shop-old"));
        var probe = new ProbeRule();
        using var output = new StringWriter();
        using var error = new StringWriter();

        var exit = PreviewRunner.Run(
            new PreviewOptions { ConfigPath = config, Paths = [file], NamespaceMappings = ["shop-old:shop-dr"], Format = PreviewFormat.Json },
            output, error, _ => [probe]);

        exit.ShouldBe(0, error.ToString());
        var seen = probe.Seen.ShouldHaveSingleItem();
        seen.Facts.NamespaceMapping.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}:{p.Value}").ShouldBe(["a:b", "shop-old:shop-dr"]);
        seen.Facts.DestinationRegistry.ShouldBe("image-registry.openshift-image-registry.svc:5000");
        seen.Operation.ShouldBe("Create");
        seen.Namespace.ShouldBe("shop-dr");
        // Velero's resetMetadataAndStatus() ran, and the first restore label was added.
        seen.Object.ShouldNotContain("\"uid\"");
        seen.Object.ShouldNotContain("\"resourceVersion\"");
        seen.Object.ShouldNotContain("\"status\"");
        seen.Object.ShouldContain("\"example.com/restored\":\"preview\"");
    }

    private sealed class ProbeRule : IMutationRule
    {
        public List<(ClusterFacts Facts, string Operation, string Namespace, string Object)> Seen { get; } = [];

        public string Family => "probe";

        public IReadOnlyCollection<ResourceKind> Kinds => [KnownKinds.Deployment];

        public void Apply(MutationContext context) =>
            Seen.Add((context.Facts, context.Request.Operation.ToString(), context.Namespace, context.Object.GetRawText().Replace(" ", string.Empty, StringComparison.Ordinal)));
    }
}
