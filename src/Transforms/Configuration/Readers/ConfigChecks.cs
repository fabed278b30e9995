using RestoreMutator.Transforms.Diagnostics;

namespace RestoreMutator.Transforms.Configuration.Readers;

/// <summary>Checks several section readers share; each records an error and never throws.</summary>
internal static class ConfigChecks
{
    public static void RequireNamespace(ConfigSection section, string key, string value)
    {
        if (!KubernetesNames.IsDnsLabel(value))
        {
            section.Error(key, $"'{Clip(value)}' is not a valid namespace name");
        }
    }

    /// <summary>Each <c>{from, to}</c> must be valid for <paramref name="isValid"/>; a <c>from</c> is listed once.</summary>
    public static void RequireRewrites(ConfigSection section, string key, IReadOnlyList<PrefixRewrite> rewrites, Func<string, bool> isValid, string what)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < rewrites.Count; i++)
        {
            var (from, to) = (rewrites[i].From, rewrites[i].To);
            if (!isValid(from))
            {
                section.Error($"{key}[{i}].from", $"must be {what}, got '{Clip(from)}'");
            }

            if (!isValid(to))
            {
                section.Error($"{key}[{i}].to", $"must be {what}, got '{Clip(to)}'");
            }

            if (!seen.Add(from))
            {
                section.Error($"{key}[{i}].from", $"'{Clip(from)}' is listed more than once");
            }
        }
    }

    /// <summary>Keys and values of a name map must be DNS subdomains (node and storage class names).</summary>
    public static void RequireSubdomainMap(ConfigSection section, string key, IReadOnlyDictionary<string, string> map, string what)
    {
        foreach (var (from, to) in map)
        {
            if (!KubernetesNames.IsDnsSubdomain(from) || !KubernetesNames.IsDnsSubdomain(to))
            {
                section.Error($"{key}.{from}", $"{what} must be DNS subdomains");
            }
        }
    }

    /// <summary>A value quoted in an error message: printable and short.</summary>
    public static string Clip(string text) => SafeText.Sanitize(text, 80);
}
