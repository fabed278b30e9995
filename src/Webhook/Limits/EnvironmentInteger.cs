using System.Globalization;

namespace RestoreMutator.Webhook.Limits;

/// <summary>
/// A whole-number override read from an environment variable (operators set these in the
/// Deployment). Unset or blank means "use the default"; anything else that is not a number in
/// range stops startup with one line naming the variable (SPEC C8), rather than being ignored.
/// </summary>
internal static class EnvironmentInteger
{
    /// <summary>The value of <paramref name="name"/>, or null when it is not set.</summary>
    /// <param name="name">The environment variable.</param>
    /// <param name="min">The smallest accepted value.</param>
    /// <param name="max">The largest accepted value.</param>
    /// <param name="unit">What the number counts, for the error ("whole seconds").</param>
    /// <param name="environment">Reads a variable; the process environment when null (tests pass their own).</param>
    public static long? Read(string name, long min, long max, string unit, Func<string, string?>? environment = null)
    {
        var text = (environment ?? Environment.GetEnvironmentVariable)(name);
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        if (long.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max)
        {
            return value;
        }

        var shown = text.Length > 40 ? text[..40] + "..." : text;
        throw new StartupException(string.Create(CultureInfo.InvariantCulture, $"{name} must be {unit} from {min} to {max}, got '{shown}'"));
    }
}
