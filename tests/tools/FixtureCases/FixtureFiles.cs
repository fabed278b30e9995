using System.Text.Json.Nodes;

namespace RestoreMutator.FixtureCases;

/// <summary>
/// One golden fixture folder as documented in tests/Transforms.Tests/Support/FixtureCase.cs:
/// input.json, optional request.json, config.yaml and warnings.json, and operations.json + expected.json or skip.json.
/// </summary>
internal sealed class FixtureFiles
{
    private FixtureFiles(string root, string name)
    {
        Root = root;
        Name = name;
        Directory = Path.Combine(root, name);
    }

    /// <summary>The fixture's path under the fixtures root, e.g. <c>registry/pod-internal-image</c>.</summary>
    public string Name { get; }

    public string Root { get; }

    public string Directory { get; }

    public JsonObject Input => Read("input.json") as JsonObject ?? throw new InvalidFixtureException($"{Name}/input.json is not a JSON object");

    public JsonObject? Request => Read("request.json") as JsonObject;

    public JsonObject? Skip => Read("skip.json") as JsonObject;

    public JsonArray? Operations => Read("operations.json") as JsonArray;

    public JsonNode? Expected => Read("expected.json");

    /// <summary>The exact warnings of the answer (warnings.json); none when it is absent.</summary>
    public IReadOnlyList<string> Warnings =>
        (Read("warnings.json") as JsonArray)?.Select(w => (string?)w ?? throw new InvalidFixtureException($"{Name}/warnings.json: not a list of strings")).ToList() ?? [];

    /// <summary>The operation from request.json (CREATE when absent), upper case as in an AdmissionReview.</summary>
    public string Operation => ((string?)Request?["operation"] ?? "CREATE").ToUpperInvariant();

    public JsonObject? Facts => Request?["facts"] as JsonObject;

    /// <summary>The fixture's own config.yaml, else the shared default-config.yaml.</summary>
    public string ConfigPath
    {
        get
        {
            var own = Path.Combine(Directory, "config.yaml");
            return File.Exists(own) ? own : Path.Combine(Root, "default-config.yaml");
        }
    }

    /// <summary>Every fixture under <paramref name="root"/> (a folder holding input.json), in ordinal order.</summary>
    public static IEnumerable<FixtureFiles> All(string root) =>
        System.IO.Directory.EnumerateFiles(root, "input.json", SearchOption.AllDirectories)
            .Select(input => Path.GetRelativePath(root, Path.GetDirectoryName(input)!).Replace('\\', '/'))
            .Order(StringComparer.Ordinal)
            .Select(name => new FixtureFiles(root, name));

    private JsonNode? Read(string file)
    {
        var path = Path.Combine(Directory, file);
        if (!File.Exists(path))
        {
            return null;
        }

        try
        {
            return JsonNode.Parse(File.ReadAllText(path));
        }
        catch (System.Text.Json.JsonException e)
        {
            throw new InvalidFixtureException($"{Name}/{file}: {e.Message}");
        }
    }
}
