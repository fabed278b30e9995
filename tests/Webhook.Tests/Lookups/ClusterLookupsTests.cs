using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using RestoreMutator.Webhook.Cluster;
using RestoreMutator.Webhook.Lookups;
using RestoreMutator.Webhook.Tests.Lookups.Support;
using RestoreMutator.Webhook.Tests.Support;
using Shouldly;

namespace RestoreMutator.Webhook.Tests.Lookups;

/// <summary>The per-fact reads: the Restore with its hooks (K1, P3), and failures logged without the API's answer.</summary>
public class ClusterLookupsTests : IAsyncLifetime
{
    private const string Marker = "BODY-MARKER-sha256~not-for-logs";
    private readonly CapturingLoggerProvider _logs = new();
    private FakeKubernetesApi _api = null!;
    private ServiceProvider _services = null!;
    private ClusterClient _client = null!;
    private ClusterLookups _lookups = null!;

    public async ValueTask InitializeAsync()
    {
        _api = (await FakeKubernetesApi.StartAsync()).WithOpenShiftCluster();
        _services = new ServiceCollection().AddMetrics().AddLogging(logging => logging.AddProvider(_logs)).BuildServiceProvider();
        _client = new ClusterClient(FakeConnections.For(_api), Cluster.ClusterClientTests.Patient);
        _lookups = new ClusterLookups(_client, LookupOptions.Default, new LookupMetrics(_services.GetRequiredService<IMeterFactory>()),
            TimeProvider.System, _services.GetRequiredService<ILogger<ClusterLookups>>());
    }

    public async ValueTask DisposeAsync()
    {
        _client.Dispose();
        await _services.DisposeAsync();
        await _api.DisposeAsync();
    }

    [Fact]
    public async Task RestoreAsync_RestoreWithHooks_ReturnsFactsWithSelectors()
    {
        _api.Json("/apis/velero.io/v1/namespaces/openshift-adp/restores/hooked", ApiObjects.Restore("hooked", hooksJson: ApiObjects.WarmCacheHook));

        var result = await _lookups.RestoreAsync("openshift-adp", "hooked");

        result.State.ShouldBe(LookupState.Found);
        var restore = result.Value!;
        restore.Name.ShouldBe("hooked");
        restore.Uid.ShouldBe("8d5c7a1e-3f4b-4a8e-9c2d-1b6e0f9a7c31");
        restore.NamespaceMapping["shop-old"].ShouldBe("shop");
        var hook = restore.Hooks.ShouldHaveSingleItem();
        hook.Name.ShouldBe("warm-cache");
        hook.IncludedNamespaces.ShouldBe(["shop-old"]);
        restore.HookSelecting("shop", new Dictionary<string, string> { ["app"] = "web" }).ShouldBe(hook);
        restore.HookSelecting("shop", new Dictionary<string, string> { ["app"] = "api" }).ShouldBeNull();
    }

    [Theory]
    [InlineData(403, "forbidden")]
    [InlineData(500, "server_error")]
    [InlineData(400, "http_error")]
    public async Task DestinationRegistryAsync_ErrorAnswer_LogsReasonNeverTheBody(int status, string reason)
    {
        _api.Json("/apis/config.openshift.io/v1/images/cluster", $$"""{"kind": "Status", "message": "{{Marker}}", "code": {{status}}}""", status);

        var result = await _lookups.DestinationRegistryAsync();

        result.Reason.ShouldBe(reason);
        var failure = _logs.Events.ShouldHaveSingleItem();
        failure.EventName.ShouldBe("LookupFailed");
        failure.Message.ShouldContain(reason);
        _logs.Events.ShouldAllBe(e => !e.Message.Contains(Marker) && (e.Exception == null || !e.Exception.ToString().Contains(Marker)));
    }

    [Fact]
    public async Task ServerVersionAsync_HtmlAnswer_LogsInvalidResponseWithoutTheBody()
    {
        _api.Json("/version", $"<html><body>{Marker}</body></html>");

        (await _lookups.ServerVersionAsync()).Reason.ShouldBe("invalid_response");

        _logs.Events.ShouldAllBe(e => !e.Message.Contains(Marker));
    }
}
