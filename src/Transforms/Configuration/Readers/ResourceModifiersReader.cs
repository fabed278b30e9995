using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using RestoreMutator.Transforms.Rules.OperatorRules;
using RestoreMutator.Transforms.Rules.OperatorRules.Velero;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace RestoreMutator.Transforms.Configuration.Readers;

/// <summary>
/// <c>resourceModifiers: [FILE...]</c> (SPEC U5): files in Velero's resource-modifier format, each
/// rule compiled into an operator rule named <c>modifier-&lt;file name&gt;-&lt;index&gt;</c> that runs
/// after the <c>rules:</c> rules, with Velero's meaning kept where it differs from ours. Every
/// problem is listed with the file and the path inside it (C1, U6).
/// </summary>
internal static class ResourceModifiersReader
{
    private const string Key = "resourceModifiers";

    private static readonly string[] OperationNames = ["add", "remove", "replace", "copy", "move", "test"];

    private static readonly RulePointer NamePointer = RulePointer.TryParse("/metadata/name", out var pointer, out _) ? pointer : throw new InvalidOperationException();

    public static IReadOnlyList<OperatorRule> Read(ConfigSection root, ConfigFileReader? readFile, HashSet<string> names)
    {
        var files = root.StringList(Key, []);
        var rules = new List<OperatorRule>();
        for (var i = 0; i < files.Count; i++)
        {
            var file = files[i];
            var where = $"{Key}[{i}]";
            if (file.Length == 0)
            {
                root.Error(where, "is empty; give a file path relative to the configuration file");
                continue;
            }

            if (readFile is null)
            {
                root.Error(where, $"'{ConfigChecks.Clip(file)}' cannot be read: this configuration has no file to resolve it against (give the configuration as a file, not inline or embedded)");
                continue;
            }

            if (!readFile(file, out var text, out var error))
            {
                root.Error(where, $"'{ConfigChecks.Clip(file)}' cannot be read: {error}");
                continue;
            }

            if (Parse(root, where, file, text) is { } document)
            {
                rules.AddRange(ReadFile(document, FileStem(file), where, names));
            }
        }

        return rules;
    }

    private static ConfigSection? Parse(ConfigSection root, string where, string file, string text)
    {
        try
        {
            if (YamlAliases.FindForwardAlias(text) is { } alias)
            {
                root.Error(where, $"'{ConfigChecks.Clip(file)}' is not valid YAML (line {alias.Start.Line}): alias *{alias.Value.Value} is used before its anchor");
                return null;
            }

            var stream = new YamlStream();
            using var reader = new StringReader(text);
            stream.Load(reader);
            if (stream.Documents.Count != 1 || stream.Documents[0].RootNode is not YamlMappingNode mapping)
            {
                root.Error(where, $"'{ConfigChecks.Clip(file)}' must be one YAML mapping (version: v1, resourceModifierRules: [...])");
                return null;
            }

            return root.Document(mapping, $"{where} ({ConfigChecks.Clip(file)})");
        }
        catch (YamlException e)
        {
            root.Error(where, $"'{ConfigChecks.Clip(file)}' is not valid YAML (line {e.Start.Line}): {e.Message}");
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException)
        {
            root.Error(where, $"'{ConfigChecks.Clip(file)}' is not valid YAML: {e.Message}");
        }

        return null;
    }

    private static List<OperatorRule> ReadFile(ConfigSection document, string stem, string group, HashSet<string> names)
    {
        var rules = new List<OperatorRule>();
        var version = document.String("version", string.Empty);
        if (!string.Equals(version, "v1", StringComparison.OrdinalIgnoreCase))
        {
            document.Error("version", version.Length == 0 ? "is required (v1)" : $"must be v1, got '{ConfigChecks.Clip(version)}'");
        }

        var entries = document.SectionList("resourceModifierRules", "a rule {conditions, patches | mergePatches}");
        if (entries.Count == 0 && document.Node("resourceModifierRules") is null)
        {
            document.Error("resourceModifierRules", "is required (a non-empty list of rules)");
        }

        document.RejectUnknownKeys();
        for (var i = 0; i < entries.Count; i++)
        {
            if (ReadRule(entries[i], $"modifier-{stem}-{i}", group, names) is { } rule)
            {
                rules.Add(rule);
            }
        }

        return rules;
    }

    private static OperatorRule? ReadRule(ConfigSection section, string name, string group, HashSet<string> names)
    {
        var valid = true;
        if (name.Length > 63)
        {
            section.SectionError($"becomes rule {name}, longer than 63 characters; give the file a shorter name");
            valid = false;
        }
        else if (!names.Add(name))
        {
            section.SectionError($"becomes rule {name}, a name an earlier rule or file already has; rename the file");
            valid = false;
        }

        var match = ReadConditions(section.Section("conditions"), section.Node("conditions") is not null, ref valid);
        var patch = ReadPatches(section, ref valid);
        var merges = ReadMergePatches(section, ref valid);
        if (section.Node("strategicPatches") is not null)
        {
            section.Error("strategicPatches", "is not supported: a strategic merge patch needs the API schemas of the kind; write the change as patches (JSON patch) or mergePatches");
            valid = false;
        }

        section.RejectUnknownKeys();
        if (patch.Count > 0 && merges.Count > 0)
        {
            section.SectionError("give either patches or mergePatches, not both (Velero's format)");
            valid = false;
        }
        else if (valid && patch.Count == 0 && merges.Count == 0)
        {
            section.SectionError("does nothing: give patches or mergePatches");
            valid = false;
        }

        if (!valid)
        {
            return null;
        }

        return OperatorRulesReader.Finish(section, new OperatorRule
        {
            Name = name,
            Match = match,
            Patch = patch,
            MergePatch = merges.Count > 0 ? merges[0] : null,
            ConditionGroup = group,
        });
    }

    private static RuleMatch ReadConditions(ConfigSection conditions, bool present, ref bool valid)
    {
        if (!present)
        {
            conditions.SectionError("conditions is required (at least groupResource)");
            valid = false;
            return RuleMatch.Everything;
        }

        var groupResource = conditions.String("groupResource", string.Empty);
        var kind = GroupResource(conditions, groupResource, ref valid);
        var fields = new List<FieldCondition>();
        var nameRegex = conditions.String("resourceNameRegex", string.Empty);
        if (nameRegex.Length > 0)
        {
            if (OperatorRulesReader.CompileRegex(conditions, "resourceNameRegex", nameRegex) is { } regex)
            {
                fields.Add(FieldCondition.ForRegex(NamePointer, regex));
            }
            else
            {
                valid = false;
            }
        }

        var namespaces = conditions.StringList("namespaces", []);
        foreach (var ns in namespaces.Where(ns => !KubernetesNames.IsDnsLabel(ns)))
        {
            conditions.Error("namespaces", $"'{ConfigChecks.Clip(ns)}' is not a namespace name (entries are exact source namespace names; for globs on the target namespace write a rules: entry)");
            valid = false;
        }

        var errors = false;
        var selector = RuleMatchReader.Selector(conditions, ref errors);
        valid &= !errors;
        foreach (var item in conditions.SectionList("matches", "a match {path, value}"))
        {
            var path = OperatorRulesReader.Pointer(item, "path", item.String("path", string.Empty));
            var value = Value(item, ref valid);
            item.RejectUnknownKeys();
            if (path is null)
            {
                valid = false;
                continue;
            }

            fields.Add(FieldCondition.ForEquals(path, value));
        }

        conditions.RejectUnknownKeys();
        return new RuleMatch
        {
            Kinds = [kind],
            SourceNamespaces = namespaces,
            LabelSelector = selector,
            Fields = fields,
        };
    }

    /// <summary>
    /// <c>groupResource</c>: <c>*</c> every core resource, <c>*.GROUP</c> every resource of a group,
    /// <c>*.*</c> every resource of every group (core included), else a resource of the table.
    /// </summary>
    private static KindPattern GroupResource(ConfigSection conditions, string text, ref bool valid)
    {
        if (text.Length == 0)
        {
            conditions.Error("groupResource", "is required (for example deployments.apps, pods, *.apps or *.*)");
            valid = false;
            return KindPattern.Any;
        }

        if (text == "*")
        {
            return new KindPattern(string.Empty, "*");
        }

        if (text == "*.*")
        {
            return KindPattern.Any;
        }

        var dot = text.IndexOf('.', StringComparison.Ordinal);
        var group = dot < 0 ? string.Empty : text[(dot + 1)..];
        if (text.StartsWith("*.", StringComparison.Ordinal) && KubernetesNames.IsDnsSubdomain(group))
        {
            return new KindPattern(group, "*");
        }

        if (text.IndexOfAny(['*', '?', '[', '{']) >= 0)
        {
            conditions.Error("groupResource", $"'{ConfigChecks.Clip(text)}': the wildcards supported are *, *.GROUP and *.* (for other patterns write a rules: entry with match.kinds)");
            valid = false;
            return KindPattern.Any;
        }

        if (!VeleroResources.TryGetKind(text, out var kind))
        {
            conditions.Error("groupResource", $"'{ConfigChecks.Clip(text)}' is not a resource this webhook knows (plural lowercase resource.group of the groups {string.Join(", ", VeleroResources.Groups)}); for another kind write a rules: entry with match.kinds group/Kind");
            valid = false;
            return KindPattern.Any;
        }

        return new KindPattern(kind.Group, kind.Kind);
    }

    private static List<RuleOperation> ReadPatches(ConfigSection rule, ref bool valid)
    {
        var operations = new List<RuleOperation>();
        foreach (var item in rule.SectionList("patches", "a JSON patch operation {operation, path, value | from}"))
        {
            var op = item.String("operation", string.Empty).ToLowerInvariant();
            var path = OperatorRulesReader.Pointer(item, "path", item.String("path", string.Empty));
            var fromText = item.String("from", string.Empty);
            var value = Value(item, ref valid);
            item.RejectUnknownKeys();
            if (!OperationNames.Contains(op, StringComparer.Ordinal))
            {
                item.Error("operation", op.Length == 0 ? $"is required (one of {string.Join(", ", OperationNames)})" : $"must be one of {string.Join(", ", OperationNames)}, got '{ConfigChecks.Clip(op)}'");
                valid = false;
                continue;
            }

            var kind = Enum.Parse<RuleOperationKind>(op, ignoreCase: true);
            RulePointer? from = null;
            if (kind is RuleOperationKind.Copy or RuleOperationKind.Move)
            {
                from = OperatorRulesReader.Pointer(item, "from", fromText);
                if (from is null)
                {
                    valid = false;
                    continue;
                }
            }

            if (path is null || !RuleActionsReader.CheckTarget(item, kind, path))
            {
                valid = false;
                continue;
            }

            var takesValue = kind is RuleOperationKind.Add or RuleOperationKind.Replace or RuleOperationKind.Test;
            operations.Add(new RuleOperation(kind, path, from, takesValue ? value : null));
        }

        return operations;
    }

    /// <summary>A <c>value</c> typed as Velero types it; absent is the empty string, as in Velero.</summary>
    private static JsonNode? Value(ConfigSection item, ref bool valid)
    {
        if (!item.TryGetRaw("value", out var node))
        {
            return JsonValue.Create(string.Empty);
        }

        if (node is not YamlScalarNode scalar)
        {
            item.ErrorAt(node, "value", "must be text (Velero's format writes JSON values as text, for example '{\"a\": 1}' or '[1, 2]')");
            valid = false;
            return null;
        }

        if (!VeleroValue.TryParse(scalar.Value ?? string.Empty, out var value, out var error))
        {
            item.ErrorAt(node, "value", error);
            valid = false;
        }

        return value;
    }

    private static List<JsonObject> ReadMergePatches(ConfigSection rule, ref bool valid)
    {
        var patches = new List<JsonObject>();
        foreach (var item in rule.SectionList("mergePatches", "a merge patch {patchData}"))
        {
            var data = item.Node("patchData");
            item.RejectUnknownKeys();
            if (data is null)
            {
                item.Error("patchData", "is required (an RFC 7386 merge patch as JSON or YAML)");
                valid = false;
                continue;
            }

            var patch = data is YamlScalarNode text ? PatchData(item, text) : Convert(item, data);
            if (patch is null)
            {
                valid = false;
                continue;
            }

            patches.Add(patch);
        }

        // Velero applies the patches one after the other; as one patch they mean the same unless a
        // later one merges into a member an earlier one made a non-object (or removed).
        for (var i = 1; i < patches.Count; i++)
        {
            if (Conflict(patches[0], patches[i], string.Empty) is { } path)
            {
                rule.Error($"mergePatches[{i}]", $"merges into {path}, which an earlier patch removes or sets to a non-object; write them as one patch");
                valid = false;
                return [];
            }

            Compose(patches[0], patches[i]);
        }

        return patches.Count == 0 ? patches : [patches[0]];
    }

    private static string? Conflict(JsonObject first, JsonObject next, string path)
    {
        foreach (var (key, value) in next)
        {
            if (value is JsonObject nested && first.TryGetPropertyValue(key, out var earlier))
            {
                var at = $"{path}/{key.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal)}";
                if (earlier is not JsonObject earlierObject)
                {
                    return at;
                }

                if (Conflict(earlierObject, nested, at) is { } inner)
                {
                    return inner;
                }
            }
        }

        return null;
    }

    /// <summary>Folds <paramref name="next"/> into <paramref name="first"/> (no conflict, see <see cref="Conflict"/>).</summary>
    private static void Compose(JsonObject first, JsonObject next)
    {
        foreach (var (key, value) in next.ToArray())
        {
            if (value is JsonObject nested && first[key] is JsonObject earlier)
            {
                Compose(earlier, nested);
            }
            else
            {
                first[key] = value?.DeepClone();
            }
        }
    }

    private static JsonObject? PatchData(ConfigSection item, YamlScalarNode text)
    {
        try
        {
            var stream = new YamlStream();
            using var reader = new StringReader(text.Value ?? string.Empty);
            stream.Load(reader);
            if (stream.Documents.Count == 1)
            {
                return Convert(item, stream.Documents[0].RootNode);
            }
        }
        catch (Exception e) when (e is YamlException or InvalidOperationException or ArgumentException)
        {
            item.ErrorAt(text, "patchData", $"is neither JSON nor YAML: {e.Message}");
            return null;
        }

        item.ErrorAt(text, "patchData", "must be one merge patch (a JSON or YAML mapping)");
        return null;
    }

    private static JsonObject? Convert(ConfigSection item, YamlNode node)
    {
        if (YamlJson.TryConvert(node, out var json, out var error) && json is JsonObject patch)
        {
            return patch;
        }

        item.ErrorAt(node, "patchData", error.Length > 0 ? error : "must be a mapping (an RFC 7386 merge patch of the object)");
        return null;
    }

    /// <summary>The file name without directory and extension, lowercased, other characters as '-'.</summary>
    private static string FileStem(string file)
    {
        var slash = Math.Max(file.LastIndexOf('/'), file.LastIndexOf('\\'));
        var name = file[(slash + 1)..];
        var dot = name.LastIndexOf('.');
        if (dot > 0)
        {
            name = name[..dot];
        }

        return Regex.Replace(name.ToLowerInvariant(), "[^a-z0-9-]", "-", RegexOptions.None, TimeSpan.FromSeconds(1));
    }
}
