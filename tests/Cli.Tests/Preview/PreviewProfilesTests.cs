using System.Text.Json.Nodes;
using Shouldly;

namespace RestoreMutator.Cli.Tests.Preview;

/// <summary>
/// SPEC X1 offline: <c>preview --restore NAME</c> selects a profile by its <c>restores</c> globs,
/// <c>--profile NAME</c> as if the Restore carried the annotation, and each object says which applied.
/// </summary>
public sealed class PreviewProfilesTests : IDisposable
{
    private const string Config = """
        lookups: off
        namespaceMapping: {shop-old: shop}
        storageClasses: {gp2: gp3-csi}
        profiles:
          east:
            restores: ["dr-east-*"]
            namespaceMapping: {shop-old: shop-east}
            storageClasses: {gp2: east-ssd}
          standby:
            skipResponse: deny
        """;

    private const string Manifests = """
        apiVersion: v1
        kind: PersistentVolumeClaim
        metadata: {name: data, namespace: shop-old}
        spec: {accessModes: [ReadWriteOnce], storageClassName: gp2, resources: {requests: {storage: 1Gi}}}
        ---
        apiVersion: v1
        kind: Pod
        metadata: {name: web-7d4b9c-x2x, namespace: shop-old, labels: {pod-template-hash: 7d4b9c}}
        spec: {containers: [{name: web, image: nginx:1.25}]}
        """;

    private readonly TempTree _tree = new();

    public void Dispose() => _tree.Dispose();

    [Fact]
    public async Task Preview_DefaultRestoreName_MatchesNoGlobAndUsesTheBase()
    {
        var run = await RunAsync("-o", "json");

        run.ExitCode.ShouldBe(0, run.Error);
        var claim = Record(run, "data");
        claim["profile"].ShouldBeNull();
        Value(claim).ShouldBe("gp3-csi");
        ((string?)claim["namespace"]).ShouldBe("shop");
    }

    [Fact]
    public async Task Preview_RestoreMatchingAGlob_AppliesThatProfileAndItsNamespaceMapping()
    {
        var run = await RunAsync("-o", "json", "--restore", "dr-east-20261201");

        run.ExitCode.ShouldBe(0, run.Error);
        var claim = Record(run, "data");
        ((string?)claim["profile"]).ShouldBe("east");
        Value(claim).ShouldBe("east-ssd");
        ((string?)claim["namespace"]).ShouldBe("shop-east", "the profile's namespaceMapping moves the object");
        claim["families"]!.AsArray().Select(f => (string?)f).ShouldBe(["profile:east", "storage-class"]);
    }

    [Fact]
    public async Task Preview_ProfileOption_WinsOverTheGlobs()
    {
        var run = await RunAsync("-o", "json", "--restore", "dr-east-1", "--profile", "standby");

        run.ExitCode.ShouldBe(0, run.Error);
        var pod = Record(run, "web-7d4b9c-x2x");
        ((string?)pod["profile"]).ShouldBe("standby");
        ((string?)pod["answer"]).ShouldBe("403 Forbidden");
        Value(Record(run, "data")).ShouldBe("gp3-csi", "standby inherits the base's storage classes");
    }

    [Fact]
    public async Task Preview_TextOutput_ShowsTheProfile()
    {
        var run = await RunAsync("--restore", "dr-east-1");

        run.ExitCode.ShouldBe(0, run.Error);
        run.Output.ShouldContain("PersistentVolumeClaim shop-east/data: applied: profile:east,storage-class\n");
        run.Output.ShouldContain("  profile: east\n");
    }

    [Theory]
    [InlineData("north", "--profile 'north': the configuration has no such profile (configured: east, standby)")]
    [InlineData("East", "--profile 'East': the configuration has no such profile (configured: east, standby)")]
    public async Task Preview_UnknownProfile_IsAnErrorWithExitStatus2(string profile, string expected)
    {
        var run = await RunAsync("--profile", profile);

        run.ExitCode.ShouldBe(2);
        run.Error.ShouldContain("restore-mutator preview: " + expected);
        run.Output.ShouldBeEmpty();
    }

    [Fact]
    public async Task Preview_ProfileWithoutProfilesConfigured_SaysNoneAreConfigured()
    {
        var config = _tree.Write("plain.yaml", "lookups: off\n");
        var file = _tree.Write("m.yaml", Manifests);

        var run = await PreviewCli.RunAsync("preview", "--config", config, "--profile", "east", file);

        run.ExitCode.ShouldBe(2);
        run.Error.ShouldContain("--profile 'east': the configuration has no such profile (none configured)");
    }

    [Theory]
    [InlineData("")]
    [InlineData("dr east")]
    [InlineData("-dr")]
    [InlineData("a-very-long-restore-name-that-is-longer-than-a-label-value-may-be-x")]
    public async Task Preview_RestoreThatIsNoLabelValue_IsAnErrorWithExitStatus2(string restore)
    {
        var run = await RunAsync("--restore", restore);

        run.ExitCode.ShouldBe(2);
        run.Error.ShouldContain($"--restore '{restore}': must be a restore label value");
    }

    private Task<PreviewRun> RunAsync(params string[] args)
    {
        var config = _tree.Write("config.yaml", Config);
        var file = _tree.Write("m.yaml", Manifests);
        return PreviewCli.RunAsync(["preview", "--config", config, .. args, file]);
    }

    private static JsonObject Record(PreviewRun run, string name) => run.Records.Single(r => (string?)r["name"] == name);

    private static string? Value(JsonObject claim) =>
        (string?)claim["operations"]!.AsArray().Single(op => (string?)op!["path"] == "/spec/storageClassName")!["value"];
}
