using System.Net;
using System.Text.Json.Nodes;
using RestoreMutator.Webhook.Tests.Support;
using Shouldly;

namespace RestoreMutator.Webhook.Tests.Admission;

/// <summary>The AdmissionReview contract of POST /mutate, in memory (SPEC A1, A2, S1, S2, S4).</summary>
public class MutateContractTests : IAsyncLifetime
{
    private InMemoryWebhook _webhook = null!;

    public async ValueTask InitializeAsync() => _webhook = await InMemoryWebhook.StartAsync();

    public async ValueTask DisposeAsync() => await _webhook.DisposeAsync();

    [Fact]
    public async Task Mutate_RestoredDeployment_IsPatchedWithValidV1Envelope()
    {
        var answer = await _webhook.ReviewAsync(Reviews.Review(Reviews.Deployment()));

        ((string?)answer["apiVersion"]).ShouldBe("admission.k8s.io/v1");
        ((string?)answer["kind"]).ShouldBe("AdmissionReview");
        var response = answer["response"]!.AsObject();
        ((string?)response["uid"]).ShouldBe("6b2d3b5e-1f9a-4c43-9d41-0c7e2a1b9f00");
        ((bool)response["allowed"]!).ShouldBeTrue();
        ((string?)response["patchType"]).ShouldBe("JSONPatch");
        ((string?)response["auditAnnotations"]!["applied"]).ShouldNotBeNullOrEmpty();
    }

    [Fact]
    public async Task Mutate_Patch_AppliedToInput_GivesExpectedObject()
    {
        var input = Reviews.Deployment();
        var answer = await _webhook.ReviewAsync(Reviews.Review(input));
        var patched = JsonPatchOracle.Apply(input, Reviews.Patch(answer)!);

        var annotations = patched["metadata"]!["annotations"]!;
        ((string?)annotations["openshift.io/restore-registry-hostname"]).ShouldBe("image-registry.openshift-image-registry.svc:5000");
        ((string?)annotations["restore-mutator.io/applied"]).ShouldNotBeNullOrEmpty();
        ((string?)annotations["openshift.io/backup-registry-hostname"]).ShouldBe("docker-registry.default.svc:5000");
        ((string?)patched["spec"]!["template"]!["spec"]!["containers"]![0]!["name"]).ShouldBe("web");
    }

    [Fact]
    public async Task Mutate_V1Beta1Review_IsAnsweredInV1Beta1()
    {
        var answer = await _webhook.ReviewAsync(Reviews.Review(Reviews.Deployment(), apiVersion: "admission.k8s.io/v1beta1", uid: "beta-uid"));
        ((string?)answer["apiVersion"]).ShouldBe("admission.k8s.io/v1beta1");
        ((string?)answer["kind"]).ShouldBe("AdmissionReview");
        ((string?)answer["response"]!["uid"]).ShouldBe("beta-uid");
        Reviews.Patch(answer).ShouldNotBeNull();
    }

    [Theory]
    [InlineData("DELETE")]
    [InlineData("CONNECT")]
    public async Task Mutate_DeleteOrConnect_IsAllowedUnchanged(string operation)
    {
        var answer = await _webhook.ReviewAsync(Reviews.Review(Reviews.Deployment(), operation: operation));
        AssertAllowedWithoutPatch(answer);
    }

    [Fact]
    public async Task Mutate_Subresource_IsAllowedUnchanged()
    {
        var answer = await _webhook.ReviewAsync(Reviews.Review(Reviews.Deployment(), subResource: "status"));
        AssertAllowedWithoutPatch(answer);
    }

    [Fact]
    public async Task Mutate_ObjectWithoutRestoreLabel_IsAllowedUnchanged()
    {
        var answer = await _webhook.ReviewAsync(Reviews.Review(Reviews.Deployment(restored: false)));
        AssertAllowedWithoutPatch(answer);
    }

    [Fact]
    public async Task Mutate_DryRun_GetsTheSameAnswer()
    {
        var normal = await _webhook.ReviewAsync(Reviews.Review(Reviews.Deployment()));
        var dryRun = await _webhook.ReviewAsync(Reviews.Review(Reviews.Deployment(), dryRun: true));
        dryRun["response"]!["patch"]!.ToJsonString().ShouldBe(normal["response"]!["patch"]!.ToJsonString());
    }

    [Fact]
    public async Task Mutate_UnknownKind_IsAllowedUnchanged()
    {
        var ns = new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Namespace",
            ["metadata"] = new JsonObject { ["name"] = "shop", ["labels"] = new JsonObject { ["velero.io/restore-name"] = "r" } },
        };
        var answer = await _webhook.ReviewAsync(Reviews.Review(ns, group: "", kind: "Namespace", resource: "namespaces"));
        AssertAllowedWithoutPatch(answer);
    }

    [Fact]
    public async Task Mutate_ContentTypeWithCharset_IsAccepted()
    {
        using var response = await _webhook.PostAsync(Reviews.Review(Reviews.Deployment()).ToJsonString(), "application/json; charset=utf-8");
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    private static void AssertAllowedWithoutPatch(JsonObject answer)
    {
        var response = answer["response"]!.AsObject();
        ((bool)response["allowed"]!).ShouldBeTrue();
        response.ContainsKey("patch").ShouldBeFalse();
        response.ContainsKey("patchType").ShouldBeFalse();
        response.ContainsKey("auditAnnotations").ShouldBeFalse();
    }
}
