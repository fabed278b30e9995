using RestoreMutator.Transforms.Admission;

namespace RestoreMutator.Transforms.Rules.OperatorRules;

/// <summary>
/// One entry of <c>match.kinds</c>: <c>group/Kind</c>, with the core group written <c>Pod</c> or
/// <c>/Pod</c>; <c>group/*</c> is every kind of a group and <c>*</c> every kind of every group.
/// </summary>
public sealed record KindPattern(string Group, string Kind)
{
    /// <summary>Every kind of every group.</summary>
    public static readonly KindPattern Any = new("*", "*");

    /// <summary>Whether this pattern names exactly one kind (routing can be derived from it).</summary>
    public bool IsExact => Group != "*" && Kind != "*";

    public bool Matches(GroupKind kind) =>
        (Group == "*" || string.Equals(Group, kind.Group, StringComparison.Ordinal))
        && (Kind == "*" || string.Equals(Kind, kind.Kind, StringComparison.Ordinal));

    /// <summary>Parses one entry; <paramref name="error"/> says what is wrong.</summary>
    public static bool TryParse(string text, out KindPattern pattern, out string error)
    {
        ArgumentNullException.ThrowIfNull(text);
        pattern = Any;
        error = string.Empty;
        if (text == "*")
        {
            return true;
        }

        var slash = text.IndexOf('/', StringComparison.Ordinal);
        var group = slash < 0 ? string.Empty : text[..slash];
        var kind = slash < 0 ? text : text[(slash + 1)..];
        if (kind.Length == 0 || kind.Contains('/', StringComparison.Ordinal)
            || (kind != "*" && !(char.IsAsciiLetter(kind[0]) && kind.All(char.IsAsciiLetterOrDigit))))
        {
            error = $"'{Diagnostics.SafeText.Sanitize(text, 80)}' is not group/Kind (for example apps/Deployment, Pod, apps/* or *)";
            return false;
        }

        if (group.Length > 0 && group != "*" && !Configuration.KubernetesNames.IsDnsSubdomain(group))
        {
            error = $"'{Diagnostics.SafeText.Sanitize(text, 80)}': '{Diagnostics.SafeText.Sanitize(group, 80)}' is not an API group";
            return false;
        }

        if (group == "*" && kind != "*")
        {
            error = $"'{Diagnostics.SafeText.Sanitize(text, 80)}': a kind in every group is ambiguous; name the group (or write *)";
            return false;
        }

        pattern = new KindPattern(group, kind);
        return true;
    }

    /// <inheritdoc />
    public override string ToString() => Group == "*" && Kind == "*" ? "*" : $"{Group}/{Kind}";
}
