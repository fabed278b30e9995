using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using RestoreMutator.Transforms.Configuration;
using RestoreMutator.Webhook.Configuration;
using RestoreMutator.Webhook.Health;

namespace RestoreMutator.Webhook.Tests.Support;

/// <summary>The real application on an in-memory server (no sockets, no TLS): for HTTP contract tests.</summary>
internal sealed class InMemoryWebhook : IAsyncDisposable
{
    public const string DefaultConfig = """
        lookups: off
        server: {tls: {certFile: "", keyFile: ""}}
        namespaceMapping: {shop-old: shop}
        registry:
          destination: image-registry.openshift-image-registry.svc:5000
        """;

    private InMemoryWebhook(WebApplication app)
    {
        App = app;
        Client = app.GetTestClient();
    }

    public WebApplication App { get; }
    public HttpClient Client { get; }

    /// <summary>
    /// Starts the app. <paramref name="snapshot"/> may replace the configuration snapshot (for example
    /// a pipeline with a test rule); <paramref name="services"/> may replace services.
    /// </summary>
    public static async Task<InMemoryWebhook> StartAsync(string yaml = DefaultConfig, Action<IServiceCollection>? services = null,
        Func<ConfigSnapshot, ConfigSnapshot>? snapshot = null)
    {
        var result = WebhookSettingsLoader.Load(yaml);
        if (!result.Succeeded)
        {
            throw new InvalidOperationException(string.Join("; ", result.Errors));
        }

        var config = ConfigSnapshot.Create(result.Settings!, "test");
        var startup = new WebhookStartup(snapshot?.Invoke(config) ?? config, null) { ConsoleLogging = false };
        var app = WebhookApplication.Build(startup, builder =>
        {
            builder.WebHost.UseTestServer();
            // No listener to drain in memory: stop at once (the 10 s drain is for real processes).
            builder.Services.AddSingleton(new ShutdownDrain.Delay(TimeSpan.Zero));
            services?.Invoke(builder.Services);
        });
        WebhookApplication.LoadCertificates(app);
        await app.StartAsync();
        return new InMemoryWebhook(app);
    }

    /// <summary>POSTs a body to /mutate with a content type.</summary>
    public Task<HttpResponseMessage> PostAsync(string body, string contentType = "application/json", string path = "/mutate")
    {
        var content = new StringContent(body, Encoding.UTF8);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        return Client.PostAsync(path, content);
    }

    /// <summary>POSTs a review and returns the parsed answer (asserting HTTP 200).</summary>
    public async Task<JsonObject> ReviewAsync(JsonNode review)
    {
        using var response = await PostAsync(review.ToJsonString());
        var text = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"HTTP {(int)response.StatusCode}: {text}");
        }

        return JsonNode.Parse(text)!.AsObject();
    }

    /// <summary>GET /metrics as text (asserting HTTP 200).</summary>
    public async Task<string> MetricsAsync()
    {
        using var response = await Client.GetAsync("/metrics");
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadAsStringAsync();
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
    }
}
