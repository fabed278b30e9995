namespace RestoreMutator.Transforms.Admission;

/// <summary>
/// Finds <c>\u</c> escapes that encode a lone UTF-16 surrogate (<c>"\ud800"</c>). Such a string is
/// well-formed JSON, but System.Text.Json throws when it is read, so one in a uid, a label or any
/// string a rule reads would turn a request into an internal error (found by fuzz/). The API server
/// (Go's encoding/json) never writes one, so the handler refuses such bodies up front, like invalid UTF-8.
/// </summary>
public static class JsonEscapes
{
    /// <summary>Whether <paramref name="json"/> has a <c>\u</c> escape of an unpaired surrogate. Linear; bytes outside escapes are not looked at.</summary>
    public static bool HasLoneSurrogate(ReadOnlySpan<byte> json)
    {
        var i = json.IndexOf((byte)'\\');
        while (i >= 0 && i + 1 < json.Length)
        {
            if (json[i + 1] != (byte)'u')
            {
                // \" \\ \n ...: skip the escaped character so "\\u" is not read as an escape.
                i = Next(json, i + 2);
                continue;
            }

            var unit = Hex4(json, i + 2);
            if (unit is >= 0xDC00 and <= 0xDFFF)
            {
                return true;
            }

            if (unit is >= 0xD800 and <= 0xDBFF)
            {
                var low = i + 7 < json.Length && json[i + 6] == (byte)'\\' && json[i + 7] == (byte)'u' ? Hex4(json, i + 8) : -1;
                if (low is < 0xDC00 or > 0xDFFF)
                {
                    return true;
                }

                i = Next(json, i + 12);
                continue;
            }

            i = Next(json, i + 6);
        }

        return false;
    }

    private static int Next(ReadOnlySpan<byte> json, int from)
    {
        if (from >= json.Length)
        {
            return -1;
        }

        var next = json[from..].IndexOf((byte)'\\');
        return next < 0 ? -1 : from + next;
    }

    /// <summary>The value of four hex digits at <paramref name="at"/>, or -1 (the JSON parser reports malformed escapes itself).</summary>
    private static int Hex4(ReadOnlySpan<byte> json, int at)
    {
        if (at + 4 > json.Length)
        {
            return -1;
        }

        var value = 0;
        for (var k = at; k < at + 4; k++)
        {
            var digit = json[k] switch
            {
                >= (byte)'0' and <= (byte)'9' => json[k] - '0',
                >= (byte)'a' and <= (byte)'f' => json[k] - 'a' + 10,
                >= (byte)'A' and <= (byte)'F' => json[k] - 'A' + 10,
                _ => -1,
            };
            if (digit < 0)
            {
                return -1;
            }

            value = (value << 4) | digit;
        }

        return value;
    }
}
