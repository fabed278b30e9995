using RestoreMutator.Transforms.Configuration;
using RestoreMutator.Transforms.Images;
using Shouldly;

namespace RestoreMutator.Transforms.Tests.Images;

/// <summary>
/// The rewriter against every example of SPEC R1, R2 and section 6, the OpenShift plugin's
/// ReplaceImageRefPrefix table (openshift/openshift-velero-plugin, velero-plugins/common/util_test.go) and the leave-alone list. In the tables
/// <c>{S}</c> is the source registry, <c>{D}</c> the destination and <c>{digest}</c> a real digest;
/// an empty expectation means "left exactly as written".
/// </summary>
public class ImageRewriterTests
{
    private const string Source = "docker-registry.default.svc:5000";
    private const string Destination = "image-registry.openshift-image-registry.svc:5000";
    private const string Digest = "sha256:ab12cd34ef56ab12cd34ef56ab12cd34ef56ab12cd34ef56ab12cd34ef56ab12";

    private static readonly Dictionary<string, string> Mapping = new(StringComparer.Ordinal)
    {
        ["app-src"] = "app-dst",
        ["shop-old"] = "shop",
    };

    private static readonly ImageRewriter WithoutPrefixRewrites = new(new RegistrySettings());

    private static readonly ImageRewriter WithPrefixRewrites = new(new RegistrySettings
    {
        Rewrites =
        [
            new PrefixRewrite("quay.io/acme", "mirror.example.com/acme"),
            new PrefixRewrite("quay.io/acme/team", "team-mirror.example.com/team"),
            new PrefixRewrite("docker.io", "mirror.example.com/dockerhub"),
            new PrefixRewrite("registry.internal:5000", "registry.example.com/internal"),
        ],
    });

    [Theory]
    // SPEC section 6
    [InlineData("{S}/shop-old/web:1.4", "{D}/shop/web:1.4")]
    [InlineData("{S}/openshift/nodejs:16@{digest}", "{D}/openshift/nodejs:16")]
    // openshift-velero-plugin ReplaceImageRefPrefix cases
    [InlineData("{S}/app-src/web:1.0", "{D}/app-dst/web:1.0")]
    [InlineData("{S}/app-src/web@{digest}", "{D}/app-dst/web@{digest}")]
    [InlineData("{S}/app-src/web:1.0@{digest}", "{D}/app-dst/web:1.0@{digest}")]
    [InlineData("{S}/other/web:1", "{D}/other/web:1")]
    [InlineData("{S}/app-src/sub/web:1", "{D}/app-dst/sub/web:1")]
    [InlineData("{S}/web:1", "{D}/web:1")]
    [InlineData("{S}/openshift/nodejs@{digest}", "{D}/openshift/nodejs")]
    [InlineData("{S}/openshift/nodejs:16", "{D}/openshift/nodejs:16")]
    // leave alone: no '/', another host, no port, other spellings, external route host, Docker Hub, localhost
    [InlineData("quay.io/app-src/web:1", "")]
    [InlineData("docker-registry.default.svc.cluster.local:5000/app-src/web", "")]
    [InlineData("docker-registry.default.svc/app-src/web", "")]
    [InlineData("default-route-openshift-image-registry.apps.example.com/app-src/web", "")]
    [InlineData("DOCKER-REGISTRY.default.svc:5000/app-src/web", "")]
    [InlineData("nginx", "")]
    [InlineData("nginx:1.25", "")]
    [InlineData("", "")]
    [InlineData("docker.io/library/nginx", "")]
    [InlineData("localhost:5000/x", "")]
    [InlineData("{D}/app-src/web:1", "")]
    public void Rewrite_SourceRegistry_FollowsR1(string image, string expected) =>
        WithoutPrefixRewrites.Rewrite(Expand(image), new SourceRegistry(Source, Destination, Mapping))
            .ShouldBe(expected.Length == 0 ? null : Expand(expected));

    [Theory]
    // The plugin's quirk: the digest strip of the openshift namespace wins over a mapping of it.
    [InlineData("{S}/openshift/cli@{digest}", "{D}/openshift/cli")]
    [InlineData("{S}/openshift/cli:latest", "{D}/x/cli:latest")]
    public void Rewrite_OpenshiftNamespaceMapped_DigestStripWins(string image, string expected)
    {
        var mapping = new Dictionary<string, string>(StringComparer.Ordinal) { ["openshift"] = "x" };
        WithoutPrefixRewrites.Rewrite(Expand(image), new SourceRegistry(Source, Destination, mapping)).ShouldBe(Expand(expected));
    }

    [Theory]
    // The plugin's historic unit cases (OVP-2020 common/util_test.go), as plain string algorithm.
    [InlineData("foo/baz/cat", "foo", "bar/qux/cat")]
    [InlineData("foo/baz", "foo", "bar/baz")]
    [InlineData("foo/baz", "foob", "")]
    [InlineData("foo", "fo", "")]
    [InlineData("foo/openshift/cat@sha256:" + "ab12cd34ef56ab12cd34ef56ab12cd34ef56ab12cd34ef56ab12cd34ef56ab12", "foo", "bar/openshift/cat")]
    public void Rewrite_PluginHistoricCases_MatchPlugin(string image, string source, string expected)
    {
        var mapping = new Dictionary<string, string>(StringComparer.Ordinal) { ["baz"] = "qux" };
        var result = WithoutPrefixRewrites.Rewrite(image, new SourceRegistry(source, "bar", mapping));
        result.ShouldBe(expected.Length == 0 ? null : expected);
    }

    [Fact]
    public void Rewrite_PrefixTargetOnTheSourceRegistryHost_IsStableOnSecondPass()
    {
        // Found by fuzz/ (images target, S3): R1 moved R2's own output on the next pass.
        var rewriter = new ImageRewriter(new RegistrySettings { Rewrites = [new PrefixRewrite("docker.io", "mirror.example.com/dockerhub")] });
        var source = new SourceRegistry("mirror.example.com", Destination, Mapping);

        var first = rewriter.Rewrite("9", source);

        first.ShouldBe("mirror.example.com/dockerhub/library/9");
        rewriter.Rewrite(first!, source).ShouldBeNull();
        rewriter.Rewrite("mirror.example.com/other/app:1", source).ShouldBe($"{Destination}/other/app:1");
    }

    [Fact]
    public void Rewrite_SameRegistryOnBothSides_MapsNamespaceOnlyAndIsStable()
    {
        var registry = new SourceRegistry(Destination, Destination, Mapping);
        var once = WithoutPrefixRewrites.Rewrite($"{Destination}/shop-old/web:1.4", registry);
        once.ShouldBe($"{Destination}/shop/web:1.4");
        WithoutPrefixRewrites.Rewrite(once!, registry).ShouldBeNull();
    }

    [Fact]
    public void Rewrite_NoSourceRegistry_LeavesInternalReference()
    {
        WithoutPrefixRewrites.Rewrite($"{Source}/shop-old/web:1.4", null).ShouldBeNull();
    }

    [Theory]
    // SPEC section 6
    [InlineData("quay.io/acme/worker@{digest}", "mirror.example.com/acme/worker@{digest}")]
    [InlineData("nginx:1.25", "mirror.example.com/dockerhub/library/nginx:1.25")]
    // whole segments, longest from wins, tag and digest as written, untagged stays untagged
    [InlineData("quay.io/acme/app:1", "mirror.example.com/acme/app:1")]
    [InlineData("quay.io/acme/team/app", "team-mirror.example.com/team/app")]
    [InlineData("quay.io/acme/teamwork/app", "mirror.example.com/acme/teamwork/app")]
    [InlineData("quay.io/acme/app:1@{digest}", "mirror.example.com/acme/app:1@{digest}")]
    [InlineData("quay.io/acme", "mirror.example.com/acme")]
    [InlineData("quay.io/acmecorp/app", "")]
    // Docker Hub names, however spelt
    [InlineData("nginx", "mirror.example.com/dockerhub/library/nginx")]
    [InlineData("bitnami/redis", "mirror.example.com/dockerhub/bitnami/redis")]
    [InlineData("bitnami/redis:7.2", "mirror.example.com/dockerhub/bitnami/redis:7.2")]
    [InlineData("docker.io/library/nginx:1.25", "mirror.example.com/dockerhub/library/nginx:1.25")]
    [InlineData("docker.io/nginx@{digest}", "mirror.example.com/dockerhub/library/nginx@{digest}")]
    [InlineData("index.docker.io/bitnami/redis", "mirror.example.com/dockerhub/bitnami/redis")]
    // ports are part of the host
    [InlineData("registry.internal:5000/team/app:2", "registry.example.com/internal/team/app:2")]
    [InlineData("registry.internal/team/app", "")]
    [InlineData("registry.internal:5001/team/app", "")]
    // leave alone: other hosts, localhost, case, unpullable text
    [InlineData("localhost:5000/x", "")]
    [InlineData("localhost/x", "")]
    [InlineData("ghcr.io/acme/app", "")]
    [InlineData("QUAY.IO/acme/app", "")]
    [InlineData("quay.io/acme/App", "")]
    [InlineData("quay.io/acme/app:", "")]
    [InlineData("", "")]
    public void Rewrite_PrefixRewrites_FollowR2(string image, string expected) =>
        WithPrefixRewrites.Rewrite(Expand(image), null).ShouldBe(expected.Length == 0 ? null : Expand(expected));

    [Theory]
    [InlineData("{S}/shop-old/web:1.4", "registry.example.com/internal/shop/web:1.4")]
    [InlineData("{S}/openshift/nodejs:16@{digest}", "registry.example.com/internal/openshift/nodejs:16")]
    [InlineData("nginx:1.25", "mirror.example.com/dockerhub/library/nginx:1.25")]
    public void Rewrite_SourceAndPrefixRewrites_AppliesR2ToResultOfR1(string image, string expected) =>
        WithPrefixRewrites.Rewrite(Expand(image), new SourceRegistry(Source, "registry.internal:5000", Mapping)).ShouldBe(Expand(expected));

    [Fact]
    public void Rewrite_UnchangedReference_ReturnsNullNotACopy()
    {
        // Same host on both sides and an unmapped namespace: R1 matches but changes nothing.
        var registry = new SourceRegistry(Source, Source, Mapping);
        WithoutPrefixRewrites.Rewrite($"{Source}/other/web:1", registry).ShouldBeNull();
    }

    [Theory]
    // R5: invalid references are never rewritten, by R1 or R2, and the reason is returned.
    [InlineData("nginx@sha256:0123456789abcdef0123456789abcdef", ReferenceError.DigestEncoding)]
    [InlineData("quay.io/acme/app@sha256:AB12CD34EF56AB12CD34EF56AB12CD34EF56AB12CD34EF56AB12CD34EF56AB12", ReferenceError.DigestEncoding)]
    [InlineData("quay.io/acme/app@md5:0123456789abcdef0123456789abcdef", ReferenceError.UnknownDigestAlgorithm)]
    [InlineData("ab12cd34ef56ab12cd34ef56ab12cd34ef56ab12cd34ef56ab12cd34ef56ab12", ReferenceError.ImageId)]
    [InlineData("quay.io/acme/App:1", ReferenceError.UpperCasePath)]
    [InlineData("{S}/shop-old/web@swan", ReferenceError.InvalidDigest)]
    [InlineData("{S}/openshift/nodejs:16@sha256:0123456789abcdef0123456789abcdef", ReferenceError.DigestEncoding)]
    public void Rewrite_InvalidReference_LeavesItAndSaysWhy(string image, ReferenceError expected)
    {
        WithPrefixRewrites.Rewrite(Expand(image), new SourceRegistry(Source, Destination, Mapping), out var problem).ShouldBeNull();
        problem.ShouldBe(new ImageProblem(expected, InResult: false));
    }

    [Fact]
    public void Rewrite_ResultWouldPassThePathLimit_LeavesReferenceAndSaysWhy()
    {
        // 250 characters under quay.io/acme/ is valid; the mirror's longer prefix would take it past 255.
        var rewriter = new ImageRewriter(new RegistrySettings
        {
            Rewrites = [new PrefixRewrite("quay.io/acme", "mirror.example.com/a/very/long/mirror/prefix")],
        });
        var image = "quay.io/acme/" + new string('x', 250) + ":1";
        ImageReference.TryParse(image, out _).ShouldBeTrue();

        rewriter.Rewrite(image, null, out var problem).ShouldBeNull();
        problem.ShouldBe(new ImageProblem(ReferenceError.PathTooLong, InResult: true));
    }

    [Fact]
    public void Rewrite_NamespaceMappingWouldPassThePathLimit_LeavesReference()
    {
        var mapping = new Dictionary<string, string>(StringComparer.Ordinal) { ["a"] = new string('n', 63) };
        var image = $"{Source}/a/" + new string('x', 240);
        WithoutPrefixRewrites.Rewrite(image, new SourceRegistry(Source, Destination, mapping), out var problem).ShouldBeNull();
        problem.ShouldBe(new ImageProblem(ReferenceError.PathTooLong, InResult: true));
    }

    [Fact]
    public void Rewrite_ValidReference_ReportsNoProblem()
    {
        WithPrefixRewrites.Rewrite("quay.io/acme/app:1", null, out var problem).ShouldBe("mirror.example.com/acme/app:1");
        problem.Exists.ShouldBeFalse();
        WithPrefixRewrites.Rewrite("ghcr.io/acme/app:1", null, out problem).ShouldBeNull();
        problem.Exists.ShouldBeFalse();
    }

    private static string Expand(string text) =>
        text.Replace("{S}", Source, StringComparison.Ordinal)
            .Replace("{D}", Destination, StringComparison.Ordinal)
            .Replace("{digest}", Digest, StringComparison.Ordinal);
}
