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

    private const string MirrorConfig = """
        lookups: off
        registry:
          rewrites:
            - from: docker.io
              to: mirror.example.com/dockerhub
        """;

    [Theory]
    [InlineData("nginx@sha256:0123456789abcdef0123456789abcdef",
        "restore-mutator: invalid image in container web left as is: sha256 digest needs 64 lower-case hex digits")]
    [InlineData("nginx@md5:0123456789abcdef0123456789abcdef",
        "restore-mutator: invalid image in container web left as is: unknown digest algorithm")]
    [InlineData("0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
        "restore-mutator: invalid image in container web left as is: an image ID, not a repository")]
    [InlineData("Nginx:1.25", "restore-mutator: invalid image in container web left as is: upper-case repository path")]
    public void Apply_InvalidReference_LeavesItAndWarnsNamingTheContainer(string image, string warning)
    {
        var decision = PipelineHarness.Run(PodJson(image, "nginx:1.25"), MirrorConfig);

        decision.Operations.ShouldNotContain(o => o.Path == "/spec/containers/0/image");
        decision.Operations.ShouldContain(o => o.Path == "/spec/initContainers/0/image");
        decision.Warnings.ShouldBe([warning]);
        warning.Length.ShouldBeLessThan(120);
    }

    [Fact]
    public void Apply_InvalidInitContainerImage_NamesTheInitContainer()
    {
        var decision = PipelineHarness.Run(PodJson("nginx:1.25", "busybox@sha256:ABC"), MirrorConfig);
        decision.Warnings.ShouldBe(["restore-mutator: invalid image in init container setup left as is: bad digest"]);
    }

    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    public void Apply_BlankImage_NoWarning(string image) =>
        PipelineHarness.Run(PodJson(image, "nginx:1.25"), MirrorConfig).Warnings.ShouldBeEmpty();

    [Fact]
    public void Apply_RuleInactive_DoesNotValidate()
    {
        // No source annotation and no rewrites: the rule reads nothing, so it warns about nothing.
        PipelineHarness.Run(PodJson("Nginx", "nginx"), "lookups: off\n").Warnings.ShouldBeEmpty();
    }

    [Fact]
    public void Apply_InvalidBuildConfigReference_NamesTheField()
    {
        var decision = PipelineHarness.Run("""
            {"apiVersion": "build.openshift.io/v1", "kind": "BuildConfig",
             "metadata": {"name": "web", "namespace": "shop", "labels": {"velero.io/restore-name": "r1"}},
             "spec": {"strategy": {"sourceStrategy": {"from": {"kind": "DockerImage", "name": "node@sha256:00"}}}}}
            """, MirrorConfig);
        decision.Warnings.ShouldBe(["restore-mutator: invalid image in /spec/strategy/sourceStrategy/from left as is: bad digest"]);
    }

    [Fact]
    public void Apply_RewriteWouldBeInvalid_LeavesItAndWarns()
    {
        var image = new string('a', 240);
        var decision = PipelineHarness.Run(PodJson(image, "nginx:1.25"), MirrorConfig);
        decision.Operations.ShouldNotContain(o => o.Path == "/spec/containers/0/image");
        decision.Warnings.ShouldBe(["restore-mutator: image of container web not rewritten, result invalid: path over 255 characters"]);
    }

    private static string PodJson(string image, string initImage) => $$$"""
        {"apiVersion": "v1", "kind": "Pod",
         "metadata": {"name": "web", "namespace": "shop", "labels": {"velero.io/restore-name": "r1"}},
         "spec": {"containers": [{"name": "web", "image": "{{{image}}}"}],
                  "initContainers": [{"name": "setup", "image": "{{{initImage}}}"}]}}
        """;

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
