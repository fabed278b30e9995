using System.Text.Json.Nodes;
using RestoreMutator.Transforms.Configuration;
using YamlDotNet.RepresentationModel;

namespace RestoreMutator.FixtureCases;

/// <summary>
/// Derives the configuration under which a real server answers like the pure pipeline did for a
/// fixture: the fixture's config without its server section (apiserver-check adds one), request.json
/// facts that have a config equivalent written into it, and the facts only cluster lookups give
/// (<c>serverVersion</c> from <c>/version</c>, <c>dockercfgSecrets</c> from ServiceAccounts,
/// <c>restore</c> from the Restore named by the restore label, <c>nodes</c> and <c>storageClasses</c>
/// from Nodes and StorageClasses) set
/// aside for apiserver-check's fake API server, with <c>lookups: auto</c>; otherwise
/// <c>lookups: off</c>, as the fixture tests resolve facts from the config only.
/// </summary>
internal static class EffectiveConfig
{
    /// <summary>
    /// The effective configuration (no server section) for <paramref name="yaml"/> plus
    /// <paramref name="facts"/>, and in <paramref name="lookups"/> the facts the fake API server must
    /// serve (null: none, lookups off). Null with <paramref name="unsupported"/> set when a fact has
    /// neither a config key nor a lookup the fake API server answers.
    /// </summary>
    public static string? Effective(string yaml, JsonObject? facts, string source, string configDirectory, out string? unsupported, out JsonObject? lookups)
    {
        unsupported = null;
        lookups = null;
        var root = Load(yaml, source);
        if (Find(root, "resourceModifiers") is { } modifiers && root.Children[modifiers] is YamlSequenceNode files)
        {
            // The files sit next to the fixture's config and the derived config is written
            // elsewhere: the server reads them by absolute path (rule names use the file's stem only).
            for (var i = 0; i < files.Children.Count; i++)
            {
                if (files.Children[i] is YamlScalarNode { Value: { Length: > 0 } file })
                {
                    files.Children[i] = new YamlScalarNode(Path.GetFullPath(Path.Combine(configDirectory, file)));
                }
            }
        }

        Remove(root, "server");
        var hasProfiles = Find(root, "profiles") is not null;
        foreach (var (key, value) in facts ?? [])
        {
            if (value is null)
            {
                continue; // null: no override, the config's value stays (as in FixtureCase.Facts)
            }

            switch (key)
            {
                case "destinationRegistry" or "appsDomain" or "namespaceMapping" when hasProfiles:
                    // Written into the base, a profile's own value would win on the server, while the
                    // fixture's fact wins over any configuration (X1): the two would not agree.
                    unsupported = $"facts.{key}: the config has profiles, whose own values would win over a base key on the server";
                    return null;
                case "destinationRegistry":
                    Set(Section(root, "registry"), "destination", new YamlScalarNode((string)value!));
                    break;
                case "appsDomain":
                    Set(Section(root, "routes"), "destinationDomain", new YamlScalarNode((string)value!));
                    break;
                case "namespaceMapping":
                    var mapping = new YamlMappingNode();
                    foreach (var (from, to) in value.AsObject())
                    {
                        mapping.Add(from, (string)to!);
                    }

                    Set(root, "namespaceMapping", mapping);
                    break;
                case "serverVersion" or "dockercfgSecrets" or "restore" or "nodes" or "storageClasses":
                    // No config key: only a lookup gives these (restore: the Restore K1 reads; nodes, storageClasses: K5), so the fake API server will.
                    lookups ??= [];
                    lookups[key] = value.DeepClone();
                    break;
                default:
                    unsupported = $"facts.{key}: neither a config key nor a lookup apiserver-check's fake API server answers";
                    return null;
            }
        }

        Set(root, "lookups", new YamlScalarNode(lookups is null ? "off" : "auto"));
        return Save(root, source);
    }

    private static YamlMappingNode Load(string yaml, string source)
    {
        var stream = new YamlStream();
        using var reader = new StringReader(yaml);
        stream.Load(reader);
        return stream.Documents.Count == 0 ? new YamlMappingNode()
            : stream.Documents[0].RootNode as YamlMappingNode ?? (stream.Documents[0].RootNode is YamlScalarNode { Value: null or "" }
                ? new YamlMappingNode()
                : throw new InvalidFixtureException($"{source}: not a YAML mapping"));
    }

    private static string Save(YamlMappingNode root, string source)
    {
        using var writer = new StringWriter();
        new YamlStream(new YamlDocument(root)).Save(writer, assignAnchors: false);
        // apiserver-check appends a server section, so no document end marker may come before it.
        var text = writer.ToString().TrimEnd();
        text = (text.EndsWith("\n...", StringComparison.Ordinal) ? text[..^4] : text).TrimEnd() + "\n";
        // The server sections are validated by the server itself when it starts.
        var check = SettingsLoader.Load(text, root => root.Ignore("server", "velero", "lookups"), ReadAbsolute);
        if (!check.Succeeded)
        {
            throw new InvalidFixtureException($"{source}: derived configuration is invalid: {string.Join("; ", check.Errors)}");
        }

        return text;
    }

    private static bool ReadAbsolute(string path, out string text, out string error)
    {
        var exists = File.Exists(path);
        text = exists ? File.ReadAllText(path) : string.Empty;
        error = exists ? string.Empty : $"no such file ({path})";
        return exists;
    }

    private static YamlMappingNode Section(YamlMappingNode root, string key)
    {
        if (Find(root, key) is { } existing)
        {
            if (root.Children[existing] is YamlMappingNode section)
            {
                return section;
            }

            root.Children.Remove(existing);
        }

        var created = new YamlMappingNode();
        root.Add(key, created);
        return created;
    }

    private static void Set(YamlMappingNode mapping, string key, YamlNode value)
    {
        Remove(mapping, key);
        mapping.Add(key, value);
    }

    private static void Remove(YamlMappingNode mapping, string key)
    {
        if (Find(mapping, key) is { } existing)
        {
            mapping.Children.Remove(existing);
        }
    }

    private static YamlNode? Find(YamlMappingNode mapping, string key) =>
        mapping.Children.Keys.FirstOrDefault(k => k is YamlScalarNode scalar && scalar.Value == key);
}
