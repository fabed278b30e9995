using System.Globalization;
using System.Text;

namespace RestoreMutator.Webhook.Diagnostics;

/// <summary>
/// Spelling rules of the Prometheus text exposition format 0.0.4: metric and label names,
/// escaping of label values and HELP text, and number formatting.
/// </summary>
internal static class PrometheusText
{
    /// <summary>The Content-Type of the format.</summary>
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    /// <summary>
    /// A valid metric name (<c>[a-zA-Z_:][a-zA-Z0-9_:]*</c>): other characters (dots of
    /// OpenTelemetry-style names, dashes) become underscores.
    /// </summary>
    public static string MetricName(string name) => Name(name, allowColon: true);

    /// <summary>A valid label name (<c>[a-zA-Z_][a-zA-Z0-9_]*</c>).</summary>
    public static string LabelName(string name) => Name(name, allowColon: false);

    /// <summary>Formats a tag value (string, number, boolean) as label text, culture-invariant.</summary>
    public static string LabelValue(object? value) => value switch
    {
        null => string.Empty,
        string text => text,
        bool flag => flag ? "true" : "false",
        double d => Number(d),
        float f => Number(f),
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? string.Empty,
    };

    /// <summary>Escapes a label value: backslash, double quote and line feed (format 0.0.4).</summary>
    public static string EscapeLabelValue(string value)
    {
        if (value.AsSpan().IndexOfAny('\\', '"', '\n') < 0)
        {
            return value;
        }

        var builder = new StringBuilder(value.Length + 8);
        foreach (var c in value)
        {
            builder.Append(c switch
            {
                '\\' => @"\\",
                '"' => "\\\"",
                '\n' => @"\n",
                _ => c.ToString(),
            });
        }

        return builder.ToString();
    }

    /// <summary>Escapes HELP text: backslash and line feed (quotes stay as they are).</summary>
    public static string EscapeHelp(string help) => help.Replace("\\", @"\\", StringComparison.Ordinal).Replace("\n", @"\n", StringComparison.Ordinal);

    /// <summary>A sample value or bucket bound: <c>+Inf</c>, <c>-Inf</c>, <c>NaN</c>, else the shortest round-trip form.</summary>
    public static string Number(double value) => value switch
    {
        double.PositiveInfinity => "+Inf",
        double.NegativeInfinity => "-Inf",
        double.NaN => "NaN",
        _ => value.ToString("R", CultureInfo.InvariantCulture),
    };

    private static string Name(string name, bool allowColon)
    {
        if (name.Length == 0)
        {
            return "_";
        }

        var chars = name.ToCharArray();
        for (var i = 0; i < chars.Length; i++)
        {
            var c = chars[i];
            var valid = char.IsAsciiLetter(c) || c == '_' || (allowColon && c == ':') || char.IsAsciiDigit(c);
            if (!valid)
            {
                chars[i] = '_';
            }
        }

        var result = new string(chars);
        return char.IsAsciiDigit(name[0]) ? "_" + result : result;
    }
}
