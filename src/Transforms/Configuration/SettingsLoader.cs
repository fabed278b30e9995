using RestoreMutator.Transforms.Configuration.Readers;
using RestoreMutator.Transforms.Diagnostics;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace RestoreMutator.Transforms.Configuration;

/// <summary>
/// Parses and validates the YAML configuration (SPEC C1, section 4). Every unknown key and every
/// invalid value is reported, with its path and line, in one list; no partial settings escape.
/// </summary>
public static class SettingsLoader
{
    /// <summary>The longest error line; longer ones are cut (a key list or a long value quoted).</summary>
    public const int MaxErrorLength = 600;

    /// <summary>The one error of an empty or comment-only configuration.</summary>
    public const string EmptyDocumentError = "the configuration is empty (nothing but comments or whitespace); write {} to run with every default";

    /// <summary>
    /// Reads settings from YAML text. <paramref name="readHostSections"/> reads the host's own
    /// top-level sections (server, lookups, ...) from the same root, so their errors join the same
    /// list; a top-level key that neither side reads is an error. An empty or comment-only
    /// document is an error, not "all defaults": nobody means "turn every rewrite off" by emptying
    /// a file, and a ConfigMap whose key went missing looks exactly like that (SPEC C8). <c>{}</c>
    /// states the defaults on purpose.
    /// </summary>
    /// <remarks>
    /// <paramref name="readFile"/> reads the files the configuration names (<c>resourceModifiers</c>,
    /// U5) relative to the configuration file; without one (text without a file, the embedded
    /// default) naming a file is an error.
    /// </remarks>
    public static SettingsLoadResult Load(string yaml, Action<ConfigSection>? readHostSections = null, ConfigFileReader? readFile = null)
    {
        ArgumentNullException.ThrowIfNull(yaml);
        var errors = new List<string>();
        YamlMappingNode? root;
        try
        {
            if (YamlAliases.FindForwardAlias(yaml) is { } alias)
            {
                return Failed($"not valid YAML (line {alias.Start.Line}): alias *{alias.Value.Value} is used before its anchor, or inside the node it names");
            }

            var stream = new YamlStream();
            using var reader = new StringReader(yaml);
            stream.Load(reader);
            if (stream.Documents.Count > 1)
            {
                return Failed("the configuration must be a single YAML document");
            }

            var node = stream.Documents.Count == 0 ? null : stream.Documents[0].RootNode;
            if (node is null or YamlScalarNode { Value: null or "" })
            {
                return new SettingsLoadResult(null, [EmptyDocumentError]);
            }

            root = node as YamlMappingNode;
            if (root is null)
            {
                return Failed("the configuration must be a YAML mapping");
            }
        }
        catch (YamlException e)
        {
            return Failed($"not valid YAML (line {e.Start.Line}): {e.Message}");
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException)
        {
            // YamlDotNet's representation model throws these for some malformed streams (found by
            // fuzz/, e.g. a NUL or an undecodable byte in a key); a file is never a crash (C1, C8).
            return Failed($"not valid YAML: {e.Message}");
        }

        var section = new ConfigSection(root, string.Empty, errors);
        var settings = MutationSettingsReader.Read(section, readFile);
        readHostSections?.Invoke(section);
        section.RejectUnknownKeys();
        return errors.Count == 0 ? new SettingsLoadResult(settings, []) : new SettingsLoadResult(null, errors.Select(Line).ToList());
    }

    /// <summary>
    /// Errors quote keys and values from the file; they are printed to terminals and logs, so each is
    /// one line of printable text (a key with a control character or escape sequence found by fuzz/).
    /// </summary>
    private static string Line(string error) => SafeText.Sanitize(error, MaxErrorLength);

    private static SettingsLoadResult Failed(string error) => new(null, [Line(error)]);
}
