using System.Net;
using RestoreMutator.Transforms.Configuration;

namespace RestoreMutator.Webhook.Configuration;

/// <summary>
/// Reads the whole configuration: the mutation sections through <see cref="SettingsLoader"/>, the
/// server's own sections (<c>server</c>, <c>velero</c>, <c>lookups</c>, <c>report</c>) here, into one list of errors.
/// </summary>
internal static class WebhookSettingsLoader
{
    /// <summary>Reads <paramref name="yaml"/>; <paramref name="readFile"/> reads the files it names (U5), null without a config file.</summary>
    public static WebhookSettingsLoadResult Load(string yaml, ConfigFileReader? readFile = null)
    {
        var defaults = new WebhookSettings();
        var host = defaults;
        var result = SettingsLoader.Load(yaml, root => host = ReadHostSections(root, defaults), readFile);
        return result.Succeeded
            ? new WebhookSettingsLoadResult(host with { Mutation = result.Settings! }, [])
            : new WebhookSettingsLoadResult(null, result.Errors);
    }

    private static WebhookSettings ReadHostSections(ConfigSection root, WebhookSettings defaults)
    {
        var velero = root.Section("velero");
        var veleroSettings = new VeleroSettings { Namespace = velero.String("namespace", defaults.Velero.Namespace) };
        velero.RejectUnknownKeys();
        if (!KubernetesNames.IsDnsLabel(veleroSettings.Namespace))
        {
            velero.Error("namespace", $"'{Clip(veleroSettings.Namespace)}' is not a valid namespace name");
        }

        var report = root.Section("report");
        var reportSettings = new ReportSettings { Enabled = report.Bool("enabled", defaults.Report.Enabled) };
        report.RejectUnknownKeys();
        return defaults with
        {
            Server = ReadServer(root, defaults.Server),
            Velero = veleroSettings,
            Lookups = root.Enum("lookups", defaults.Lookups),
            Report = reportSettings,
        };
    }

    private static ServerSettings ReadServer(ConfigSection root, ServerSettings defaults)
    {
        var server = root.Section("server");
        var tls = server.Section("tls");
        var tlsSettings = new TlsSettings
        {
            CertFile = tls.String("certFile", defaults.Tls.CertFile),
            KeyFile = tls.String("keyFile", defaults.Tls.KeyFile),
            ClientCAFile = tls.String("clientCAFile", defaults.Tls.ClientCAFile),
        };
        tls.RejectUnknownKeys();
        if ((tlsSettings.CertFile.Length == 0) != (tlsSettings.KeyFile.Length == 0))
        {
            server.Error("tls", "certFile and keyFile must be set together (or both empty for a generated self-signed certificate)");
        }

        var settings = new ServerSettings
        {
            Port = server.Int("port", defaults.Port, 1, 65535),
            Address = server.String("address", defaults.Address),
            Tls = tlsSettings,
            Http2 = server.Bool("http2", defaults.Http2),
        };
        server.RejectUnknownKeys();
        if (settings.Address != "localhost" && !IPAddress.TryParse(settings.Address, out _))
        {
            server.Error("address", $"must be an IP address or localhost, got '{Clip(settings.Address)}'");
        }

        return settings;
    }

    private static string Clip(string text) => Transforms.Diagnostics.SafeText.Sanitize(text, 80);
}
