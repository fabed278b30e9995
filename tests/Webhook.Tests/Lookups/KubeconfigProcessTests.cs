using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using RestoreMutator.Webhook.Tests.Lookups.Support;
using RestoreMutator.Webhook.Tests.Support;
using Shouldly;

namespace RestoreMutator.Webhook.Tests.Lookups;

/// <summary>
/// The built server as a real process, started with <c>--kubeconfig</c> pointing at the fake API
/// server: its answers use the discovered facts (K2, K3 -> R4, P6); an unusable named kubeconfig
/// stops startup.
/// </summary>
public sealed class KubeconfigProcessTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    [Fact]
    public async Task Serve_WithKubeconfig_PatchesWithDiscoveredFacts()
    {
        var certificates = await TestCertificates.GenerateAsync(Path.Combine(_directory.Path, "tls"));
        await using var api = (await FakeKubernetesApi.StartAsync()).WithOpenShiftCluster();
        var kubeconfig = api.WriteKubeconfig(_directory.Path, embedAuthority: false);
        var port = WebhookProcess.FreePort();
        var config = _directory.File("config.yaml", Config(port, certificates));
        await using var server = WebhookProcess.Start(config, port, null, "--kubeconfig", kubeconfig);
        await server.WaitReadyAsync(certificates.CaFile);
        using var client = WebhookProcess.CreateClient(certificates.CaFile);

        var pod = LookupReviews.Pod("default-dockercfg-abc12");
        var patched = await PatchedAsync(client, server, pod);

        ((string?)patched["spec"]!["imagePullSecrets"]![0]!["name"]).ShouldBe("default-dockercfg-q8z4w");
        ((string?)patched["metadata"]!["annotations"]!["openshift.io/restore-registry-hostname"]).ShouldBe(ApiObjects.Registry);
        ((string?)patched["metadata"]!["annotations"]!["openshift.io/restore-server-version"]).ShouldBe("1.31");
        server.Output.ShouldContain(line => line.Contains("Cluster lookups on", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Serve_WithUnusableKubeconfig_ExitsWithReason()
    {
        var missing = Path.Combine(_directory.Path, "nope");
        var config = _directory.File("config.yaml", "lookups: auto\nserver: {address: 127.0.0.1, port: 1, tls: {certFile: '', keyFile: ''}}\n");

        await using var server = WebhookProcess.Start(config, 1, null, "--kubeconfig", missing);

        (await server.WaitForExitAsync(TimeSpan.FromSeconds(60))).ShouldBeTrue();
        server.ExitCode.ShouldBe(2);
        server.Output.ShouldContain(line => line.Contains($"kubeconfig {missing}: cannot read it", StringComparison.Ordinal));
    }

    public void Dispose() => _directory.Dispose();

    private static string Config(int port, TestCertificates certificates) => $"""
        server:
          port: {port}
          address: 127.0.0.1
          tls:
            certFile: "{certificates.CertFile}"
            keyFile: "{certificates.KeyFile}"
        lookups: auto
        velero:
          namespace: openshift-adp
        """;

    /// <summary>
    /// The pod as patched. A fresh process on a busy machine may miss the 1 s lookup timeout on its
    /// very first (cold) calls; failures are cached for 5 s, so ask again until the answer is complete.
    /// </summary>
    private static async Task<JsonNode> PatchedAsync(HttpClient client, WebhookProcess server, JsonObject pod)
    {
        JsonObject answer = null!;
        for (var attempt = 0; attempt < 30; attempt++)
        {
            answer = await PostAsync(client, server.Url("/mutate?timeout=10s"), Reviews.Review(pod, group: "", kind: "Pod", resource: "pods"));
            if (answer["response"]!["warnings"] is null && Reviews.Patch(answer) is not null)
            {
                break;
            }

            await Task.Delay(500);
        }

        return JsonPatchOracle.Apply(pod, Reviews.Patch(answer).ShouldNotBeNull(answer.ToJsonString() + "\n" + server.OutputText));
    }

    private static async Task<JsonObject> PostAsync(HttpClient client, Uri url, JsonNode review)
    {
        var content = new StringContent(review.ToJsonString(), Encoding.UTF8);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var response = await client.PostAsync(url, content);
        response.EnsureSuccessStatusCode();
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
    }
}
