using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using RestoreMutator.Fuzz.Properties;

namespace RestoreMutator.Fuzz;

/// <summary>
/// Seed corpora built from what the repository already has, so they follow the tests as they grow:
/// golden fixtures (wrapped into AdmissionReviews), the example reviews, the hostile-input corpus
/// (exported to <c>fuzz/seeds/</c> by a test), image references of fixtures and image tests, and
/// every configuration file of fixtures and examples. AFL++ wants small seeds: larger files are left out.
/// </summary>
internal static partial class Seeds
{
    private const int MaxSeedBytes = 16 * 1024;

    public static int Write(string target, string repo, string output)
    {
        Directory.CreateDirectory(output);
        var seeds = target switch
        {
            "admission" => Admission(repo),
            "images" => Images(repo),
            "config" => Config(repo),
            "rules" => Rules(repo),
            _ => [],
        };
        var written = 0;
        foreach (var seed in seeds.Where(s => s.Length is > 0 and <= MaxSeedBytes).DistinctBy(Convert.ToHexString))
        {
            File.WriteAllBytes(Path.Combine(output, Convert.ToHexString(SHA256.HashData(seed))[..16].ToLowerInvariant()), seed);
            written++;
        }

        return written;
    }

    private static string Fixtures(string repo) => Path.Combine(repo, "tests", "Transforms.Tests", "Fixtures");

    private static IEnumerable<byte[]> Admission(string repo)
    {
        foreach (var input in Directory.EnumerateFiles(Fixtures(repo), "input.json", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var request = Path.Combine(Path.GetDirectoryName(input)!, "request.json");
            var operation = File.Exists(request) && JsonNode.Parse(File.ReadAllText(request))?["operation"] is { } op ? (string)op! : "CREATE";
            yield return Encoding.UTF8.GetBytes(Review(JsonNode.Parse(File.ReadAllText(input))!, operation).ToJsonString());
        }

        foreach (var file in Files(Path.Combine(repo, "examples", "reviews"), "*.json"))
        {
            yield return Compact(File.ReadAllBytes(file));
        }

        // The hostile corpus byte for byte: compacting would repair exactly what makes it hostile.
        foreach (var file in Files(Path.Combine(repo, "fuzz", "seeds", "admission"), "*"))
        {
            yield return File.ReadAllBytes(file);
        }
    }

    private static IEnumerable<byte[]> Images(string repo)
    {
        var references = new SortedSet<string>(StringComparer.Ordinal);
        var sources = new SortedSet<string>(StringComparer.Ordinal) { string.Empty };
        foreach (var input in Directory.EnumerateFiles(Fixtures(repo), "input.json", SearchOption.AllDirectories))
        {
            Collect(JsonNode.Parse(File.ReadAllText(input)), null, references, sources);
        }

        foreach (var test in Files(Path.Combine(repo, "tests", "Transforms.Tests", "Images"), "*.cs"))
        {
            foreach (Match literal in StringLiteral().Matches(File.ReadAllText(test)))
            {
                if (literal.Groups[1].Value.IndexOfAny(['/', ':', '@']) >= 0)
                {
                    references.Add(literal.Groups[1].Value);
                }
            }
        }

        foreach (var reference in references)
        {
            yield return Encoding.UTF8.GetBytes(reference);
            foreach (var source in sources.Where(s => s.Length > 0 && reference.StartsWith(s + "/", StringComparison.Ordinal)))
            {
                yield return Encoding.UTF8.GetBytes($"{reference}\n{source}\n");
            }
        }

        // Rewrite lines exercise the loader's checks of registry.rewrites (R2, S3).
        yield return Encoding.UTF8.GetBytes("quay.io/acme/app:1\n\nquay.io/acme mirror.example.com/acme\ndocker.io mirror.example.com/dockerhub\n");
        yield return Encoding.UTF8.GetBytes("nginx:1.25\n\ndocker.io/library mirror.example.com/library\n");
        yield return Encoding.UTF8.GetBytes($"{ImageProperties.Destination}/team-a/web:1\n{ImageProperties.Destination}\n");
    }

    /// <summary>
    /// The <c>rules:</c> bodies of every fixture and example configuration that has one, dedented
    /// (the rules target indents them back), so mutations start from rules that load.
    /// </summary>
    private static IEnumerable<byte[]> Rules(string repo)
    {
        var configs = Directory.EnumerateFiles(Fixtures(repo), "config.yaml", SearchOption.AllDirectories)
            .Concat(Files(Path.Combine(repo, "examples"), "*.yaml"))
            .Order(StringComparer.Ordinal);
        foreach (var config in configs)
        {
            if (RulesBody(File.ReadAllLines(config)) is { Length: > 0 } body)
            {
                yield return Encoding.UTF8.GetBytes(body);
            }
        }

        // One of each operation kind and condition, so the target has seeds of its own.
        yield return Encoding.UTF8.GetBytes(
            "- name: standby\n  match: {kinds: [apps/Deployment], fields: [{path: /spec/replicas, exists: true}]}\n  patch:\n    - {op: replace, path: /spec/replicas, value: 1}\n");
        yield return Encoding.UTF8.GetBytes(
            "- name: images\n  match: {kinds: [\"*\"], fields: [{path: /spec/containers/*/image, regex: '^nginx'}]}\n  replace:\n    - {path: /spec/containers/*/image, regex: '^nginx:', with: 'mirror.example.com/nginx:'}\n");
        yield return Encoding.UTF8.GetBytes(
            "- name: labels\n  match: {kinds: [apps/*, Pod], namespaces: [\"sh*\"], labelSelector: {matchLabels: {app: web}}}\n  mergePatch: {metadata: {labels: {dr: standby}, annotations: {stale: null}}}\n");
        yield return Encoding.UTF8.GetBytes(
            "- name: guarded\n  match: {kinds: [Pod]}\n  patch:\n    - {op: test, path: /spec/nodeName, value: worker-old-1}\n    - {op: remove, path: /spec/nodeName}\n    - {op: copy, from: /metadata/name, path: /metadata/annotations/was}\n- name: skip-sa\n  match: {kinds: [ServiceAccount], names: [builder]}\n  skip: true\n  reason: not wanted\n");
    }

    /// <summary>The lines under a top-level <c>rules:</c> key, two spaces of indentation removed; empty when there is none.</summary>
    internal static string RulesBody(IReadOnlyList<string> lines)
    {
        var body = new StringBuilder();
        var inside = false;
        foreach (var line in lines)
        {
            if (!inside)
            {
                inside = line.TrimEnd() == "rules:";
                continue;
            }

            if (line.Length > 0 && line[0] != ' ' && line[0] != '#')
            {
                break; // the next top-level key
            }

            body.Append(line.StartsWith("  ", StringComparison.Ordinal) ? line[2..] : line.TrimStart()).Append('\n');
        }

        return body.ToString().Trim('\n').Length == 0 ? string.Empty : body.ToString();
    }

    private static IEnumerable<byte[]> Config(string repo)
    {
        var files = Directory.EnumerateFiles(Fixtures(repo), "*.yaml", SearchOption.AllDirectories)
            .Concat(Files(Path.Combine(repo, "examples"), "*.yaml"))
            .Order(StringComparer.Ordinal);
        foreach (var file in files)
        {
            yield return File.ReadAllBytes(file);
        }

        yield return Encoding.UTF8.GetBytes(FuzzConfiguration.Everything);
        yield return Encoding.UTF8.GetBytes(FuzzConfiguration.OtherModes);
        yield return Encoding.UTF8.GetBytes("server:\n  port: 8443\n  address: 0.0.0.0\n  tls: {certFile: /tls/tls.crt, keyFile: /tls/tls.key}\n  http2: false\nvelero: {namespace: velero}\nlookups: auto\n");
    }

    /// <summary>An AdmissionReview as the API server sends it for <paramref name="obj"/>.</summary>
    private static JsonObject Review(JsonNode obj, string operation)
    {
        var apiVersion = (string?)obj["apiVersion"] ?? "v1";
        var slash = apiVersion.IndexOf('/', StringComparison.Ordinal);
        var kind = (string?)obj["kind"] ?? "Unknown";
        var request = new JsonObject
        {
            ["uid"] = "0b7a1c7e-6c1d-4d7e-9a55-1f0a4d6d2f11",
            ["kind"] = new JsonObject { ["group"] = slash < 0 ? string.Empty : apiVersion[..slash], ["version"] = slash < 0 ? apiVersion : apiVersion[(slash + 1)..], ["kind"] = kind },
            ["resource"] = new JsonObject { ["resource"] = kind.ToLowerInvariant() + "s" },
            ["name"] = (string?)obj["metadata"]?["name"] ?? string.Empty,
            ["namespace"] = (string?)obj["metadata"]?["namespace"] ?? string.Empty,
            ["operation"] = operation,
            ["object"] = obj.DeepClone(),
        };
        if (operation == "UPDATE")
        {
            request["oldObject"] = obj.DeepClone();
        }

        return new JsonObject { ["apiVersion"] = "admission.k8s.io/v1", ["kind"] = "AdmissionReview", ["request"] = request };
    }

    /// <summary>Image strings (<c>image</c>, DockerImage <c>name</c>, <c>dockerImageRepository</c>) and source registries of an object.</summary>
    private static void Collect(JsonNode? node, string? property, SortedSet<string> references, SortedSet<string> sources)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (key, child) in obj)
                {
                    Collect(child, key, references, sources);
                }

                break;
            case JsonArray array:
                foreach (var child in array)
                {
                    Collect(child, property, references, sources);
                }

                break;
            case JsonValue value when value.TryGetValue<string>(out var text):
                if (property is "image" or "name" or "dockerImageRepository" && text.IndexOfAny(['/', ':']) >= 0)
                {
                    references.Add(text);
                }
                else if (property == "openshift.io/backup-registry-hostname")
                {
                    sources.Add(text);
                }

                break;
        }
    }

    private static IEnumerable<string> Files(string directory, string pattern) =>
        Directory.Exists(directory) ? Directory.EnumerateFiles(directory, pattern).Order(StringComparer.Ordinal) : [];

    /// <summary>JSON without indentation: smaller seeds mutate better.</summary>
    private static byte[] Compact(byte[] bytes) => Encoding.UTF8.GetBytes(JsonNode.Parse(bytes)!.ToJsonString());

    [GeneratedRegex("\"([^\"\\\\]{1,200})\"")]
    private static partial Regex StringLiteral();
}
