using RestoreMutator.Transforms.Configuration;
using RestoreMutator.Webhook.Configuration;

namespace RestoreMutator.Fuzz.Properties;

/// <summary>
/// The server's configuration loading (SPEC C1, C8): <see cref="WebhookSettingsLoader"/> reads the
/// whole file, never throws, and yields settings or one-line errors; what it accepts the offline
/// tools accept too (they ignore the host's sections), and its mutation settings build a pipeline
/// that keeps the admission properties on the probe objects.
/// </summary>
public static class WebhookSettingsProperties
{
    public static void Check(string yaml)
    {
        ArgumentNullException.ThrowIfNull(yaml);
        var offline = SettingsProperties.Check(yaml);
        var result = WebhookSettingsLoader.Load(yaml);
        PropertyViolationException.Require(result.Succeeded == (result.Settings is not null) && result.Succeeded == (result.Errors.Count == 0),
            "C1: a load result has settings and errors, or neither");
        SettingsProperties.CheckErrors(result.Errors);
        if (result.Succeeded)
        {
            PropertyViolationException.Require(offline.Succeeded, $"C1: the server accepts a file the offline tools refuse: {string.Join("; ", offline.Errors)}");
            SettingsProperties.CheckPipeline(result.Settings!.Mutation);
        }
    }
}
