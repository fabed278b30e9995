using System.Text;

namespace RestoreMutator.Transforms.Rules;

/// <summary>
/// Finds Kubernetes Service DNS names in free text (SPEC N4): <c>&lt;svc&gt;.&lt;ns&gt;.svc</c> and
/// <c>&lt;svc&gt;.&lt;ns&gt;.svc.cluster.local</c>, also with more labels in front
/// (<c>web-0.nginx.&lt;ns&gt;.svc</c>, a StatefulSet pod), and rewrites the namespace label. A name
/// counts only where it ends: the end of the text, whitespace, <c>:port</c>, <c>/path</c> or other
/// punctuation. A dot ends it only when no label follows, so a trailing dot (<c>db.ns.svc.cluster.local.</c>,
/// an absolute name, or the end of a sentence) counts, while <c>db.ns.svc.example.org</c> (a name under
/// some <c>svc.example.org</c> domain) and <c>db.ns.svc-old</c> are other names and stay. Names are
/// matched as Kubernetes writes them, in lower case; clusters with another domain than
/// <c>cluster.local</c> are matched by the short form only.
/// </summary>
internal static class ServiceDnsNames
{
    private const string Svc = ".svc";
    private const string ClusterDomain = ".cluster.local";

    /// <summary><c>.svc</c> as UTF-8: every name found here contains it, so a text without it (<see cref="JsonRead.MayContain"/>) has none.</summary>
    public static ReadOnlySpan<byte> Marker => ".svc"u8;

    /// <summary><paramref name="text"/> with every mapped namespace of a Service DNS name replaced, or null when none is.</summary>
    public static string? Rewrite(string text, Func<string, string?> map)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(map);
        StringBuilder? output = null;
        var copied = 0;
        var from = 0;
        int svc;
        while ((svc = text.IndexOf(Svc, from, StringComparison.Ordinal)) >= 0)
        {
            from = svc + Svc.Length;
            if (!EndsName(text, from) && !(string.CompareOrdinal(text, from, ClusterDomain, 0, ClusterDomain.Length) == 0 && EndsName(text, from + ClusterDomain.Length)))
            {
                continue;
            }

            // The namespace is the label right before ".svc"; a Service label (ending in a letter or digit) and a dot precede it.
            var start = svc;
            while (start > 0 && IsNamespaceChar(text[start - 1]))
            {
                start--;
            }

            if (start == svc || start < 2 || text[start - 1] != '.' || !char.IsAsciiLetterOrDigit(text[start - 2]))
            {
                continue;
            }

            if (map(text[start..svc]) is not { } target)
            {
                continue;
            }

            output ??= new StringBuilder(text.Length + 16);
            output.Append(text, copied, start - copied).Append(target);
            copied = svc;
        }

        return output?.Append(text, copied, text.Length - copied).ToString();
    }

    /// <summary>Whether a DNS name that reached <paramref name="position"/> ends there.</summary>
    private static bool EndsName(string text, int position)
    {
        if (position >= text.Length)
        {
            return true;
        }

        var next = text[position];
        if (next == '.')
        {
            // A dot followed by another label continues the name; a final dot (or a full stop) ends it.
            return position + 1 >= text.Length || !IsLabelChar(text[position + 1]);
        }

        return !IsLabelChar(next);
    }

    /// <summary>Characters that continue a DNS label (letters of any script and '_' too: they would make it another name, not end it).</summary>
    private static bool IsLabelChar(char c) => char.IsLetterOrDigit(c) || c is '-' or '_';

    /// <summary>Characters of a namespace name (an RFC 1123 label).</summary>
    private static bool IsNamespaceChar(char c) => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-';
}
