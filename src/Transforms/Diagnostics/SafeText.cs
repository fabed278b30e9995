using System.Text;

namespace RestoreMutator.Transforms.Diagnostics;

/// <summary>
/// Makes text safe for warnings, messages and one-line errors: printable ASCII only, bounded length.
/// The API server silently drops warnings with control characters or invalid UTF-8 (SPEC A5).
/// </summary>
public static class SafeText
{
    /// <summary>Replaces anything outside printable ASCII with '?' and cuts to <paramref name="maxLength"/> characters.</summary>
    public static string Sanitize(string text, int maxLength)
    {
        var length = Math.Min(text.Length, maxLength);
        var clean = true;
        for (var i = 0; i < length; i++)
        {
            if (text[i] is < ' ' or > '~')
            {
                clean = false;
                break;
            }
        }

        if (clean && text.Length <= maxLength)
        {
            return text;
        }

        var builder = new StringBuilder(maxLength);
        for (var i = 0; i < length; i++)
        {
            var c = text[i];
            builder.Append(c is < ' ' or > '~' ? '?' : c);
        }

        if (text.Length > maxLength && maxLength > 3)
        {
            builder.Length = maxLength - 3;
            builder.Append("...");
        }

        return builder.ToString();
    }
}
