using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using RestoreMutator.Transforms.Admission;
using RestoreMutator.Transforms.Configuration;
using RestoreMutator.Transforms.Rules;

namespace RestoreMutator.Transforms.Tests.Support;

/// <summary>
/// A golden fixture: a folder under <c>Fixtures/</c> holding
/// <c>input.json</c> (the object as the API server sends it), optional <c>request.json</c>
/// (<c>{"operation": "UPDATE", "facts": {...}}</c>; facts <c>destinationRegistry</c>, <c>serverVersion</c>,
/// <c>appsDomain</c>, <c>namespaceMapping</c>, <c>dockercfgSecrets</c>, <c>restore</c> (a Restore: its
/// mapping, hooks and <c>restore-mutator.io/profile</c> annotation), <c>nodes</c>, <c>storageClasses</c>), optional <c>config.yaml</c> (else
/// <c>Fixtures/default-config.yaml</c>), and either <c>operations.json</c> + <c>expected.json</c>
/// or <c>skip.json</c> (<c>{"code", "statusCode", "reason", "message"}</c>), and optional
/// <c>warnings.json</c> (the exact warnings of the answer, in order; absent means none).
/// Set RESTORE_MUTATOR_UPDATE_GOLDEN=1 to (re)write operations.json and expected.json; review the diff.
/// </summary>
public sealed class FixtureCase
{
    private FixtureCase(string name, string directory)
    {
        Name = name;
        Directory = directory;
    }

    public string Name { get; }
    public string Directory { get; }

    public static string Root { get; } = FindRoot();

    public static TheoryData<string> All()
    {
        var data = new TheoryData<string>();
        foreach (var input in System.IO.Directory.EnumerateFiles(Root, "input.json", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetRelativePath(Root, Path.GetDirectoryName(input)!).Replace('\\', '/'));
        }

        return data;
    }

    public static FixtureCase Load(string name) => new(name, Path.Combine(Root, name));

    public static bool UpdateGolden => Environment.GetEnvironmentVariable("RESTORE_MUTATOR_UPDATE_GOLDEN") == "1";

    public JsonNode Input => ReadJson("input.json")!;

    public JsonObject? Skip => ReadJson("skip.json")?.AsObject();

    public JsonArray? ExpectedOperations => ReadJson("operations.json")?.AsArray();

    public JsonNode? ExpectedObject => ReadJson("expected.json");

    /// <summary>The warnings the answer must carry: <c>warnings.json</c>, or none when it is absent.</summary>
    public IReadOnlyList<string> ExpectedWarnings =>
        ReadJson("warnings.json")?.AsArray().Select(w => (string)w!).ToList() ?? [];

    public void WriteWarnings(IReadOnlyList<string> warnings)
    {
        var path = Path.Combine(Directory, "warnings.json");
        if (ExpectedWarnings.SequenceEqual(warnings, StringComparer.Ordinal))
        {
            // Unchanged: the file stays as written (an empty list, or compact JSON).
            return;
        }

        if (warnings.Count == 0)
        {
            File.Delete(path);
            return;
        }

        Write("warnings.json", new JsonArray(warnings.Select(w => (JsonNode)JsonValue.Create(w)).ToArray()));
    }

    public MutationSettings Settings
    {
        get
        {
            var path = Path.Combine(Directory, "config.yaml");
            if (!File.Exists(path))
            {
                path = Path.Combine(Root, "default-config.yaml");
            }

            // Files the config names (resourceModifiers) are read next to it, as the hosts do.
            var result = TestSettings.Load(File.ReadAllText(path), TestSettings.FilesIn(Path.GetDirectoryName(path)!));
            if (!result.Succeeded)
            {
                throw new InvalidOperationException($"{path}: {string.Join("; ", result.Errors)}");
            }

            return result.Settings!;
        }
    }

    public AdmissionOperation Operation =>
        ReadJson("request.json")?["operation"] is { } op
            ? Enum.GetValues<AdmissionOperation>().Single(operation => AdmissionReviewParser.OperationName(operation) == (string)op!)
            : AdmissionOperation.Create;

    /// <summary>
    /// Facts: the static values of the configuration in force for <paramref name="request"/> (the
    /// profile the plan chooses, X1, else the base), overridden by <c>request.json</c> facts.
    /// </summary>
    public ClusterFacts Facts(MutationPipeline pipeline, AdmissionRequest request)
    {
        ArgumentNullException.ThrowIfNull(pipeline);
        // {"restore": {a velero.io/v1 Restore as the API server serves it}}: what K1 read (P3 hooks,
        // the profile annotation of X1); its namespaceMapping is merged over the configured one, as the lookup does.
        RestoreFacts? restore = null;
        var overrides = ReadJson("request.json")?["facts"] as JsonObject;
        if (overrides?["restore"] is JsonObject restoreJson)
        {
            using var document = JsonDocument.Parse(restoreJson.ToJsonString());
            restore = RestoreFactsReader.Read(document.RootElement)
                ?? throw new InvalidOperationException($"{Name}: request.json facts.restore is not a Restore");
        }

        var configured = pipeline.Plan(request).Resolve(restore).StaticFacts;
        var facts = new ClusterFacts
        {
            DestinationRegistry = configured.DestinationRegistry,
            AppsDomain = configured.AppsDomain,
            NamespaceMapping = configured.NamespaceMapping,
        };
        if (overrides is null)
        {
            return facts;
        }

        var merged = restore is null ? facts.NamespaceMapping : Merge(facts.NamespaceMapping, restore.NamespaceMapping);
        return facts with
        {
            Restore = restore,
            DestinationRegistry = (string?)overrides["destinationRegistry"] ?? facts.DestinationRegistry,
            ServerVersion = (string?)overrides["serverVersion"] ?? facts.ServerVersion,
            AppsDomain = (string?)overrides["appsDomain"] ?? facts.AppsDomain,
            NamespaceMapping = overrides["namespaceMapping"] is JsonObject mapping
                ? mapping.ToDictionary(p => p.Key, p => (string)p.Value!, StringComparer.Ordinal)
                : merged,
            // {"default": "default-dockercfg-q8z4w", ...}: service account to its destination secret (K3, P6, B2).
            DockercfgSecrets = overrides["dockercfgSecrets"] is JsonObject secrets
                ? secrets.ToDictionary(p => p.Key, p => (string)p.Value!, StringComparer.Ordinal)
                : facts.DockercfgSecrets,
            // {"worker-a": true, "worker-b": false}: which nodes / storage classes exist in the
            // destination (K5; V2, P5, V4). A name left out stands for a lookup that failed.
            Nodes = overrides["nodes"] is JsonObject nodes ? Existence(nodes) : facts.Nodes,
            StorageClasses = overrides["storageClasses"] is JsonObject classes ? Existence(classes) : facts.StorageClasses,
        };
    }

    private static Dictionary<string, string> Merge(IReadOnlyDictionary<string, string> configured, IReadOnlyDictionary<string, string> fromRestore)
    {
        var merged = new Dictionary<string, string>(configured, StringComparer.Ordinal);
        foreach (var (source, target) in fromRestore)
        {
            merged[source] = target;
        }

        return merged;
    }
    private static Dictionary<string, bool> Existence(JsonObject names) =>
        names.ToDictionary(p => p.Key, p => (bool)p.Value!, StringComparer.Ordinal);

    public void Write(string file, JsonNode node) =>
        File.WriteAllText(Path.Combine(Directory, file), node.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }) + "\n");

    /// <summary>Builds the admission request the API server would send for <paramref name="obj"/>.</summary>
    public static AdmissionRequest Request(JsonDocument obj, AdmissionOperation operation)
    {
        var root = obj.RootElement;
        var apiVersion = root.GetStringOrNull("apiVersion") ?? "v1";
        var slash = apiVersion.IndexOf('/', StringComparison.Ordinal);
        var group = slash < 0 ? string.Empty : apiVersion[..slash];
        var version = slash < 0 ? apiVersion : apiVersion[(slash + 1)..];
        var kind = root.GetStringOrNull("kind") ?? "Unknown";
        var known = KnownKindsList.FirstOrDefault(k => k.Group == group && k.Kind == kind);
        root.TryGetPath(out var ns, "metadata", "namespace");
        root.TryGetPath(out var name, "metadata", "name");
        return new AdmissionRequest
        {
            Uid = "00000000-0000-4000-8000-000000000001",
            Kind = new GroupVersionKind(group, version, kind),
            Resource = known?.Resource ?? kind.ToLowerInvariant() + "s",
            Name = name.ValueKind == JsonValueKind.String ? name.GetString()! : string.Empty,
            Namespace = ns.ValueKind == JsonValueKind.String ? ns.GetString()! : string.Empty,
            Operation = operation,
            Object = root,
            OldObject = operation == AdmissionOperation.Update ? root : default,
        };
    }

    private static readonly ResourceKind[] KnownKindsList = typeof(KnownKinds)
        .GetFields(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Static)
        .Where(f => f.FieldType == typeof(ResourceKind))
        .Select(f => (ResourceKind)f.GetValue(null)!)
        .ToArray();

    private JsonNode? ReadJson(string file)
    {
        var path = Path.Combine(Directory, file);
        return File.Exists(path) ? JsonNode.Parse(File.ReadAllText(path)) : null;
    }

    private static string FindRoot([CallerFilePath] string thisFile = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(thisFile)!, "..", "Fixtures"));

    public override string ToString() => Name;
}
