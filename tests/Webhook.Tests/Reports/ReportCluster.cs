using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using RestoreMutator.Webhook.Lookups;
using RestoreMutator.Webhook.Reports;
using RestoreMutator.Webhook.Tests.Lookups.Support;
using RestoreMutator.Webhook.Tests.Support;

namespace RestoreMutator.Webhook.Tests.Reports;

/// <summary>
/// A fake OpenShift API server that accepts the report's writes in <c>openshift-adp</c> and keeps
/// them, and webhooks (replicas) in memory writing to it with short report intervals.
/// </summary>
internal sealed class ReportCluster : IAsyncDisposable
{
    public const string Namespace = "openshift-adp";
    public const string Restore = "nightly-20261120";
    public const string ConfigMaps = $"/api/v1/namespaces/{Namespace}/configmaps";
    public const string Events = $"/api/v1/namespaces/{Namespace}/events";

    /// <summary>Fast enough for tests, in the same proportions as the defaults.</summary>
    public static readonly ReportOptions FastOptions = new()
    {
        WriteInterval = TimeSpan.FromMilliseconds(300),
        Tick = TimeSpan.FromMilliseconds(50),
        InitialBackoff = TimeSpan.FromMilliseconds(100),
        MaxBackoff = TimeSpan.FromMilliseconds(200),
    };

    private readonly List<LookupWebhook> _webhooks = [];

    private ReportCluster(FakeKubernetesApi api) => Api = api;

    public FakeKubernetesApi Api { get; }

    public CapturingLoggerProvider Logs { get; } = new();

    public static async Task<ReportCluster> StartAsync()
    {
        var api = (await FakeKubernetesApi.StartAsync()).WithOpenShiftCluster();
        return new ReportCluster(api);
    }

    /// <summary>Accepts every create and patch of ConfigMaps and Events (named <paramref name="names"/>).</summary>
    public ReportCluster AcceptingWrites(params string[] names)
    {
        Api.Record("POST", ConfigMaps, 201, """{"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "report"}}""");
        Api.Record("POST", Events, 201, """{"apiVersion": "v1", "kind": "Event", "metadata": {"name": "report"}}""");
        foreach (var name in names)
        {
            Api.Record("PATCH", $"{ConfigMaps}/{name}", 200, """{"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "report"}}""");
            Api.Record("PATCH", $"{Events}/{name}", 200, """{"apiVersion": "v1", "kind": "Event", "metadata": {"name": "report"}}""");
        }

        return this;
    }

    /// <summary>A replica whose pod is <c>restore-mutator-6f7c9d-&lt;replica&gt;</c>.</summary>
    public async Task<LookupWebhook> ReplicaAsync(string replica, string yaml = LookupWebhook.Config, ReportOptions? options = null)
    {
        var webhook = await LookupWebhook.StartAsync(Api, yaml, new LookupOptions { CallTimeout = TimeSpan.FromSeconds(5) }, services =>
        {
            services.AddSingleton(options ?? FastOptions);
            services.AddSingleton(ReplicaIdentity.From($"restore-mutator-6f7c9d-{replica}"));
            services.AddSingleton<ILoggerProvider>(Logs);
        });
        _webhooks.Add(webhook);
        return webhook;
    }

    /// <summary>Writes received, in order, of <paramref name="method"/> on <paramref name="path"/> (collection or item).</summary>
    public IReadOnlyList<JsonNode> Writes(string method, string path) =>
        Api.Received.Where(r => r.Method == method && r.Path.StartsWith(path, StringComparison.Ordinal)).Select(r => JsonNode.Parse(r.Body)!).ToList();

    /// <summary>The last ConfigMap body written for <paramref name="name"/> (created or patched).</summary>
    public JsonNode? LastConfigMap(string name) => Last(ConfigMaps, name);

    /// <summary>The last Event body written for <paramref name="name"/> (created or patched).</summary>
    public JsonNode? LastEvent(string name) => Last(Events, name);

    /// <summary>The summary.json of the last write of <paramref name="name"/>, parsed.</summary>
    public JsonNode? LastSummary(string name) => LastConfigMap(name) is { } body ? JsonNode.Parse((string)body["data"]!["summary.json"]!) : null;

    public async ValueTask DisposeAsync()
    {
        foreach (var webhook in _webhooks)
        {
            await webhook.DisposeAsync();
        }

        await Api.DisposeAsync();
    }

    private JsonNode? Last(string collection, string name) => Api.Received
        .Where(r => (r.Method == "POST" && r.Path == collection && (string?)JsonNode.Parse(r.Body)!["metadata"]?["name"] == name)
            || (r.Method == "PATCH" && r.Path == $"{collection}/{name}"))
        .Select(r => JsonNode.Parse(r.Body))
        .LastOrDefault();
}
