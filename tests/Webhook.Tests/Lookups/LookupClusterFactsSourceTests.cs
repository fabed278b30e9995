using k8s;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using RestoreMutator.Transforms.Admission;
using RestoreMutator.Transforms.Configuration;
using RestoreMutator.Transforms.Rules;
using RestoreMutator.Webhook.Cluster;
using RestoreMutator.Webhook.Configuration;
using RestoreMutator.Webhook.Lookups;
using RestoreMutator.Webhook.Tests.Lookups.Support;
using Shouldly;

namespace RestoreMutator.Webhook.Tests.Lookups;

/// <summary>The facts source against the fake API: K1-K3 values, config precedence, and K4 failure handling.</summary>
public class LookupClusterFactsSourceTests : IAsyncLifetime
{
    private const string Images = "/apis/config.openshift.io/v1/images/cluster";
    private const string Ingresses = "/apis/config.openshift.io/v1/ingresses/cluster";
    private const string Restores = "/apis/velero.io/v1/namespaces/openshift-adp/restores";

    /// <summary>Generous slack for a busy machine; the slow answers take 20 s, so a missed timeout still fails.</summary>
    internal static readonly TimeSpan Margin = TimeSpan.FromSeconds(1);

    private FakeKubernetesApi _api = null!;
    private ClusterClient _client = null!;
    private LookupMetrics _metrics = null!;
    private MetricCapture _capture = null!;
    private LookupClusterFactsSource _source = null!;
    private ServiceProvider _services = null!;
    private TimeSpan _lastElapsed;

    public async ValueTask InitializeAsync()
    {
        _api = (await FakeKubernetesApi.StartAsync()).WithOpenShiftCluster();
        _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        _metrics = new LookupMetrics(_services.GetRequiredService<IMeterFactory>());
        _capture = new MetricCapture(_metrics.Meter);
        _client = new ClusterClient(FakeConnections.For(_api), LookupOptions.Default);
        var lookups = new ClusterLookups(_client, LookupOptions.Default, _metrics, TimeProvider.System, NullLogger<ClusterLookups>.Instance);
        _source = new LookupClusterFactsSource(lookups, _metrics, NullLogger<LookupClusterFactsSource>.Instance);
        await WarmUpAsync(_client);
    }

    /// <summary>
    /// Opens a few pooled TLS connections and JIT-compiles the client on a path no test uses, so a
    /// busy test machine does not turn the first real lookup into a timeout.
    /// </summary>
    internal static async Task WarmUpAsync(ClusterClient client) =>
        await Task.WhenAll(Enumerable.Range(0, 6).Select(_ =>
            client.SendAsync("/warm-up", (api, token) => api.CustomObjects.GetClusterCustomObjectAsync<JsonElement>("warm.example.com", "v1", "ups", "x", token))));

    public async ValueTask DisposeAsync()
    {
        _capture.Dispose();
        _client.Dispose();
        await _services.DisposeAsync();
        await _api.DisposeAsync();
    }

    [Fact]
    public async Task GetAsync_OpenShiftCluster_DiscoversRegistryVersionAndRestoreMapping()
    {
        var facts = await FactsAsync(Deployment(), "namespaceMapping: {shop-old: configured, legacy: old-target}");

        facts.DestinationRegistry.ShouldBe(ApiObjects.Registry);
        facts.ServerVersion.ShouldBe("1.31");
        // The Restore wins per key; configured keys the Restore lacks stay (README: Automatic mode).
        facts.NamespaceMapping.ShouldBe(new Dictionary<string, string> { ["shop-old"] = "shop", ["billing-old"] = "billing", ["legacy"] = "old-target" }, ignoreOrder: true);
        facts.Warnings.ShouldBeEmpty();
        facts.DockercfgSecrets.ShouldBeNull();
        _api.Hits("/api/v1/namespaces/shop/serviceaccounts/default").ShouldBe(0);
    }

    [Fact]
    public async Task GetAsync_ConfiguredRegistry_WinsAndIsNotLookedUp()
    {
        var facts = await FactsAsync(Deployment(), "registry: {destination: mirror.example.com:5000}");

        facts.DestinationRegistry.ShouldBe("mirror.example.com:5000");
        _api.Hits(Images).ShouldBe(0);
    }

    [Fact]
    public async Task GetAsync_RestoreNameLongerThan63_IsFoundByListingAndHashing()
    {
        const string name = "nightly-schedule-for-the-production-shop-namespaces-20261120235802";
        const string label = "nightly-schedule-for-the-production-shop-namespaces-20261af2391";
        _api.Json(Restores, ApiObjects.RestoreList(
            ApiObjects.Restore("nightly-schedule-for-the-production-shop-namespaces-20261119235802", """{"shop-old": "wrong"}"""),
            ApiObjects.Restore(name, """{"shop-old": "shop-long"}""")));

        var facts = await FactsAsync(Deployment(restore: label));

        facts.NamespaceMapping["shop-old"].ShouldBe("shop-long");
        facts.Warnings.ShouldBeEmpty();
        _api.Hits(Restores + "/" + label).ShouldBe(0);
    }

    [Fact]
    public async Task GetAsync_RestoreMissing_FallsBackToConfigWithWarning()
    {
        var facts = await FactsAsync(Deployment(restore: "deleted-restore"), "namespaceMapping: {shop-old: configured}");

        facts.NamespaceMapping["shop-old"].ShouldBe("configured");
        facts.Warnings.ShouldHaveSingleItem().ShouldContain("Restore deleted-restore not found in openshift-adp");
        _capture.Sum(LookupMetrics.FailuresName, ("target", "restore"), ("reason", "not_found")).ShouldBe(1);
    }

    [Fact]
    public async Task GetAsync_NotOpenShift_NoWarningAndCached()
    {
        _api.Status(Images, 404);

        var first = await FactsAsync(Deployment());
        var second = await FactsAsync(Deployment());

        first.DestinationRegistry.ShouldBeNull();
        first.Warnings.ShouldBeEmpty();
        second.Warnings.ShouldBeEmpty();
        _api.Hits(Images).ShouldBe(1);
        _capture.Count(LookupMetrics.FailuresName).ShouldBe(0);
    }

    [Fact]
    public async Task GetAsync_Forbidden_DropsFactWarnsAndCounts()
    {
        _api.Status(Images, 403);

        var facts = await FactsAsync(Deployment());

        facts.DestinationRegistry.ShouldBeNull();
        facts.ServerVersion.ShouldBe("1.31");
        facts.Warnings.ShouldHaveSingleItem().ShouldBe("restore-mutator: destination registry lookup failed (forbidden)");
        _capture.Sum(LookupMetrics.FailuresName, ("target", "image_config"), ("reason", "forbidden")).ShouldBe(1);
        _capture.Count(LookupMetrics.DurationName, ("target", "image_config")).ShouldBe(1);
    }

    [Fact]
    public async Task GetAsync_GarbageVersion_IsInvalidResponse()
    {
        _api.Garbage("/version");

        var facts = await FactsAsync(Deployment());

        facts.ServerVersion.ShouldBeNull();
        facts.Warnings.ShouldHaveSingleItem().ShouldContain("server version lookup failed (invalid_response)");
    }

    [Fact]
    public async Task GetAsync_VersionWithoutMinor_IsInvalidResponse()
    {
        _api.Json("/version", """{"major": "1", "gitVersion": "v1.31.0"}""");

        var facts = await FactsAsync(Deployment());

        facts.ServerVersion.ShouldBeNull();
        _capture.Sum(LookupMetrics.FailuresName, ("target", "version"), ("reason", "invalid_response")).ShouldBe(1);
    }

    [Fact]
    public async Task GetAsync_SlowRestore_ReturnsByTheCallTimeoutWithWarning()
    {
        _api.Slow(Restores + "/nightly-20261120", TimeSpan.FromSeconds(20));

        var facts = await FactsAsync(Deployment(), "namespaceMapping: {shop-old: configured}");

        _lastElapsed.ShouldBeLessThan(LookupOptions.Default.CallTimeout + Margin);
        facts.NamespaceMapping["shop-old"].ShouldBe("configured");
        facts.DestinationRegistry.ShouldBe(ApiObjects.Registry);
        facts.Warnings.ShouldHaveSingleItem().ShouldContain("lookup failed (timeout)");
        _capture.Sum(LookupMetrics.FailuresName, ("target", "restore"), ("reason", "timeout")).ShouldBe(1);
    }

    [Fact]
    public async Task GetAsync_RequestDeadlineShorterThanCallTimeout_StopsWaitingAtTheDeadline()
    {
        _api.Slow(Images, TimeSpan.FromSeconds(20));

        var facts = await FactsAsync(Deployment(), deadline: TimeSpan.FromMilliseconds(200));

        _lastElapsed.ShouldBeLessThan(TimeSpan.FromMilliseconds(200) + Margin);
        facts.Warnings.ShouldContain("restore-mutator: destination registry lookup failed (deadline)");
        _capture.Sum(LookupMetrics.FailuresName, ("target", "image_config"), ("reason", "deadline")).ShouldBe(1);
    }

    [Fact]
    public async Task GetAsync_PodWithGeneratedPullSecrets_LooksUpTheirServiceAccounts()
    {
        var facts = await FactsAsync(Pod("default-dockercfg-abc12", "builder-dockercfg-def34", "deployer-dockercfg-ghi56", "my-registry"), group: "");

        // default: 4.16+ annotation; builder: last generated entry; deployer: no such account (404) -> absent key.
        facts.DockercfgSecrets.ShouldBe(new Dictionary<string, string> { ["default"] = "default-dockercfg-q8z4w", ["builder"] = "builder-dockercfg-n3w5x" }, ignoreOrder: true);
        facts.Warnings.ShouldBeEmpty();
        _api.Hits("/api/v1/namespaces/shop/serviceaccounts/deployer").ShouldBe(1);
    }

    [Fact]
    public async Task GetAsync_Pod_ReadsTheRestoreWithItsHooks()
    {
        // P3: any pod may be a managed pod a Restore hook keeps, so the Restore is read for pods.
        _api.Json(Restores + "/nightly-20261120", ApiObjects.Restore("nightly-20261120", hooksJson: ApiObjects.WarmCacheHook));

        var facts = await FactsAsync(Pod(), group: "");

        facts.Restore.ShouldNotBeNull().Name.ShouldBe("nightly-20261120");
        facts.Restore.Hooks.ShouldHaveSingleItem().Name.ShouldBe("warm-cache");
        facts.NamespaceMapping["shop-old"].ShouldBe("shop");
        _api.Hits(Restores + "/nightly-20261120").ShouldBe(1);
    }

    [Fact]
    public async Task GetAsync_RestoreMissing_LeavesRestoreFactUnknown()
    {
        var facts = await FactsAsync(Pod(), group: "");
        var missing = await FactsAsync(Deployment(restore: "deleted-restore"));

        facts.Restore.ShouldNotBeNull();
        missing.Restore.ShouldBeNull();
    }

    [Fact]
    public async Task GetAsync_ServiceAccountForbidden_LeavesSecretsUnknownWithWarning()
    {
        _api.Status("/api/v1/namespaces/shop/serviceaccounts/default", 403);

        var facts = await FactsAsync(Pod("default-dockercfg-abc12"), group: "");

        facts.DockercfgSecrets.ShouldBeNull();
        facts.Warnings.ShouldHaveSingleItem().ShouldBe("restore-mutator: serviceaccount shop/default lookup failed (forbidden); pull secrets kept");
    }

    [Fact]
    public async Task GetAsync_UnlabelledObject_LooksNothingUp()
    {
        var facts = await FactsAsync(Deployment(restore: null));

        facts.DestinationRegistry.ShouldBeNull();
        _api.Hits(Images).ShouldBe(0);
        _api.Hits("/version").ShouldBe(0);
    }

    [Fact]
    public async Task GetAsync_LookupsOffAfterReload_UsesConfigOnly()
    {
        var facts = await FactsAsync(Deployment(), "lookups: off");

        facts.DestinationRegistry.ShouldBeNull();
        _api.Hits(Images).ShouldBe(0);
    }

    [Fact]
    public async Task GetAsync_RouteWithRewrittenHosts_DiscoversAppsDomain()
    {
        var facts = await FactsAsync(Route(generated: true), "routes: {generatedHosts: rewrite}", group: "route.openshift.io", extraRule: new RouteProbe());

        facts.AppsDomain.ShouldBe(ApiObjects.AppsDomain);
        _api.Hits(Images).ShouldBe(0);
    }

    [Fact]
    public async Task GetAsync_RouteWithOwnHost_LooksUpNothing()
    {
        // T1 rewrites only hosts the source router generated; a route with its own host needs no apps domain.
        var facts = await FactsAsync(Route(generated: false), "routes: {generatedHosts: rewrite}", group: "route.openshift.io", extraRule: new RouteProbe());

        facts.AppsDomain.ShouldBeNull();
        _api.Hits(Ingresses).ShouldBe(0);
        _api.Hits(Images).ShouldBe(0);
    }

    [Fact]
    public async Task GetAsync_PvcWithUnmappedSelectedNode_LooksTheNodeUpOnce()
    {
        _api.Json("/api/v1/nodes/worker-b-2", ApiObjects.Node("worker-b-2"));

        var facts = await FactsAsync(Pvc(selectedNode: "worker-b-2"), group: "");
        var again = await FactsAsync(Pvc(selectedNode: "worker-b-2"), group: "");

        facts.Nodes.ShouldBe(new Dictionary<string, bool> { ["worker-b-2"] = true });
        again.NodeExists("worker-b-2").ShouldBeTrue();
        facts.Warnings.ShouldBeEmpty();
        _api.Hits("/api/v1/nodes/worker-b-2").ShouldBe(1);
    }

    [Fact]
    public async Task GetAsync_SelectedNodeNotFound_IsKnownAbsentWithoutWarning()
    {
        var facts = await FactsAsync(Pvc(selectedNode: "worker-gone"), group: "");

        facts.Nodes.ShouldBe(new Dictionary<string, bool> { ["worker-gone"] = false });
        facts.Warnings.ShouldBeEmpty();
    }

    [Fact]
    public async Task GetAsync_NodeLookupForbidden_CountsAsAbsentWithWarningAndMetric()
    {
        // K5: a failed node lookup is "absent" (the selection is removed, the scheduler picks again) plus the K4 warning.
        _api.Status("/api/v1/nodes/worker-b-2", 403);

        var facts = await FactsAsync(Pvc(selectedNode: "worker-b-2"), group: "");

        facts.Nodes.ShouldNotBeNull().ShouldBeEmpty();
        facts.NodeExists("worker-b-2").ShouldBeFalse();
        facts.Warnings.ShouldHaveSingleItem().ShouldBe("restore-mutator: node worker-b-2 lookup failed (forbidden); treated as absent");
        _capture.Sum(LookupMetrics.FailuresName, ("target", "node"), ("reason", "forbidden")).ShouldBe(1);
    }

    [Fact]
    public async Task GetAsync_MappedSelectedNode_IsNotLookedUp()
    {
        var facts = await FactsAsync(Pvc(selectedNode: "worker-a-2"), "nodes: {mapping: {worker-a-2: worker-b-2}}", group: "");

        facts.Nodes.ShouldBeNull();
        _api.Hits("/api/v1/nodes/worker-a-2").ShouldBe(0);
    }

    [Fact]
    public async Task GetAsync_PvcStorageClass_ExistingAndMissingAreKnown()
    {
        _api.Json("/apis/storage.k8s.io/v1/storageclasses/gp3-csi", ApiObjects.StorageClass("gp3-csi"));

        var present = await FactsAsync(Pvc(storageClass: "gp3-csi"), group: "");
        var missing = await FactsAsync(Pvc(storageClass: "fast-ssd"), group: "");

        present.StorageClasses.ShouldBe(new Dictionary<string, bool> { ["gp3-csi"] = true });
        missing.StorageClasses.ShouldBe(new Dictionary<string, bool> { ["fast-ssd"] = false });
        missing.StorageClassMissing("fast-ssd").ShouldBeTrue();
        missing.Warnings.ShouldBeEmpty();
    }

    [Fact]
    public async Task GetAsync_StorageClassLookupFails_WarnsAndLeavesItUnknown()
    {
        // K5: a failed StorageClass lookup gives the K4 warning and no V4 one (the class is not known to be missing).
        _api.Garbage("/apis/storage.k8s.io/v1/storageclasses/fast-ssd");

        var facts = await FactsAsync(Pvc(storageClass: "fast-ssd"), group: "");

        facts.StorageClasses.ShouldNotBeNull().ShouldBeEmpty();
        facts.StorageClassMissing("fast-ssd").ShouldBeFalse();
        facts.Warnings.ShouldHaveSingleItem().ShouldStartWith("restore-mutator: storageclass fast-ssd lookup failed (");
    }

    [Fact]
    public async Task GetAsync_PvcLookupsOff_LooksUpNoNodeOrClass()
    {
        var facts = await FactsAsync(Pvc(selectedNode: "worker-b-2", storageClass: "gp3-csi"), "lookups: off", group: "");

        facts.Nodes.ShouldBeNull();
        facts.StorageClasses.ShouldBeNull();
        _api.Hits("/api/v1/nodes/worker-b-2").ShouldBe(0);
        _api.Hits("/apis/storage.k8s.io/v1/storageclasses/gp3-csi").ShouldBe(0);
    }

    private static JsonObject Pvc(string? selectedNode = null, string? storageClass = null)
    {
        var metadata = new JsonObject { ["name"] = "web-data", ["namespace"] = "shop", ["labels"] = new JsonObject { ["velero.io/restore-name"] = "nightly-20261120" } };
        if (selectedNode is not null)
        {
            metadata["annotations"] = new JsonObject { ["volume.kubernetes.io/selected-node"] = selectedNode };
        }

        var spec = new JsonObject { ["accessModes"] = new JsonArray("ReadWriteOnce") };
        if (storageClass is not null)
        {
            spec["storageClassName"] = storageClass;
        }

        return new JsonObject { ["apiVersion"] = "v1", ["kind"] = "PersistentVolumeClaim", ["metadata"] = metadata, ["spec"] = spec };
    }

    private static JsonObject Route(bool generated)
    {
        var metadata = new JsonObject { ["name"] = "web", ["namespace"] = "shop", ["labels"] = new JsonObject { ["velero.io/restore-name"] = "nightly-20261120" } };
        if (generated)
        {
            metadata["annotations"] = new JsonObject { ["openshift.io/host.generated"] = "true" };
        }

        return new JsonObject
        {
            ["apiVersion"] = "route.openshift.io/v1",
            ["kind"] = "Route",
            ["metadata"] = metadata,
            ["spec"] = new JsonObject { ["host"] = "web-shop-old.apps.old.example.com" },
        };
    }

    private async Task<ClusterFacts> FactsAsync(JsonObject obj, string yaml = "", string group = "apps", IMutationRule? extraRule = null, TimeSpan? deadline = null)
    {
        var result = WebhookSettingsLoader.Load("velero: {namespace: openshift-adp}\n" + yaml);
        result.Succeeded.ShouldBeTrue(string.Join("; ", result.Errors));
        var settings = result.Settings!;
        var snapshot = ConfigSnapshot.Create(settings, "test");
        if (extraRule is not null)
        {
            snapshot = snapshot with { Pipeline = new MutationPipeline(settings.Mutation, [.. RuleCatalog.Create(settings.Mutation), extraRule]) };
        }

        using var document = JsonDocument.Parse(obj.ToJsonString());
        var request = new AdmissionRequest
        {
            Uid = "b6f1c1de-8f0e-4a51-9a0e-2f6d8f0c1a11",
            Kind = new GroupVersionKind(group, "v1", (string)obj["kind"]!),
            Resource = ((string)obj["kind"]!).ToLowerInvariant() + "s",
            Name = (string)obj["metadata"]!["name"]!,
            Namespace = "shop",
            Operation = AdmissionOperation.Create,
            Object = document.RootElement,
        };
        // Only the lookups are timed: config parsing (first-run JIT) is not what the bound is about.
        using var cancellation = new CancellationTokenSource(deadline ?? Timeout.InfiniteTimeSpan);
        var watch = Stopwatch.StartNew();
        var facts = await _source.GetAsync(snapshot.Pipeline.Plan(request), snapshot, cancellation.Token);
        _lastElapsed = watch.Elapsed;
        return facts;
    }

    private static JsonObject Deployment(string? restore = "nightly-20261120")
    {
        var deployment = Support.LookupReviews.Deployment();
        if (restore is null)
        {
            deployment["metadata"]!["labels"]!.AsObject().Remove("velero.io/restore-name");
        }
        else
        {
            deployment["metadata"]!["labels"]!["velero.io/restore-name"] = restore;
        }

        return deployment;
    }

    private static JsonObject Pod(params string[] pullSecrets) => Support.LookupReviews.Pod(pullSecrets);

    /// <summary>Stands in for the route-host rule (T1), built elsewhere: makes Routes in scope.</summary>
    private sealed class RouteProbe : IMutationRule
    {
        public string Family => "probe";

        public IReadOnlyCollection<ResourceKind> Kinds { get; } = [KnownKinds.Route];

        public void Apply(MutationContext context)
        {
        }
    }
}
