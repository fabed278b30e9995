using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace RestoreMutator.Integration.Tests.Support;

/// <summary>The built server (<c>dotnet RestoreMutator.Webhook.dll</c>) as a process of its own, listening on every interface.</summary>
public sealed class WebhookServer : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();

    private WebhookServer(Process process, int port)
    {
        _process = process;
        Port = port;
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) { _output.Enqueue(e.Data); } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { _output.Enqueue(e.Data); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public int Port { get; }

    /// <summary>Everything the process wrote, for failure messages.</summary>
    public string Output => string.Join('\n', _output);

    public static WebhookServer Start(string directory, WebhookCertificates certificates, string kubeconfigPath)
    {
        int port;
        using (var listener = new TcpListener(IPAddress.Any, 0))
        {
            listener.Start();
            port = ((IPEndPoint)listener.LocalEndpoint).Port;
        }

        // 0.0.0.0: the API server in the container reaches the host through the Docker bridge, not loopback.
        var config = Path.Combine(directory, "config.yaml");
        File.WriteAllText(config, $"""
            server:
              port: {port}
              address: 0.0.0.0
              tls: {"{"}certFile: "{certificates.CertFile}", keyFile: "{certificates.KeyFile}"{"}"}
            lookups: auto
            velero: {"{"}namespace: velero{"}"}
            registry:
              rewrites:
                - {"{"}from: quay.io/acme, to: mirror.example.com/acme{"}"}
            """);
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = directory,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "RestoreMutator.Webhook.dll"));
        start.ArgumentList.Add("--config");
        start.ArgumentList.Add(config);
        start.ArgumentList.Add("--kubeconfig");
        start.ArgumentList.Add(kubeconfigPath);
        start.Environment.Remove("KUBECONFIG");
        start.Environment.Remove("RESTORE_MUTATOR_CONFIG");
        return new WebhookServer(Process.Start(start)!, port);
    }

    /// <summary>Waits until <c>/readyz</c> answers 200 over TLS verified with <paramref name="caPem"/>.</summary>
    public async Task WaitReadyAsync(string caPem, TimeSpan timeout)
    {
        using var ca = System.Security.Cryptography.X509Certificates.X509Certificate2.CreateFromPem(caPem);
        using var handler = new SocketsHttpHandler();
        handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, chain, errors) =>
        {
            if (certificate is null || (errors & System.Net.Security.SslPolicyErrors.RemoteCertificateNameMismatch) != 0)
            {
                return false;
            }

            using var custom = new System.Security.Cryptography.X509Certificates.X509Chain();
            custom.ChainPolicy.TrustMode = System.Security.Cryptography.X509Certificates.X509ChainTrustMode.CustomRootTrust;
            custom.ChainPolicy.CustomTrustStore.Add(ca);
            custom.ChainPolicy.RevocationMode = System.Security.Cryptography.X509Certificates.X509RevocationMode.NoCheck;
            using var leaf = System.Security.Cryptography.X509Certificates.X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
            return custom.Build(leaf);
        };
        using var client = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < timeout)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"the webhook exited with {_process.ExitCode}:\n{Output}");
            }

            try
            {
                using var response = await client.GetAsync(new Uri($"https://127.0.0.1:{Port}/readyz"));
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }

            await Task.Delay(200);
        }

        throw new TimeoutException($"the webhook was not ready within {timeout}:\n{Output}");
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }
}
