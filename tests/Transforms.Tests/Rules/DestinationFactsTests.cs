using System.Text.Json;
using RestoreMutator.Transforms.Admission;
using RestoreMutator.Transforms.Rules;
using RestoreMutator.Transforms.Tests.Support;
using Shouldly;

namespace RestoreMutator.Transforms.Tests.Rules;

/// <summary>
/// SPEC K5 with V2, P5 and V4: the plan asks for exactly the nodes and storage classes the rules
/// will read, and the rules act on what the host found (null = lookups off, no entry = lookup failed).
/// </summary>
public class DestinationFactsTests
{
    private const string Config = "lookups: off\nnodes:\n  mapping: {worker-old-1: worker-new-1}\nstorageClasses: {gp2: gp3-csi}\n";

    private const string Restored = "\"labels\":{\"velero.io/restore-name\":\"r1\"}";

    private static string Pvc(string selectedNode, string storageClass) =>
        "{\"apiVersion\":\"v1\",\"kind\":\"PersistentVolumeClaim\",\"metadata\":{\"name\":\"data\",\"namespace\":\"shop\"," + Restored
        + ",\"annotations\":{\"volume.kubernetes.io/selected-node\":\"" + selectedNode + "\"}},\"spec\":{\"storageClassName\":\"" + storageClass + "\",\"volumeName\":\"pv-1\"}}";

    private static string Pod(string hostname) =>
        "{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"debug\",\"namespace\":\"shop\"," + Restored + "},"
        + "\"spec\":{\"nodeSelector\":{\"kubernetes.io/hostname\":\"" + hostname + "\"},\"containers\":[]}}";

    private static string StatefulSet(params string[] classes) =>
        "{\"apiVersion\":\"apps/v1\",\"kind\":\"StatefulSet\",\"metadata\":{\"name\":\"db\",\"namespace\":\"shop\"," + Restored + "},"
        + "\"spec\":{\"template\":{\"spec\":{\"containers\":[]}},\"volumeClaimTemplates\":["
        + string.Join(",", classes.Select((c, i) => "{\"metadata\":{\"name\":\"v" + i + "\"},\"spec\":{\"storageClassName\":\"" + c + "\"}}")) + "]}}";

    private static FactRequirements Plan(string json, AdmissionOperation operation = AdmissionOperation.Create)
    {
        var pipeline = RuleCatalog.CreatePipeline(PipelineHarness.Settings(Config));
        using var document = JsonDocument.Parse(json);
        return pipeline.Plan(FixtureCase.Request(document, operation)).Facts;
    }

    [Fact]
    public void Plan_PvcWithUnmappedSelectedNode_AsksForThatNodeAndTheMappedClass()
    {
        var facts = Plan(Pvc("worker-b-2", "gp2"));

        facts.Nodes.ShouldBe(["worker-b-2"]);
        facts.StorageClasses.ShouldBe(["gp3-csi"]);
        facts.IsEmpty.ShouldBeFalse();
    }

    [Fact]
    public void Plan_PvcWithMappedSelectedNode_DoesNotAskForANode()
    {
        // The mapping wins unchecked (V2), so no lookup is needed for it.
        Plan(Pvc("worker-old-1", "io2")).Nodes.ShouldBeEmpty();
    }

    [Fact]
    public void Plan_UpdateOfPvc_AsksForNothingOfK5()
    {
        var facts = Plan(Pvc("worker-b-2", "gp2"), AdmissionOperation.Update);

        facts.Nodes.ShouldBeEmpty();
        facts.StorageClasses.ShouldBeEmpty();
    }

    [Fact]
    public void Plan_PodWithUnmappedHostname_AsksForTheNode()
    {
        Plan(Pod("worker-b-2")).Nodes.ShouldBe(["worker-b-2"]);
        Plan(Pod("worker-old-1")).Nodes.ShouldBeEmpty();
        Plan(Pod("worker-new-1")).Nodes.ShouldBeEmpty();
    }

    [Fact]
    public void Plan_UpdateKeepingStoredHostname_AsksForNoNode()
    {
        // FixtureCase's UPDATE stores the object itself: the selector is destination state.
        Plan(Pod("worker-b-2"), AdmissionOperation.Update).Nodes.ShouldBeEmpty();
    }

    [Fact]
    public void Plan_StatefulSet_AsksForEveryTemplateClassOnceAndSkipsEmpty()
    {
        Plan(StatefulSet("gp2", "io2", "", "gp3-csi")).StorageClasses.Order().ShouldBe(["gp3-csi", "io2"]);
    }

    [Fact]
    public void Run_NodeExists_KeepsUnmappedHostnameSelector()
    {
        var decision = PipelineHarness.Run(Pod("worker-b-2"), Config, facts: new ClusterFacts { Nodes = Nodes(("worker-b-2", true)) });

        decision.Outcome.ShouldBe(AdmissionOutcome.Unchanged);
    }

    [Theory]
    [InlineData(false)] // absent from the destination
    [InlineData(null)] // lookup failed: counts as absent (K5)
    public void Run_NodeNotKnownToExist_RemovesUnmappedHostnameSelector(bool? exists)
    {
        var nodes = exists is { } value ? Nodes(("worker-b-2", value)) : Nodes();

        var decision = PipelineHarness.Run(Pod("worker-b-2"), Config, facts: new ClusterFacts { Nodes = nodes });

        decision.Operations.Select(o => $"{o.Kind} {o.Path}").ShouldContain("Remove /spec/nodeSelector/kubernetes.io~1hostname");
    }

    [Fact]
    public void Run_MissingStorageClassOfPvc_WarnsAndReportsIt()
    {
        var decision = PipelineHarness.Run(Pvc("worker-old-1", "fast"), Config, facts: new ClusterFacts { StorageClasses = Classes(("fast", false)) });

        decision.Warnings.ShouldBe(["storage class fast does not exist in the destination (PersistentVolumeClaim shop/data)"]);
        decision.MissingStorageClasses.ShouldBe(["fast"]);
    }

    [Fact]
    public void Run_StatefulSetTemplatesMissingOneClassTwice_ReportsItOnceWarnsPerTemplate()
    {
        var decision = PipelineHarness.Run(StatefulSet("io2", "io2", "gp3-csi"), Config,
            facts: new ClusterFacts { StorageClasses = Classes(("io2", false), ("gp3-csi", true)) });

        decision.Warnings.ShouldBe([
            "storage class io2 does not exist in the destination (StatefulSet shop/db volumeClaimTemplates[0] v0)",
            "storage class io2 does not exist in the destination (StatefulSet shop/db volumeClaimTemplates[1] v1)",
        ]);
        decision.MissingStorageClasses.ShouldBe(["io2"]);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(null)] // lookup failed: the host warns (K4), V4 says nothing (K5)
    public void Run_ExistingOrUnknownStorageClass_NoV4Warning(bool? exists)
    {
        var classes = exists is { } value ? Classes(("fast", value)) : Classes();

        var decision = PipelineHarness.Run(Pvc("worker-old-1", "fast"), Config, facts: new ClusterFacts { StorageClasses = classes });

        decision.Warnings.ShouldBeEmpty();
        decision.MissingStorageClasses.ShouldBeEmpty();
    }

    [Fact]
    public void Run_LookupsOff_NoV4Warning()
    {
        var decision = PipelineHarness.Run(Pvc("worker-old-1", "fast"), Config);

        decision.Warnings.ShouldBeEmpty();
    }

    [Fact]
    public void Run_UpdateOfPvcWithMissingClass_DoesNotWarnAgain()
    {
        var decision = PipelineHarness.Run(Pvc("worker-old-1", "fast"), Config, AdmissionOperation.Update,
            facts: new ClusterFacts { StorageClasses = Classes(("fast", false)) });

        decision.Warnings.ShouldBeEmpty();
    }

    private static Dictionary<string, bool> Nodes(params (string Name, bool Exists)[] nodes) => nodes.ToDictionary(n => n.Name, n => n.Exists, StringComparer.Ordinal);

    private static Dictionary<string, bool> Classes(params (string Name, bool Exists)[] classes) => Nodes(classes);
}
