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
using RestoreMutator.Webhook.Lookups;

namespace RestoreMutator.Webhook.Tests.Lookups.Support;

/// <summary>The real application in memory, with lookups against a <see cref="FakeKubernetesApi"/> through a kubeconfig.</summary>
internal sealed class LookupWebhook : IAsyncDisposable
{
    public const string Config = """
        lookups: auto
        server: {tls: {certFile: "", keyFile: ""}}
        velero: {namespace: openshift-adp}
        """;

    private readonly TempDirectory _directory;

    private LookupWebhook(WebApplication app, TempDirectory directory)
    {
        App = app;
        _directory = directory;
        Client = app.GetTestClient();
    }

    public WebApplication App { get; }
    public HttpClient Client { get; }
    public LookupMetrics Metrics => App.Services.GetRequiredService<LookupMetrics>();

    public static async Task<LookupWebhook> StartAsync(FakeKubernetesApi api, string yaml = Config, LookupOptions? options = null, Action<IServiceCollection>? services = null)
    {
        var directory = new TempDirectory();
        var kubeconfig = api.WriteKubeconfig(directory.Path);
        var result = WebhookSettingsLoader.Load(yaml);
        if (!result.Succeeded)
        {
            throw new InvalidOperationException(string.Join("; ", result.Errors));
        }

        var startup = new WebhookStartup(ConfigSnapshot.Create(result.Settings!, "test"), null, kubeconfig) { ConsoleLogging = false };
        var app = WebhookApplication.Build(startup, builder =>
        {
            builder.WebHost.UseTestServer();
            // No listener to drain in memory: stop at once (the 10 s drain is for real processes).
            builder.Services.AddSingleton(new ShutdownDrain.Delay(TimeSpan.Zero));
            if (options is not null)
            {
                builder.Services.AddSingleton(options);
            }

            services?.Invoke(builder.Services);
        });
        WebhookApplication.LoadCertificates(app);
        await app.StartAsync();
        return new LookupWebhook(app, directory);
    }

    public async Task<JsonObject> ReviewAsync(JsonNode review, string query = "")
    {
        var content = new StringContent(review.ToJsonString(), Encoding.UTF8);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var response = await Client.PostAsync("/mutate" + query, content);
        var text = await response.Content.ReadAsStringAsync();
        response.EnsureSuccessStatusCode();
        return JsonNode.Parse(text)!.AsObject();
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
        _directory.Dispose();
    }
}
