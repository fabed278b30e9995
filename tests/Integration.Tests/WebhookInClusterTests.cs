using System.Net;
using k8s;
using k8s.Autorest;
using RestoreMutator.Integration.Tests.Support;
using Shouldly;

namespace RestoreMutator.Integration.Tests;

/// <summary>
/// restore-mutator behind a real API server (k3s): what the API server stores after the webhook
/// answered (R2 rewrite, P2 skip answered AlreadyExists, P3 via the Restore read from the cluster,
/// S1 objectSelector; X2 the restore report written beside the Restore). Skipped, with the reason,
/// where Docker is not available.
/// </summary>
public class WebhookInClusterTests(RestoreCluster cluster) : IClassFixture<RestoreCluster>
{
    [Fact]
    public async Task CreatePod_ImageUnderARewrittenPrefix_IsStoredRewritten()
    {
        var api = Cluster();

        await api.CoreV1.CreateNamespacedPodAsync(RestoreCluster.RestoredPod("web", "quay.io/acme/web:1.4"), RestoreCluster.Namespace);

        var stored = await api.CoreV1.ReadNamespacedPodAsync("web", RestoreCluster.Namespace);
        stored.Spec.Containers[0].Image.ShouldBe("mirror.example.com/acme/web:1.4", cluster.WebhookOutput);
        stored.Metadata.Annotations["restore-mutator.io/applied"].ShouldContain("registry");
    }

    [Fact]
    public async Task CreatePod_ManagedByAReplicaSet_IsAnsweredAlreadyExistsAndNotStored()
    {
        var api = Cluster();
        var pod = RestoreCluster.RestoredPod("web-7d4b9c-x2x", "quay.io/acme/web:1.4", new Dictionary<string, string> { ["app"] = "web", ["pod-template-hash"] = "7d4b9c" });

        var error = await Should.ThrowAsync<HttpOperationException>(() => api.CoreV1.CreateNamespacedPodAsync(pod, RestoreCluster.Namespace));

        error.Response.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        error.Response.Content.ShouldContain("AlreadyExists");
        error.Response.Content.ShouldContain("managed by a ReplicaSet (label pod-template-hash)");
        var lookup = await Should.ThrowAsync<HttpOperationException>(() => api.CoreV1.ReadNamespacedPodAsync(pod.Metadata.Name, RestoreCluster.Namespace));
        lookup.Response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task CreatePod_ManagedButSelectedByARestoreHook_IsStored()
    {
        // The Restore (read by the webhook from this API server) has a hook for app=hooked pods of shop-old.
        var api = Cluster();
        var pod = RestoreCluster.RestoredPod("cache-5f7c9-abcde", "quay.io/acme/cache:2", new Dictionary<string, string> { ["app"] = "hooked", ["pod-template-hash"] = "5f7c9" });

        await api.CoreV1.CreateNamespacedPodAsync(pod, RestoreCluster.Namespace);

        var stored = await api.CoreV1.ReadNamespacedPodAsync(pod.Metadata.Name, RestoreCluster.Namespace);
        stored.Spec.Containers[0].Image.ShouldBe("mirror.example.com/acme/cache:2", cluster.WebhookOutput);
    }

    [Fact]
    public async Task CreatePod_WithoutRestoreLabel_IsNotChanged()
    {
        var api = Cluster();
        var pod = RestoreCluster.RestoredPod("plain", "quay.io/acme/web:1.4");
        pod.Metadata.Labels.Remove("velero.io/restore-name");

        await api.CoreV1.CreateNamespacedPodAsync(pod, RestoreCluster.Namespace);

        var stored = await api.CoreV1.ReadNamespacedPodAsync("plain", RestoreCluster.Namespace);
        stored.Spec.Containers[0].Image.ShouldBe("quay.io/acme/web:1.4");
        (stored.Metadata.Annotations?.ContainsKey("restore-mutator.io/applied") ?? false).ShouldBeFalse();
    }

    [Fact]
    public async Task CreatePods_OfARestore_AreReportedInAConfigMapAndAnEventBesideTheRestore()
    {
        // X2: the real API server accepts the report's ConfigMap and Event as the webhook writes them.
        var api = Cluster();
        await api.CoreV1.CreateNamespacedPodAsync(RestoreCluster.RestoredPod("reported", "quay.io/acme/web:1.4"), RestoreCluster.Namespace);
        var restore = await api.CustomObjects.GetNamespacedCustomObjectAsync<System.Text.Json.JsonElement>("velero.io", "v1", "velero", "restores", RestoreCluster.RestoreName);
        var uid = restore.GetProperty("metadata").GetProperty("uid").GetString();

        k8s.Models.V1ConfigMap? report = null;
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (report is null && DateTime.UtcNow < deadline)
        {
            var list = await api.CoreV1.ListNamespacedConfigMapAsync("velero", labelSelector: $"restore-mutator.io/report-for={RestoreCluster.RestoreName}");
            report = list.Items.FirstOrDefault(item => item.Data?.TryGetValue("objects.jsonl", out var lines) == true && lines.Contains("\"reported\"", StringComparison.Ordinal));
            if (report is null)
            {
                await Task.Delay(500);
            }
        }

        report.ShouldNotBeNull(cluster.WebhookOutput);
        report.Metadata.Name.ShouldStartWith($"restore-mutator-report-{RestoreCluster.RestoreName}-");
        report.Metadata.Labels["app.kubernetes.io/managed-by"].ShouldBe("restore-mutator");
        RestoreMutator.Transforms.Reports.RestoreSummaryJson.TryRead(report.Data["summary.json"], out var summary, out var error).ShouldBeTrue(error);
        summary!.Objects[RestoreMutator.Transforms.Reports.ReportDecision.Changed].ShouldBeGreaterThanOrEqualTo(1);

        // The Event follows its ConfigMap in the same write.
        k8s.Models.Corev1Event? mutated = null;
        while (mutated is null && DateTime.UtcNow < deadline + TimeSpan.FromSeconds(10))
        {
            var events = await api.CoreV1.ListNamespacedEventAsync("velero", fieldSelector: $"involvedObject.name={RestoreCluster.RestoreName}");
            mutated = events.Items.SingleOrDefault(e => e.Reason == "RestoreMutated");
            if (mutated is null)
            {
                await Task.Delay(500);
            }
        }

        mutated.ShouldNotBeNull(cluster.WebhookOutput);
        mutated.InvolvedObject.Uid.ShouldBe(uid);
        mutated.Message.ShouldStartWith("restore-mutator ");
    }

    private IKubernetes Cluster()
    {
        if (cluster.Unavailable is { } reason)
        {
            Assert.Skip(reason);
        }

        return cluster.Api;
    }
}
