using System.Text.Json.Nodes;
using RestoreMutator.Transforms.Rules;
using RestoreMutator.Cli.Preview;
using Shouldly;
using static RestoreMutator.Cli.Tests.Preview.PreviewFixtures;

namespace RestoreMutator.Cli.Tests.Preview;

/// <summary>Skipped and error decisions, with rules standing in for those other issues add (pod skips, builds).</summary>
public sealed class PreviewDecisionTests : IDisposable
{
    private readonly TempTree _tree = new();

    public void Dispose() => _tree.Dispose();

    [Theory]
    [InlineData("warn", "409 AlreadyExists")]
    [InlineData("deny", "403 Forbidden")]
    public void Run_RuleSkips_RecordIsSkippedWithReasonAndAnswer(string skipResponse, string answer)
    {
        var (exit, records, text) = Run($"skipResponse: {skipResponse}\n", new SkipRule());

        exit.ShouldBe(0);
        var record = records.ShouldHaveSingleItem();
        ((string?)record["decision"]).ShouldBe("skipped");
        ((string?)record["reason"]).ShouldBe("managed by a test (label x)");
        ((string?)record["answer"]).ShouldBe(answer);
        record["operations"]!.AsArray().ShouldBeEmpty();
        text.ShouldContain($"skipped   Deployment.apps shop/web: managed by a test (label x) (answered {answer})");
    }

    [Fact]
    public void Run_RuleThrows_RecordIsErrorAndExitStaysZero()
    {
        var (exit, records, _) = Run(string.Empty, new ThrowingRule());

        exit.ShouldBe(0);
        ((string?)records.Single()["decision"]).ShouldBe("error");
        ((string?)records.Single()["reason"])!.ShouldContain("code 500: boom");
    }

    [Fact]
    public void Run_PatchTheApiServerWouldReject_RecordIsError()
    {
        var (_, records, text) = Run(string.Empty, new BadPatchRule());

        var record = records.Single();
        ((string?)record["decision"]).ShouldBe("error");
        ((string?)record["reason"]).ShouldBe("the API server would reject the patch: remove of missing /spec/nothing");
        text.ShouldContain("""{"op":"remove","path":"/spec/nothing"}""");
        record["operations"]!.AsArray().Count.ShouldBe(3); // the remove, then the applied annotation with its parent (S7)
    }

    private (int Exit, List<JsonObject> Records, string Text) Run(string extraConfig, IMutationRule rule)
    {
        var config = _tree.Write("config.yaml", Config + "\n" + extraConfig);
        var file = _tree.Write("d.json", DeploymentJson("web", "shop"));
        using var json = new StringWriter();
        using var text = new StringWriter();
        using var error = new StringWriter();

        var exit = PreviewRunner.Run(new PreviewOptions { ConfigPath = config, Paths = [file], Format = PreviewFormat.Json }, json, error, _ => [rule]);
        PreviewRunner.Run(new PreviewOptions { ConfigPath = config, Paths = [file], Format = PreviewFormat.Text }, text, error, _ => [rule]);

        var records = json.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonNode.Parse(l)!.AsObject()).ToList();
        return (exit, records, text.ToString());
    }

    private sealed class SkipRule : IMutationRule
    {
        public string Family => "test";

        public IReadOnlyCollection<ResourceKind> Kinds => [KnownKinds.Deployment];

        public void Apply(MutationContext context) => context.Skip("test", "managed by a test (label x)");
    }

    private sealed class ThrowingRule : IMutationRule
    {
        public string Family => "test";

        public IReadOnlyCollection<ResourceKind> Kinds => [KnownKinds.Deployment];

        public void Apply(MutationContext context) => throw new InvalidOperationException("boom");
    }

    private sealed class BadPatchRule : IMutationRule
    {
        public string Family => "test";

        public IReadOnlyCollection<ResourceKind> Kinds => [KnownKinds.Deployment];

        public void Apply(MutationContext context) => context.Patch.Remove("/spec/nothing");
    }
}
