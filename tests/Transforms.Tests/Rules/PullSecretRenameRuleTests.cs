using System.Text.Json;
using System.Text.Json.Nodes;
using RestoreMutator.Transforms.Admission;
using RestoreMutator.Transforms.Configuration;
using RestoreMutator.Transforms.Patching;
using RestoreMutator.Transforms.Rules;
using RestoreMutator.Transforms.Tests.Support;
using Shouldly;

namespace RestoreMutator.Transforms.Tests.Rules;

/// <summary>P6 and B2: which names are generated dockercfg secrets, and what the rename rules do with known and unknown accounts.</summary>
public class PullSecretRenameRuleTests
{
    private static readonly Dictionary<string, string> Destination = new(StringComparer.Ordinal)
    {
        ["default"] = "default-dockercfg-q8z4w",
        ["builder"] = "builder-dockercfg-n3w5x",
    };

    [Theory]
    [InlineData("default-dockercfg-abc12", "default")]
    [InlineData("builder-dockercfg-x", "builder")]
    [InlineData("deployer-dockercfg-9zz9z", "deployer")]
    [InlineData("default-dockercfg-", null)]
    [InlineData("pipeline-dockercfg-abc12", null)]
    [InlineData("my-default-dockercfg-abc12", null)]
    [InlineData("default-token-abc12", null)]
    [InlineData("builder", null)]
    public void ServiceAccountOf_SecretName_IsTheGeneratingAccount(string name, string? account) =>
        DockercfgReferences.ServiceAccountOf(name).ShouldBe(account);

    [Fact]
    public void Run_KnownAccounts_ReplacesOnlyTheNameStrings()
    {
        var decision = Run(Pod("custom", "default-dockercfg-abc12"), Destination);

        System.Text.Encoding.UTF8.GetString(PatchOperation.Serialize(decision.Operations)).ShouldStartWith(
            """[{"op":"replace","path":"/spec/imagePullSecrets/1/name","value":"default-dockercfg-q8z4w"}""");
        decision.Warnings.ShouldBeEmpty();
    }

    [Fact]
    public void Run_AccountWithoutSecret_KeepsEntryAndWarns()
    {
        var decision = Run(Pod("deployer-dockercfg-ghi56"), Destination);

        decision.Operations.ShouldBeEmpty();
        decision.Warnings.ShouldBe(["kept pull secret deployer-dockercfg-ghi56: no dockercfg secret for serviceaccount shop/deployer"]);
    }

    [Fact]
    public void Run_SecretsNotLookedUp_DoesNothingSilently()
    {
        var decision = Run(Pod("default-dockercfg-abc12"), secrets: null);

        decision.Operations.ShouldBeEmpty();
        decision.Warnings.ShouldBeEmpty();
    }

    [Theory]
    [InlineData("""{"imagePullSecrets": "default-dockercfg-abc12"}""")]
    [InlineData("""{"imagePullSecrets": [null, 3, {"name": 7}, {"name": null}]}""")]
    [InlineData("""{"imagePullSecrets": [{}]}""")]
    public void Run_OddPullSecretShapes_AreLeftAlone(string spec)
    {
        var pod = Pod();
        pod["spec"] = JsonNode.Parse(spec);

        var decision = Run(pod, Destination);

        decision.Allowed.ShouldBeTrue();
        decision.Operations.ShouldBeEmpty();
    }

    [Fact]
    public void Run_BuildConfigWithOddStrategy_RenamesWhatItRecognises()
    {
        var buildConfig = JsonNode.Parse("""
            {"apiVersion": "build.openshift.io/v1", "kind": "BuildConfig",
             "metadata": {"name": "app", "namespace": "shop", "labels": {"velero.io/restore-name": "r"}},
             "spec": {"output": {"pushSecret": "builder-dockercfg-abc12"},
                      "strategy": {"customStrategy": {"pullSecret": {"name": "builder-dockercfg-abc12"}}, "jenkinsPipelineStrategy": {"pullSecret": {"name": "builder-dockercfg-abc12"}}},
                      "source": {"images": [{"pullSecret": {"name": "default-dockercfg-abc12"}}, "junk"]}}}
            """)!.AsObject();

        var decision = Run(buildConfig, Destination);

        decision.Operations.Where(o => o.Path.StartsWith("/spec", StringComparison.Ordinal)).Select(o => o.Path).ShouldBe(
            ["/spec/strategy/customStrategy/pullSecret/name", "/spec/source/images/0/pullSecret/name"]);
    }

    private static AdmissionDecision Run(JsonObject obj, IReadOnlyDictionary<string, string>? secrets)
    {
        var settings = TestSettings.Load("lookups: off").Settings!;
        using var document = JsonDocument.Parse(obj.ToJsonString());
        return RuleCatalog.CreatePipeline(settings).Run(
            FixtureCase.Request(document, AdmissionOperation.Create), new ClusterFacts { DockercfgSecrets = secrets });
    }

    private static JsonObject Pod(params string[] pullSecrets) => new()
    {
        ["apiVersion"] = "v1",
        ["kind"] = "Pod",
        ["metadata"] = new JsonObject { ["name"] = "standalone", ["namespace"] = "shop", ["labels"] = new JsonObject { ["velero.io/restore-name"] = "r" } },
        ["spec"] = new JsonObject
        {
            ["containers"] = new JsonArray(new JsonObject { ["name"] = "app", ["image"] = "registry.example.com/shop/app:1" }),
            ["imagePullSecrets"] = new JsonArray(pullSecrets.Select(n => (JsonNode)new JsonObject { ["name"] = n }).ToArray()),
        },
    };
}
