using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;
using RestoreMutator.Webhook.Tests.Support;
using Shouldly;

namespace RestoreMutator.Webhook.Tests.RealProcess;

/// <summary>
/// The built server as a real process with certificates from certs/generate.sh, called over HTTPS
/// verified for the service DNS name (as the API server calls it): a patched answer, certificate
/// rotation by Kubernetes' ..data symlink swap, and config reload with keep-last-good (SPEC C1, C2).
/// </summary>
public sealed class RealServerTests : IAsyncLifetime
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "rm-real-" + Guid.NewGuid().ToString("N")[..8]);

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public ValueTask DisposeAsync()
    {
        Directory.Delete(_root, recursive: true);
        return ValueTask.CompletedTask;
    }

    [Fact]
    public async Task Server_CertificateSwapAndConfigReload_TakeEffectWithoutRestart()
    {
        var first = await TestCertificates.GenerateAsync(Path.Combine(_root, "gen1"));
        var second = await first.ReissueAsync(Path.Combine(_root, "gen2"));
        var secret = SecretVolume.Create(Path.Combine(_root, "secret"), first);

        var port = WebhookProcess.FreePort();
        var config = Path.Combine(_root, "config.yaml");
        await File.WriteAllTextAsync(config, Config(port, secret.Directory, "image-registry.openshift-image-registry.svc:5000"));
        await using var server = WebhookProcess.Start(config, port);
        await server.WaitReadyAsync(first.CaFile);

        // 1. A patched answer over TLS verified for restore-mutator.restore-mutator.svc.
        (await DestinationAnnotationAsync(server, first.CaFile)).ShouldBe("image-registry.openshift-image-registry.svc:5000");
        (await server.ServedThumbprintAsync(first.CaFile)).ShouldBe(Thumbprint(first.CertFile));

        // 2. Rotate the certificate the way the kubelet does: new timestamped dir, atomic ..data swap.
        secret.Publish(second);
        await Poll.UntilAsync(async () => await server.ServedThumbprintAsync(first.CaFile) == Thumbprint(second.CertFile), "new certificate served", TimeSpan.FromSeconds(20));
        server.HasExited.ShouldBeFalse();

        // 3. An invalid config is rejected and logged; the old one stays in force.
        await File.WriteAllTextAsync(config, Config(port, secret.Directory, "image-registry.openshift-image-registry.svc:5000") + "lookups: sometimes\n");
        await Poll.UntilAsync(() => Task.FromResult(server.Output.Any(line => line.Contains("ConfigRejected", StringComparison.Ordinal))), "config rejection logged", TimeSpan.FromSeconds(20));
        (await DestinationAnnotationAsync(server, first.CaFile)).ShouldBe("image-registry.openshift-image-registry.svc:5000");

        // 4. A valid change takes effect without restart.
        await File.WriteAllTextAsync(config, Config(port, secret.Directory, "registry.new.example.com:5000"));
        await Poll.UntilAsync(async () => await DestinationAnnotationAsync(server, first.CaFile) == "registry.new.example.com:5000", "new config in force", TimeSpan.FromSeconds(20));
    }

    [Fact]
    public async Task Server_InvalidConfigAtStartup_ExitsWithEveryErrorListed()
    {
        Directory.CreateDirectory(_root);
        var config = Path.Combine(_root, "bad.yaml");
        await File.WriteAllTextAsync(config, "lookups: sometimes\nroutes: {generatedHosts: delete}\nunknownKey: 1\n");
        await using var server = WebhookProcess.Start(config, WebhookProcess.FreePort());
        (await server.WaitForExitAsync(TimeSpan.FromSeconds(60))).ShouldBeTrue();
        server.ExitCode.ShouldBe(2);
        var output = server.OutputText;
        output.ShouldContain("lookups (line 1): must be one of auto, off");
        output.ShouldContain("routes.generatedHosts (line 2): must be one of remove, rewrite, keep");
        output.ShouldContain("unknownKey (line 3): unknown key");
    }

    [Fact]
    public async Task Server_MissingCertificateFiles_ExitsWithReason()
    {
        Directory.CreateDirectory(_root);
        var config = Path.Combine(_root, "config.yaml");
        var port = WebhookProcess.FreePort();
        await File.WriteAllTextAsync(config, Config(port, Path.Combine(_root, "nowhere"), "r.example.com:5000"));
        await using var server = WebhookProcess.Start(config, port);
        (await server.WaitForExitAsync(TimeSpan.FromSeconds(60))).ShouldBeTrue();
        server.ExitCode.ShouldBe(2);
        server.OutputText.ShouldContain("cannot load certificate");
    }

    private static string Config(int port, string secretDir, string destination) => $"""
        server:
          port: {port}
          address: 127.0.0.1
          tls:
            certFile: {secretDir}/tls.crt
            keyFile: {secretDir}/tls.key
        lookups: off
        registry:
          destination: {destination}

        """;

    private static string Thumbprint(string pemFile) => X509Certificate2.CreateFromPem(File.ReadAllText(pemFile)).Thumbprint;

    private static async Task<string?> DestinationAnnotationAsync(WebhookProcess server, string caFile)
    {
        using var client = WebhookProcess.CreateClient(caFile);
        var input = Reviews.Deployment();
        using var content = new StringContent(Reviews.Review(input).ToJsonString(), Encoding.UTF8);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var response = await client.PostAsync(server.Url("/mutate?timeout=10s"), content);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var answer = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
        ((string?)answer["response"]!["uid"]).ShouldBe((string?)Reviews.Review(input)["request"]!["uid"]);
        var patch = Reviews.Patch(answer).ShouldNotBeNull();
        var patched = JsonPatchOracle.Apply(input, patch);
        return (string?)patched["metadata"]!["annotations"]!["openshift.io/restore-registry-hostname"];
    }
}
