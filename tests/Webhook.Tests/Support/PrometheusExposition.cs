using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace RestoreMutator.Webhook.Tests.Support;

/// <summary>
/// A strict reader of the Prometheus text exposition format 0.0.4, written from the format's
/// description (prometheus.io, "Exposition formats"), independent of the exporter under test.
/// <see cref="Validate"/> lists every violation: bad names or escapes, HELP/TYPE repeated or after
/// samples, a family split up, duplicate series, negative counters, and histograms whose buckets
/// are not cumulative, do not end in <c>+Inf</c>, or disagree with <c>_count</c>.
/// </summary>
public static partial class PrometheusExposition
{
    /// <summary>One sample line.</summary>
    public sealed record Sample(string Name, IReadOnlyList<KeyValuePair<string, string>> Labels, double Value, int Line)
    {
        public string? Label(string name) => Labels.FirstOrDefault(l => l.Key == name).Value;

        /// <summary>The labels other than <c>le</c>, as one key.</summary>
        public string SeriesKey(bool withoutLe = false) =>
            string.Join(',', Labels.Where(l => !withoutLe || l.Key != "le").OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => l.Key + "=" + l.Value));
    }

    public static IReadOnlyList<string> Validate(string text)
    {
        var errors = new List<string>();
        var types = new Dictionary<string, string>(StringComparer.Ordinal);
        var helps = new HashSet<string>(StringComparer.Ordinal);
        var finished = new HashSet<string>(StringComparer.Ordinal);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var samples = new List<(string Family, Sample Sample)>();
        string? current = null;
        if (text.Length > 0 && !text.EndsWith('\n'))
        {
            errors.Add("the exposition does not end with a line feed");
        }

        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            var number = i + 1;
            if (line.Length == 0)
            {
                continue;
            }

            if (line.StartsWith('#'))
            {
                var match = Descriptor().Match(line);
                if (!match.Success)
                {
                    continue; // a plain comment
                }

                var (kind, name, rest) = (match.Groups[1].Value, match.Groups[2].Value, match.Groups[3].Value);
                if (!MetricName().IsMatch(name))
                {
                    errors.Add($"line {number}: invalid metric name {name}");
                }

                if (finished.Contains(name) || (current != name && samples.Any(s => s.Family == name)))
                {
                    errors.Add($"line {number}: {kind} for {name} after its samples");
                }

                if (kind == "TYPE")
                {
                    if (!types.TryAdd(name, rest))
                    {
                        errors.Add($"line {number}: second TYPE for {name}");
                    }

                    if (rest is not ("counter" or "gauge" or "histogram" or "summary" or "untyped"))
                    {
                        errors.Add($"line {number}: unknown type {rest}");
                    }
                }
                else
                {
                    if (!helps.Add(name))
                    {
                        errors.Add($"line {number}: second HELP for {name}");
                    }

                    if (!ValidHelp(rest))
                    {
                        errors.Add($"line {number}: HELP of {name} has an invalid escape");
                    }
                }

                SwitchFamily(name);
                continue;
            }

            if (!TryParseSample(line, number, out var sample, out var error))
            {
                errors.Add($"line {number}: {error}: {line}");
                continue;
            }

            var family = FamilyOf(sample.Name, types);
            SwitchFamily(family);
            if (!seen.Add(sample.Name + "{" + sample.SeriesKey() + "}"))
            {
                errors.Add($"line {number}: duplicate series {sample.Name}{{{sample.SeriesKey()}}}");
            }

            samples.Add((family, sample));
        }

        foreach (var (family, type) in types)
        {
            var members = samples.Where(s => s.Family == family).Select(s => s.Sample).ToList();
            if (type == "counter")
            {
                errors.AddRange(members.Where(s => s.Value < 0 || double.IsNaN(s.Value)).Select(s => $"line {s.Line}: counter {s.Name} is {s.Value}"));
            }
            else if (type == "histogram")
            {
                errors.AddRange(ValidateHistogram(family, members));
            }
        }

        return errors;

        void SwitchFamily(string name)
        {
            if (current == name)
            {
                return;
            }

            if (current is not null)
            {
                finished.Add(current);
            }

            if (finished.Contains(name))
            {
                errors.Add($"the samples of {name} are not together");
            }

            current = name;
        }
    }

    /// <summary>Every sample (asserting nothing).</summary>
    public static IReadOnlyList<Sample> Samples(string text)
    {
        var result = new List<Sample>();
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            if (lines[i].Length > 0 && !lines[i].StartsWith('#') && TryParseSample(lines[i], i + 1, out var sample, out _))
            {
                result.Add(sample);
            }
        }

        return result;
    }

    /// <summary>The declared type of a family, or null.</summary>
    public static string? TypeOf(string text, string family) =>
        text.Split('\n').Select(l => Descriptor().Match(l)).FirstOrDefault(m => m.Success && m.Groups[1].Value == "TYPE" && m.Groups[2].Value == family)?.Groups[3].Value;

    private static IEnumerable<string> ValidateHistogram(string family, List<Sample> members)
    {
        foreach (var wrong in members.Where(s => s.Name != family + "_bucket" && s.Name != family + "_sum" && s.Name != family + "_count"))
        {
            yield return $"line {wrong.Line}: {wrong.Name} in histogram {family}";
        }

        foreach (var series in members.GroupBy(s => s.SeriesKey(withoutLe: true)))
        {
            var buckets = series.Where(s => s.Name == family + "_bucket").ToList();
            var count = series.FirstOrDefault(s => s.Name == family + "_count");
            if (buckets.Count == 0 || count is null || !series.Any(s => s.Name == family + "_sum"))
            {
                yield return $"histogram {family}{{{series.Key}}} lacks buckets, _sum or _count";
                continue;
            }

            var previousBound = double.NegativeInfinity;
            var previousCount = 0.0;
            foreach (var bucket in buckets)
            {
                var le = bucket.Label("le");
                if (le is null || !TryParseValue(le, out var bound))
                {
                    yield return $"line {bucket.Line}: bucket without a valid le";
                    continue;
                }

                if (bound <= previousBound)
                {
                    yield return $"line {bucket.Line}: le {le} is not above the previous bound";
                }

                if (bucket.Value < previousCount)
                {
                    yield return $"line {bucket.Line}: bucket count {bucket.Value} below the previous {previousCount} (not cumulative)";
                }

                previousBound = bound;
                previousCount = bucket.Value;
            }

            if (buckets[^1].Label("le") != "+Inf")
            {
                yield return $"histogram {family}{{{series.Key}}} does not end with le=\"+Inf\"";
            }
            else if (buckets[^1].Value != count.Value)
            {
                yield return $"histogram {family}{{{series.Key}}}: +Inf bucket {buckets[^1].Value} != _count {count.Value}";
            }
        }
    }

    private static string FamilyOf(string sampleName, Dictionary<string, string> types)
    {
        foreach (var suffix in new[] { "_bucket", "_sum", "_count" })
        {
            if (sampleName.EndsWith(suffix, StringComparison.Ordinal))
            {
                var family = sampleName[..^suffix.Length];
                if (types.TryGetValue(family, out var type) && type is "histogram" or "summary")
                {
                    return family;
                }
            }
        }

        return sampleName;
    }

    private static bool TryParseSample(string line, int number, out Sample sample, out string error)
    {
        sample = null!;
        var position = 0;
        while (position < line.Length && line[position] is not ('{' or ' '))
        {
            position++;
        }

        var name = line[..position];
        if (!MetricName().IsMatch(name))
        {
            error = "invalid metric name";
            return false;
        }

        var labels = new List<KeyValuePair<string, string>>();
        if (position < line.Length && line[position] == '{')
        {
            position++;
            while (position < line.Length && line[position] != '}')
            {
                var equals = line.IndexOf('=', position);
                if (equals < 0 || equals + 1 >= line.Length || line[equals + 1] != '"')
                {
                    error = "label without =\"";
                    return false;
                }

                var labelName = line[position..equals];
                if (!LabelName().IsMatch(labelName) || labelName.StartsWith("__", StringComparison.Ordinal))
                {
                    error = $"invalid label name {labelName}";
                    return false;
                }

                if (labels.Any(l => l.Key == labelName))
                {
                    error = $"label {labelName} twice";
                    return false;
                }

                position = equals + 2;
                var value = new StringBuilder();
                while (true)
                {
                    if (position >= line.Length)
                    {
                        error = "unterminated label value";
                        return false;
                    }

                    var c = line[position++];
                    if (c == '"')
                    {
                        break;
                    }

                    if (c == '\\')
                    {
                        var next = position < line.Length ? line[position++] : '\0';
                        switch (next)
                        {
                            case '\\': value.Append('\\'); break;
                            case '"': value.Append('"'); break;
                            case 'n': value.Append('\n'); break;
                            default:
                                error = $"invalid escape \\{next} in a label value";
                                return false;
                        }

                        continue;
                    }

                    value.Append(c);
                }

                labels.Add(new(labelName, value.ToString()));
                if (position < line.Length && line[position] == ',')
                {
                    position++;
                }
                else if (position >= line.Length || line[position] != '}')
                {
                    error = "labels not separated by a comma";
                    return false;
                }
            }

            if (position >= line.Length)
            {
                error = "unterminated label set";
                return false;
            }

            position++; // '}'
        }

        if (position >= line.Length || line[position] != ' ')
        {
            error = "no space before the value";
            return false;
        }

        var parts = line[(position + 1)..].Split(' ');
        if (parts.Length is < 1 or > 2 || !TryParseValue(parts[0], out var parsed))
        {
            error = "invalid value";
            return false;
        }

        if (parts.Length == 2 && !long.TryParse(parts[1], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _))
        {
            error = "invalid timestamp";
            return false;
        }

        sample = new Sample(name, labels, parsed, number);
        error = string.Empty;
        return true;
    }

    private static bool TryParseValue(string text, out double value)
    {
        switch (text)
        {
            case "+Inf":
                value = double.PositiveInfinity;
                return true;
            case "-Inf":
                value = double.NegativeInfinity;
                return true;
            case "NaN":
                value = double.NaN;
                return true;
            default:
                return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value) && !double.IsInfinity(value);
        }
    }

    private static bool ValidHelp(string help)
    {
        for (var i = 0; i < help.Length; i++)
        {
            if (help[i] == '\\' && (i + 1 >= help.Length || help[++i] is not ('\\' or 'n')))
            {
                return false;
            }
        }

        return true;
    }

    [GeneratedRegex(@"^# (HELP|TYPE) (\S+) ?(.*)$")]
    private static partial Regex Descriptor();

    [GeneratedRegex("^[a-zA-Z_:][a-zA-Z0-9_:]*$")]
    private static partial Regex MetricName();

    [GeneratedRegex("^[a-zA-Z_][a-zA-Z0-9_]*$")]
    private static partial Regex LabelName();
}
