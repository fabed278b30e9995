using System.Diagnostics;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using RestoreMutator.Webhook.Lookups;
using RestoreMutator.Webhook.Tests.Lookups.Support;
using RestoreMutator.Webhook.Tests.Support;
using Shouldly;

namespace RestoreMutator.Webhook.Tests.Lookups;

/// <summary>POST /mutate with lookups wired to the fake API through a kubeconfig: discovered facts reach the rules (K1-K4, R4, P6, B2).</summary>
public class LookupWebhookTests : IAsyncLifetime
{
    private FakeKubernetesApi _api = null!;
    private LookupWebhook _webhook = null!;

    public async ValueTask InitializeAsync()
    {
        _api = (await FakeKubernetesApi.StartAsync()).WithOpenShiftCluster();
        _webhook = await LookupWebhook.StartAsync(_api);
        await LookupClusterFactsSourceTests.WarmUpAsync(_webhook.App.Services.GetRequiredService<RestoreMutator.Webhook.Cluster.ClusterClient>());
        var unlabelled = LookupReviews.Deployment();
        unlabelled["metadata"]!["labels"] = new JsonObject { ["app"] = "web" };
        await _webhook.ReviewAsync(Reviews.Review(unlabelled));
        // ClusterWarmUp's one /version call, so every test starts from the same count.
        var waited = Stopwatch.StartNew();
        while (_api.Hits("/version") == 0 && waited.Elapsed < TimeSpan.FromSeconds(15))
        {
            await Task.Delay(50);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _webhook.DisposeAsync();
        await _api.DisposeAsync();
    }

    [Fact]
    public async Task Mutate_Deployment_RewritesWithDiscoveredRegistryAndRestoreMapping()
    {
        // The config has neither a destination registry nor a namespace mapping: both come from the cluster (K1, K2 -> R1, R4).
        var input = LookupReviews.Deployment();
        var answer = await _webhook.ReviewAsync(Reviews.Review(input));

        var patched = JsonPatchOracle.Apply(input, Reviews.Patch(answer)!);
        ((string?)patched["spec"]!["template"]!["spec"]!["containers"]![0]!["image"]).ShouldBe(ApiObjects.Registry + "/shop/web:1.4");
        var annotations = patched["metadata"]!["annotations"]!;
        ((string?)annotations["openshift.io/restore-registry-hostname"]).ShouldBe(ApiObjects.Registry);
        ((string?)annotations["openshift.io/restore-server-version"]).ShouldBe("1.31");
        answer["response"]!["warnings"].ShouldBeNull();
    }

    [Fact]
    public async Task Mutate_PodWithGeneratedPullSecrets_RenamesToDestinationSecrets()
    {
        var input = LookupReviews.Pod("my-registry-creds", "default-dockercfg-abc12", "builder-dockercfg-def34");
        var answer = await _webhook.ReviewAsync(Reviews.Review(input, group: "", kind: "Pod", resource: "pods"));

        var patch = Reviews.Patch(answer)!;
        patch.Where(op => ((string?)op!["path"])!.StartsWith("/spec/imagePullSecrets", StringComparison.Ordinal))
            .Select(op => $"{op!["op"]} {op["path"]} {op["value"]}")
            .ShouldBe(["replace /spec/imagePullSecrets/1/name default-dockercfg-q8z4w", "replace /spec/imagePullSecrets/2/name builder-dockercfg-n3w5x"]);
        var patched = JsonPatchOracle.Apply(input, patch);
        ((string?)patched["spec"]!["imagePullSecrets"]![0]!["name"]).ShouldBe("my-registry-creds");
        ((string?)patched["metadata"]!["annotations"]!["restore-mutator.io/applied"]).ShouldBe("pull-secret,registry");
    }

    [Fact]
    public async Task Mutate_PodWhoseAccountHasNoSecret_KeepsEntryAndWarns()
    {
        var input = LookupReviews.Pod("deployer-dockercfg-ghi56");
        var answer = await _webhook.ReviewAsync(Reviews.Review(input, group: "", kind: "Pod", resource: "pods"));

        var patch = Reviews.Patch(answer)!;
        patch.ShouldNotContain(op => ((string?)op!["path"])!.StartsWith("/spec/imagePullSecrets", StringComparison.Ordinal));
        answer["response"]!["warnings"]!.AsArray().Select(w => (string?)w)
            .ShouldContain("kept pull secret deployer-dockercfg-ghi56: no dockercfg secret for serviceaccount shop/deployer");
    }

    [Fact]
    public async Task Mutate_BuildConfig_RenamesPushAndPullSecrets()
    {
        var input = LookupReviews.BuildConfig();
        var answer = await _webhook.ReviewAsync(Reviews.Review(input, group: "build.openshift.io", kind: "BuildConfig", resource: "buildconfigs"));

        var patched = JsonPatchOracle.Apply(input, Reviews.Patch(answer)!);
        ((string?)patched["spec"]!["output"]!["pushSecret"]!["name"]).ShouldBe("builder-dockercfg-n3w5x");
        ((string?)patched["spec"]!["strategy"]!["sourceStrategy"]!["pullSecret"]!["name"]).ShouldBe("builder-dockercfg-n3w5x");
    }

    [Fact]
    public void Startup_WarmsTheClusterClientBeforeAnyLookup()
    {
        // ClusterWarmUp: one /version call at startup (InitializeAsync waits for it; its unlabelled review looks nothing up).
        _api.Hits("/version").ShouldBe(1);
    }

    [Fact]
    public async Task Mutate_PvcOnExistingNodeWithMissingClass_KeepsNodeAndWarnsAboutClass()
    {
        // Velero's semantics (V2, V4 through K5): an unmapped selected node that exists in the destination
        // stays; a storage class the destination lacks is reported and counted, the claim still restored.
        _api.Json("/api/v1/nodes/worker-b-2", ApiObjects.Node("worker-b-2"));
        using var capture = new MetricCapture(_webhook.Metrics.Meter);
        var input = Pvc("worker-b-2", "fast-ssd");

        var answer = await _webhook.ReviewAsync(Reviews.Review(input, group: "", kind: "PersistentVolumeClaim", resource: "persistentvolumeclaims"));

        var patched = Reviews.Patch(answer) is { } patch ? JsonPatchOracle.Apply(input, patch) : input;
        ((string?)patched["metadata"]!["annotations"]!["volume.kubernetes.io/selected-node"]).ShouldBe("worker-b-2");
        answer["response"]!["warnings"]!.AsArray().Select(w => (string?)w)
            .ShouldBe(["storage class fast-ssd does not exist in the destination (PersistentVolumeClaim shop/web-data)"]);
        capture.Sum("restore_mutator_missing_storage_classes_total", ("storage_class", "fast-ssd")).ShouldBe(1);
    }

    [Fact]
    public async Task Mutate_PvcOnAbsentNode_RemovesTheSelection()
    {
        var input = Pvc("worker-a-9", storageClass: null);

        var answer = await _webhook.ReviewAsync(Reviews.Review(input, group: "", kind: "PersistentVolumeClaim", resource: "persistentvolumeclaims"));

        var patched = JsonPatchOracle.Apply(input, Reviews.Patch(answer)!);
        patched["metadata"]!["annotations"]?["volume.kubernetes.io/selected-node"].ShouldBeNull();
        answer["response"]!["warnings"].ShouldBeNull();
    }

    private static JsonObject Pvc(string selectedNode, string? storageClass)
    {
        var spec = new JsonObject { ["accessModes"] = new JsonArray("ReadWriteOnce"), ["resources"] = new JsonObject { ["requests"] = new JsonObject { ["storage"] = "10Gi" } } };
        if (storageClass is not null)
        {
            spec["storageClassName"] = storageClass;
        }

        return new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "PersistentVolumeClaim",
            ["metadata"] = new JsonObject
            {
                ["name"] = "web-data",
                ["namespace"] = "shop",
                ["labels"] = new JsonObject { ["velero.io/restore-name"] = "nightly-20261120" },
                ["annotations"] = new JsonObject { ["volume.kubernetes.io/selected-node"] = selectedNode },
            },
            ["spec"] = spec,
        };
    }

    [Fact]
    public async Task Mutate_SlowApi_AnswersWithinLookupTimeoutWithWarning()
    {
        _api.Slow("/api/v1/namespaces/shop/serviceaccounts/builder", TimeSpan.FromSeconds(20));
        using var capture = new MetricCapture(_webhook.Metrics.Meter);

        var input = LookupReviews.Pod("builder-dockercfg-def34");
        var watch = Stopwatch.StartNew();
        var answer = await _webhook.ReviewAsync(Reviews.Review(input, group: "", kind: "Pod", resource: "pods"), "?timeout=10s");
        watch.Stop();

        watch.Elapsed.ShouldBeLessThan(LookupOptions.Default.CallTimeout + LookupClusterFactsSourceTests.Margin);
        ((bool)answer["response"]!["allowed"]!).ShouldBeTrue();
        answer["response"]!["warnings"]!.AsArray().Select(w => (string?)w)
            .ShouldContain("restore-mutator: serviceaccount shop/builder lookup failed (timeout); pull secrets kept");
        Reviews.Patch(answer)!.ShouldNotContain(op => ((string?)op!["path"])!.StartsWith("/spec/imagePullSecrets", StringComparison.Ordinal));
        capture.Sum(LookupMetrics.FailuresName, ("target", "serviceaccount"), ("reason", "timeout")).ShouldBe(1);
    }

    [Fact]
    public async Task Mutate_ShortApiServerTimeout_StopsWaitingBeforeTheCallTimeout()
    {
        var input = LookupReviews.Pod("default-dockercfg-abc12");
        input["metadata"]!["namespace"] = "fresh";
        _api.Slow("/api/v1/namespaces/fresh/serviceaccounts/default", TimeSpan.FromSeconds(20));

        // ?timeout=1s leaves a work budget of 750 ms (AdmissionHandler.WorkBudget), below the 1 s call
        // timeout: the reason "deadline" (not "timeout") shows the request stopped waiting first.
        var watch = Stopwatch.StartNew();
        var answer = await _webhook.ReviewAsync(Reviews.Review(input, group: "", kind: "Pod", resource: "pods"), "?timeout=1s");
        watch.Stop();

        watch.Elapsed.ShouldBeLessThan(TimeSpan.FromMilliseconds(750) + LookupClusterFactsSourceTests.Margin);
        answer["response"]!["warnings"]!.AsArray().Select(w => (string?)w)
            .ShouldContain("restore-mutator: serviceaccount fresh/default lookup failed (deadline); pull secrets kept");
    }

    [Fact]
    public async Task Metrics_AfterFailedLookup_ExportsLookupSeries()
    {
        _api.Status("/apis/config.openshift.io/v1/images/cluster", 403);
        await _webhook.ReviewAsync(Reviews.Review(LookupReviews.Deployment()));

        var text = await _webhook.Client.GetStringAsync("/metrics");

        text.ShouldContain("restore_mutator_lookup_failures_total{reason=\"forbidden\",target=\"image_config\"} 1", Case.Sensitive, text);
        text.ShouldContain("restore_mutator_lookup_duration_seconds_bucket{target=\"version\"", Case.Sensitive, text);
    }

    [Theory]
    [InlineData("web", true)]
    [InlineData("api", false)]
    public async Task Mutate_ManagedPodOfARestoreWithHooks_IsKeptOnlyWhenAHookSelectsIt(string app, bool kept)
    {
        // P3: the hook selects app=web pods of the source namespace shop-old (restored into shop).
        _api.Json("/apis/velero.io/v1/namespaces/openshift-adp/restores/hooked", ApiObjects.Restore("hooked", hooksJson: ApiObjects.WarmCacheHook));
        var input = LookupReviews.Pod();
        var labels = input["metadata"]!["labels"]!.AsObject();
        labels["velero.io/restore-name"] = "hooked";
        labels["app"] = app;
        labels["pod-template-hash"] = "7d4b9c";

        var answer = await _webhook.ReviewAsync(Reviews.Review(input, group: "", kind: "Pod", resource: "pods"));

        var response = answer["response"]!;
        ((bool)response["allowed"]!).ShouldBe(kept, response.ToJsonString());
        if (!kept)
        {
            ((int)response["status"]!["code"]!).ShouldBe(409);
            ((string)response["status"]!["message"]!).ShouldContain("managed by a ReplicaSet");
        }
    }

    [Fact]
    public async Task Mutate_UnlabelledPod_DoesNoLookups()
    {
        var input = LookupReviews.Pod("default-dockercfg-abc12");
        input["metadata"]!["labels"] = new JsonObject { ["app"] = "web" };

        var answer = await _webhook.ReviewAsync(Reviews.Review(input, group: "", kind: "Pod", resource: "pods"));

        Reviews.Patch(answer).ShouldBeNull();
        _api.Hits("/api/v1/namespaces/shop/serviceaccounts/default").ShouldBe(0);
        _api.Hits("/version").ShouldBe(1); // the startup warm-up only
    }
}
