namespace RestoreMutator.Transforms.Patching;

/// <summary>RFC 6901 JSON Pointer helpers: escaping of reference tokens and path building.</summary>
public static class JsonPointer
{
    /// <summary>Escapes one reference token: <c>~</c> becomes <c>~0</c>, <c>/</c> becomes <c>~1</c> (in that order).</summary>
    public static string Escape(string token)
    {
        if (token.AsSpan().IndexOfAny('~', '/') < 0)
        {
            return token;
        }

        return token.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal);
    }

    /// <summary>Unescapes one reference token (<c>~1</c> to <c>/</c> first, then <c>~0</c> to <c>~</c>).</summary>
    public static string Unescape(string token)
    {
        if (!token.Contains('~', StringComparison.Ordinal))
        {
            return token;
        }

        return token.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);
    }

    /// <summary>
    /// <see cref="Unescape(string)"/> into <paramref name="destination"/> (at least as long as
    /// <paramref name="token"/>), in one pass and without allocating; returns the length written.
    /// One pass gives the same result: a <c>~1</c> turned into <c>/</c> can never form a new <c>~0</c>.
    /// </summary>
    public static int Unescape(ReadOnlySpan<char> token, Span<char> destination)
    {
        var written = 0;
        for (var i = 0; i < token.Length; i++)
        {
            var c = token[i];
            if (c == '~' && i + 1 < token.Length && token[i + 1] is '0' or '1')
            {
                c = token[++i] == '1' ? '/' : '~';
            }

            destination[written++] = c;
        }

        return written;
    }

    /// <summary>Appends an (unescaped) object key to a pointer.</summary>
    public static string Append(string pointer, string key) => pointer + "/" + Escape(key);

    /// <summary>Appends an array index to a pointer.</summary>
    public static string Append(string pointer, int index) => pointer + "/" + index.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Splits a pointer into unescaped tokens. The empty pointer addresses the whole document.</summary>
    public static IReadOnlyList<string> Split(string pointer)
    {
        if (pointer.Length == 0)
        {
            return [];
        }

        if (pointer[0] != '/')
        {
            throw new ArgumentException($"JSON pointer must start with '/': {pointer}", nameof(pointer));
        }

        var parts = pointer[1..].Split('/');
        for (var i = 0; i < parts.Length; i++)
        {
            parts[i] = Unescape(parts[i]);
        }

        return parts;
    }

    /// <summary>The pointer of the parent container ("" for top-level members).</summary>
    public static string Parent(string pointer)
    {
        var slash = pointer.LastIndexOf('/');
        return slash <= 0 ? string.Empty : pointer[..slash];
    }
}
