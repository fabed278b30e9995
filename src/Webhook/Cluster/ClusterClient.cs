using System.Net;
using System.Net.Security;
using System.Security.Authentication;
using k8s;
using k8s.Models;
using RestoreMutator.Webhook.Lookups;

namespace RestoreMutator.Webhook.Cluster;

/// <summary>
/// All access to the API server, through KubernetesClient (<see cref="IKubernetes"/>: typed
/// reads and writes of every kind, custom objects). Every call is bounded by the per-call timeout
/// and the caller's token, and never throws: failures come back as a <see cref="ClusterResult{T}"/>
/// with a reason. The server certificate is checked by <see cref="ServerTrust"/>.
/// </summary>
public sealed class ClusterClient : IDisposable
{
    private readonly Kubernetes _api;
    private readonly TimeSpan _callTimeout;

    public ClusterClient(ClusterConnection connection, LookupOptions options)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(options);
        Server = connection.Server;
        _callTimeout = options.CallTimeout;
        var configuration = connection.Configuration;
        configuration.HttpClientTimeout = options.CallTimeout;
        configuration.FirstMessageHandlerSetup = handler =>
        {
            // Follow endpoint changes of the API server (HA control planes) without keeping a connection forever.
            handler.PooledConnectionLifetime = TimeSpan.FromMinutes(5);
            handler.ConnectTimeout = options.CallTimeout;
            handler.AllowAutoRedirect = false;
            // As before KubernetesClient: the API server is reached directly, never through HTTPS_PROXY.
            handler.UseProxy = false;
            handler.AutomaticDecompression = DecompressionMethods.GZip;
            handler.SslOptions.EnabledSslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13;
            handler.SslOptions.RemoteCertificateValidationCallback = connection.Trust.Validate;
        };
        _api = new Kubernetes(configuration);
    }

    /// <summary>API server address, for logs.</summary>
    public Uri Server { get; }

    /// <summary>
    /// Runs <paramref name="call"/> against the API. <paramref name="path"/> names the call in log
    /// lines (e.g. <c>/version</c>). The call ends at the per-call timeout (reason <c>timeout</c>) or
    /// when <paramref name="cancellationToken"/> fires (reason <c>deadline</c>), whichever is first,
    /// even if the server keeps the response body open.
    /// </summary>
    public async Task<ClusterResult<T>> SendAsync<T>(string path, Func<IKubernetes, CancellationToken, Task<T>> call, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(call);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_callTimeout);
        try
        {
            return ClusterResults.Ok(await call(_api, timeout.Token).WaitAsync(timeout.Token).ConfigureAwait(false));
        }
        catch (Exception e) when (ClusterFailures.Classify(e, path, cancellationToken.IsCancellationRequested) is (string reason, string detail))
        {
            return ClusterResults.Failed<T>(reason, detail);
        }
    }

    /// <summary>
    /// Prepares the first real lookups: compiles the deserializers of the typed objects they read and
    /// opens a pooled connection with one <c>/version</c> call, bounded by <paramref name="bound"/>
    /// rather than the per-call timeout. A restore usually starts right after a rollout, and on a busy
    /// node the first call of a cold process can take longer than the 1 s a lookup may (K4: it would
    /// then be dropped with a warning). Failures are ignored: the lookups report their own.
    /// </summary>
    public async Task WarmUpAsync(TimeSpan bound, CancellationToken cancellationToken)
    {
        _ = KubernetesJson.Deserialize<V1Node>("""{"metadata":{"name":"warm-up"}}""");
        _ = KubernetesJson.Deserialize<V1StorageClass>("""{"metadata":{"name":"warm-up"},"provisioner":"warm-up"}""");
        _ = KubernetesJson.Deserialize<V1ServiceAccount>("""{"metadata":{"name":"warm-up"}}""");
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(bound);
        try
        {
            await _api.Version.GetCodeAsync(timeout.Token).WaitAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // Nothing to report here: a failing API server shows in the lookups' own metrics and logs.
        }
    }

    public void Dispose() => _api.Dispose();
}
