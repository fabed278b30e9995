using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace RestoreMutator.Webhook.Tests.Lookups.Support;

/// <summary>
/// The built server as a real process (<c>dotnet RestoreMutator.Webhook.dll --config X --kubeconfig Y</c>)
/// on a free loopback port, with a generated development certificate.
/// </summary>
public sealed class WebhookProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private WebhookProcess(Process process, int port)
    {
        _process = process;
        Port = port;
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public int Port { get; }

    /// <summary>Everything the process wrote so far (for failure messages).</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>An HTTPS client that trusts the generated development certificate (test only).</summary>
    public HttpClient CreateClient() => new(new SocketsHttpHandler
    {
        SslOptions = { RemoteCertificateValidationCallback = (_, _, _, _) => true },
    })
    {
        BaseAddress = new Uri($"https://127.0.0.1:{Port}"),
        Timeout = TimeSpan.FromSeconds(30),
    };

    /// <summary>Starts the server with <paramref name="configYaml"/> (its port is filled in) and waits for /healthz.</summary>
    public static async Task<WebhookProcess> StartAsync(string directory, string configYaml, params string[] extraArguments)
    {
        var port = FreePort();
        var config = Path.Combine(directory, "config.yaml");
        await File.WriteAllTextAsync(config, configYaml.Replace("{port}", port.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal));
        var info = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = directory,
        };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "RestoreMutator.Webhook.dll"));
        info.ArgumentList.Add("--config");
        info.ArgumentList.Add(config);
        foreach (var argument in extraArguments)
        {
            info.ArgumentList.Add(argument);
        }

        // The server must find credentials only where the test says.
        info.Environment.Remove("KUBECONFIG");
        info.Environment.Remove("KUBERNETES_SERVICE_HOST");
        info.Environment["HOME"] = directory;
        var server = new WebhookProcess(Process.Start(info)!, port);
        await server.WaitHealthyAsync();
        return server;
    }

    private async Task WaitHealthyAsync()
    {
        using var client = CreateClient();
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(60))
        {
            if (_process.HasExited)
            {
                // Waits for the redirected streams to reach their end, so the output is complete.
                await _process.WaitForExitAsync();
                throw new InvalidOperationException($"server exited with {_process.ExitCode}:\n{Output}");
            }

            try
            {
                using var response = await client.GetAsync("/healthz");
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"server did not become healthy:\n{Output}");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }
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
