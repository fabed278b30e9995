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
