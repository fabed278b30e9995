using System.Text.Json.Nodes;
using k8s.Models;
using RestoreMutator.Webhook.Cluster;
using RestoreMutator.Webhook.Tests.Lookups.Support;
using Shouldly;

namespace RestoreMutator.Webhook.Tests.Cluster;

/// <summary>The writes: a ConfigMap created or merge-patched when it exists, and an Event created.</summary>
public class ClusterWritesTests : IAsyncLifetime
{
    private const string ConfigMaps = "/api/v1/namespaces/restore-mutator/configmaps";
    private FakeKubernetesApi _api = null!;
    private ClusterClient _client = null!;

    public async ValueTask InitializeAsync()
    {
        _api = await FakeKubernetesApi.StartAsync();
        _client = new ClusterClient(FakeConnections.For(_api), ClusterClientTests.Patient);
    }

    public async ValueTask DisposeAsync()
    {
        _client.Dispose();
        await _api.DisposeAsync();
    }

    [Fact]
    public async Task ApplyConfigMapAsync_Absent_CreatesIt()
    {
        _api.Record("POST", ConfigMaps, 201, """{"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "report", "namespace": "restore-mutator", "resourceVersion": "1"}}""");

        var result = await _client.ApplyConfigMapAsync(Report(), CancellationToken.None);

        result.Succeeded.ShouldBeTrue(result.Detail);
        result.Value!.Metadata.ResourceVersion.ShouldBe("1");
        var (method, _, _, body) = _api.Received.ShouldHaveSingleItem();
        method.ShouldBe("POST");
        var sent = JsonNode.Parse(body)!;
        ((string?)sent["metadata"]!["name"]).ShouldBe("report");
        ((string?)sent["data"]!["changed"]).ShouldBe("3");
    }

    [Fact]
    public async Task ApplyConfigMapAsync_Exists_MergePatchesLabelsAnnotationsAndData()
    {
        _api.Record("POST", ConfigMaps, 409, """{"kind": "Status", "reason": "AlreadyExists", "code": 409}""");
        _api.Record("PATCH", ConfigMaps + "/report", 200, """{"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "report", "resourceVersion": "2"}}""");

        var result = await _client.ApplyConfigMapAsync(Report(), CancellationToken.None);

        result.Succeeded.ShouldBeTrue(result.Detail);
        var patch = _api.Received.Last();
        patch.Method.ShouldBe("PATCH");
        patch.ContentType.ShouldStartWith("application/merge-patch+json");
        var sent = JsonNode.Parse(patch.Body)!;
        ((string?)sent["data"]!["changed"]).ShouldBe("3");
        ((string?)sent["metadata"]!["labels"]!["velero.io/restore-name"]).ShouldBe("nightly");
    }

    [Fact]
    public async Task ApplyConfigMapAsync_Forbidden_FailsWithoutPatching()
    {
        _api.Record("POST", ConfigMaps, 403, """{"kind": "Status", "code": 403}""");

        (await _client.ApplyConfigMapAsync(Report(), CancellationToken.None)).Reason.ShouldBe("forbidden");

        _api.Received.ShouldHaveSingleItem();
    }

    [Fact]
    public async Task CreateEventAsync_Event_IsPostedToItsNamespace()
    {
        _api.Record("POST", "/api/v1/namespaces/openshift-adp/events", 201, """{"apiVersion": "v1", "kind": "Event", "metadata": {"name": "nightly.1"}}""");
        var clusterEvent = new Corev1Event
        {
            Metadata = new V1ObjectMeta { GenerateName = "nightly.", NamespaceProperty = "openshift-adp" },
            InvolvedObject = new V1ObjectReference { ApiVersion = "velero.io/v1", Kind = "Restore", Name = "nightly", NamespaceProperty = "openshift-adp" },
            Reason = "RestoreMutated",
            Message = "restore-mutator: 3 changed",
            Type = "Normal",
        };

        var result = await _client.CreateEventAsync(clusterEvent, CancellationToken.None);

        result.Succeeded.ShouldBeTrue(result.Detail);
        var sent = JsonNode.Parse(_api.Received.ShouldHaveSingleItem().Body)!;
        ((string?)sent["reason"]).ShouldBe("RestoreMutated");
        ((string?)sent["involvedObject"]!["kind"]).ShouldBe("Restore");
    }

    private static V1ConfigMap Report() => new()
    {
        Metadata = new V1ObjectMeta
        {
            Name = "report",
            NamespaceProperty = "restore-mutator",
            Labels = new Dictionary<string, string> { ["velero.io/restore-name"] = "nightly" },
        },
        Data = new Dictionary<string, string> { ["changed"] = "3" },
    };
}
