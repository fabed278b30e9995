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

    public static TheoryData<string> OddBodies => new()
    {
        """{"spec":[],"metadata":{"labels":{"velero.io/restore-name":"r"},"annotations":[]}}""",
        """{"spec":{"host":7,"rules":{},"tls":[1,{"hosts":{}}],"template":{"spec":{"nodeSelector":[],"nodeName":null}},"triggers":[null,{"imageChangeParams":[]}],"volumeClaimTemplates":"x","scaleTargetRef":7,"jobTemplate":[]},"secrets":{},"imagePullSecrets":[7],"metadata":{"name":{},"labels":{"velero.io/restore-name":"r","pod-template-hash":7},"ownerReferences":{},"annotations":{"openshift.io/host.generated":"true","volume.kubernetes.io/selected-node":5}}}""",
        """{"spec":{"nodeSelector":{"kubernetes.io/hostname":null},"initContainers":"x","storageClassName":[],"externalIPs":null,"type":"LoadBalancer"},"metadata":{"labels":{"velero.io/restore-name":"r"},"ownerReferences":[1,{"controller":"yes"}]}}""",
    };

    [Theory]
    [MemberData(nameof(OddBodies))]
    public void Run_OddObjectOfEveryHandledKind_NeverThrows(string body)
    {
        var settings = PipelineHarness.Settings("lookups: off\nroutes: {generatedHosts: rewrite}\nstorageClasses: {gp2: gp3}\n");
        var pipeline = RuleCatalog.CreatePipeline(settings);
        foreach (var kind in pipeline.HandledKinds)
        {
            var obj = System.Text.Json.Nodes.JsonNode.Parse(body)!.AsObject();
            obj["apiVersion"] = kind.Group.Length == 0 ? "v1" : kind.Group + "/v1";
            obj["kind"] = kind.Kind;
            obj["metadata"]!["namespace"] = "shop";
            using var document = System.Text.Json.JsonDocument.Parse(obj.ToJsonString());
            var facts = new ClusterFacts { AppsDomain = "apps.example.com" };

            Should.NotThrow(() => pipeline.Run(FixtureCase.Request(document, RestoreMutator.Transforms.Admission.AdmissionOperation.Create), facts), kind.ToString());
        }
    }
}
