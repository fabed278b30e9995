using System.Text.Json;
using System.Text.Json.Nodes;

namespace RestoreMutator.Transforms.Rules;

/// <summary>
/// What the reference rules (SPEC N1-N4, O6) share: a namespace named inside an object is rewritten
/// only when it is a mapped source namespace of this restore (K1, else the configured fallback);
/// unmapped namespaces, and namespaces that already are a target, stay (<see cref="NameMapping"/>,
/// so a second pass changes nothing, S3).
/// </summary>
internal static class NamespaceReferences
{
    /// <summary>The user name of a service account: <c>system:serviceaccount:&lt;ns&gt;:&lt;name&gt;</c>.</summary>
    public const string ServiceAccountUserPrefix = "system:serviceaccount:";

    /// <summary>The group of every service account of a namespace: <c>system:serviceaccounts:&lt;ns&gt;</c>.</summary>
    public const string ServiceAccountGroupPrefix = "system:serviceaccounts:";

    /// <summary>The target of <paramref name="ns"/> when it is a mapped source namespace, else null.</summary>
    public static string? Map(IReadOnlyDictionary<string, string> mapping, string ns) =>
        ns.Length > 0 && NameMapping.Resolve(mapping, ns, out var mapped) == NameMapping.Result.Mapped ? mapped : null;

    /// <summary><c>system:serviceaccount:&lt;ns&gt;:&lt;name&gt;</c> with a mapped <c>ns</c>, rewritten; else null.</summary>
    public static string? MapServiceAccountUser(IReadOnlyDictionary<string, string> mapping, string user)
    {
        if (!user.StartsWith(ServiceAccountUserPrefix, StringComparison.Ordinal))
        {
            return null;
        }

        var rest = user.AsSpan(ServiceAccountUserPrefix.Length);
        var colon = rest.IndexOf(':');
        if (colon <= 0 || colon == rest.Length - 1 || rest[(colon + 1)..].Contains(':'))
        {
            return null;
        }

        return Map(mapping, rest[..colon].ToString()) is { } target
            ? string.Concat(ServiceAccountUserPrefix, target, rest[colon..])
            : null;
    }

    /// <summary><c>system:serviceaccounts:&lt;ns&gt;</c> with a mapped <c>ns</c>, rewritten; else null.</summary>
    public static string? MapServiceAccountGroup(IReadOnlyDictionary<string, string> mapping, string group)
    {
        if (!group.StartsWith(ServiceAccountGroupPrefix, StringComparison.Ordinal))
        {
            return null;
        }

        var ns = group[ServiceAccountGroupPrefix.Length..];
        return ns.Contains(':', StringComparison.Ordinal) || Map(mapping, ns) is not { } target ? null : ServiceAccountGroupPrefix + target;
    }

    /// <summary>
    /// Replaces the string <paramref name="current"/> at <paramref name="path"/> with <paramref name="rewritten"/>
    /// when that differs, unless an UPDATE leaves the value as stored (destination state, see
    /// <see cref="MutationContext.IsUnchangedByUpdate(string)"/>).
    /// </summary>
    public static void Replace(MutationContext context, string path, string current, string? rewritten)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (rewritten is not null && rewritten != current && !context.IsUnchangedByUpdate(path))
        {
            context.Patch.ReplaceString(path, rewritten);
        }
    }

    /// <summary>Whether an object reference's <c>kind</c> names an ImageStream tag or image, the kinds whose <c>namespace</c> is an OpenShift namespace (N2).</summary>
    public static bool IsImageStreamKind(string? kind) => kind is "ImageStreamTag" or "ImageStreamImage";

    /// <summary>As <see cref="IsImageStreamKind(string?)"/>, on the <c>kind</c> of a reference object, compared in place.</summary>
    public static bool IsImageStreamKind(JsonElement reference) =>
        reference.HasAnyString("kind", "ImageStreamTag", "ImageStreamImage");
}
