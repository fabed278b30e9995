using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using RestoreMutator.Webhook.Tests.Lookups.Support;
using RestoreMutator.Webhook.Tests.Support;
using Shouldly;

namespace RestoreMutator.Webhook.Tests.Lookups;

/// <summary>The built server, started with <c>--kubeconfig</c> pointing at the fake API, answers with discovered facts.</summary>
public class KubeconfigProcessTests
{
    private const string Config = """
        server:
          port: {port}
          address: 127.0.0.1
          tls: {certFile: "", keyFile: ""}
        lookups: auto
        velero: {namespace: openshift-adp}
        """;

    [Fact]
    public async Task Serve_WithKubeconfig_PatchesWithDiscoveredFacts()
    {
        using var directory = new TempDirectory();
        await using var api = (await FakeKubernetesApi.StartAsync()).WithOpenShiftCluster();
        var kubeconfig = api.WriteKubeconfig(directory.Path, embedAuthority: false);
        await using var server = await WebhookProcess.StartAsync(directory.Path, Config, "--kubeconfig", kubeconfig);
        using var client = server.CreateClient();

        var pod = LookupReviews.Pod("default-dockercfg-abc12");
        var answer = await PostAsync(client, Reviews.Review(pod, group: "", kind: "Pod", resource: "pods"));

        var patched = JsonPatchOracle.Apply(pod, Reviews.Patch(answer).ShouldNotBeNull(server.Output));
        ((string?)patched["spec"]!["imagePullSecrets"]![0]!["name"]).ShouldBe("default-dockercfg-q8z4w");
        ((string?)patched["metadata"]!["annotations"]!["openshift.io/restore-registry-hostname"]).ShouldBe(ApiObjects.Registry);
        ((string?)patched["metadata"]!["annotations"]!["openshift.io/restore-server-version"]).ShouldBe("1.31");
        server.Output.ShouldContain("Cluster lookups on");
    }

    [Fact]
    public async Task Serve_WithUnusableKubeconfig_FailsStartupWithReason()
    {
        using var directory = new TempDirectory();
        var missing = Path.Combine(directory.Path, "nope");

        var error = await Should.ThrowAsync<InvalidOperationException>(() => WebhookProcess.StartAsync(directory.Path, Config, "--kubeconfig", missing));

        error.Message.ShouldContain("exited with 2");
        error.Message.ShouldContain("kubeconfig");
    }

    private static async Task<JsonObject> PostAsync(HttpClient client, JsonNode review)
    {
        var content = new StringContent(review.ToJsonString(), Encoding.UTF8);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var response = await client.PostAsync("/mutate?timeout=10s", content);
        response.EnsureSuccessStatusCode();
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
    }
}
