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
            KnownKinds.Secret, KnownKinds.Service, KnownKinds.HorizontalPodAutoscaler, KnownKinds.RoleBinding, KnownKinds.ClusterRoleBinding,
            KnownKinds.OpenShiftRoleBinding, KnownKinds.OpenShiftClusterRoleBinding, KnownKinds.NetworkPolicy,
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
        // The namespace reference rules (N1-N4) and V4: every field they read, of the wrong type.
        """{"subjects":[7,{"kind":"ServiceAccount","namespace":5,"name":[]},{"kind":"User","name":null}],"userNames":{},"groupNames":[1,null],"roleRef":"x","tag":[],"data":{"a":5,"b":null},"metadata":{"labels":{"velero.io/restore-name":"r"},"annotations":{"image.openshift.io/triggers":7,"volume.beta.kubernetes.io/storage-class":[]}},"spec":{"ingress":[{"from":[{"namespaceSelector":{"matchLabels":[],"matchExpressions":[{"key":"kubernetes.io/metadata.name","operator":"In","values":"x"},3]}},5]},"x"],"egress":{},"tags":[{"from":"x"},{"from":{"kind":"ImageStreamTag","namespace":null}}],"strategy":{"sourceStrategy":5,"xStrategy":{"from":[]}},"output":{"to":7},"source":{"images":[{"from":{"kind":"ImageStreamTag","namespace":null}}]},"triggers":[{"imageChange":[]}],"template":{"spec":{"containers":[{"env":[{"value":7},3]},{"env":{}}]}},"volumeClaimTemplates":[{"spec":{"storageClassName":5}},1]}}""",
        """{"metadata":{"labels":{"velero.io/restore-name":"r"},"annotations":{"image.openshift.io/triggers":"[{\"from\":{\"kind\":\"ImageStreamTag\",\"namespace\":\"shop-old\"","volume.kubernetes.io/selected-node":"x"}},"data":[],"spec":{"storageClassName":"","ingress":7}}""",
    };

    [Theory]
    [MemberData(nameof(OddBodies))]
    public void Run_OddObjectOfEveryHandledKind_NeverThrows(string body)
    {
        var settings = PipelineHarness.Settings("lookups: off\nroutes: {generatedHosts: rewrite}\nstorageClasses: {gp2: gp3}\nnamespaceRefs: {serviceDns: true}\n");
        var pipeline = RuleCatalog.CreatePipeline(settings);
        foreach (var kind in pipeline.HandledKinds)
        {
            var obj = System.Text.Json.Nodes.JsonNode.Parse(body)!.AsObject();
            obj["apiVersion"] = kind.Group.Length == 0 ? "v1" : kind.Group + "/v1";
            obj["kind"] = kind.Kind;
            obj["metadata"]!["namespace"] = "shop";
            using var document = System.Text.Json.JsonDocument.Parse(obj.ToJsonString());
            var facts = new ClusterFacts
            {
                AppsDomain = "apps.example.com",
                NamespaceMapping = new Dictionary<string, string>(StringComparer.Ordinal) { ["shop-old"] = "shop" },
                Nodes = new Dictionary<string, bool>(StringComparer.Ordinal),
                StorageClasses = new Dictionary<string, bool>(StringComparer.Ordinal) { ["gp3"] = false },
            };

            Should.NotThrow(() => pipeline.Run(FixtureCase.Request(document, RestoreMutator.Transforms.Admission.AdmissionOperation.Create), facts), kind.ToString());
        }
    }
}
