using System.Text.Json;
using RestoreMutator.Transforms.Images;
using RestoreMutator.Transforms.Rules;
using Shouldly;

namespace RestoreMutator.Transforms.Tests.Images;

public class ImageLocationsTests
{
    [Fact]
    public void Find_CronJob_ReadsJobTemplatePodSpec()
    {
        var locations = Find(KnownKinds.CronJob, """
            {"spec": {"jobTemplate": {"spec": {"template": {"spec": {
              "containers": [{"name": "a", "image": "quay.io/acme/a:1"}],
              "initContainers": [{"name": "b", "image": "quay.io/acme/b:1"}]}}}}}}
            """);
        locations.ShouldBe(
        [
            new ImageLocation("/spec/jobTemplate/spec/template/spec/containers/0/image", "quay.io/acme/a:1"),
            new ImageLocation("/spec/jobTemplate/spec/template/spec/initContainers/0/image", "quay.io/acme/b:1"),
        ]);
    }

    [Theory]
    [InlineData("restore-wait")]
    [InlineData("restic-wait")]
    public void Find_VeleroRestoreHelperInitContainer_IsNeverReturned(string name)
    {
        var locations = Find(KnownKinds.Pod, $$$"""
            {"spec": {"initContainers": [{"name": "{{{name}}}", "image": "velero/velero-restore-helper:v1.15.0"},
                                         {"name": "setup", "image": "busybox:1.36"}],
                      "containers": [{"name": "app", "image": "nginx:1.25"}]}}
            """);
        locations.Select(l => l.Path).ShouldBe(["/spec/containers/0/image", "/spec/initContainers/1/image"]);
    }

    /// <summary>Pointers of the first positions are kept once made; later ones are made per review; both read the same.</summary>
    [Fact]
    public void Find_ManyContainers_EveryPointerAtItsPosition()
    {
        var containers = string.Join(',', Enumerable.Range(0, 20).Select(i => $$"""{"name": "c{{i}}", "image": "quay.io/acme/c:{{i}}"}"""));
        var json = "{\"spec\": {\"template\": {\"spec\": {\"containers\": [" + containers + "]}}}}";

        var first = Find(KnownKinds.Deployment, json);
        var second = Find(KnownKinds.StatefulSet, json);

        first.Select(l => l.Path).ShouldBe(Enumerable.Range(0, 20).Select(i => $"/spec/template/spec/containers/{i}/image"));
        second.ShouldBe(first);
        ReferenceEquals(first[3].Path, second[3].Path).ShouldBeTrue();
        first[19].Image.ShouldBe("quay.io/acme/c:19");
    }

    [Fact]
    public void Find_BuildConfig_ReturnsOnlyDockerImageReferences()
    {
        var locations = Find(KnownKinds.BuildConfig, """
            {"spec": {
              "output": {"to": {"kind": "ImageStreamTag", "name": "web:latest"}},
              "strategy": {"dockerStrategy": {"from": {"kind": "DockerImage", "name": "node:18"}},
                           "customStrategy": {"from": {"kind": "ImageStreamImage", "name": "x@sha256:00"}}},
              "source": {"images": [{"from": {"kind": "ImageStreamTag", "name": "a:1"}},
                                    "not-an-object",
                                    {"from": {"kind": "DockerImage", "name": "quay.io/acme/b:1"}}]}}}
            """);
        locations.ShouldBe(
        [
            new ImageLocation("/spec/strategy/dockerStrategy/from/name", "node:18"),
            new ImageLocation("/spec/source/images/2/from/name", "quay.io/acme/b:1"),
        ]);
    }

    [Theory]
    [InlineData("Pod", """{"spec": {"containers": {"name": "a", "image": "nginx"}}}""")]
    [InlineData("Pod", """{"spec": {"containers": [{"name": "a", "image": 7}, null, "x"], "initContainers": null}}""")]
    [InlineData("Pod", """{"spec": "odd"}""")]
    [InlineData("Deployment", """{"spec": {"template": []}}""")]
    [InlineData("BuildConfig", """{"spec": {"output": {"to": {"kind": "DockerImage"}}, "source": {"images": {}}}}""")]
    [InlineData("Build", """{"spec": {"strategy": {"sourceStrategy": {"from": {"kind": "DockerImage", "name": ["x"]}}}}}""")]
    [InlineData("ImageStream", """{"spec": {"tags": "x", "dockerImageRepository": ""}}""")]
    [InlineData("ImageStreamTag", """{"tag": null}""")]
    [InlineData("Route", """{"spec": {"containers": [{"image": "nginx"}]}}""")]
    [InlineData("Pod", """[]""")]
    public void Find_OddObject_ReturnsNothingAndDoesNotThrow(string kind, string json)
    {
        var known = new[] { KnownKinds.Pod, KnownKinds.Deployment, KnownKinds.BuildConfig, KnownKinds.Build, KnownKinds.ImageStream, KnownKinds.ImageStreamTag, KnownKinds.Route }
            .Single(k => k.Kind == kind);
        Find(known, json).ShouldBeEmpty();
    }

    private static List<ImageLocation> Find(ResourceKind kind, string json)
    {
        using var document = JsonDocument.Parse(json);
        return ImageLocations.Find(kind.GroupKind, document.RootElement).ToList();
    }
}
