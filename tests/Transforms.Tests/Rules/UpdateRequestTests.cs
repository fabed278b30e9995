using RestoreMutator.Transforms.Admission;
using RestoreMutator.Transforms.Tests.Support;
using Shouldly;

namespace RestoreMutator.Transforms.Tests.Rules;

/// <summary>
/// Rules on UPDATE (SPEC S2, S3): values the stored object already has are destination state and
/// stay; values the UPDATE brings back from the backup are fixed as on CREATE; state destination
/// controllers write by UPDATE (scheduler, PV controller, dockercfg controller) is never removed.
/// </summary>
public class UpdateRequestTests
{
    private const string Config = "lookups: off\nnodes:\n  mapping: {worker-old-1: worker-new-1}\nstorageClasses: {gp2: gp3-csi}\n";

    private const string Restored = "\"labels\":{\"velero.io/restore-name\":\"r1\"}";

    private static string Pod(string nodeName) =>
        "{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"debug\",\"namespace\":\"shop\"," + Restored + "},"
        + "\"spec\":{\"nodeName\":\"" + nodeName + "\",\"containers\":[{\"name\":\"c\",\"image\":\"registry.example.com/c:1\"}]}}";

    private static string Deployment(string hostname) =>
        "{\"apiVersion\":\"apps/v1\",\"kind\":\"Deployment\",\"metadata\":{\"name\":\"web\",\"namespace\":\"shop\"," + Restored + "},"
        + "\"spec\":{\"template\":{\"spec\":{\"nodeSelector\":{\"kubernetes.io/hostname\":\"" + hostname + "\"},\"containers\":[]}}}}";

    private static string Pvc(string annotations, string volumeName = "") =>
        "{\"apiVersion\":\"v1\",\"kind\":\"PersistentVolumeClaim\",\"metadata\":{\"name\":\"data\",\"namespace\":\"shop\"," + Restored
        + ",\"annotations\":{" + annotations + "}},\"spec\":{\"storageClassName\":\"gp3-csi\""
        + (volumeName.Length > 0 ? ",\"volumeName\":\"" + volumeName + "\"" : string.Empty) + "}}";

    private static string ServiceAccount(string secrets) =>
        "{\"apiVersion\":\"v1\",\"kind\":\"ServiceAccount\",\"metadata\":{\"name\":\"builder\",\"namespace\":\"shop\"," + Restored + "},"
        + "\"secrets\":[" + secrets + "],\"imagePullSecrets\":[" + secrets + "]}";

    [Fact]
    public void Run_UpdateOfBoundPod_KeepsDestinationNode()
    {
        var decision = PipelineHarness.Run(Pod("worker-dest-3"), Config, AdmissionOperation.Update, oldObjectJson: Pod("worker-dest-3"));

        decision.Outcome.ShouldBe(AdmissionOutcome.Unchanged);
    }

    [Fact]
    public void Run_UpdateRestoringSourceHostname_RemapsItAgain()
    {
        var decision = PipelineHarness.Run(Deployment("worker-old-1"), Config, AdmissionOperation.Update, oldObjectJson: Deployment("worker-new-1"));

        decision.Operations.Select(o => $"{o.Kind} {o.Path} {o.Value?.ToJsonString()}")
            .ShouldContain("Replace /spec/template/spec/nodeSelector/kubernetes.io~1hostname \"worker-new-1\"");
    }

    [Fact]
    public void Run_UpdateWhereSchedulerSelectedANode_KeepsSelectedNodeAndProvisioner()
    {
        const string stored = "\"volume.kubernetes.io/storage-provisioner\":\"ebs.csi.aws.com\"";
        const string updated = stored + ",\"volume.kubernetes.io/selected-node\":\"worker-dest-3\"";

        var decision = PipelineHarness.Run(Pvc(updated), Config, AdmissionOperation.Update, oldObjectJson: Pvc(stored));

        decision.Outcome.ShouldBe(AdmissionOutcome.Unchanged);
    }

    [Fact]
    public void Run_CreateOfSamePvc_RemovesSourceNodeAndProvisioner()
    {
        const string annotations = "\"volume.kubernetes.io/storage-provisioner\":\"ebs.csi.aws.com\",\"volume.kubernetes.io/selected-node\":\"worker-old-9\"";

        var decision = PipelineHarness.Run(Pvc(annotations), Config);

        decision.Operations.Select(o => $"{o.Kind} {o.Path}").ShouldBe([
            "Remove /metadata/annotations/volume.kubernetes.io~1selected-node",
            "Remove /metadata/annotations/volume.kubernetes.io~1storage-provisioner",
            "Add /metadata/annotations/restore-mutator.io~1applied",
        ]);
    }

    [Fact]
    public void Run_UpdateWhereControllerAddedDockercfg_KeepsIt()
    {
        var decision = PipelineHarness.Run(ServiceAccount("{\"name\":\"builder-dockercfg-n3w\"}"), Config, AdmissionOperation.Update,
            oldObjectJson: ServiceAccount(string.Empty));

        decision.Outcome.ShouldBe(AdmissionOutcome.Unchanged);
    }

    [Fact]
    public void Run_UpdateOfResizedBoundPvc_KeepsBindingState()
    {
        const string annotations = "\"pv.kubernetes.io/bind-completed\":\"yes\",\"volume.kubernetes.io/selected-node\":\"worker-dest-3\"";

        var decision = PipelineHarness.Run(Pvc(annotations, "pvc-1"), Config, AdmissionOperation.Update, oldObjectJson: Pvc(annotations, "pvc-1"));

        decision.Outcome.ShouldBe(AdmissionOutcome.Unchanged);
    }
}
