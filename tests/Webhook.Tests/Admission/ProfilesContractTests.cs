using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using RestoreMutator.Webhook.Tests.Lookups;
using RestoreMutator.Webhook.Tests.Lookups.Support;
using RestoreMutator.Webhook.Tests.Support;
using Shouldly;

namespace RestoreMutator.Webhook.Tests.Admission;

/// <summary>
/// SPEC X1 through POST /mutate: a profile chosen by its <c>restores</c> glob (lookups off) or by the
/// Restore's annotation read from the cluster (K1), an unknown profile name, the S7/A6 entry, the
/// <c>Profile</c> log field and the per-profile counters.
/// </summary>
public class ProfilesContractTests
{
    private const string Profiles = """

        storageClasses: {gp2: gp3-csi}
        profiles:
          east:
            restores: ["dr-east-*"]
            registry:
              destination: registry.east.example.com:5000
            storageClasses: {gp2: east-ssd}
          west:
            storageClasses: {gp2: west-ssd}
        """;

    [Fact]
    public async Task Mutate_RestoreMatchingAGlob_AppliesThatProfileAndRecordsIt()
    {
        var logs = new CapturingLoggerProvider();
        await using var webhook = await InMemoryWebhook.StartAsync(InMemoryWebhook.DefaultConfig + Profiles,
            services => services.AddSingleton<ILoggerProvider>(logs));
        var input = Reviews.Deployment();
        input["metadata"]!["labels"]!["velero.io/restore-name"] = "dr-east-20261201";

        var answer = await webhook.ReviewAsync(Reviews.Review(input));

        var patched = JsonPatchOracle.Apply(input, Reviews.Patch(answer).ShouldNotBeNull());
        ((string?)patched["spec"]!["template"]!["spec"]!["containers"]![0]!["image"]).ShouldBe("registry.east.example.com:5000/shop/web:1.4");
        ((string?)patched["metadata"]!["annotations"]!["restore-mutator.io/applied"]).ShouldBe("profile:east,registry");
        ((string?)answer["response"]!["auditAnnotations"]!["applied"]).ShouldBe("profile:east,registry");
        logs.Reviewed.ShouldHaveSingleItem()["Profile"].ShouldBe("east");
        var metrics = await webhook.MetricsAsync();
        MetricsText.Samples(metrics, "restore_mutator_profile_reviews_total").ShouldHaveSingleItem()
            .ShouldSatisfyAllConditions(
                line => line.ShouldContain("profile=\"east\""),
                line => line.ShouldContain("outcome=\"patched\""),
                line => line.ShouldEndWith(" 1"));
    }

    [Fact]
    public async Task Mutate_RestoreMatchingNoGlob_UsesTheBaseWithoutAProfileEntry()
    {
        var logs = new CapturingLoggerProvider();
        await using var webhook = await InMemoryWebhook.StartAsync(InMemoryWebhook.DefaultConfig + Profiles,
            services => services.AddSingleton<ILoggerProvider>(logs));
        var input = Reviews.Deployment();

        var answer = await webhook.ReviewAsync(Reviews.Review(input));

        var patched = JsonPatchOracle.Apply(input, Reviews.Patch(answer).ShouldNotBeNull());
        ((string?)patched["spec"]!["template"]!["spec"]!["containers"]![0]!["image"]).ShouldBe("image-registry.openshift-image-registry.svc:5000/shop/web:1.4");
        ((string?)patched["metadata"]!["annotations"]!["restore-mutator.io/applied"]).ShouldBe("registry");
        logs.Reviewed.ShouldHaveSingleItem()["Profile"].ShouldBeNull();
        MetricsText.Samples(await webhook.MetricsAsync(), "restore_mutator_profile_reviews_total").ShouldBeEmpty();
    }

    [Fact]
    public async Task Mutate_RestoreAnnotatedWithAProfile_WinsOverTheGlob()
    {
        await using var api = await StartApiAsync("dr-east-1", """{"restore-mutator.io/profile": "west"}""");
        await using var webhook = await StartWebhookAsync(api);

        var answer = await webhook.ReviewAsync(Reviews.Review(Claim("dr-east-1"), group: "", kind: "PersistentVolumeClaim", resource: "persistentvolumeclaims"));

        var patch = Reviews.Patch(answer).ShouldNotBeNull();
        patch.ShouldContain(op => (string?)op!["path"] == "/spec/storageClassName" && (string?)op["value"] == "west-ssd");
        ((string?)answer["response"]!["auditAnnotations"]!["applied"]).ShouldBe("profile:west,storage-class");
        answer["response"]!["warnings"].ShouldBeNull();
        // The lookups follow the chosen profile: west's class is checked (V4), not the glob's (east).
        api.Hits(StorageClasses + "/west-ssd").ShouldBe(1);
        api.Hits(StorageClasses + "/east-ssd").ShouldBe(0);
    }

    [Fact]
    public async Task Mutate_RestoreWithoutTheAnnotation_KeepsTheGlobsChoice()
    {
        await using var api = await StartApiAsync("dr-east-2", "{}");
        await using var webhook = await StartWebhookAsync(api);

        var answer = await webhook.ReviewAsync(Reviews.Review(Claim("dr-east-2"), group: "", kind: "PersistentVolumeClaim", resource: "persistentvolumeclaims"));

        ((string?)answer["response"]!["auditAnnotations"]!["applied"]).ShouldBe("profile:east,storage-class");
        api.Hits("/apis/velero.io/v1/namespaces/openshift-adp/restores/dr-east-2").ShouldBe(1, "a PVC's rules need no Restore; the profile does");
    }

    [Fact]
    public async Task Mutate_RestoreNamingAnUnknownProfile_UsesTheBaseAndWarnsOnEveryObject()
    {
        await using var api = await StartApiAsync("dr-east-3", """{"restore-mutator.io/profile": "north"}""");
        await using var webhook = await StartWebhookAsync(api);
        const string Warning = "restore-mutator: unknown profile north named by Restore dr-east-3; base configuration used";

        var changed = await webhook.ReviewAsync(Reviews.Review(Claim("dr-east-3"), group: "", kind: "PersistentVolumeClaim", resource: "persistentvolumeclaims"));
        var unchanged = await webhook.ReviewAsync(Reviews.Review(Claim("dr-east-3", "premium"), group: "", kind: "PersistentVolumeClaim", resource: "persistentvolumeclaims"));

        ((string?)changed["response"]!["auditAnnotations"]!["applied"]).ShouldBe("storage-class");
        Reviews.Patch(changed)!.ShouldContain(op => (string?)op!["value"] == "gp3-csi");
        changed["response"]!["warnings"]!.AsArray().Select(w => (string?)w).ShouldBe([Warning]);
        Reviews.Patch(unchanged).ShouldBeNull();
        unchanged["response"]!["warnings"]!.AsArray().Select(w => (string?)w).ShouldBe([Warning]);
        var metrics = await webhook.Client.GetStringAsync("/metrics");
        MetricsText.Value(metrics, "restore_mutator_unknown_profile_reviews_total").ShouldBe(2);
        MetricsText.Samples(metrics, "restore_mutator_profile_reviews_total").ShouldBeEmpty();
    }

    private const string StorageClasses = "/apis/storage.k8s.io/v1/storageclasses";

    private static JsonObject Claim(string restore, string storageClass = "gp2") => new()
    {
        ["apiVersion"] = "v1",
        ["kind"] = "PersistentVolumeClaim",
        ["metadata"] = new JsonObject
        {
            ["name"] = "data",
            ["namespace"] = "shop",
            ["labels"] = new JsonObject { ["velero.io/restore-name"] = restore },
        },
        ["spec"] = new JsonObject
        {
            ["accessModes"] = new JsonArray("ReadWriteOnce"),
            ["storageClassName"] = storageClass,
            ["resources"] = new JsonObject { ["requests"] = new JsonObject { ["storage"] = "1Gi" } },
        },
    };

    private static async Task<FakeKubernetesApi> StartApiAsync(string restore, string annotationsJson)
    {
        var api = (await FakeKubernetesApi.StartAsync()).WithOpenShiftCluster();
        foreach (var storageClass in new[] { "gp3-csi", "east-ssd", "west-ssd", "premium" })
        {
            // K5: the classes exist in the destination, so V4 adds no warning.
            api.Json($"{StorageClasses}/{storageClass}", $$"""
                {"apiVersion": "storage.k8s.io/v1", "kind": "StorageClass", "metadata": {"name": "{{storageClass}}"}, "provisioner": "ebs.csi.aws.com"}
                """);
        }

        api.Json($"/apis/velero.io/v1/namespaces/openshift-adp/restores/{restore}", $$$"""
            {"apiVersion": "velero.io/v1", "kind": "Restore",
             "metadata": {"name": "{{{restore}}}", "namespace": "openshift-adp", "uid": "2c4e6a8b-0d1f-4a3c-8e5b-7d9f1a3c5e70",
                          "annotations": {{{annotationsJson}}}},
             "spec": {"backupName": "nightly", "includedNamespaces": ["shop"]}}
            """);
        return api;
    }

    private static async Task<LookupWebhook> StartWebhookAsync(FakeKubernetesApi api)
    {
        var webhook = await LookupWebhook.StartAsync(api, LookupWebhook.Config + Profiles);
        await LookupClusterFactsSourceTests.WarmUpAsync(webhook.App.Services.GetRequiredService<RestoreMutator.Webhook.Cluster.ClusterClient>());
        return webhook;
    }

    /// <summary>Keeps the fields of every <c>AdmissionReviewed</c> event.</summary>
    private sealed class CapturingLoggerProvider : ILoggerProvider, ILogger
    {
        private readonly ConcurrentQueue<IReadOnlyDictionary<string, object?>> _reviewed = new();

        public IReadOnlyList<IReadOnlyDictionary<string, object?>> Reviewed => [.. _reviewed];

        public ILogger CreateLogger(string categoryName) => this;

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (eventId.Name == "AdmissionReviewed" && state is IReadOnlyList<KeyValuePair<string, object?>> fields)
            {
                _reviewed.Enqueue(fields.ToDictionary(field => field.Key, field => field.Value, StringComparer.Ordinal));
            }
        }

        public void Dispose()
        {
        }
    }
}
