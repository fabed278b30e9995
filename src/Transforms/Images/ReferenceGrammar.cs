namespace RestoreMutator.Transforms.Images;

/// <summary>
/// The productions of distribution/reference's grammar (its <c>regexp.go</c>), as hand-written
/// scanners over spans: one pass per part, no allocation, no regular expression. Parsing image
/// references was about 45% of the rules' time with generated regexes (docs/performance.md).
/// </summary>
internal static class ReferenceGrammar
{
    /// <summary>A tag is at most 128 characters: <c>[\w][\w.-]{0,127}</c>.</summary>
    public const int MaxTagLength = 128;

    /// <summary>A digest's hex part has at least 32 digits (128 bits) before any algorithm check.</summary>
    public const int MinDigestHexLength = 32;

    /// <summary>An image ID: exactly 64 lower-case hex digits (<c>identifier</c>).</summary>
    public static bool IsIdentifier(ReadOnlySpan<char> text)
    {
        if (text.Length != 64)
        {
            return false;
        }

        foreach (var c in text)
        {
            if (!IsLowerHex(c))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// <c>domainAndPort</c>: a domain name of components <c>[a-zA-Z0-9]([a-zA-Z0-9-]*[a-zA-Z0-9])?</c>
    /// joined by dots, or an IPv6 address in brackets (<c>\[[a-fA-F0-9:]+\]</c>, no zone), then an
    /// optional <c>:port</c> of digits.
    /// </summary>
    public static bool IsDomain(ReadOnlySpan<char> text)
    {
        ReadOnlySpan<char> port;
        if (text.Length > 0 && text[0] == '[')
        {
            var close = text.IndexOf(']');
            if (close < 2)
            {
                return false;
            }

            foreach (var c in text[1..close])
            {
                if (!char.IsAsciiHexDigit(c) && c != ':')
                {
                    return false;
                }
            }

            port = text[(close + 1)..];
        }
        else
        {
            var colon = text.IndexOf(':');
            var host = colon < 0 ? text : text[..colon];
            port = colon < 0 ? [] : text[colon..];
            if (!IsDomainName(host))
            {
                return false;
            }
        }

        if (port.Length == 0)
        {
            return true;
        }

        return port.Length > 1 && port[0] == ':' && !port[1..].ContainsAnyExceptInRange('0', '9');
    }

    /// <summary>
    /// <c>remoteName</c>: path components joined by <c>/</c>, each <c>[a-z0-9]+</c> runs separated by
    /// one <c>.</c>, one or two <c>_</c>, or any number of <c>-</c>. A path that would be valid in
    /// lower case is reported as <see cref="ReferenceError.UpperCasePath"/>.
    /// </summary>
    public static ReferenceError CheckPath(ReadOnlySpan<char> path)
    {
        var upper = false;
        var rest = path;
        while (true)
        {
            var slash = rest.IndexOf('/');
            if (!IsPathComponent(slash < 0 ? rest : rest[..slash], ref upper))
            {
                return ReferenceError.InvalidPath;
            }

            if (slash < 0)
            {
                return upper ? ReferenceError.UpperCasePath : ReferenceError.None;
            }

            rest = rest[(slash + 1)..];
        }
    }

    /// <summary><c>tag</c>: <c>[\w][\w.-]{0,127}</c>, where <c>\w</c> is ASCII <c>[A-Za-z0-9_]</c>.</summary>
    public static bool IsTag(ReadOnlySpan<char> tag)
    {
        if (tag.Length is 0 or > MaxTagLength || !IsWord(tag[0]))
        {
            return false;
        }

        foreach (var c in tag[1..])
        {
            if (!IsWord(c) && c is not ('.' or '-'))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// A digest as distribution/reference and go-digest accept it: the form
    /// <c>[A-Za-z][A-Za-z0-9]*([-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}</c>, then a registered
    /// algorithm (<see cref="DigestAlgorithms"/>) with exactly its number of lower-case hex digits.
    /// </summary>
    public static ReferenceError CheckDigest(ReadOnlySpan<char> digest)
    {
        var colon = digest.IndexOf(':');
        if (colon < 1 || !IsAlgorithm(digest[..colon]))
        {
            return ReferenceError.InvalidDigest;
        }

        var hex = digest[(colon + 1)..];
        var lower = true;
        foreach (var c in hex)
        {
            if (!char.IsAsciiHexDigit(c))
            {
                return ReferenceError.InvalidDigest;
            }

            lower &= !char.IsAsciiLetterUpper(c);
        }

        if (hex.Length < MinDigestHexLength)
        {
            return ReferenceError.InvalidDigest;
        }

        var expected = DigestAlgorithms.HexLength(digest[..colon]);
        if (expected == 0)
        {
            return ReferenceError.UnknownDigestAlgorithm;
        }

        return hex.Length == expected && lower ? ReferenceError.None : ReferenceError.DigestEncoding;
    }

    private static bool IsDomainName(ReadOnlySpan<char> host)
    {
        var rest = host;
        while (true)
        {
            var dot = rest.IndexOf('.');
            var component = dot < 0 ? rest : rest[..dot];
            if (component.Length == 0 || !char.IsAsciiLetterOrDigit(component[0]) || !char.IsAsciiLetterOrDigit(component[^1]))
            {
                return false;
            }

            foreach (var c in component)
            {
                if (!char.IsAsciiLetterOrDigit(c) && c != '-')
                {
                    return false;
                }
            }

            if (dot < 0)
            {
                return true;
            }

            rest = rest[(dot + 1)..];
        }
    }

    private static bool IsPathComponent(ReadOnlySpan<char> component, ref bool upper)
    {
        if (component.Length == 0 || !IsPathAlphanumeric(component[0], ref upper))
        {
            return false;
        }

        var i = 1;
        while (i < component.Length)
        {
            if (IsPathAlphanumeric(component[i], ref upper))
            {
                i++;
                continue;
            }

            // A separator: '.', '_' or '__', or a run of '-'; an alphanumeric must follow.
            switch (component[i])
            {
                case '.':
                    i++;
                    break;
                case '_':
                    i += i + 1 < component.Length && component[i + 1] == '_' ? 2 : 1;
                    break;
                case '-':
                    while (i < component.Length && component[i] == '-')
                    {
                        i++;
                    }

                    break;
                default:
                    return false;
            }

            if (i >= component.Length || !IsPathAlphanumeric(component[i], ref upper))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary><c>[a-z0-9]</c>; an upper-case letter counts but is remembered.</summary>
    private static bool IsPathAlphanumeric(char c, ref bool upper)
    {
        if (char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c))
        {
            return true;
        }

        if (char.IsAsciiLetterUpper(c))
        {
            upper = true;
            return true;
        }

        return false;
    }

    private static bool IsAlgorithm(ReadOnlySpan<char> algorithm)
    {
        // Components [A-Za-z][A-Za-z0-9]* joined by one of - _ + .
        var startOfComponent = true;
        foreach (var c in algorithm)
        {
            if (startOfComponent)
            {
                if (!char.IsAsciiLetter(c))
                {
                    return false;
                }

                startOfComponent = false;
            }
            else if (c is '-' or '_' or '+' or '.')
            {
                startOfComponent = true;
            }
            else if (!char.IsAsciiLetterOrDigit(c))
            {
                return false;
            }
        }

        return !startOfComponent;
    }

    private static bool IsWord(char c) => char.IsAsciiLetterOrDigit(c) || c == '_';

    private static bool IsLowerHex(char c) => char.IsAsciiDigit(c) || c is >= 'a' and <= 'f';
}
