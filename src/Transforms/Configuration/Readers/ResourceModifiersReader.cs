using System.Text.RegularExpressions;
using RestoreMutator.Transforms.Rules.OperatorRules;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace RestoreMutator.Transforms.Configuration.Readers;

/// <summary>
/// <c>resourceModifiers: [FILE...]</c> (SPEC U5): files in Velero's resource-modifier format, each
/// rule compiled into an operator rule named <c>modifier-&lt;file name&gt;-&lt;index&gt;</c> that runs
/// after the <c>rules:</c> rules, with Velero's meaning kept where it differs from ours. Every
/// problem is listed with the file and the path inside it (C1, U6).
/// </summary>
internal static partial class ResourceModifiersReader
{
    private const string Key = "resourceModifiers";

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
