using System.Text.Json;
using RestoreMutator.Transforms.Admission;
using RestoreMutator.Transforms.Rules;
using RestoreMutator.Transforms.Tests.Support;
using Shouldly;

namespace RestoreMutator.Transforms.Tests.Rules;

/// <summary>Which profile a request gets (SPEC X1) and what the plan asks the host for; the rewrites themselves are in Fixtures/profiles.</summary>
public class ProfileSelectionTests
{
    private const string Config = """
        lookups: off
        registry: {destination: image-registry.openshift-image-registry.svc:5000}
        storageClasses: {gp2: gp3-csi}
        profiles:
          east:
            restores: ["dr-east-*"]
            registry: {destination: registry.east.example.com:5000}
            storageClasses: {gp2: east-ssd}
          west:
            restores: ["dr-*"]
            storageClasses: {gp2: west-ssd}
            namespaceRefs: {serviceDns: true}
          standby:
            skipResponse: deny
        """;

    private static readonly MutationPipeline Pipeline = RuleCatalog.CreatePipeline(PipelineHarness.Settings(Config));

    [Theory]
    [InlineData("dr-east-1", "east")]
    [InlineData("dr-west-1", "west")]
    [InlineData("dr-east", "west")] // "dr-east-*" needs the dash; "dr-*" matches
    [InlineData("nightly-20261120", null)]
    public void Plan_ByGlob_FirstMatchingProfileInFileOrder(string restore, string? profile)
    {
        using var claim = Claim(restore);
        var plan = Pipeline.Plan(Request(claim));

        plan.Profile.ShouldBe(profile);
        plan.Resolve(null).Profile.ShouldBe(profile, "without the Restore the globs decide");
    }

    [Fact]
    public void Plan_WithProfiles_AwaitsAndRequiresTheRestore()
    {
        // A PVC's own rules need no Restore; the profile annotation does (K1).
        using var claim = Claim("nightly-1");
        var plan = Pipeline.Plan(Request(claim));

        plan.AwaitsRestore.ShouldBeTrue();
        plan.Facts.Restore.ShouldBeTrue();
        plan.InScope.ShouldBeTrue();
        var resolved = plan.Resolve(null);
        resolved.AwaitsRestore.ShouldBeFalse();
        resolved.Facts.Restore.ShouldBeFalse();
    }

    [Fact]
    public void Plan_WithoutProfiles_DoesNotAwaitTheRestore()
    {
        var pipeline = RuleCatalog.CreatePipeline(PipelineHarness.Settings("storageClasses: {gp2: gp3-csi}\n"));
        using var claim = Claim("nightly-1");
        var plan = pipeline.Plan(Request(claim));

        plan.AwaitsRestore.ShouldBeFalse();
        plan.Facts.Restore.ShouldBeFalse();
        plan.Profile.ShouldBeNull();
    }

    [Fact]
    public void Plan_EmptyRestoreLabel_NamesNoRestoreToWaitFor()
    {
        using var claim = Claim(string.Empty);
        var plan = Pipeline.Plan(Request(claim));

        plan.AwaitsRestore.ShouldBeFalse();
        plan.Facts.Restore.ShouldBeFalse();
    }

    [Theory]
    [InlineData("west", "dr-east-1", "west")]
    [InlineData("standby", "nightly-1", "standby")]
    [InlineData("east", "nightly-1", "east")]
    public void Resolve_RestoreAnnotation_WinsOverGlobs(string annotated, string restore, string expected)
    {
        using var claim = Claim(restore);
        var plan = Pipeline.Plan(Request(claim)).Resolve(Restore(restore, annotated));

        plan.Profile.ShouldBe(expected);
        plan.UnknownProfile.ShouldBeNull();
    }

    [Fact]
    public void Resolve_AnnotationNamingNoProfile_IsTheBaseWithTheNameKept()
    {
        using var claim = Claim("dr-east-1");
        var plan = Pipeline.Plan(Request(claim)).Resolve(Restore("dr-east-1", "north"));

        plan.Profile.ShouldBeNull("an unknown name means the base configuration, not the globs");
        plan.UnknownProfile.ShouldBe("north");
    }

    [Fact]
    public void Resolve_RestoreWithoutTheAnnotation_KeepsTheGlobsChoice()
    {
        using var claim = Claim("dr-east-1");
        var restore = new RestoreFacts { Name = "dr-east-1" };

        Pipeline.Plan(Request(claim)).Resolve(restore).Profile.ShouldBe("east");
    }

    [Fact]
    public void Resolve_StaticFacts_AreTheChosenProfiles()
    {
        using var deployment = JsonDocument.Parse(DeploymentJson("dr-east-1"));
        var plan = Pipeline.Plan(Request(deployment));

        plan.StaticFacts.DestinationRegistry.ShouldBe("registry.east.example.com:5000");
        plan.Facts.DestinationRegistry.ShouldBeFalse("the profile configures the registry");
        plan.Resolve(Restore("dr-east-1", "west")).StaticFacts.DestinationRegistry.ShouldBe("image-registry.openshift-image-registry.svc:5000");
    }

    [Fact]
    public void HandledKinds_IncludeKindsOnlyAProfileReads()
    {
        // N4 (ConfigMap data) is on only in west.
        Pipeline.Handles(KnownKinds.ConfigMap.GroupKind).ShouldBeTrue();
        Pipeline.Profiles.Single(p => p.Name == "east").Pipeline.Handles(KnownKinds.ConfigMap.GroupKind).ShouldBeFalse();
    }

    [Fact]
    public void Run_KindOnlyAnotherProfileReads_IsAllowedUnchanged()
    {
        using var configMap = JsonDocument.Parse("""
            {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "app", "namespace": "shop",
             "labels": {"velero.io/restore-name": "nightly-1"}}, "data": {"url": "http://db.shop-old.svc:5432"}}
            """);
        var plan = Pipeline.Plan(Request(configMap));

        plan.InScope.ShouldBeTrue("west could still be chosen by the Restore's annotation");
        var decision = Pipeline.Run(plan, ClusterFacts.None with { NamespaceMapping = new Dictionary<string, string> { ["shop-old"] = "shop" } });
        decision.Outcome.ShouldBe(AdmissionOutcome.Unchanged);
        decision.Warnings.ShouldBeEmpty();
    }

    [Fact]
    public void Run_PlanStillWaiting_IsResolvedWithTheFactsRestore()
    {
        using var claim = Claim("dr-east-1");
        var request = Request(claim);

        var decision = Pipeline.Run(Pipeline.Plan(request), ClusterFacts.None with { Restore = Restore("dr-east-1", "west") });

        decision.Profile.ShouldBe("west");
        decision.Families.ShouldBe(["profile:west", "storage-class"]);
    }

    [Fact]
    public void Run_UnknownProfile_WarnsAndUsesTheBase()
    {
        using var claim = Claim("dr-east-1");
        var decision = Pipeline.Run(Request(claim), ClusterFacts.None with { Restore = Restore("dr-east-1", "north") });

        decision.Profile.ShouldBeEmpty();
        decision.UnknownProfile.ShouldBeTrue();
        decision.Families.ShouldBe(["storage-class"]);
        decision.Warnings[0].ShouldBe("restore-mutator: unknown profile north named by Restore dr-east-1; base configuration used");
    }

    [Fact]
    public void Run_UnknownProfileOnAnUnchangedObject_StillWarns()
    {
        using var claim = Claim("dr-east-1", storageClass: "premium");
        var decision = Pipeline.Run(Request(claim), ClusterFacts.None with { Restore = Restore("dr-east-1", "north") });

        decision.Outcome.ShouldBe(AdmissionOutcome.Unchanged);
        decision.Warnings.ShouldBe(["restore-mutator: unknown profile north named by Restore dr-east-1; base configuration used"]);
    }

    [Fact]
    public void Run_ProfileOnAnUnchangedObject_RecordsNothing()
    {
        using var claim = Claim("dr-east-1", storageClass: "premium");
        var decision = Pipeline.Run(Request(claim), ClusterFacts.None);

        decision.Outcome.ShouldBe(AdmissionOutcome.Unchanged);
        decision.Operations.ShouldBeEmpty();
        decision.Profile.ShouldBe("east", "the log and metrics still say which configuration decided");
    }

    [Fact]
    public void Run_SkipUnderAProfile_AnswersWithTheProfilesSkipResponse()
    {
        using var pod = JsonDocument.Parse("""
            {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "web-1", "namespace": "shop",
             "labels": {"velero.io/restore-name": "nightly-1", "pod-template-hash": "7d4b9c"}},
             "spec": {"containers": [{"name": "web", "image": "nginx:1.25"}]}}
            """);
        var request = Request(pod);

        Pipeline.Run(request, ClusterFacts.None).StatusCode.ShouldBe(409);
        var standby = Pipeline.Run(request, ClusterFacts.None with { Restore = Restore("nightly-1", "standby") });
        standby.StatusCode.ShouldBe(403);
        standby.Reason.ShouldBe("Forbidden");
        standby.Profile.ShouldBe("standby");
    }

    [Fact]
    public void Constructor_ProfileWithProfiles_IsRefused()
    {
        var settings = PipelineHarness.Settings(Config);
        var profile = new MutationProfile(settings.Profiles[0], Pipeline);

        Should.Throw<ArgumentException>(() => new MutationPipeline(settings, RuleCatalog.Create(settings), [profile]));
    }

    private static RestoreFacts Restore(string name, string profile) => new()
    {
        Name = name,
        Annotations = new Dictionary<string, string> { [WellKnown.ProfileAnnotation] = profile },
    };

    private static JsonDocument Claim(string restore, string storageClass = "gp2") => JsonDocument.Parse("""
        {"apiVersion": "v1", "kind": "PersistentVolumeClaim", "metadata": {"name": "data", "namespace": "shop",
         "labels": {"velero.io/restore-name": "RESTORE"}},
         "spec": {"accessModes": ["ReadWriteOnce"], "storageClassName": "CLASS", "resources": {"requests": {"storage": "1Gi"}}}}
        """.Replace("RESTORE", restore, StringComparison.Ordinal).Replace("CLASS", storageClass, StringComparison.Ordinal));

    private static string DeploymentJson(string restore) => """
        {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "web", "namespace": "shop",
         "labels": {"velero.io/restore-name": "RESTORE"}},
         "spec": {"template": {"spec": {"containers": [{"name": "web", "image": "nginx:1.25"}]}}}}
        """.Replace("RESTORE", restore, StringComparison.Ordinal);

    private static AdmissionRequest Request(JsonDocument document) => FixtureCase.Request(document, AdmissionOperation.Create);
}
