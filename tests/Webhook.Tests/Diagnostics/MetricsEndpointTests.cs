using System.Net;
using System.Security.Cryptography.X509Certificates;
using RestoreMutator.Webhook.Tests.Support;
using RestoreMutator.Webhook.Tls;
using Microsoft.Extensions.DependencyInjection;
using Shouldly;

namespace RestoreMutator.Webhook.Tests.Diagnostics;

/// <summary>GET /metrics on the in-memory host: every request is counted with the right labels (SPEC C3).</summary>
public class MetricsEndpointTests
{
    [Fact]
    public async Task Metrics_ContentType_IsPrometheusText004()
    {
        await using var webhook = await InMemoryWebhook.StartAsync();
        using var response = await webhook.Client.GetAsync("/metrics");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.ToString().ShouldBe("text/plain; version=0.0.4; charset=utf-8");
    }

    [Fact]
    public async Task Metrics_PatchedReview_CountedWithKindOperationOutcomeAndOperations()
    {
        await using var webhook = await InMemoryWebhook.StartAsync();
        var answer = await webhook.ReviewAsync(Reviews.Review(Reviews.Deployment()));
        var operations = Reviews.Patch(answer)!.Count;

        var text = await webhook.MetricsAsync();

        MetricsText.Value(text, "restore_mutator_admission_requests_total{kind=\"Deployment\",operation=\"CREATE\",outcome=\"patched\"}").ShouldBe(1);
        MetricsText.Value(text, "restore_mutator_patch_operations_total{kind=\"Deployment\"}").ShouldBe(operations);
        MetricsText.Value(text, "restore_mutator_admission_duration_seconds_count").ShouldBe(1);
        MetricsText.Value(text, "restore_mutator_admission_duration_seconds_bucket{le=\"+Inf\"}").ShouldBe(1);
        MetricsText.Value(text, "restore_mutator_inflight_requests").ShouldBe(0);
        text.ShouldContain("# TYPE restore_mutator_admission_duration_seconds histogram\n");
        text.ShouldContain("restore_mutator_admission_duration_seconds_bucket{le=\"0.0005\"}");
    }

    [Fact]
    public async Task Metrics_UnchangedAndUnhandledKind_UseOtherForUnknownKinds()
    {
        await using var webhook = await InMemoryWebhook.StartAsync();
        await webhook.ReviewAsync(Reviews.Review(Reviews.Deployment(restored: false), operation: "UPDATE"));
        await webhook.ReviewAsync(Reviews.Review(Reviews.Deployment(), kind: "MadeUpKind", group: "example.com", resource: "madeupkinds"));

        var text = await webhook.MetricsAsync();

        MetricsText.Value(text, "restore_mutator_admission_requests_total{kind=\"Deployment\",operation=\"UPDATE\",outcome=\"unchanged\"}").ShouldBe(1);
        MetricsText.Value(text, "restore_mutator_admission_requests_total{kind=\"other\",operation=\"CREATE\",outcome=\"unchanged\"}").ShouldBe(1);
        text.ShouldNotContain("MadeUpKind");
    }

    [Fact]
    public async Task Metrics_RejectedInput_CountedByStatusCode()
    {
        await using var webhook = await InMemoryWebhook.StartAsync();
        (await webhook.PostAsync("{}", "text/plain")).StatusCode.ShouldBe(HttpStatusCode.UnsupportedMediaType);
        (await webhook.PostAsync("not json")).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await webhook.PostAsync("[]")).StatusCode.ShouldBe(HttpStatusCode.BadRequest);

        var text = await webhook.MetricsAsync();

        MetricsText.Value(text, "restore_mutator_bad_requests_total{code=\"415\"}").ShouldBe(1);
        MetricsText.Value(text, "restore_mutator_bad_requests_total{code=\"400\"}").ShouldBe(2);
        MetricsText.Value(text, "restore_mutator_admission_requests_total{kind=\"unknown\",operation=\"unknown\",outcome=\"rejected\"}").ShouldBe(3);
    }

    [Fact]
    public async Task Metrics_SkippedObject_CountedByReason()
    {
        await using var webhook = await InMemoryWebhook.StartAsync(snapshot: TestRules.Pipeline(new TestRules.Skipping()));
        var answer = await webhook.ReviewAsync(Reviews.Review(Reviews.Deployment()));
        ((bool)answer["response"]!["allowed"]!).ShouldBeFalse();

        var text = await webhook.MetricsAsync();

        MetricsText.Value(text, "restore_mutator_skips_total{reason=\"test-skip\"}").ShouldBe(1);
        MetricsText.Value(text, "restore_mutator_admission_requests_total{kind=\"Deployment\",operation=\"CREATE\",outcome=\"skipped\"}").ShouldBe(1);
    }

    [Fact]
    public async Task Metrics_CertificateExpiry_IsTheServedCertificatesNotAfter()
    {
        await using var webhook = await InMemoryWebhook.StartAsync();
        var leaf = webhook.App.Services.GetRequiredService<CertificateStore>().Current!.Leaf;

        var text = await webhook.MetricsAsync();

        MetricsText.Value(text, "restore_mutator_certificate_expiry_timestamp_seconds")
            .ShouldBe(new DateTimeOffset(leaf.NotAfter.ToUniversalTime()).ToUnixTimeSeconds());
    }

    [Fact]
    public async Task Metrics_EveryFamily_HasHelpAndType()
    {
        await using var webhook = await InMemoryWebhook.StartAsync();
        var text = await webhook.MetricsAsync();

        string[] families =
        [
            "restore_mutator_admission_requests_total counter", "restore_mutator_admission_duration_seconds histogram",
            "restore_mutator_patch_operations_total counter", "restore_mutator_skips_total counter",
            "restore_mutator_bad_requests_total counter", "restore_mutator_config_reloads_total counter",
            "restore_mutator_certificate_reloads_total counter", "restore_mutator_certificate_expiry_timestamp_seconds gauge",
            "restore_mutator_inflight_requests gauge",
        ];
        foreach (var family in families)
        {
            text.ShouldContain("# TYPE " + family + "\n");
            text.ShouldContain("# HELP " + family.Split(' ')[0] + " ");
        }
    }

    [Fact]
    public async Task Metrics_TwoHostsInOneProcess_DoNotCountEachOther()
    {
        await using var first = await InMemoryWebhook.StartAsync();
        await using var second = await InMemoryWebhook.StartAsync();
        await first.ReviewAsync(Reviews.Review(Reviews.Deployment()));

        MetricsText.Value(await second.MetricsAsync(), "restore_mutator_admission_duration_seconds_count").ShouldBe(0);
        MetricsText.Value(await first.MetricsAsync(), "restore_mutator_admission_duration_seconds_count").ShouldBe(1);
    }
}
