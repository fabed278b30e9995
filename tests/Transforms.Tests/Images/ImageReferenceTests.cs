using RestoreMutator.Transforms.Images;
using Shouldly;

namespace RestoreMutator.Transforms.Tests.Images;

public class ImageReferenceTests
{
    private const string Digest = "sha256:4c0ffee0a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c";

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
