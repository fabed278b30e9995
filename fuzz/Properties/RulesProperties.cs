using System.Text;
using RestoreMutator.Transforms.Configuration;

namespace RestoreMutator.Fuzz.Properties;

/// <summary>
/// The properties of operator rules (SPEC U), for target (d): the input is the body of a
/// <c>rules:</c> list. It loads or lists one-line errors (U6, C1); rules that load run on every
/// probe object with every admission property kept (<see cref="SettingsProperties.CheckPipeline"/>):
/// the answer's patch applies to the object (JSON pointers with <c>*</c>, merge patches, regex
/// replacements all end as explicit operations, U2), and a second pass yields no operations (U3, S3).
/// </summary>
public static class RulesProperties
{
    public static SettingsLoadResult Check(string rules)
    {
        ArgumentNullException.ThrowIfNull(rules);
        return SettingsProperties.Check(Config(rules));
    }

    /// <summary>The configuration holding <paramref name="rules"/> as its <c>rules:</c> value (each line indented).</summary>
    public static string Config(string rules)
    {
        var config = new StringBuilder("rules:\n", rules.Length + 64);
        foreach (var line in rules.Split('\n'))
        {
            config.Append("  ").Append(line).Append('\n');
        }

        return config.ToString();
    }
}
