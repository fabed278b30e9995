using System.Reflection;
using RestoreMutator.Transforms.Rules;
using RestoreMutator.Transforms.Tests.Support;
using Shouldly;

namespace RestoreMutator.Transforms.Tests.Rules;

public class RuleCatalogTests
{
    private static readonly IReadOnlyList<IMutationRule> Rules = RuleCatalog.Create(PipelineHarness.Settings("lookups: off\n"));

    [Fact]
    public void Create_EveryRuleFamily_IsDeclaredInFamilies()
    {
        var declared = typeof(Families).GetFields(BindingFlags.Public | BindingFlags.Static).Select(f => (string)f.GetValue(null)!).ToHashSet();

        foreach (var rule in Rules)
        {
            declared.ShouldContain(rule.Family, rule.GetType().Name);
        }
    }

    [Fact]
    public void Create_HandledKinds_CoverRoutesPodsStorageAndOpenShiftFixups()
    {
        var handled = RuleCatalog.CreatePipeline(PipelineHarness.Settings("lookups: off\n")).HandledKinds;

        ResourceKind[] expected =
        [
            KnownKinds.Route, KnownKinds.Ingress, KnownKinds.Pod, KnownKinds.Build, KnownKinds.Deployment, KnownKinds.DaemonSet,
            KnownKinds.ReplicaSet, KnownKinds.StatefulSet, KnownKinds.Job, KnownKinds.CronJob, KnownKinds.ReplicationController,
            KnownKinds.DeploymentConfig, KnownKinds.PersistentVolumeClaim, KnownKinds.PersistentVolume, KnownKinds.ServiceAccount,
            KnownKinds.Secret, KnownKinds.Service, KnownKinds.HorizontalPodAutoscaler,
        ];
        foreach (var kind in expected)
        {
            handled.ShouldContain(kind.GroupKind);
        }
    }

    [Fact]
    public void Create_SkipRules_RunBeforeMutatingRules()
    {
        var names = Rules.Select(r => r.GetType().Name).ToList();

        names.IndexOf(nameof(ManagedPodSkipRule)).ShouldBeLessThan(names.IndexOf(nameof(NodeRemapRule)));
        names.IndexOf(nameof(BuildSkipRule)).ShouldBeLessThan(names.IndexOf(nameof(RecordDestinationRule)));
        names.IndexOf(nameof(GeneratedRouteHostRule)).ShouldBeLessThan(names.IndexOf(nameof(DomainRewriteRule)));
    }
}
