using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using RestoreMutator.Transforms.Configuration;
using RestoreMutator.Webhook.Tests.Support;
using Shouldly;

namespace RestoreMutator.Webhook.Tests.RealProcess;

/// <summary>
/// SPEC C8 with the built server: an empty configuration is an error at startup and on reload;
/// a port in use, a missing certificate and an unreadable configuration are one line on stderr and
/// exit status 2, with no stack trace; a server that fails to start changes no file.
/// </summary>
public sealed class OperatorErrorTests : IAsyncLifetime
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "rm-operr-" + Guid.NewGuid().ToString("N")[..8]);

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
    public async Task Server_PortInUse_OneLineAndExitTwoAndTheRunningServersCaStays()
    {
        // Both instances share a temporary directory, so both would write the same dev-ca.crt.
        var temp = Path.Combine(_root, "tmp");
        Directory.CreateDirectory(temp);
        var environment = new Dictionary<string, string> { ["TMPDIR"] = temp };
        var caFile = Path.Combine(temp, "restore-mutator", "dev-ca.crt");
        var port = WebhookProcess.FreePort();
        var config = Path.Combine(_root, "dev.yaml");
        await File.WriteAllTextAsync(config, $"server: {{port: {port}, address: 127.0.0.1, tls: {{certFile: \"\", keyFile: \"\"}}}}\nlookups: off\n");

        await using var running = WebhookProcess.Start(config, port, environment);
        await Poll.UntilAsync(() => Task.FromResult(File.Exists(caFile)), "dev-ca.crt written by the running server", TimeSpan.FromSeconds(60));
        await running.WaitReadyAsync(caFile);
        var servedCa = await File.ReadAllBytesAsync(caFile);

        await using var second = WebhookProcess.Start(config, port, environment);
        (await second.WaitForExitAsync(TimeSpan.FromSeconds(60))).ShouldBeTrue();

        second.ExitCode.ShouldBe(2);
        var line = second.Errors.ShouldHaveSingleItem();
        line.ShouldBe($"restore-mutator: cannot start: cannot listen on 127.0.0.1:{port}: address already in use (another restore-mutator or another program serves there; set server.port)");
        second.Output.ShouldNotContain(l => l.Contains("   at ", StringComparison.Ordinal), "no stack trace anywhere");
        (await File.ReadAllBytesAsync(caFile)).ShouldBe(servedCa, "the second instance must not replace the running one's CA");
        (await running.ServedThumbprintAsync(caFile)).ShouldNotBeNull("the README's curl --cacert still works against the running server");
    }

    [Fact]
    public async Task Server_MissingCertificateFile_OneLineAndExitTwo()
    {
        var config = Path.Combine(_root, "config.yaml");
        var missing = Path.Combine(_root, "nowhere", "tls.crt");
        await File.WriteAllTextAsync(config, RealConfig.Yaml(WebhookProcess.FreePort(), missing, Path.Combine(_root, "nowhere", "tls.key"), "r.example.com:5000"));

        var line = await SingleErrorLineAsync(config);

        line.ShouldStartWith($"restore-mutator: cannot start: cannot load certificate {missing} with key ");
    }

    [Theory]
    [InlineData("missing.yaml", "no such file")]
    [InlineData("a-directory", "it is a directory, not a file")]
    public async Task Server_UnreadableConfiguration_OneLineAndExitTwo(string name, string reason)
    {
        var path = Path.Combine(_root, name);
        if (name == "a-directory")
        {
            Directory.CreateDirectory(path);
        }

        var line = await SingleErrorLineAsync(path);

        line.ShouldBe($"restore-mutator: invalid configuration {path}: cannot read the file: {reason}");
    }

    [Theory]
    [InlineData("")]
    [InlineData("# restore-mutator configuration\n# (every key commented out)\n")]
    public async Task Server_EmptyConfigurationAtStartup_OneLineAndExitTwo(string content)
    {
        var config = Path.Combine(_root, "config.yaml");
        await File.WriteAllTextAsync(config, content);

        var line = await SingleErrorLineAsync(config);

        line.ShouldBe($"restore-mutator: invalid configuration {config}: {SettingsLoader.EmptyDocumentError}");
    }

    [Fact]
    public async Task Server_ConfigurationEmptiedWhileRunning_KeepsLastGoodAndCountsAFailedReload()
    {
        var certs = await TestCertificates.GenerateAsync(Path.Combine(_root, "certs"));
        var port = WebhookProcess.FreePort();
        var config = Path.Combine(_root, "config.yaml");
        const string Destination = "image-registry.openshift-image-registry.svc:5000";
        await File.WriteAllTextAsync(config, RealConfig.Yaml(port, certs.CertFile, certs.KeyFile, Destination));
        await using var server = WebhookProcess.Start(config, port);
        await server.WaitReadyAsync(certs.CaFile);
        (await DestinationAsync(server, certs.CaFile)).ShouldBe(Destination);

        // A ConfigMap whose key was emptied, or an editor that saved only the comments.
        await RealConfig.WriteAtomicallyAsync(config, "# emptied by mistake\n");
        await Poll.UntilAsync(() => Task.FromResult(server.Output.Any(l => l.Contains("ConfigRejected", StringComparison.Ordinal))), "rejection logged", TimeSpan.FromSeconds(20));

        server.Output.ShouldContain(l => l.Contains("ConfigRejected", StringComparison.Ordinal) && l.Contains("the configuration is empty", StringComparison.Ordinal));
        (await DestinationAsync(server, certs.CaFile)).ShouldBe(Destination, "the last good configuration stays in force");
        using var client = WebhookProcess.CreateClient(certs.CaFile);
        var metrics = await client.GetStringAsync(server.Url("/metrics"));
        MetricsText.Value(metrics, "restore_mutator_config_reloads_total{result=\"failure\"}").ShouldBe(1);
        MetricsText.Value(metrics, "restore_mutator_config_reloads_total{result=\"success\"}").ShouldBe(0);
        using var ready = await client.GetAsync(server.Url("/readyz"));
        ready.StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    /// <summary>Starts the server with <paramref name="config"/>, expects exit 2 and returns its one stderr line (no stack trace anywhere).</summary>
    private static async Task<string> SingleErrorLineAsync(string config)
    {
        await using var server = WebhookProcess.Start(config, WebhookProcess.FreePort());
        (await server.WaitForExitAsync(TimeSpan.FromSeconds(60))).ShouldBeTrue();
        server.ExitCode.ShouldBe(2);
        server.Output.ShouldNotContain(l => l.Contains("   at ", StringComparison.Ordinal));
        return server.Errors.ShouldHaveSingleItem();
    }

    private static async Task<string?> DestinationAsync(WebhookProcess server, string caFile)
    {
        using var client = WebhookProcess.CreateClient(caFile);
        var input = Reviews.Deployment();
        using var content = new StringContent(Reviews.Review(input).ToJsonString(), Encoding.UTF8);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var response = await client.PostAsync(server.Url("/mutate?timeout=10s"), content);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var answer = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
        var patched = JsonPatchOracle.Apply(input, Reviews.Patch(answer).ShouldNotBeNull());
        return (string?)patched["metadata"]!["annotations"]!["openshift.io/restore-registry-hostname"];
    }
}
