using System.Text.Json;
using System.Text.Encodings.Web;

namespace RestoreMutator.FixtureCases;

/// <summary>
/// Writes each group as <c>OUT/&lt;group&gt;/config.yaml</c> (without a server section: apiserver-check
/// adds the port and certificates), <c>lookups.json</c> when the group needs a fake API server, and
/// <c>cases/*.json</c>.
/// </summary>
internal static class GroupWriter
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static void Write(IReadOnlyList<CaseGroup> groups, string outputDirectory, TextWriter log)
    {
        if (Directory.Exists(outputDirectory))
        {
            Directory.Delete(outputDirectory, recursive: true);
        }

        foreach (var group in groups)
        {
            var directory = Path.Combine(outputDirectory, group.Name);
            var cases = Directory.CreateDirectory(Path.Combine(directory, "cases")).FullName;
            File.WriteAllText(Path.Combine(directory, "config.yaml"), $"# from {group.Source}\n" + group.EffectiveConfig);
            if (group.Lookups is { } lookups)
            {
                File.WriteAllText(Path.Combine(directory, "lookups.json"), lookups.ToJsonString(Indented) + "\n");
            }

            foreach (var (file, reviewCase) in group.Cases)
            {
                File.WriteAllText(Path.Combine(cases, file), reviewCase.ToJsonString(Indented) + "\n");
            }

            var note = group.Lookups is null ? string.Empty : ", lookups " + group.Lookups.ToJsonString();
            log.WriteLine($"group {group.Name}: {group.Cases.Count} cases, config from {group.Source}{note}");
        }
    }
}
