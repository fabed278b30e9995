using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using RestoreMutator.Webhook.Tests.Deployment;
using RestoreMutator.Webhook.Tests.Support;
using Shouldly;
using YamlDotNet.RepresentationModel;

namespace RestoreMutator.Webhook.Tests.RealProcess;

/// <summary>
/// SPEC C7 with a real memory limit: the built server inside a memory cgroup of the shipped
/// manifests' limit, 3,000 idle keep-alive TLS connections open, then 20 concurrent 3 MiB reviews,
/// twice. Every review is answered and the server is not OOM-killed. Needs a writable cgroup
/// hierarchy (root); elsewhere the test is reported skipped with the reason.
/// </summary>
[Collection(MemoryMeasurement.Name)]
public sealed class MemoryLimitTests : IAsyncLifetime
{
    private const int IdleConnections = 3000;
    private const int ConcurrentReviews = 20;
    private readonly string _root = Path.Combine(Path.GetTempPath(), "rm-mem-" + Guid.NewGuid().ToString("N")[..8]);

    public ValueTask InitializeAsync()
    {
        Directory.CreateDirectory(_root);
        return ValueTask.CompletedTask;
    }

    public ValueTask DisposeAsync()
    {
        Directory.Delete(_root, recursive: true);
        return ValueTask.CompletedTask;
    }

    [Fact]
    public async Task Server_InTheManifestsMemoryLimit_AnswersEveryLargeReviewWithThreeThousandIdleConnectionsOpen()
    {
        var (limit, environment) = ManifestContainer();
        using var cgroup = MemoryCgroup.TryCreate(limit, out var whyNot);
        if (cgroup is null)
        {
            Assert.Skip($"needs a memory cgroup to run the server under the {limit >> 20} MiB limit: {whyNot}");
        }

        var certs = await TestCertificates.GenerateAsync(Path.Combine(_root, "certs"));
        var port = WebhookProcess.FreePort();
        var config = Path.Combine(_root, "config.yaml");
        await File.WriteAllTextAsync(config, RealConfig.Yaml(port, certs.CertFile, certs.KeyFile, "image-registry.openshift-image-registry.svc:5000"));
        // The Deployment's environment too (DOTNET_PROCESSOR_COUNT): the test runs what ships.
        await using var server = WebhookProcess.StartInCgroup(config, port, cgroup, environment);
        await server.WaitReadyAsync(certs.CaFile);

        await using var idle = new IdleTlsConnections(port, certs.CaFile);
        (await idle.OpenAsync(IdleConnections)).ShouldBe(0, "the connection cap sits above 3,000");
        var review = LargeReview();
        var times = new List<double>();
        for (var round = 0; round < 2; round++)
        {
            var answers = await Task.WhenAll(Enumerable.Range(0, ConcurrentReviews).Select(i => ReviewAsync(server, certs.CaFile, review, $"large-{round}-{i}")));
            answers.ShouldAllBe(a => a.Answered, string.Join(" | ", answers.Where(a => !a.Answered).Select(a => a.Problem).Take(3)));
            times.AddRange(answers.Select(a => a.Milliseconds));
        }

        server.HasExited.ShouldBeFalse($"the server died (OOM kills: {cgroup.OomKills})");
        cgroup.OomKills.ShouldBe(0);
        idle.Alive().ShouldBe(IdleConnections, "idle connections are kept, not dropped to save memory");
        times.Sort();
        TestContext.Current.TestOutputHelper?.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"limit {limit >> 20} MiB: peak {cgroup.PeakBytes >> 20} MiB with {IdleConnections} idle connections and 2 x {ConcurrentReviews} reviews of {review.Length >> 10} KiB; answer p50 {times[times.Count / 2]:F0} ms, max {times[^1]:F0} ms"));
    }

    /// <summary>The memory limit and environment of the Deployment in deploy/manifests (the chart renders the same, .ci/check-deploy).</summary>
    private static (long LimitBytes, Dictionary<string, string> Environment) ManifestContainer()
    {
        var deployment = DeploymentYaml.Load("deploy/manifests/base/deployment.yaml");
        var container = (YamlMappingNode)((YamlSequenceNode)deployment["spec"]["template"]["spec"]["containers"]).Children[0];
        // Literal values only: POD_NAME comes from the downward API (valueFrom), which a local process lacks.
        var environment = ((YamlSequenceNode)container["env"]).Children.Cast<YamlMappingNode>()
            .Where(e => e.Children.ContainsKey("value"))
            .ToDictionary(e => ((YamlScalarNode)e["name"]).Value!, e => ((YamlScalarNode)e["value"]).Value!);
        var text = ((YamlScalarNode)container["resources"]["limits"]["memory"]).Value!;
        var limit = text.EndsWith("Gi", StringComparison.Ordinal) ? long.Parse(text[..^2], CultureInfo.InvariantCulture) << 30
            : text.EndsWith("Mi", StringComparison.Ordinal) ? long.Parse(text[..^2], CultureInfo.InvariantCulture) << 20
            : throw new InvalidOperationException($"memory limit {text}: expected Mi or Gi");
        return (limit, environment);
    }

    /// <summary>The 3 MiB Deployment of the benchmarks as the API server sends it (uid replaced per request).</summary>
    private static string LargeReview()
    {
        var path = Path.Combine(RepoPaths.Root, "bench", "Transforms.Benchmarks", "Samples", "deployment-3mib.json");
        var request = JsonNode.Parse(File.ReadAllText(path))!["request"]!.AsObject();
        request["uid"] = "UID";
        request["dryRun"] = false;
        return new JsonObject { ["apiVersion"] = "admission.k8s.io/v1", ["kind"] = "AdmissionReview", ["request"] = request.DeepClone() }.ToJsonString();
    }

    private static async Task<(bool Answered, string Problem, double Milliseconds)> ReviewAsync(WebhookProcess server, string caFile, string review, string uid)
    {
        using var client = WebhookProcess.CreateClient(caFile);
        using var content = new StringContent(review.Replace("\"uid\":\"UID\"", $"\"uid\":\"{uid}\"", StringComparison.Ordinal), Encoding.UTF8);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        var started = Stopwatch.StartNew();
        try
        {
            // The API server's longest deadline: this test is about memory, and the machine running it may be busy.
            using var response = await client.PostAsync(server.Url("/mutate?timeout=30s"), content);
            var text = await response.Content.ReadAsStringAsync();
            if (response.StatusCode != HttpStatusCode.OK)
            {
                return (false, $"{uid}: HTTP {(int)response.StatusCode} {text}", 0);
            }

            var answer = JsonNode.Parse(text)!.AsObject();
            var ok = (string?)answer["response"]?["uid"] == uid && Reviews.Patch(answer) is not null;
            return (ok, ok ? string.Empty : $"{uid}: unexpected answer", started.Elapsed.TotalMilliseconds);
        }
        catch (Exception e) when (e is HttpRequestException or IOException or TaskCanceledException)
        {
            return (false, $"{uid}: {e.GetType().Name} {e.Message}", 0);
        }
    }
}
