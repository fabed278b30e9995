using RestoreMutator.Transforms.Images;
using Shouldly;

namespace RestoreMutator.Transforms.Tests.Images;

public class ImageReferenceTests
{
    private const string Digest = "sha256:4c0ffee0a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c";
    private const string Hex64 = "4c0ffee0a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c";
    private const string Hex96 = Hex64 + "0123456789abcdef0123456789abcdef";
    private const string Hex128 = Hex64 + Hex64;

    // A path of exactly 255 characters, and a one-segment Docker Hub name that "library/" takes to 255.
    private static readonly string Path255 = string.Concat(Enumerable.Repeat("abcde/", 42)) + "abc";
    private static readonly string Name247 = new('a', 247);

    [Theory]
    // text, domain, path, tag, digest, normalised domain, normalised path
    [InlineData("nginx", "", "nginx", null, null, "docker.io", "library/nginx")]
    [InlineData("nginx:1.25", "", "nginx", "1.25", null, "docker.io", "library/nginx")]
    [InlineData("bitnami/redis", "", "bitnami/redis", null, null, "docker.io", "bitnami/redis")]
    [InlineData("docker.io/nginx", "docker.io", "nginx", null, null, "docker.io", "library/nginx")]
    [InlineData("index.docker.io/library/nginx:1", "index.docker.io", "library/nginx", "1", null, "docker.io", "library/nginx")]
    [InlineData("quay.io/acme/team/app:v2.0-rc_1", "quay.io", "acme/team/app", "v2.0-rc_1", null, "quay.io", "acme/team/app")]
    [InlineData("quay.io/acme/worker@" + Digest, "quay.io", "acme/worker", null, Digest, "quay.io", "acme/worker")]
    [InlineData("quay.io/acme/worker:1@" + Digest, "quay.io", "acme/worker", "1", Digest, "quay.io", "acme/worker")]
    [InlineData("image-registry.openshift-image-registry.svc:5000/shop/web:1.4", "image-registry.openshift-image-registry.svc:5000", "shop/web", "1.4", null, "image-registry.openshift-image-registry.svc:5000", "shop/web")]
    [InlineData("localhost/app", "localhost", "app", null, null, "localhost", "app")]
    [InlineData("localhost:5000/x:1", "localhost:5000", "x", "1", null, "localhost:5000", "x")]
    [InlineData("registry:5000/app", "registry:5000", "app", null, null, "registry:5000", "app")]
    [InlineData("[fd00::1]:5000/app", "[fd00::1]:5000", "app", null, null, "[fd00::1]:5000", "app")]
    [InlineData("Registry/app", "Registry", "app", null, null, "Registry", "app")]
    [InlineData("acme/app:1", "", "acme/app", "1", null, "docker.io", "acme/app")]
    public void TryParse_ValidReference_SplitsLikeDocker(string text, string domain, string path, string? tag, string? digest, string normalizedDomain, string normalizedPath)
    {
        ImageReference.TryParse(text, out var reference).ShouldBeTrue();
        reference.Text.ShouldBeSameAs(text);
        reference.Domain.ShouldBe(domain);
        reference.Path.ShouldBe(path);
        reference.Tag.ShouldBe(tag);
        reference.Digest.ShouldBe(digest);
        reference.NormalizedDomain.ShouldBe(normalizedDomain);
        reference.NormalizedPath.ShouldBe(normalizedPath);
    }

    [Theory]
    [InlineData("nginx", "")]
    [InlineData("nginx:1.25", ":1.25")]
    [InlineData("quay.io/acme/worker:1@" + Digest, ":1@" + Digest)]
    [InlineData("registry:5000/app", "")]
    public void Suffix_AnyReference_IsTagAndDigestAsWritten(string text, string suffix)
    {
        ImageReference.TryParse(text, out var reference).ShouldBeTrue();
        reference.Suffix.ToString().ShouldBe(suffix);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("quay.io/Acme/app")]
    [InlineData("quay.io/acme/app:")]
    [InlineData("quay.io/acme/app:1:2")]
    [InlineData("quay.io/acme//app")]
    [InlineData("quay.io/acme/app ")]
    [InlineData("quay.io/acme/app@sha256:short")]
    [InlineData("quay.io/acme/app@")]
    [InlineData("quay.io/acme/app@swan")]
    [InlineData("quay.io/")]
    [InlineData("/app")]
    [InlineData("bad_host.example.com/app")]
    [InlineData("quay.io/acme/app:t\u00e4g")]
    public void TryParse_NotPullable_ReturnsFalse(string? text) =>
        ImageReference.TryParse(text, out _).ShouldBeFalse();

    public static TheoryData<string> ValidReferences() =>
    [
        // Docker Hub short forms, path separators, tags
        "busybox",
        "library/busybox:1.36.1",
        "acme/web-app",
        "acme/web--app",
        "acme/web__x",
        "acme/web_app.v2",
        "a/b/c/d/e/f",
        "0/1",
        "ubuntu:" + new string('T', 128),
        "ubuntu:_under",
        "ubuntu:UPPER.lower-9",
        "localhost:5000",
        "nginx:1/x", // "nginx:1" is a host with a port by Docker's rule
        // hosts: names, ports, IPv4, IPv6, upper case, punycode
        "registry.example.com/app",
        "registry.example.com:443/team/app:1",
        "REGISTRY.example.com/app",
        "Registry/app",
        "localhost/app",
        "my-registry:5000/app",
        "10.0.0.1:5000/app",
        "[::1]/app",
        "[2001:db8::1]:5000/app:1",
        "[FD00:AB::1]:5000/app",
        "xn--7o8h.com/app",
        "a.b.c.d.e.f.g/app",
        "1-2.example/app",
        // digests: every registered algorithm at its own length, with and without tag
        "app@sha256:" + Hex64,
        "app:1@sha256:" + Hex64,
        "quay.io/acme/app@sha384:" + Hex96,
        "quay.io/acme/app@sha512:" + Hex128,
        "quay.io/acme/app@blake3:" + Hex64,
        // the 255-character path limit, exactly reached
        "quay.io/" + Path255,
        Path255,
        Name247,
        "docker.io/" + Name247 + ":tag",
    ];

    [Theory]
    [MemberData(nameof(ValidReferences))]
    public void TryParse_ValidByDistributionGrammar_Succeeds(string text)
    {
        ImageReference.TryParse(text, out var reference, out var error).ShouldBeTrue($"{text}: {error}");
        error.ShouldBe(ReferenceError.None);
        reference.Text.ShouldBeSameAs(text);
        ImageReference.Validate(text).ShouldBe(ReferenceError.None);
    }

    public static TheoryData<string, ReferenceError> InvalidReferences() => new()
    {
        { "", ReferenceError.Empty },
        // image IDs are not repositories
        { Hex64, ReferenceError.ImageId },
        { "sha256:" + Hex64, ReferenceError.ImageId },
        { "sha512:" + Hex128, ReferenceError.ImageId },
        // hosts Docker's rule recognises that are not valid host[:port]
        { "-registry.example.com/app", ReferenceError.InvalidHost },
        { "registry-.example.com/app", ReferenceError.InvalidHost },
        { "registry..example.com/app", ReferenceError.InvalidHost },
        { "registry.example.com:/app", ReferenceError.InvalidHost },
        { "registry.example.com:80a/app", ReferenceError.InvalidHost },
        { "under_score.example.com/app", ReferenceError.InvalidHost },
        { "[]:5000/app", ReferenceError.InvalidHost },
        { "[fe80::1%eth0]:5000/app", ReferenceError.InvalidHost },
        { "[::1]x/app", ReferenceError.InvalidHost },
        { "[::g]/app", ReferenceError.InvalidHost },
        { "registry.example.com:5000:1/app", ReferenceError.InvalidHost },
        // paths
        { "quay.io/", ReferenceError.InvalidPath },
        { "/app", ReferenceError.InvalidPath },
        { "acme//app", ReferenceError.InvalidPath },
        { "acme/app/", ReferenceError.InvalidPath },
        { "acme/-app", ReferenceError.InvalidPath },
        { "acme/app-", ReferenceError.InvalidPath },
        { "acme/app.", ReferenceError.InvalidPath },
        { "acme/a..b", ReferenceError.InvalidPath },
        { "acme/a___b", ReferenceError.InvalidPath },
        { "acme/a._b", ReferenceError.InvalidPath },
        { "acme/app$", ReferenceError.InvalidPath },
        { "acme/app name", ReferenceError.InvalidPath },
        { " nginx", ReferenceError.InvalidPath },
        { "quay.io/acme/Web", ReferenceError.UpperCasePath },
        { "Nginx", ReferenceError.UpperCasePath },
        { "Nginx:1.25", ReferenceError.UpperCasePath },
        // the 255-character limit on the normalised path
        { "quay.io/" + Path255 + "a", ReferenceError.PathTooLong },
        { Path255 + "a", ReferenceError.PathTooLong },
        { Name247 + "a", ReferenceError.PathTooLong },
        { "docker.io/" + Name247 + "a", ReferenceError.PathTooLong },
        { "index.docker.io/" + Name247 + "a:1", ReferenceError.PathTooLong },
        { string.Concat(Enumerable.Repeat("a/", 128)) + "a:tag", ReferenceError.PathTooLong },
        // tags
        { "nginx:", ReferenceError.InvalidTag },
        { "nginx:.hidden", ReferenceError.InvalidTag },
        { "nginx:-dash", ReferenceError.InvalidTag },
        { "nginx:1:2", ReferenceError.InvalidTag },
        { "nginx:" + new string('t', 129), ReferenceError.InvalidTag },
        { "nginx:t\u00e4g", ReferenceError.InvalidTag },
        // digest form
        { "nginx@", ReferenceError.InvalidDigest },
        { "nginx@sha256", ReferenceError.InvalidDigest },
        { "nginx@:" + Hex64, ReferenceError.InvalidDigest },
        { "nginx@sha256:" + Hex64[..31], ReferenceError.InvalidDigest },
        { "nginx@sha256:" + Hex64[..63] + "g", ReferenceError.InvalidDigest },
        { "nginx@1sha:" + Hex64, ReferenceError.InvalidDigest },
        { "nginx@sha256:" + Hex64 + "@sha256:" + Hex64, ReferenceError.InvalidDigest },
        { "@sha256:" + Hex64, ReferenceError.InvalidPath },
        // digest algorithms and lengths (go-digest)
        { "nginx@sha256:0123456789abcdef0123456789abcdef", ReferenceError.DigestEncoding },
        { "nginx@sha256:" + Hex64 + "00", ReferenceError.DigestEncoding },
        { "nginx@sha256:" + Hex64.ToUpperInvariant(), ReferenceError.DigestEncoding },
        { "nginx@sha384:" + Hex64, ReferenceError.DigestEncoding },
        { "nginx@sha512:" + Hex96, ReferenceError.DigestEncoding },
        { "nginx@md5:0123456789abcdef0123456789abcdef", ReferenceError.UnknownDigestAlgorithm },
        { "nginx@sha1:" + Hex64[..40], ReferenceError.UnknownDigestAlgorithm },
        { "nginx@SHA256:" + Hex64, ReferenceError.UnknownDigestAlgorithm },
        { "nginx@sha256+b64:" + Hex64, ReferenceError.UnknownDigestAlgorithm },
    };

    [Theory]
    [MemberData(nameof(InvalidReferences))]
    public void TryParse_InvalidByDistributionGrammar_ReturnsTheReason(string text, ReferenceError expected)
    {
        ImageReference.TryParse(text, out var reference, out var error).ShouldBeFalse(text);
        reference.ShouldBeNull();
        error.ShouldBe(expected, text);
        ImageReference.Validate(text).ShouldBe(expected, text);
    }

    [Theory]
    [InlineData("nginx", "library/nginx", 13)]
    [InlineData("docker.io/nginx", "library/nginx", 13)]
    [InlineData("quay.io/nginx", "nginx", 5)]
    public void TryParse_PathLimit_CountsTheNormalisedPath(string text, string normalizedPath, int length)
    {
        ImageReference.TryParse(text, out var reference).ShouldBeTrue();
        reference.NormalizedPath.ShouldBe(normalizedPath);
        reference.NormalizedPath.Length.ShouldBe(length);
    }

    [Theory]
    [InlineData("quay.io", true)]
    [InlineData("registry:5000", true)]
    [InlineData("localhost", true)]
    [InlineData("Registry", true)]
    [InlineData("bitnami", false)]
    [InlineData("library", false)]
    [InlineData("localhostx", false)]
    public void IsRegistryHost_FirstSegment_FollowsDockerRule(string segment, bool expected) =>
        ImageReference.IsRegistryHost(segment).ShouldBe(expected);
}
