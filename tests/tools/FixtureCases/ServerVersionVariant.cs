using System.Text.Json.Nodes;

namespace RestoreMutator.FixtureCases;

/// <summary>
/// Fixtures whose request.json gives <c>facts.serverVersion</c>. A real server learns the
/// destination version only from the API server's <c>/version</c> (lookup K2) and the config has no
/// key for it, so these fixtures run with the version unknown. Its only reader is R4, which records
/// it in <c>openshift.io/restore-server-version</c>; the expectation is therefore the fixture's
/// expected object with that annotation as the input had it, and "unchanged" when that annotation
/// (with <c>restore-mutator.io/applied</c>) was the fixture's only change. If another rule ever
/// reads the version, these cases fail and name the variant, so the derivation is revisited.
/// </summary>
internal static class ServerVersionVariant
{
    public const string Fact = "serverVersion";
    public const string Annotation = "openshift.io/restore-server-version";
    private const string Applied = "restore-mutator.io/applied";

    public static bool Applies(FixtureFiles fixture) => fixture.Facts?[Fact] is not null;

    /// <summary>The expectation without the version; <paramref name="expect"/> as the fixture records it.</summary>
    public static JsonObject Expect(FixtureFiles fixture, JsonObject expect)
    {
        if (expect["object"] is not JsonObject expected)
        {
            return expect; // skips and unchanged answers do not depend on the version
        }

        var input = fixture.Input;
        var withoutVersion = (JsonObject)expected.DeepClone();
        var annotations = withoutVersion["metadata"]?["annotations"] as JsonObject;
        annotations?.Remove(Annotation);
        if ((string?)input["metadata"]?["annotations"]?[Annotation] is { } original && annotations is not null)
        {
            annotations[Annotation] = original;
        }

        return JsonNode.DeepEquals(WithoutApplied(withoutVersion), WithoutApplied(input))
            ? new JsonObject { ["allowed"] = true, ["unchanged"] = true }
            : new JsonObject { ["allowed"] = true, ["object"] = withoutVersion };
    }

    private static JsonObject WithoutApplied(JsonObject obj)
    {
        var copy = (JsonObject)obj.DeepClone();
        if (copy["metadata"] is JsonObject metadata && metadata["annotations"] is JsonObject annotations)
        {
            annotations.Remove(Applied);
            if (annotations.Count == 0)
            {
                metadata.Remove("annotations");
            }
        }

        return copy;
    }
}
