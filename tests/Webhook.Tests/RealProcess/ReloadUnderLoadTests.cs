using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;
using RestoreMutator.Webhook.Tests.Support;
using Shouldly;

namespace RestoreMutator.Webhook.Tests.RealProcess;

/// <summary>
/// Certificate rotation (Kubernetes' ..data symlink swap) and config changes, several times each,
/// while loops send reviews on fresh TLS connections: not one handshake or request fails, each
/// change is taken, and /metrics counts the reloads (SPEC C1, C2, C3).
/// </summary>
public sealed class ReloadUnderLoadTests : IAsyncLifetime
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "rm-reload-" + Guid.NewGuid().ToString("N")[..8]);

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public ValueTask DisposeAsync()
    {
        Directory.Delete(_root, recursive: true);
        return ValueTask.CompletedTask;
    }

    [Fact]
    public async Task Reloads_CertificateAndConfigChangedUnderLoad_NoRequestFails()
    {
        // Three serving certificates from one CA (rotation keeps the CA, as cert-manager does).
        var generations = new List<TestCertificates> { await TestCertificates.GenerateAsync(Path.Combine(_root, "gen0")) };
        for (var i = 1; i < 3; i++)
        {
            generations.Add(await generations[0].ReissueAsync(Path.Combine(_root, "gen" + i)));
        }

        var caFile = generations[0].CaFile;
        var secret = SecretVolume.Create(Path.Combine(_root, "secret"), generations[0]);

        var port = WebhookProcess.FreePort();
        var config = Path.Combine(_root, "config.yaml");
        string Yaml(int n) => RealConfig.Yaml(port, secret.CertFile, secret.KeyFile, $"registry-{n}.example.com:5000");
        await File.WriteAllTextAsync(config, Yaml(0));
        await using var server = WebhookProcess.Start(config, port);
        await server.WaitReadyAsync(caFile);

        await using var load = new ReviewLoad(server, caFile);
        load.Start(loops: 6);
        await load.WaitForSuccessesAsync(30, TimeSpan.FromSeconds(60));

        const int rounds = 4;
        for (var round = 1; round <= rounds; round++)
        {
            var generation = generations[round % generations.Count];
            secret.Publish(generation);
            await RealConfig.WriteAtomicallyAsync(config, Yaml(round));

            var thumbprint = X509Certificate2.CreateFromPem(await File.ReadAllTextAsync(generation.CertFile)).Thumbprint;
            var destination = $"registry-{round}.example.com:5000";
            await Poll.UntilAsync(async () => await server.ServedThumbprintAsync(caFile) == thumbprint
                && await DestinationAsync(server, caFile) == destination, $"round {round} in force", TimeSpan.FromSeconds(30));
            var before = load.Succeeded;
            await load.WaitForSuccessesAsync(before + 20, TimeSpan.FromSeconds(60));
        }

        await load.StopAsync();
        load.Failures.ShouldBeEmpty();
        load.ConnectFailures.ShouldBeEmpty();
        load.Succeeded.ShouldBeGreaterThan(100);

        using var client = WebhookProcess.CreateClient(caFile);
        var metrics = await client.GetStringAsync(server.Url("/metrics"));
        MetricsText.Value(metrics, "restore_mutator_config_reloads_total{result=\"success\"}").ShouldBe(rounds);
        MetricsText.Value(metrics, "restore_mutator_config_reloads_total{result=\"failure\"}").ShouldBe(0);
        MetricsText.Value(metrics, "restore_mutator_certificate_reloads_total{result=\"success\"}").ShouldBe(rounds);
        var last = X509Certificate2.CreateFromPem(await File.ReadAllTextAsync(generations[rounds % generations.Count].CertFile));
        MetricsText.Value(metrics, "restore_mutator_certificate_expiry_timestamp_seconds")
            .ShouldBe(new DateTimeOffset(last.NotAfter.ToUniversalTime()).ToUnixTimeSeconds());
        MetricsText.Value(metrics, "restore_mutator_admission_requests_total{kind=\"Deployment\",operation=\"CREATE\",outcome=\"patched\"}")
            .ShouldBeGreaterThanOrEqualTo(load.Succeeded);
    }

    private static async Task<string?> DestinationAsync(WebhookProcess server, string caFile)
    {
        using var client = WebhookProcess.CreateClient(caFile);
        var input = Reviews.Deployment();
        using var content = new StringContent(Reviews.Review(input).ToJsonString(), Encoding.UTF8);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var response = await client.PostAsync(server.Url("/mutate"), content);
        var answer = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
        var patched = JsonPatchOracle.Apply(input, Reviews.Patch(answer)!);
        return (string?)patched["metadata"]!["annotations"]!["openshift.io/restore-registry-hostname"];
    }
}
