using System.Net;
using System.Net.Http.Headers;
using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;

namespace RestoreMutator.Webhook.Lookups;

/// <summary>
/// The smallest Kubernetes API client the lookups need: authenticated JSON GETs, nothing else
/// (KubernetesClient is not available to this project). TLS is checked against the cluster CA
/// (or the system store when none is configured); the caller bounds each call with its token.
/// </summary>
public sealed class KubernetesApiClient : IDisposable
{
    private readonly HttpClient _http;
    private readonly ClusterCredentials _credentials;
    private readonly string _base;

    public KubernetesApiClient(ClusterCredentials credentials, LookupOptions options)
    {
        ArgumentNullException.ThrowIfNull(credentials);
        ArgumentNullException.ThrowIfNull(options);
        _credentials = credentials;
        _base = credentials.Server.AbsoluteUri.TrimEnd('/');
        var handler = new SocketsHttpHandler
        {
            // Follow endpoint changes of the API server (HA control planes) without keeping a connection forever.
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            ConnectTimeout = options.CallTimeout,
            AllowAutoRedirect = false,
            UseProxy = false,
            AutomaticDecompression = DecompressionMethods.GZip,
            SslOptions = new SslClientAuthenticationOptions
            {
                EnabledSslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
                RemoteCertificateValidationCallback = ValidateServer,
                ClientCertificates = credentials.ClientCertificate is { } client ? [client] : null,
            },
        };
        _http = new HttpClient(handler, disposeHandler: true)
        {
            Timeout = Timeout.InfiniteTimeSpan,
            MaxResponseContentBufferSize = options.MaxResponseBytes,
        };
    }

    /// <summary>API server address, for logs.</summary>
    public Uri Server => _credentials.Server;

    /// <summary>GETs <paramref name="path"/> (e.g. <c>/version</c>). Never throws: failures come back as <see cref="ApiResponse.Failed"/>.</summary>
    public async Task<ApiResponse> GetAsync(string path, CancellationToken cancellationToken)
    {
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(_base + path, UriKind.Absolute));
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
            if (_credentials.Token?.Current is { Length: > 0 } token)
            {
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            }

            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
            switch (response.StatusCode)
            {
                case HttpStatusCode.NotFound:
                    return ApiResponse.NotFound();
                case HttpStatusCode.Unauthorized:
                    return ApiResponse.Failed("unauthorized", "401 Unauthorized: the token or client certificate was not accepted");
                case HttpStatusCode.Forbidden:
                    return ApiResponse.Failed("forbidden", $"403 Forbidden on {path}: RBAC does not allow this read");
                case >= HttpStatusCode.InternalServerError:
                    return ApiResponse.Failed("server_error", $"HTTP {(int)response.StatusCode} from the API server");
                case < HttpStatusCode.OK or >= HttpStatusCode.MultipleChoices:
                    return ApiResponse.Failed("http_error", $"HTTP {(int)response.StatusCode} from the API server");
            }

            var body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
            return ApiResponse.Ok(JsonDocument.Parse(body));
        }
        catch (OperationCanceledException e)
        {
            // The caller's timeout, or the handler's ConnectTimeout (TCP and TLS setup): both are timeouts.
            return ApiResponse.Failed("timeout", cancellationToken.IsCancellationRequested
                ? $"no answer within the lookup timeout for {path}"
                : $"{e.InnerException?.Message ?? e.Message} ({path})");
        }
        catch (JsonException)
        {
            return ApiResponse.Failed("invalid_response", $"the answer to {path} is not JSON");
        }
        catch (HttpRequestException e) when (e.InnerException is AuthenticationException)
        {
            return ApiResponse.Failed("tls", $"TLS with the API server failed: {e.InnerException.Message}");
        }
        catch (HttpRequestException e)
        {
            return ApiResponse.Failed("connection", e.Message);
        }
    }

    public void Dispose() => _http.Dispose();

    private bool ValidateServer(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (_credentials.InsecureSkipTlsVerify)
        {
            return true;
        }

        if (_credentials.CertificateAuthority is not { } authority)
        {
            return errors == SslPolicyErrors.None;
        }

        // The host name must still match; only the chain is re-built against the cluster CA alone.
        if (certificate is null || (errors & (SslPolicyErrors.RemoteCertificateNameMismatch | SslPolicyErrors.RemoteCertificateNotAvailable)) != 0)
        {
            return false;
        }

        using var custom = new X509Chain();
        custom.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        custom.ChainPolicy.CustomTrustStore.AddRange(authority);
        custom.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        if (chain is not null)
        {
            foreach (var element in chain.ChainElements)
            {
                custom.ChainPolicy.ExtraStore.Add(element.Certificate);
            }
        }

        var leaf = certificate as X509Certificate2 ?? X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        return custom.Build(leaf);
    }
}
