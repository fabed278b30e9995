using System.Text.Json.Nodes;
using RestoreMutator.Transforms.Configuration;
using YamlDotNet.RepresentationModel;

namespace RestoreMutator.FixtureCases;

/// <summary>
/// Derives the server configuration under which a real server answers like the pure pipeline did
/// for a fixture: the fixture's config with <c>lookups: off</c> (the fixture tests resolve facts
/// from the config only), with request.json facts that have a config equivalent written into the
/// config, and with a <c>server:</c> section for the test port and certificates.
/// </summary>
internal static class SimConfig
{
    /// <summary>
    /// The effective configuration (no server section) for <paramref name="yaml"/> plus
    /// <paramref name="facts"/>; null with <paramref name="unsupported"/> set when a fact can only come
    /// from a cluster lookup, so a real server cannot be made to see it.
    /// </summary>
    public static string? Effective(string yaml, JsonObject? facts, string source, out string? unsupported)
    {
        unsupported = null;
        var root = Load(yaml, source);
        Remove(root, "server");
        Set(root, "lookups", new YamlScalarNode("off"));
        foreach (var (key, value) in facts ?? [])
        {
            if (value is null)
            {
                continue; // null: no override, the config's value stays (as in FixtureCase.Facts)
            }

            switch (key)
            {
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
                case "serverVersion":
                    break; // no config key: the case runs without it (ServerVersionVariant)
                default:
                    unsupported = $"facts.{key}: only a cluster lookup provides it; the config has no equivalent";
                    return null;
            }
        }

        return Save(root, source);
    }

    /// <summary><paramref name="effective"/> with a server section: loopback, <paramref name="port"/>, certificates from certs/generate.sh.</summary>
    public static string WithServer(string effective, int port, string certificateDirectory)
    {
        var root = Load(effective, "effective config");
        var tls = new YamlMappingNode
        {
            { "certFile", Path.Combine(certificateDirectory, "tls.crt") },
            { "keyFile", Path.Combine(certificateDirectory, "tls.key") },
        };
        var server = new YamlMappingNode
        {
            { "port", port.ToString() },
            { "address", "127.0.0.1" },
        };
        server.Add("tls", tls);
        Set(root, "server", server);
        return Save(root, "server config");
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
        var text = writer.ToString();
        var check = SettingsLoader.Load(text);
        if (!check.Succeeded)
        {
            throw new InvalidFixtureException($"{source}: derived configuration is invalid: {string.Join("; ", check.Errors)}");
        }

        return text;
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
