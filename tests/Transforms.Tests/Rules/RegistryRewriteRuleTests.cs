using System.Text.Json;
using System.Text.Json.Nodes;
using RestoreMutator.Transforms.Admission;
using RestoreMutator.Transforms.Configuration;
using RestoreMutator.Transforms.Patching;
using RestoreMutator.Transforms.Rules;
using RestoreMutator.Transforms.Tests.Support;
using Shouldly;

namespace RestoreMutator.Transforms.Tests.Rules;

public class RegistryRewriteRuleTests
{
    private const string Source = "docker-registry.default.svc:5000";
    private const string Destination = "image-registry.openshift-image-registry.svc:5000";

    [Theory]
    [InlineData(Source, null)]
    [InlineData("", Destination)]
    public void Apply_SourceOrDestinationUnknown_LeavesInternalReference(string annotation, string? destination)
    {
        var operations = Run(annotation, destination, new MutationSettings()).Operations;
        operations.ShouldNotContain(o => o.Path.EndsWith("/image", StringComparison.Ordinal));
    }

    [Fact]
    public void Apply_SourceAndDestinationKnown_ReplacesOnlyTheImageString()
    {
        var operations = Run(Source, Destination, new MutationSettings()).Operations;
        var replace = operations.Where(o => o.Path.EndsWith("/image", StringComparison.Ordinal)).ShouldHaveSingleItem();
        replace.Kind.ShouldBe(PatchOperationKind.Replace);
        replace.Path.ShouldBe("/spec/containers/0/image");
        replace.Value!.GetValue<string>().ShouldBe($"{Destination}/shop/web:1.4");
    }

    [Fact]
    public void Apply_SameRegistryChainedMappingOnSecondPass_KeepsStoredReference()
    {
        // Found by fuzz/ (images target, S3): restored into the source cluster with a -> b, b -> c.
        var facts = SameRegistryFacts();
        var first = PipelineHarness.Run(SameRegistryPod("team-a"), "lookups: off\n", AdmissionOperation.Create, facts);
        first.Operations.ShouldContain(o => o.Path == "/spec/containers/0/image" && o.Value!.GetValue<string>() == $"{Destination}/team-b/web:1");

        var second = PipelineHarness.Run(SameRegistryPod("team-b"), "lookups: off\n", AdmissionOperation.Update, facts, oldObjectJson: SameRegistryPod("team-b"));

        second.Operations.ShouldNotContain(o => o.Path.EndsWith("/image", StringComparison.Ordinal));
    }

    [Fact]
    public void Apply_SameRegistryUpdateBringingBackupContent_MovesReferenceAgain()
    {
        // existingResourcePolicy: update sends the backed-up reference over the stored (moved) one.
        var decision = PipelineHarness.Run(SameRegistryPod("team-a"), "lookups: off\n", AdmissionOperation.Update, SameRegistryFacts(), oldObjectJson: SameRegistryPod("team-b"));

        decision.Operations.ShouldContain(o => o.Path == "/spec/containers/0/image" && o.Value!.GetValue<string>() == $"{Destination}/team-b/web:1");
    }

    private static ClusterFacts SameRegistryFacts() => new()
    {
        DestinationRegistry = Destination,
        NamespaceMapping = new Dictionary<string, string>(StringComparer.Ordinal) { ["team-a"] = "team-b", ["team-b"] = "team-c" },
    };

    private static string SameRegistryPod(string imageNamespace) =>
        "{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"web\",\"namespace\":\"team-b\",\"labels\":{\"velero.io/restore-name\":\"r1\"},"
        + "\"annotations\":{\"openshift.io/backup-registry-hostname\":\"" + Destination + "\"}},"
        + "\"spec\":{\"containers\":[{\"name\":\"web\",\"image\":\"" + Destination + "/" + imageNamespace + "/web:1\"}]}}";

    [Fact]
    public void Create_Catalog_RunsRewritesBeforeDestinationRecord()
    {
        var rules = RuleCatalog.Create(new MutationSettings());
        rules.OfType<RegistryRewriteRule>().ShouldHaveSingleItem();
        rules.Select(r => r.GetType()).ToList().IndexOf(typeof(RegistryRewriteRule))
            .ShouldBeLessThan(rules.Select(r => r.GetType()).ToList().IndexOf(typeof(RecordDestinationRule)));
    }

    [Fact]
    public void Apply_DestinationUnknown_WarnsAboutImagesLeftOnSourceRegistry()
    {
        var decision = Run(Source, null, new MutationSettings());
        decision.Warnings.ShouldHaveSingleItem().ShouldBe($"restore-mutator: destination registry unknown, 1 image(s) left on {Source}");
    }

    [Fact]
    public void Apply_NoSourceAnnotation_DoesNotWarn()
    {
        Run("", null, new MutationSettings()).Warnings.ShouldBeEmpty();
    }

    [Fact]
    public void Fixtures_DeploymentAndItsReplicaSet_GetIdenticalContainers()
    {
        // R3: the same template is rewritten identically, so the restored ReplicaSet still matches its Deployment.
        static JsonNode Containers(string fixture) =>
            FixtureCase.Load($"registry/{fixture}").ExpectedObject!["spec"]!["template"]!["spec"]!["containers"]!;

        var deployment = Containers("deployment-rewrites-template");
        var replicaSet = Containers("replicaset-rewrites-template-like-its-deployment");
        JsonNode.DeepEquals(deployment, replicaSet).ShouldBeTrue();
        ((string)deployment[0]!["image"]!).ShouldBe($"{Destination}/shop/web:1.4");
    }

    private static AdmissionDecision Run(string annotation, string? destination, MutationSettings settings)
    {
        using var document = JsonDocument.Parse($$$"""
            {"apiVersion": "v1", "kind": "Pod",
             "metadata": {"name": "web", "namespace": "shop",
                          "labels": {"velero.io/restore-name": "r1"},
                          "annotations": {"openshift.io/backup-registry-hostname": "{{{annotation}}}"}},
             "spec": {"containers": [{"name": "web", "image": "{{{Source}}}/shop-old/web:1.4"}]}}
            """);
        var facts = new ClusterFacts
        {
            DestinationRegistry = destination,
            NamespaceMapping = new Dictionary<string, string>(StringComparer.Ordinal) { ["shop-old"] = "shop" },
        };
        return RuleCatalog.CreatePipeline(settings).Run(FixtureCase.Request(document, AdmissionOperation.Create), facts);
    }
}
