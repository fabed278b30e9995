using RestoreMutator.Fuzz.Properties;

namespace RestoreMutator.Fuzz.Targets;

/// <summary>One fuzz target: a name, the property check it runs on each input, and the test project that replays its findings.</summary>
internal sealed record FuzzTarget(string Name, Action<byte[]> Check, string TestProject)
{
    public static readonly IReadOnlyList<FuzzTarget> All =
    [
        // (a) bytes to answer: AdmissionHandler's checks before the pipeline, the pipeline, the response writer.
        new("admission", bytes => AdmissionProperties.CheckUnderFixedConfigurations(bytes), "Transforms.Tests"),
        // (b) image reference parsing, R1 and R2 rewriting.
        new("images", bytes => ImageProperties.Check(FuzzInput.Text(bytes)), "Transforms.Tests"),
        // (c) the configuration file: SettingsLoader and the server's WebhookSettingsLoader.
        new("config", bytes => WebhookSettingsProperties.Check(FuzzInput.Text(bytes)), "Webhook.Tests"),
        // (d) operator rules: pointers with `*`, RFC 6902 operations, merge patches and regex replacements.
        new("rules", bytes => RulesProperties.Check(FuzzInput.Text(bytes)), "Transforms.Tests"),
    ];

    public static FuzzTarget? Find(string name) => All.FirstOrDefault(t => t.Name == name);
}
