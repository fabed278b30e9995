using System.Reflection;
using System.Text.Json.Nodes;
using RestoreMutator.Transforms.Rules;

namespace RestoreMutator.FixtureCases;

/// <summary>
/// Turns a golden fixture into an apiserver-check case (tests/e2e/apiserver-check/groups.go): the
/// request as the API server would send it, and the expectation the fixture records: skip.json →
/// denied with exactly that code, reason and message; an empty operations.json → allowed with no
/// patch; otherwise → allowed and the patched object equal to expected.json; and the warnings of
/// warnings.json (none when it is absent), exactly.
/// </summary>
internal static class CaseBuilder
{
    private static readonly ResourceKind[] Known = typeof(KnownKinds)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Where(f => f.FieldType == typeof(ResourceKind))
        .Select(f => (ResourceKind)f.GetValue(null)!)
        .ToArray();

    public static JsonObject FromFixture(FixtureFiles fixture)
    {
        var expect = Expect(fixture);
        expect["warnings"] = new JsonArray(fixture.Warnings.Select(w => (JsonNode)JsonValue.Create(w)).ToArray());
        return new JsonObject
        {
            ["name"] = fixture.Name,
            ["request"] = Request(fixture.Input, fixture.Operation),
            ["expect"] = expect,
        };
    }

    /// <summary>The file name of a case: the fixture path with '/' as "__", so all cases fit in one folder.</summary>
    public static string FileName(string fixtureName) => fixtureName.Replace("/", "__", StringComparison.Ordinal) + ".json";

    private static JsonObject Request(JsonObject input, string operation)
    {
        var apiVersion = (string?)input["apiVersion"] ?? "v1";
        var slash = apiVersion.IndexOf('/', StringComparison.Ordinal);
        var group = slash < 0 ? string.Empty : apiVersion[..slash];
        var version = slash < 0 ? apiVersion : apiVersion[(slash + 1)..];
        var kind = (string?)input["kind"] ?? "Unknown";
        var resource = Known.FirstOrDefault(k => k.Group == group && k.Kind == kind)?.Resource ?? Plural(kind);
        var request = new JsonObject
        {
            ["kind"] = new JsonObject { ["group"] = group, ["version"] = version, ["kind"] = kind },
            ["resource"] = new JsonObject { ["group"] = group, ["version"] = version, ["resource"] = resource },
            ["name"] = (string?)input["metadata"]?["name"] ?? string.Empty,
            ["operation"] = operation,
        };
        if ((string?)input["metadata"]?["namespace"] is { Length: > 0 } ns)
        {
            request["namespace"] = ns;
        }

        // As kube-apiserver fills them: UPDATE carries the stored object as oldObject (the fixture
        // tests use the input for both), DELETE sends only oldObject.
        switch (operation)
        {
            case "UPDATE":
                request["object"] = input.DeepClone();
                request["oldObject"] = input.DeepClone();
                request["options"] = Options("UpdateOptions");
                break;
            case "DELETE":
                request["object"] = null;
                request["oldObject"] = input.DeepClone();
                request["options"] = Options("DeleteOptions");
                break;
            default:
                request["object"] = input.DeepClone();
                break;
        }

        return request;
    }

    private static JsonObject Expect(FixtureFiles fixture)
    {
        if (fixture.Skip is { } skip)
        {
            return new JsonObject
            {
                ["allowed"] = false,
                ["code"] = skip["statusCode"]?.DeepClone(),
                ["reason"] = skip["reason"]?.DeepClone(),
                ["message"] = skip["message"]?.DeepClone(),
            };
        }

        var operations = fixture.Operations ?? throw new InvalidFixtureException($"{fixture.Name}: neither skip.json nor operations.json");
        if (operations.Count == 0)
        {
            return new JsonObject { ["allowed"] = true, ["unchanged"] = true };
        }

        var expected = fixture.Expected ?? throw new InvalidFixtureException($"{fixture.Name}: operations.json without expected.json");
        return new JsonObject { ["allowed"] = true, ["object"] = expected.DeepClone() };
    }

    private static JsonObject Options(string kind) => new() { ["kind"] = kind, ["apiVersion"] = "meta.k8s.io/v1" };

    /// <summary>The API server's plural for a kind no rule knows (only used in request.resource).</summary>
    private static string Plural(string kind)
    {
        var lower = kind.ToLowerInvariant();
        return lower.EndsWith('s') || lower.EndsWith('x') ? lower + "es"
            : lower.EndsWith('y') ? lower[..^1] + "ies"
            : lower + "s";
    }
}
