using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Security.Cryptography.X509Certificates;

namespace RestoreMutator.Webhook.Tests.Support;

/// <summary>
/// The built server started as a real process (<c>dotnet RestoreMutator.Webhook.dll --config ...</c>),
/// called over real TLS like the API server calls it: the URL names the service DNS name and the
/// connection goes to loopback, so the certificate is verified for that name against the CA.
/// </summary>
public sealed partial class WebhookProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();
    private readonly ConcurrentQueue<string> _errors = new();
    private volatile bool _terminated;

    private WebhookProcess(Process process, int port)
    {
        _process = process;
        Port = port;
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) { _output.Enqueue(e.Data); } };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                _output.Enqueue(e.Data);
                _errors.Enqueue(e.Data);
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public int Port { get; }

    public int ProcessId => _process.Id;

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    /// <summary>Everything the process wrote (stdout and stderr), line by line.</summary>
    public IReadOnlyList<string> Output => _output.ToArray();

    /// <summary>Everything written so far, one line per output line (for assertions and failure messages).</summary>
    public string OutputText => string.Join('\n', Output);

    /// <summary>What the process wrote on stderr, line by line (complete once it exited and <see cref="WaitForExitAsync"/> returned).</summary>
    public IReadOnlyList<string> Errors => _errors.ToArray();

    /// <summary>A free loopback TCP port.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Starts the server with <paramref name="configPath"/>; does not wait for it to serve.</summary>
    public static WebhookProcess Start(string configPath, int port, IDictionary<string, string>? environment = null, params string[] extraArgs) =>
        Start(configPath, port, null, environment, extraArgs);

    /// <summary>
    /// Starts the server inside <paramref name="cgroup"/>: a shell writes its own pid to the cgroup
    /// and execs the server in the same process, so the runtime starts under the limit.
    /// </summary>
    public static WebhookProcess StartInCgroup(string configPath, int port, MemoryCgroup cgroup, IDictionary<string, string>? environment = null) =>
        Start(configPath, port, cgroup, environment, []);

    private static WebhookProcess Start(string configPath, int port, MemoryCgroup? cgroup, IDictionary<string, string>? environment, string[] extraArgs)
    {
        var start = new ProcessStartInfo(cgroup is null ? "dotnet" : "sh")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(configPath)!,
        };
        if (cgroup is not null)
        {
            start.ArgumentList.Add("-c");
            start.ArgumentList.Add("echo $$ >\"$0\" && exec dotnet \"$@\"");
            start.ArgumentList.Add(cgroup.ProcsFile);
        }

        start.ArgumentList.Add(RepoPaths.WebhookDll);
        start.ArgumentList.Add("--config");
        start.ArgumentList.Add(configPath);
        foreach (var arg in extraArgs)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["RESTORE_MUTATOR_RELOAD_INTERVAL_MS"] = "200";
        start.Environment.Remove("RESTORE_MUTATOR_CONFIG");
        start.Environment.Remove("KUBECONFIG");
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        return new WebhookProcess(Process.Start(start)!, port);
    }

    /// <summary>Waits until <c>/readyz</c> answers 200 over TLS verified with <paramref name="caFile"/>.</summary>
    public async Task WaitReadyAsync(string caFile, TimeSpan? timeout = null, X509Certificate2? clientCertificate = null)
    {
        using var client = CreateClient(caFile, clientCertificate: clientCertificate);
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < (timeout ?? TimeSpan.FromSeconds(60)))
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"server exited with {_process.ExitCode}:\n{OutputText}");
            }

            try
            {
                using var response = await client.GetAsync(Url("/readyz"));
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

        throw new TimeoutException($"server not ready:\n{OutputText}");
    }

    /// <summary>The URL of <paramref name="path"/>, addressed by the service DNS name as the API server does.</summary>
    public Uri Url(string path, string host = TestCertificates.ServiceName) => new($"https://{host}:{Port}{path}");

    /// <summary>
    /// An HTTP client that resolves every host to loopback and trusts only <paramref name="caFile"/>;
    /// the server certificate must be valid for the URL's host. <paramref name="onCertificate"/> sees
    /// each certificate the server presents.
    /// </summary>
    public static HttpClient CreateClient(string caFile, Action<X509Certificate2>? onCertificate = null, X509Certificate2? clientCertificate = null, bool http2 = false)
    {
        var ca = X509Certificate2.CreateFromPem(File.ReadAllText(caFile));
        var handler = new SocketsHttpHandler
        {
            PooledConnectionLifetime = TimeSpan.Zero,
            ConnectCallback = async (context, cancellationToken) =>
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, context.DnsEndPoint.Port), cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            },
            SslOptions = new SslClientAuthenticationOptions
            {
                CertificateChainPolicy = new X509ChainPolicy
                {
                    TrustMode = X509ChainTrustMode.CustomRootTrust,
                    CustomTrustStore = { ca },
                    RevocationMode = X509RevocationMode.NoCheck,
                },
                RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
                {
                    if (certificate is not null)
                    {
                        onCertificate?.Invoke(new X509Certificate2(certificate));
                    }

                    return errors == SslPolicyErrors.None;
                },
                ClientCertificates = clientCertificate is null ? null : new X509CertificateCollection { clientCertificate },
                // Always offer the given certificate, even when the server's list of acceptable CAs
                // does not name its issuer: tests of refused certificates must really send them.
                LocalCertificateSelectionCallback = clientCertificate is null ? null : (_, _, _, _, _) => clientCertificate,
            },
        };
        return new HttpClient(handler)
        {
            DefaultRequestVersion = http2 ? HttpVersion.Version20 : HttpVersion.Version11,
            DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Timeout = TimeSpan.FromSeconds(30),
        };
    }

    /// <summary>True once <see cref="Terminate"/> was called or the process ended: connection failures are then expected.</summary>
    public bool HasExitedOrClosing => _terminated || _process.HasExited;

    /// <summary>The thumbprint of the certificate served on a new connection, or null when /healthz does not answer 200.</summary>
    public async Task<string?> ServedThumbprintAsync(string caFile)
    {
        string? seen = null;
        using var client = CreateClient(caFile, certificate => seen = certificate.Thumbprint);
        using var response = await client.GetAsync(Url("/healthz"));
        return response.StatusCode == HttpStatusCode.OK ? seen : null;
    }

    /// <summary>Sends SIGTERM, as Kubernetes does when it stops a pod.</summary>
    public void Terminate()
    {
        _terminated = true;
        if (!_process.HasExited && SendSignal(_process.Id, 15) != 0)
        {
            throw new InvalidOperationException($"kill -TERM {_process.Id} failed: {Marshal.GetLastPInvokeError()}");
        }
    }

    /// <summary>Sends SIGINT, as Ctrl+C in a terminal does.</summary>
    public void Interrupt()
    {
        _terminated = true;
        if (!_process.HasExited && SendSignal(_process.Id, 2) != 0)
        {
            throw new InvalidOperationException($"kill -INT {_process.Id} failed: {Marshal.GetLastPInvokeError()}");
        }
    }

    /// <summary>Waits for the process to exit; false on timeout.</summary>
    public async Task<bool> WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cts.Token);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
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

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int SendSignal(int pid, int signal);
}
