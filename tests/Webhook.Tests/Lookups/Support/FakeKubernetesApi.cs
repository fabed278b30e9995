using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace RestoreMutator.Webhook.Tests.Lookups.Support;

/// <summary>
/// A local HTTPS Kubernetes API server on a free loopback port: real TLS with a generated CA, a
/// bearer-token (or client-certificate) check, and per-path answers (JSON, status codes, slow,
/// garbage). Paths without an answer get the API server's 404 Status.
/// </summary>
public sealed class FakeKubernetesApi : IAsyncDisposable
{
    public const string Token = "sha256~fake-service-account-token";

    private readonly ConcurrentDictionary<string, Func<HttpContext, Task>> _routes = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _hits = new(StringComparer.Ordinal);
    private readonly WebApplication _app;

    private FakeKubernetesApi(WebApplication app, FakeApiCertificates certificates, Uri address)
    {
        _app = app;
        Certificates = certificates;
        Address = address;
    }

    public FakeApiCertificates Certificates { get; }
    public Uri Address { get; }

    /// <summary>The token the server accepts; change it to simulate rotation.</summary>
    public string AcceptedToken { get; set; } = Token;

    /// <summary>Starts the server; <paramref name="serverName"/> as in <see cref="FakeApiCertificates"/>.</summary>
    public static async Task<FakeKubernetesApi> StartAsync(string? serverName = null)
    {
        var certificates = new FakeApiCertificates(serverName: serverName);
        FakeKubernetesApi? api = null;
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen => listen.UseHttps(new HttpsConnectionAdapterOptions
        {
            ServerCertificate = certificates.Server,
            ClientCertificateMode = ClientCertificateMode.AllowCertificate,
            ClientCertificateValidation = (_, _, _) => true,
        })));
        var app = builder.Build();
        app.Run(context => api!.HandleAsync(context));
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        api = new FakeKubernetesApi(app, certificates, new Uri(address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal)));
        return api;
    }

    /// <summary>Serves the objects of a healthy OpenShift cluster with Velero in <c>openshift-adp</c>.</summary>
    public FakeKubernetesApi WithOpenShiftCluster()
    {
        Json("/apis/config.openshift.io/v1/images/cluster", ApiObjects.Image);
        Json("/apis/config.openshift.io/v1/ingresses/cluster", ApiObjects.Ingress);
        Json("/version", ApiObjects.Version);
        Json("/apis/velero.io/v1/namespaces/openshift-adp/restores/nightly-20261120", ApiObjects.Restore("nightly-20261120"));
        Json("/api/v1/namespaces/shop/serviceaccounts/default", ApiObjects.ServiceAccount416("shop", "default", "default-dockercfg-q8z4w"));
        Json("/api/v1/namespaces/shop/serviceaccounts/builder", ApiObjects.ServiceAccountLegacy("shop", "builder", "builder-dockercfg-old11", "builder-dockercfg-n3w5x"));
        return this;
    }

    public void Json(string path, string json, int status = 200) => _routes[path] = context =>
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(json);
    };

    public void Status(string path, int status) => Json(path, status == 403 ? ApiObjects.ForbiddenStatus : ApiObjects.NotFoundStatus, status);

    /// <summary>Answers only after <paramref name="delay"/> (or never, when the client gives up first).</summary>
    public void Slow(string path, TimeSpan delay, string json = "{}") => _routes[path] = async context =>
    {
        try
        {
            await Task.Delay(delay, context.RequestAborted);
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(json);
        }
        catch (OperationCanceledException)
        {
        }
    };

    /// <summary>200 with a body that is not JSON (a proxy's HTML error page).</summary>
    public void Garbage(string path) => _routes[path] = context =>
    {
        context.Response.ContentType = "text/html";
        return context.Response.WriteAsync("<html><body>502 Bad Gateway</body></html>");
    };

    /// <summary>Answers <paramref name="status"/> with <paramref name="json"/> to <paramref name="method"/> on <paramref name="path"/>, and keeps each request's body.</summary>
    public void Record(string method, string path, int status, string json) => Record(method, path, _ => (status, json));

    /// <summary>As <see cref="Record(string, string, int, string)"/>, answering the n-th call (from 0) with <paramref name="answer"/>(n).</summary>
    public void Record(string method, string path, Func<int, (int Status, string Json)> answer)
    {
        var calls = 0;
        _routes[method + " " + path] = async context =>
        {
            using var reader = new StreamReader(context.Request.Body);
            Received.Enqueue((method, path, context.Request.ContentType ?? string.Empty, await reader.ReadToEndAsync()));
            var (status, json) = answer(Interlocked.Increment(ref calls) - 1);
            context.Response.StatusCode = status;
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(json);
        };
    }

    /// <summary>Requests answered by <see cref="Record"/>: method, path, content type and body.</summary>
    public ConcurrentQueue<(string Method, string Path, string ContentType, string Body)> Received { get; } = new();

    public void Remove(string path) => _routes.TryRemove(path, out _);

    /// <summary>How many requests reached <paramref name="path"/>, authenticated or not.</summary>
    public int Hits(string path) => _hits.TryGetValue(path, out var count) ? count : 0;

    private async Task HandleAsync(HttpContext context)
    {
        // KubernetesClient asks for "/version/"; the API server answers both forms.
        var path = context.Request.Path.Value is { Length: > 1 } value ? value.TrimEnd('/') : "/";
        _hits.AddOrUpdate(path, 1, (_, n) => n + 1);
        var authorization = context.Request.Headers.Authorization.ToString();
        var certificate = await context.Connection.GetClientCertificateAsync();
        var byToken = authorization == "Bearer " + AcceptedToken;
        var byCertificate = certificate is not null && certificate.Thumbprint == Certificates.Client.Thumbprint;
        if (!byToken && !byCertificate)
        {
            context.Response.StatusCode = 401;
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync("""{"kind":"Status","apiVersion":"v1","status":"Failure","message":"Unauthorized","reason":"Unauthorized","code":401}""");
            return;
        }

        if (_routes.TryGetValue(context.Request.Method + " " + path, out var route) || _routes.TryGetValue(path, out route))
        {
            await route(context);
            return;
        }

        context.Response.StatusCode = 404;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(ApiObjects.NotFoundStatus);
    }

    /// <summary>Writes a kubeconfig for this server into <paramref name="directory"/>; returns its path.</summary>
    public string WriteKubeconfig(string directory, string? token = Token, bool clientCertificate = false, bool embedAuthority = true)
    {
        var authority = embedAuthority
            ? $"certificate-authority-data: {Convert.ToBase64String(System.Text.Encoding.ASCII.GetBytes(Certificates.AuthorityPem))}"
            : "certificate-authority: ca.crt";
        if (!embedAuthority)
        {
            File.WriteAllText(Path.Combine(directory, "ca.crt"), Certificates.AuthorityPem);
        }

        var user = new List<string>();
        if (token is not null)
        {
            user.Add($"    token: {token}");
        }

        if (clientCertificate)
        {
            File.WriteAllText(Path.Combine(directory, "client.crt"), Certificates.ClientCertificatePem);
            File.WriteAllText(Path.Combine(directory, "client.key"), Certificates.ClientKeyPem);
            user.Add("    client-certificate: client.crt");
            user.Add("    client-key: client.key");
        }

        var path = Path.Combine(directory, "kubeconfig");
        File.WriteAllText(path, $$"""
            apiVersion: v1
            kind: Config
            preferences: {}
            clusters:
            - name: other
              cluster:
                server: https://192.0.2.1:6443
            - name: fake
              cluster:
                server: {{Address.AbsoluteUri.TrimEnd('/')}}
                {{authority}}
            users:
            - name: admin
              user:
            {{string.Join("\n", user)}}
            contexts:
            - name: other
              context: {cluster: other, user: admin}
            - name: restore-mutator@fake
              context:
                cluster: fake
                user: admin
                namespace: restore-mutator
            current-context: restore-mutator@fake
            """);
        return path;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        Certificates.Dispose();
    }
}
