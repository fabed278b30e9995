using System.Globalization;
using YamlDotNet.RepresentationModel;

namespace RestoreMutator.Transforms.Configuration;

/// <summary>
/// Reads one YAML mapping of the configuration, recording an error (with its dotted path and line)
/// for every unknown key, wrong type or invalid value instead of stopping at the first one. The
/// host reads its own sections (server, lookups, ...) with the same reader, so one file yields one
/// list of errors.
/// </summary>
public sealed class ConfigSection
{
    private readonly YamlMappingNode? _node;
    private readonly string _path;
    private readonly List<string> _errors;
    private readonly HashSet<string> _known = new(StringComparer.Ordinal);

    internal ConfigSection(YamlMappingNode? node, string path, List<string> errors)
    {
        _node = node;
        _path = path;
        _errors = errors;
    }

    /// <summary>A section of another document (a file the configuration names) whose errors join this list under <paramref name="path"/>.</summary>
    internal ConfigSection Document(YamlMappingNode node, string path) => new(node, path, _errors);

    /// <summary>The dotted path of this section, empty for the root.</summary>
    public string SectionPath => _path;

    /// <summary>The YAML mapping read, or null when the section is absent.</summary>
    internal YamlMappingNode? MappingNode => _node;

    /// <summary>The error list this section (and every section made from it) records into.</summary>
    internal List<string> Errors => _errors;

    /// <summary>Whether a reader asked for <paramref name="key"/> (or it was ignored on purpose).</summary>
    internal bool IsKnown(string key) => _known.Contains(key);

    public string Path(string key) => _path.Length == 0 ? key : $"{_path}.{key}";

    /// <summary>Records an error about <paramref name="key"/> of this section (no line number).</summary>
    public void Error(string key, string message) => Error(null, key, message);

    internal void Error(YamlNode? node, string key, string message) =>
        _errors.Add(node is null ? $"{Path(key)}: {message}" : $"{Path(key)} (line {node.Start.Line}): {message}");

    /// <summary>
    /// Marks <paramref name="keys"/> as known without reading them: sections another reader owns
    /// (the command-line tools skip the server's sections this way).
    /// </summary>
    public void Ignore(params string[] keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        foreach (var key in keys)
        {
            _known.Add(key);
        }
    }

    internal YamlNode? Get(string key)
    {
        _known.Add(key);
        if (_node is null)
        {
            return null;
        }

        foreach (var entry in _node.Children)
        {
            if (entry.Key is YamlScalarNode { Value: { } name } && name == key)
            {
                // An explicit null (`key:` or `key: null`) means "use the default".
                return entry.Value is YamlScalarNode scalar && IsNull(scalar) ? null : entry.Value;
            }
        }

        return null;
    }

    public ConfigSection Section(string key)
    {
        var node = Get(key);
        if (node is null or YamlMappingNode)
        {
            return new ConfigSection(node as YamlMappingNode, Path(key), _errors);
        }

        Error(node, key, "must be a mapping");
        return new ConfigSection(null, Path(key), _errors);
    }

    public string String(string key, string fallback)
    {
        var node = Get(key);
        switch (node)
        {
            case null:
                return fallback;
            case YamlScalarNode scalar:
                return scalar.Value ?? string.Empty;
            default:
                Error(node, key, "must be a string");
                return fallback;
        }
    }

    public bool Bool(string key, bool fallback)
    {
        var node = Get(key);
        if (node is null)
        {
            return fallback;
        }

        if (node is YamlScalarNode { Value: "true" or "True" or "TRUE" })
        {
            return true;
        }

        if (node is YamlScalarNode { Value: "false" or "False" or "FALSE" })
        {
            return false;
        }

        Error(node, key, $"must be true or false, got {Describe(node)}");
        return fallback;
    }

    public int Int(string key, int fallback, int min, int max)
    {
        var node = Get(key);
        if (node is null)
        {
            return fallback;
        }

        if (node is YamlScalarNode { Value: { } text } && int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value))
        {
            if (value >= min && value <= max)
            {
                return value;
            }

            Error(node, key, $"must be between {min} and {max}, got {value}");
            return fallback;
        }

        Error(node, key, $"must be a whole number, got {Describe(node)}");
        return fallback;
    }

    public TEnum Enum<TEnum>(string key, TEnum fallback)
        where TEnum : struct, System.Enum
    {
        var node = Get(key);
        if (node is null)
        {
            return fallback;
        }

        var names = System.Enum.GetNames<TEnum>().Select(n => n.ToLowerInvariant()).ToArray();
        if (node is YamlScalarNode { Value: { } text } && names.Contains(text, StringComparer.Ordinal))
        {
            return System.Enum.Parse<TEnum>(text, ignoreCase: true);
        }

        Error(node, key, $"must be one of {string.Join(", ", names)}, got {Describe(node)}");
        return fallback;
    }

    public IReadOnlyList<string> StringList(string key, IReadOnlyList<string> fallback)
    {
        var node = Get(key);
        if (node is null)
        {
            return fallback;
        }

        if (node is not YamlSequenceNode sequence)
        {
            Error(node, key, "must be a list of strings");
            return fallback;
        }

        var result = new List<string>();
        foreach (var item in sequence.Children)
        {
            if (item is YamlScalarNode { Value: { } text })
            {
                result.Add(text);
            }
            else
            {
                Error(item, key, "must be a list of strings");
            }
        }

        return result;
    }

    public IReadOnlyDictionary<string, string> StringMap(string key)
    {
        var node = Get(key);
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        if (node is null)
        {
            return result;
        }

        if (node is not YamlMappingNode mapping)
        {
            Error(node, key, "must be a mapping of strings to strings");
            return result;
        }

        foreach (var entry in mapping.Children)
        {
            if (entry.Key is YamlScalarNode { Value: { } name } && entry.Value is YamlScalarNode { Value: { } value } && !IsNull((YamlScalarNode)entry.Value))
            {
                if (!result.TryAdd(name, value))
                {
                    Error(entry.Key, key, $"duplicate key '{name}'");
                }
            }
            else
            {
                Error(entry.Key, key, "must be a mapping of strings to strings");
            }
        }

        return result;
    }

    public IReadOnlyList<PrefixRewrite> RewriteList(string key)
    {
        var node = Get(key);
        var result = new List<PrefixRewrite>();
        if (node is null)
        {
            return result;
        }

        if (node is not YamlSequenceNode sequence)
        {
            Error(node, key, "must be a list of {from, to}");
            return result;
        }

        for (var i = 0; i < sequence.Children.Count; i++)
        {
            var itemPath = $"{key}[{i}]";
            if (sequence.Children[i] is not YamlMappingNode item)
            {
                Error(sequence.Children[i], itemPath, "must be a mapping with from and to");
                continue;
            }

            var section = new ConfigSection(item, Path(itemPath), _errors);
            var from = section.String("from", string.Empty);
            var to = section.String("to", string.Empty);
            section.RejectUnknownKeys();
            if (from.Length == 0 || to.Length == 0)
            {
                Error(item, itemPath, "needs both from and to");
                continue;
            }

            result.Add(new PrefixRewrite(from, to));
        }

        return result;
    }

    /// <summary>
    /// The mappings of the list at <paramref name="key"/>, each as a section with path
    /// <c>key[i]</c>; an entry that is not a mapping is an error. Absent means an empty list.
    /// </summary>
    public IReadOnlyList<ConfigSection> SectionList(string key, string what)
    {
        var node = Get(key);
        var result = new List<ConfigSection>();
        if (node is null)
        {
            return result;
        }

        if (node is not YamlSequenceNode sequence)
        {
            Error(node, key, $"must be a list of {what}");
            return result;
        }

        for (var i = 0; i < sequence.Children.Count; i++)
        {
            var itemPath = $"{key}[{i}]";
            if (sequence.Children[i] is YamlMappingNode item)
            {
                result.Add(new ConfigSection(item, Path(itemPath), _errors));
            }
            else
            {
                Error(sequence.Children[i], itemPath, $"must be {what}");
            }
        }

        return result;
    }

    /// <summary>The raw node at <paramref name="key"/>, an explicit null included (marked known).</summary>
    internal bool TryGetRaw(string key, out YamlNode node)
    {
        _known.Add(key);
        node = null!;
        if (_node is null)
        {
            return false;
        }

        foreach (var entry in _node.Children)
        {
            if (entry.Key is YamlScalarNode { Value: { } name } && name == key)
            {
                node = entry.Value;
                return true;
            }
        }

        return false;
    }

    /// <summary>The raw node at <paramref name="key"/> (marked known), or null when absent or null.</summary>
    internal YamlNode? Node(string key) => Get(key);

    /// <summary>The line of this section's mapping in the file, or 0.</summary>
    internal long Line => _node?.Start.Line ?? 0;

    /// <summary>Records an error about <paramref name="key"/> with the line of <paramref name="node"/>.</summary>
    internal void ErrorAt(YamlNode? node, string key, string message) => Error(node, key, message);

    /// <summary>Records an error about this section itself.</summary>
    public void SectionError(string message) =>
        _errors.Add(_node is null ? $"{_path}: {message}" : $"{_path} (line {_node.Start.Line}): {message}");

    /// <summary>Records an error for every key of the mapping that no reader asked for.</summary>
    public void RejectUnknownKeys()
    {
        if (_node is null)
        {
            return;
        }

        foreach (var entry in _node.Children)
        {
            var name = (entry.Key as YamlScalarNode)?.Value ?? "?";
            if (!_known.Contains(name))
            {
                var known = string.Join(", ", _known.Order(StringComparer.Ordinal));
                _errors.Add($"{Path(name)} (line {entry.Key.Start.Line}): unknown key (known keys here: {known})");
            }
        }
    }

    private static bool IsNull(YamlScalarNode scalar) =>
        scalar.Style == YamlDotNet.Core.ScalarStyle.Plain && (scalar.Value is null or "" or "~" or "null" or "Null" or "NULL");

    private static string Describe(YamlNode node) => node switch
    {
        YamlScalarNode { Value: { } v } => $"'{Diagnostics.SafeText.Sanitize(v, 40)}'",
        YamlSequenceNode => "a list",
        YamlMappingNode => "a mapping",
        _ => "nothing",
    };
}
