namespace RestoreMutator.Fuzz.Properties;

/// <summary>What a one-line reason, error or warning must look like (SPEC A3, A5, C1).</summary>
public static class SafeLine
{
    /// <summary>Non-empty, printable ASCII only (no line breaks or terminal escapes), at most <paramref name="maxLength"/> characters.</summary>
    public static bool IsSafe(string? text, int maxLength) =>
        !string.IsNullOrWhiteSpace(text) && text.Length <= maxLength && text.All(c => c is >= ' ' and <= '~');

    /// <summary>Non-empty and one line: no <c>\r</c> or <c>\n</c> (other characters are the caller's concern).</summary>
    public static bool IsOneLine(string? text) =>
        !string.IsNullOrWhiteSpace(text) && text.IndexOfAny(['\r', '\n']) < 0;
}
