using System.Globalization;

namespace RestoreMutator.Webhook.Tests.Support;

/// <summary>Reads sample values out of a Prometheus text exposition.</summary>
public static class MetricsText
{
    /// <summary>
    /// The value of the sample written exactly as <paramref name="series"/> (name plus labels as
    /// the exporter writes them, e.g. <c>x_total{code="400"}</c>); 0 when absent.
    /// </summary>
    public static double Value(string exposition, string series)
    {
        foreach (var line in exposition.Split('\n'))
        {
            if (line.StartsWith(series + " ", StringComparison.Ordinal))
            {
                return double.Parse(line[(series.Length + 1)..], CultureInfo.InvariantCulture);
            }
        }

        return 0;
    }

    /// <summary>Every sample line (not comments) whose name starts with <paramref name="prefix"/>.</summary>
    public static IReadOnlyList<string> Samples(string exposition, string prefix) =>
        exposition.Split('\n').Where(l => l.StartsWith(prefix, StringComparison.Ordinal)).ToList();
}
