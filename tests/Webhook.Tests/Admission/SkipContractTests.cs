using System.Net;
using System.Text.Json.Nodes;
using RestoreMutator.Webhook.Tests.Support;
using Shouldly;

namespace RestoreMutator.Webhook.Tests.Admission;

/// <summary>
/// SPEC P4 over HTTP: a skipped object is answered HTTP 200 with <c>allowed: false</c>, a Status
/// carrying code, reason and message, no patch, and the request uid. <c>skipResponse: warn</c>
/// answers 409 AlreadyExists (Velero records a warning), <c>deny</c> 403 Forbidden (an error).
/// </summary>
public class SkipContractTests
{
    private const string Uid = "5f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0";
    private const string ExpectedMessage = "restore-mutator skipped pod shop/web-7d4b9c-x2x: managed by a ReplicaSet (label pod-template-hash)";

    private static JsonObject ManagedPod() => new()
    {
        ["apiVersion"] = "v1",
        ["kind"] = "Pod",
        ["metadata"] = new JsonObject
        {
            ["name"] = "web-7d4b9c-x2x",
            ["namespace"] = "shop",
            ["labels"] = new JsonObject
            {
                ["app"] = "web",
                ["pod-template-hash"] = "7d4b9c",
                ["velero.io/backup-name"] = "nightly",
                ["velero.io/restore-name"] = "nightly-20261120",
            },
        },
        ["spec"] = new JsonObject
        {
            ["containers"] = new JsonArray(new JsonObject { ["name"] = "web", ["image"] = "registry.example.com/shop/web:1.4" }),
            ["nodeName"] = "worker-old-1",
        },
    };

    private static JsonObject PodReview(JsonObject pod, string operation = "CREATE") =>
        Reviews.Review(pod, operation: operation, uid: Uid, group: "", kind: "Pod", resource: "pods");

    [Theory]
    [InlineData("warn", 409, "AlreadyExists")]
    [InlineData("deny", 403, "Forbidden")]
    public async Task Mutate_ManagedPod_IsSkippedWithStatus(string mode, int code, string reason)
    {
        await using var webhook = await InMemoryWebhook.StartAsync(InMemoryWebhook.DefaultConfig + $"\nskipResponse: {mode}\n");

        using var http = await webhook.PostAsync(PodReview(ManagedPod()).ToJsonString());
        http.StatusCode.ShouldBe(HttpStatusCode.OK);
        var answer = JsonNode.Parse(await http.Content.ReadAsStringAsync())!.AsObject();

        ((string?)answer["apiVersion"]).ShouldBe("admission.k8s.io/v1");
        ((string?)answer["kind"]).ShouldBe("AdmissionReview");
        var response = answer["response"]!.AsObject();
        ((string?)response["uid"]).ShouldBe(Uid);
        ((bool)response["allowed"]!).ShouldBeFalse();
        response.ContainsKey("patch").ShouldBeFalse();
        response.ContainsKey("patchType").ShouldBeFalse();
        response.ContainsKey("auditAnnotations").ShouldBeFalse();
        var status = response["status"]!.AsObject();
        ((int)status["code"]!).ShouldBe(code);
        ((string?)status["reason"]).ShouldBe(reason);
        ((string?)status["message"]).ShouldBe(ExpectedMessage);
        ((string?)status["status"]).ShouldBe("Failure");
    }

    [Theory]
    [InlineData("warn")]
    [InlineData("deny")]
    public async Task Mutate_ManagedPodUpdate_IsAllowed(string mode)
    {
        await using var webhook = await InMemoryWebhook.StartAsync(InMemoryWebhook.DefaultConfig + $"\nskipResponse: {mode}\n");

        var answer = await webhook.ReviewAsync(PodReview(ManagedPod(), operation: "UPDATE"));

        var response = answer["response"]!.AsObject();
        ((string?)response["uid"]).ShouldBe(Uid);
        ((bool)response["allowed"]!).ShouldBeTrue();
        response.ContainsKey("status").ShouldBeFalse();
        // The stored pod is bound to its node: an UPDATE must not try to unbind it.
        (Reviews.Patch(answer) ?? []).Select(op => (string?)op!["path"]).ShouldNotContain("/spec/nodeName");
    }

    [Fact]
    public async Task Mutate_PodWithRestoreWait_IsAllowed()
    {
        await using var webhook = await InMemoryWebhook.StartAsync();
        var pod = ManagedPod();
        pod["spec"]!["initContainers"] = new JsonArray(new JsonObject { ["name"] = "restore-wait", ["image"] = "velero/velero:v1.16.1" });

        var answer = await webhook.ReviewAsync(PodReview(pod));

        ((bool)answer["response"]!["allowed"]!).ShouldBeTrue();
    }

    [Fact]
    public async Task Mutate_RestoredNamespace_IsNeverDenied()
    {
        await using var webhook = await InMemoryWebhook.StartAsync(InMemoryWebhook.DefaultConfig + "\nskipResponse: deny\n");
        var ns = new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Namespace",
            ["metadata"] = new JsonObject
            {
                ["name"] = "shop",
                ["labels"] = new JsonObject { ["velero.io/restore-name"] = "nightly-20261120", ["pod-template-hash"] = "x" },
                ["annotations"] = new JsonObject { ["openshift.io/build.name"] = "web-3" },
            },
        };
        var review = Reviews.Review(ns, uid: Uid, group: "", kind: "Namespace", resource: "namespaces");
        review["request"]!.AsObject().Remove("namespace");

        var answer = await webhook.ReviewAsync(review);

        ((bool)answer["response"]!["allowed"]!).ShouldBeTrue();
        answer["response"]!.AsObject().ContainsKey("status").ShouldBeFalse();
    }
}
