using RestoreMutator.Transforms.Rules;
using Shouldly;

namespace RestoreMutator.Transforms.Tests.Rules;

/// <summary>SPEC N2: the trigger annotation keeps its exact text except the mapped namespace values.</summary>
public class ImageTriggerAnnotationTests
{
    private static readonly Dictionary<string, string> Mapping = new(StringComparer.Ordinal) { ["shop-old"] = "shop", ["images-old"] = "images" };

    private static string? Rewrite(string value) => ImageTriggerAnnotation.Rewrite(value, ns => NamespaceReferences.Map(Mapping, ns));

    [Theory]
    [InlineData(
        """[{"from":{"kind":"ImageStreamTag","name":"web:latest","namespace":"shop-old"},"fieldPath":"spec.template.spec.containers[?(@.name==\"web\")].image"}]""",
        """[{"from":{"kind":"ImageStreamTag","name":"web:latest","namespace":"shop"},"fieldPath":"spec.template.spec.containers[?(@.name==\"web\")].image"}]""")]
    [InlineData( // spacing, newlines and member order kept; namespace before kind
        "[\n  { \"from\" : { \"namespace\" : \"shop-old\" ,\"kind\" : \"ImageStreamTag\", \"name\": \"a:1\" } } ,\n  {\"from\":{\"kind\":\"ImageStreamImage\",\"name\":\"b@sha256:00\",\"namespace\":\"images-old\"}}\n]",
        "[\n  { \"from\" : { \"namespace\" : \"shop\" ,\"kind\" : \"ImageStreamTag\", \"name\": \"a:1\" } } ,\n  {\"from\":{\"kind\":\"ImageStreamImage\",\"name\":\"b@sha256:00\",\"namespace\":\"images\"}}\n]")]
    [InlineData( // an escaped namespace is read as the name it spells
        """[{"from":{"kind":"ImageStreamTag","name":"a:1","namespace":"shop\u002dold"}}]""",
        """[{"from":{"kind":"ImageStreamTag","name":"a:1","namespace":"shop"}}]""")]
    [InlineData( // other escapes and non-ASCII text elsewhere stay byte for byte
        """[{"note":"caf\u00e9 – ü","from":{"kind":"ImageStreamTag","name":"a:1","namespace":"shop-old"},"fieldPath":"x\ty"}]""",
        """[{"note":"caf\u00e9 – ü","from":{"kind":"ImageStreamTag","name":"a:1","namespace":"shop"},"fieldPath":"x\ty"}]""")]
    [InlineData( // only the from of each trigger: a namespace elsewhere is not a reference
        """[{"namespace":"shop-old","meta":{"from":{"kind":"ImageStreamTag","namespace":"shop-old"}},"from":{"kind":"ImageStreamTag","name":"a:1","namespace":"shop-old"}}]""",
        """[{"namespace":"shop-old","meta":{"from":{"kind":"ImageStreamTag","namespace":"shop-old"}},"from":{"kind":"ImageStreamTag","name":"a:1","namespace":"shop"}}]""")]
    public void Rewrite_MappedNamespace_ChangesOnlyThatValue(string value, string expected) => Rewrite(value).ShouldBe(expected);

    [Theory]
    [InlineData("""[{"from":{"kind":"ImageStreamTag","name":"a:1","namespace":"openshift"}}]""")] // unmapped
    [InlineData("""[{"from":{"kind":"ImageStreamTag","name":"a:1","namespace":"shop"}}]""")] // already the target
    [InlineData("""[{"from":{"kind":"ImageStreamTag","name":"a:1"}}]""")] // own namespace
    [InlineData("""[{"from":{"kind":"DockerImage","name":"x/y:1","namespace":"shop-old"}}]""")] // not an ImageStream reference
    [InlineData("""[{"from":{"name":"a:1","namespace":"shop-old"}}]""")] // no kind
    [InlineData("""[[{"from":{"kind":"ImageStreamTag","namespace":"shop-old"}}]]""")] // not a trigger object
    [InlineData("""[{"from":[{"kind":"ImageStreamTag","namespace":"shop-old"}]}]""")]
    [InlineData("""{"from":{"kind":"ImageStreamTag","name":"a:1","namespace":"shop-old"}}""")] // not an array
    [InlineData("""[{"from":{"kind":"ImageStreamTag","name":"a:1","namespace":"shop-old"}}""")] // truncated
    [InlineData("""[{"from":{"kind":"ImageStreamTag","name":"a:1","namespace":"shop-old"}}] x""")] // trailing text
    [InlineData("""[{"from":{"kind":"ImageStreamTag","namespace":"shop-old"}}] /* c */""")]
    [InlineData("""[{"from":{"kind":"ImageStreamTag","namespace":7}}]""")]
    [InlineData("")]
    [InlineData("null")]
    public void Rewrite_NothingToMapOrNotATriggerList_ReturnsNull(string value) => Rewrite(value).ShouldBeNull();

    [Fact]
    public void Rewrite_LoneSurrogate_IsLeftAlone()
    {
        var value = "[{\"note\":\"\uD800\",\"from\":{\"kind\":\"ImageStreamTag\",\"namespace\":\"shop-old\"}}]";

        Rewrite(value).ShouldBeNull();
    }

    [Fact]
    public void Rewrite_OutputAgain_ChangesNothing()
    {
        var once = Rewrite("""[{"from":{"kind":"ImageStreamTag","name":"a:1","namespace":"shop-old"}},{"from":{"kind":"ImageStreamTag","name":"b:1","namespace":"images-old"}}]""")!;

        once.ShouldBe("""[{"from":{"kind":"ImageStreamTag","name":"a:1","namespace":"shop"}},{"from":{"kind":"ImageStreamTag","name":"b:1","namespace":"images"}}]""");
        Rewrite(once).ShouldBeNull();
    }

    [Fact]
    public void Rewrite_TargetNeedingEscapes_StaysValidJson()
    {
        var rewritten = ImageTriggerAnnotation.Rewrite("""[{"from":{"kind":"ImageStreamTag","namespace":"a"}}]""", _ => "b\"c")!;

        using var document = System.Text.Json.JsonDocument.Parse(rewritten);
        document.RootElement[0].GetProperty("from").GetProperty("namespace").GetString().ShouldBe("b\"c");
    }

    [Fact]
    public void Rewrite_GeneratedTriggerLists_ChangeExactlyTheMappedNamespaceTokens()
    {
        // Seeded, so a failure reproduces: random spacing, member order, kinds and namespaces; the
        // expected text is built the same way with the mapped namespaces written in.
        var random = new Random(15);
        string[] kinds = ["ImageStreamTag", "ImageStreamImage", "DockerImage"];
        string[] namespaces = ["shop-old", "images-old", "shop", "openshift", "shop\\u002dold"];
        for (var round = 0; round < 500; round++)
        {
            string Space() => random.Next(4) switch { 0 => "", 1 => " ", 2 => "\n  ", _ => "\t" };
            var original = new System.Text.StringBuilder("[").Append(Space());
            var expected = new System.Text.StringBuilder("[").Append(original.ToString()[1..]);
            var triggers = random.Next(0, 4);
            for (var t = 0; t < triggers; t++)
            {
                var kind = kinds[random.Next(kinds.Length)];
                var ns = namespaces[random.Next(namespaces.Length)];
                var decoded = ns.Replace("\\u002d", "-", StringComparison.Ordinal);
                var mapped = NamespaceReferences.IsImageStreamKind(kind) ? NamespaceReferences.Map(Mapping, decoded) : null;
                var kindMember = $"\"kind\"{Space()}:{Space()}\"{kind}\"";
                var nameMember = $"\"name\":\"a:{round}\"";
                string Ns(string value) => $"\"namespace\"{Space()}:{Space()}\"{value}\"";
                var nsOriginal = Ns(ns);
                var nsExpected = mapped is null ? nsOriginal : nsOriginal.Replace($"\"{ns}\"", $"\"{mapped}\"", StringComparison.Ordinal);
                var first = random.Next(2) == 0;
                var before = $"{{{Space()}\"from\":{Space()}{{";
                var after = $"}},{Space()}\"fieldPath\":\"spec.template.spec.containers[{t}].image\"}}{(t < triggers - 1 ? "," + Space() : Space())}";
                original.Append(before).Append(first ? $"{nsOriginal},{kindMember},{nameMember}" : $"{kindMember},{nameMember},{nsOriginal}").Append(after);
                expected.Append(before).Append(first ? $"{nsExpected},{kindMember},{nameMember}" : $"{kindMember},{nameMember},{nsExpected}").Append(after);
            }

            original.Append(']');
            expected.Append(']');
            var text = original.ToString();
            var want = expected.ToString();

            Rewrite(text).ShouldBe(want == text ? null : want, text);
        }
    }
}
