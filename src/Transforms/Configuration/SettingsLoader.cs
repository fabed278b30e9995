using RestoreMutator.Transforms.Configuration.Readers;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace RestoreMutator.Transforms.Configuration;

/// <summary>
/// Parses and validates the YAML configuration (SPEC C1, section 4). Every unknown key and every
/// invalid value is reported, with its path and line, in one list; no partial settings escape.
/// </summary>
public static class SettingsLoader
{
    /// <summary>
    /// Reads settings from YAML text. <paramref name="readHostSections"/> reads the host's own
    /// top-level sections (server, lookups, ...) from the same root, so their errors join the same
    /// list; a top-level key that neither side reads is an error.
    /// </summary>
    public static SettingsLoadResult Load(string yaml, Action<ConfigSection>? readHostSections = null)
    {
        ArgumentNullException.ThrowIfNull(yaml);
        var errors = new List<string>();
        YamlMappingNode? root;
        try
        {
            var stream = new YamlStream();
            using var reader = new StringReader(yaml);
            stream.Load(reader);
            if (stream.Documents.Count > 1)
            {
                return new SettingsLoadResult(null, ["the configuration must be a single YAML document"]);
            }

            var node = stream.Documents.Count == 0 ? null : stream.Documents[0].RootNode;
            root = node as YamlMappingNode;
            if (node is not null and not YamlMappingNode && !(node is YamlScalarNode { Value: null or "" }))
            {
                return new SettingsLoadResult(null, ["the configuration must be a YAML mapping"]);
            }
        }
        catch (YamlException e)
        {
            return new SettingsLoadResult(null, [$"not valid YAML (line {e.Start.Line}): {e.Message}"]);
        }

        var section = new ConfigSection(root, string.Empty, errors);
        var settings = MutationSettingsReader.Read(section);
        readHostSections?.Invoke(section);
        section.RejectUnknownKeys();
        return errors.Count == 0 ? new SettingsLoadResult(settings, []) : new SettingsLoadResult(null, errors);
    }
}
