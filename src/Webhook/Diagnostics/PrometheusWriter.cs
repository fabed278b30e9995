using System.Text;

namespace RestoreMutator.Webhook.Diagnostics;

/// <summary>Writes aggregated instruments in the Prometheus text exposition format 0.0.4.</summary>
internal static class PrometheusWriter
{
    public static string Write(IReadOnlyList<InstrumentState> instruments)
    {
        var text = new StringBuilder(4096);
        // One family per name: HELP and TYPE once, even when two instruments map to the same name.
        foreach (var family in instruments.GroupBy(i => i.Name, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var first = family.First();
            var members = family.Where(i => i.Type == first.Type).ToList();
            if (first.Instrument.Description is { Length: > 0 } description)
            {
                text.Append("# HELP ").Append(family.Key).Append(' ').Append(PrometheusText.EscapeHelp(description)).Append('\n');
            }

            text.Append("# TYPE ").Append(family.Key).Append(' ').Append(TypeName(first.Type)).Append('\n');
            foreach (var instrument in members)
            {
                foreach (var series in instrument.Snapshot())
                {
                    if (instrument.Type == MetricType.Histogram)
                    {
                        WriteHistogram(text, family.Key, instrument.Bounds, series);
                    }
                    else
                    {
                        WriteSample(text, family.Key, series.Labels, null, series.Value);
                    }
                }
            }
        }

        WriteDropped(text, instruments);
        return text.ToString();
    }

    /// <summary>Measurements dropped by the per-metric series cap, so a label explosion is visible, not silent.</summary>
    private static void WriteDropped(StringBuilder text, IReadOnlyList<InstrumentState> instruments)
    {
        const string name = "restore_mutator_metrics_dropped_measurements_total";
        text.Append("# HELP ").Append(name).Append(" Measurements dropped because their metric already had the maximum number of label sets.\n");
        text.Append("# TYPE ").Append(name).Append(" counter\n");
        foreach (var instrument in instruments.Where(i => i.Dropped > 0).OrderBy(i => i.Name, StringComparer.Ordinal))
        {
            WriteSample(text, name, [new("metric", instrument.Name)], null, instrument.Dropped);
        }
    }

    private static void WriteHistogram(StringBuilder text, string name, double[] bounds, SeriesSnapshot series)
    {
        long cumulative = 0;
        for (var i = 0; i < bounds.Length; i++)
        {
            cumulative += series.BucketCounts[i];
            WriteSample(text, name + "_bucket", series.Labels, PrometheusText.Number(bounds[i]), cumulative);
        }

        cumulative += series.BucketCounts[bounds.Length];
        WriteSample(text, name + "_bucket", series.Labels, "+Inf", cumulative);
        WriteSample(text, name + "_sum", series.Labels, null, series.Value);
        WriteSample(text, name + "_count", series.Labels, null, series.Count);
    }

    private static void WriteSample(StringBuilder text, string name, IReadOnlyList<KeyValuePair<string, string>> labels, string? le, double value)
    {
        text.Append(name);
        if (labels.Count > 0 || le is not null)
        {
            text.Append('{');
            var separator = false;
            foreach (var (key, labelValue) in labels)
            {
                if (separator)
                {
                    text.Append(',');
                }

                text.Append(PrometheusText.LabelName(key)).Append("=\"").Append(PrometheusText.EscapeLabelValue(labelValue)).Append('"');
                separator = true;
            }

            if (le is not null)
            {
                text.Append(separator ? "," : string.Empty).Append("le=\"").Append(le).Append('"');
            }

            text.Append('}');
        }

        text.Append(' ').Append(PrometheusText.Number(value)).Append('\n');
    }

    private static string TypeName(MetricType type) => type switch
    {
        MetricType.Counter => "counter",
        MetricType.Histogram => "histogram",
        _ => "gauge",
    };
}
