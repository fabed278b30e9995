using RestoreMutator.Transforms.Admission;
using RestoreMutator.Transforms.Rules;
using RestoreMutator.Transforms.Tests.Support;
using Shouldly;

namespace RestoreMutator.Transforms.Tests.Rules;

/// <summary>SPEC S3 and S5: skips only on CREATE, and never for Namespaces or other cluster-scoped objects.</summary>
public class SkipScopeTests
{
    private static readonly ResourceKind NamespaceKind = new("", "Namespace", "namespaces", Namespaced: false);

    private const string Namespace = """{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"shop","labels":{"velero.io/restore-name":"r1"}}}""";
    private const string Volume = """{"apiVersion":"v1","kind":"PersistentVolume","metadata":{"name":"pv-1","labels":{"velero.io/restore-name":"r1"}},"spec":{"storageClassName":"gp2"}}""";
    private const string Pod = """{"apiVersion":"v1","kind":"Pod","metadata":{"name":"web-1","namespace":"shop","labels":{"velero.io/restore-name":"r1"}},"spec":{"containers":[]}}""";

    [Theory]
    [InlineData(Namespace)]
    [InlineData(Volume)]
    public void Run_SkipOfClusterScopedObject_IsAllowed(string obj)
    {
        var decision = PipelineHarness.Run(obj, rules: [new AlwaysSkipRule()]);

        decision.Allowed.ShouldBeTrue();
        decision.Outcome.ShouldBe(AdmissionOutcome.Unchanged);
    }

    [Fact]
    public void Run_SkipOfNamespacedObjectOnCreate_IsSkipped()
    {
        var decision = PipelineHarness.Run(Pod, rules: [new AlwaysSkipRule()]);

        decision.Outcome.ShouldBe(AdmissionOutcome.Skipped);
        decision.Message.ShouldBe("restore-mutator skipped pod shop/web-1: test");
    }

    [Fact]
    public void Run_SkipOnUpdate_IsAllowed()
    {
        var decision = PipelineHarness.Run(Pod, operation: AdmissionOperation.Update, rules: [new AlwaysSkipRule()]);

        decision.Allowed.ShouldBeTrue();
    }

    [Fact]
    public void Catalog_NoRule_HandlesNamespaces()
    {
        var pipeline = RuleCatalog.CreatePipeline(PipelineHarness.Settings("lookups: off\n"));

        pipeline.HandledKinds.ShouldNotContain(NamespaceKind.GroupKind);
    }

    [Fact]
    public void Run_SkipOfPodWithNewlineInOwnerName_MessageIsOnePrintableLine()
    {
        // Found by fuzz/ (admission target): the reason quotes the owner's name from the object.
        const string pod = """{"apiVersion":"v1","kind":"Pod","metadata":{"name":"web-1","namespace":"shop","labels":{"velero.io/restore-name":"r1"},"ownerReferences":[{"apiVersion":"apps/v1","kind":"ReplicaSet","name":"w\ne6d7","uid":"","controller":true}]},"spec":{"containers":[]}}""";

        var decision = PipelineHarness.Run(pod);

        decision.Outcome.ShouldBe(AdmissionOutcome.Skipped);
        decision.Message.ShouldAllBe(c => c >= ' ' && c <= '~');
        decision.SkipReason.ShouldAllBe(c => c >= ' ' && c <= '~');
    }

    private sealed class AlwaysSkipRule : IMutationRule
    {
        public string Family => "test";

        public IReadOnlyCollection<ResourceKind> Kinds { get; } = [NamespaceKind, KnownKinds.PersistentVolume, KnownKinds.Pod];

        public void Apply(MutationContext context) => context.Skip("test", "test");
    }
}
