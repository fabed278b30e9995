using Shouldly;
using static RestoreMutator.Cli.Tests.Preview.PreviewFixtures;

namespace RestoreMutator.Cli.Tests.Preview;

/// <summary>The <c>preview</c> sub-command end to end, in-process through the real command line (SPEC C6).</summary>
public sealed class PreviewCommandTests : IDisposable
{
    private readonly TempTree _tree = new();
    private readonly string _config;

    public PreviewCommandTests()
    {
        _config = _tree.Write("config.yaml", Config);
    }

    public void Dispose() => _tree.Dispose();

    [Fact]
    public async Task Preview_VeleroTarball_PreviewsEachObjectOnceInPreferredVersion()
    {
        var autoscalerV2 = """{"apiVersion": "autoscaling/v2", "kind": "HorizontalPodAutoscaler", "metadata": {"name": "web", "namespace": "shop-old"}, "spec": {"maxReplicas": 3}}""";
        var autoscalerV1 = """{"apiVersion": "autoscaling/v1", "kind": "HorizontalPodAutoscaler", "metadata": {"name": "web", "namespace": "shop-old"}, "spec": {"maxReplicas": 3}}""";
        var tarball = _tree.Tarball("backup.tar.gz",
        [
            ("metadata/version", "1.1.0\n"),
            ("resources/deployments.apps/namespaces/shop-old/web.json", DeploymentJson("web", "shop-old")),
            ("resources/deployments.apps/v1-preferredversion/namespaces/shop-old/web.json", DeploymentJson("web", "shop-old")),
            // A non-preferred version written first (EnableAPIGroupVersions): must not win.
            ("resources/horizontalpodautoscalers.autoscaling/v1/namespaces/shop-old/web.json", autoscalerV1),
            ("resources/horizontalpodautoscalers.autoscaling/v2-preferredversion/namespaces/shop-old/web.json", autoscalerV2),
            ("resources/horizontalpodautoscalers.autoscaling/namespaces/shop-old/web.json", autoscalerV2),
            ("resources/namespaces/cluster/shop-old.json", """{"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "shop-old"}}"""),
            ("resources/namespaces/v1-preferredversion/cluster/shop-old.json", """{"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "shop-old"}}"""),
        ]);

        var run = await PreviewCli.RunAsync("preview", "--config", _config, "--output", "json", tarball);

        run.ExitCode.ShouldBe(0, run.Error);
        var records = run.Records;
        records.Select(r => $"{r["apiVersion"]} {r["kind"]} {r["namespace"]}/{r["name"]}").ShouldBe(
        [
            "apps/v1 Deployment shop/web",
            "autoscaling/v2 HorizontalPodAutoscaler shop/web",
            "v1 Namespace /shop-old",
        ]);
        ((string?)records[1]["source"]).ShouldEndWith("backup.tar.gz:resources/horizontalpodautoscalers.autoscaling/v2-preferredversion/namespaces/shop-old/web.json");
    }

    [Fact]
    public async Task Preview_MultiDocumentYamlAndList_PreviewsEveryItem()
    {
        var file = _tree.Write("manifests.yaml", """
            ---
            apiVersion: v1
            kind: ConfigMap
            metadata: {name: first, namespace: shop}
            ---
            # an empty document is allowed
            ---
            apiVersion: v1
            kind: List
            items:
            - apiVersion: v1
              kind: ConfigMap
              metadata: {name: second, namespace: shop}
            - apiVersion: apps/v1
              kind: Deployment
              metadata: {name: web, namespace: shop}
              spec: {template: {spec: {containers: [{name: c, image: nginx}]}}}
            ---
            apiVersion: v1
            kind: ConfigMapList
            items:
            - metadata: {name: third, namespace: shop}
            """);

        var run = await PreviewCli.RunAsync("preview", "--config", _config, "-o", "json", file);

        run.ExitCode.ShouldBe(0, run.Error);
        run.Records.Select(r => $"{r["kind"]} {r["name"]} {r["source"]}").ShouldBe(
        [
            $"ConfigMap first {file}#1",
            $"ConfigMap second {file}#3/items/0",
            $"Deployment web {file}#3/items/1",
            $"ConfigMap third {file}#4/items/0",
        ]);
        var web = run.Records[2];
        ((string?)web["decision"]).ShouldBe("changed");
        ((string?)web["reason"]).ShouldBe("applied: registry");
    }

    [Fact]
    public async Task Preview_Directory_ReadsManifestsRecursivelyInPathOrder()
    {
        _tree.Write("dir/b/two.yml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: two, namespace: shop}\n");
        _tree.Write("dir/a.json", ConfigMapJson("one", "shop"));
        _tree.Write("dir/notes.txt", "not a manifest");
        var dir = Path.Combine(_tree.Root, "dir");

        var run = await PreviewCli.RunAsync("preview", "--config", _config, "-o", "json", dir);

        run.ExitCode.ShouldBe(0, run.Error);
        run.Records.Select(r => (string?)r["source"]).ShouldBe([$"{dir}/a.json", $"{dir}/b/two.yml#1"]);
    }

    [Fact]
    public async Task Preview_NamespaceMappingFlag_MapsNamespaceOverConfig()
    {
        var file = _tree.Write("m.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a, namespace: shop-old}\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: b, namespace: other}\n");

        var run = await PreviewCli.RunAsync("preview", "--config", _config, "-o", "json",
            "--namespace-mapping", "shop-old:shop-dr", "--namespace-mapping", "other:other-dr", file);

        run.ExitCode.ShouldBe(0, run.Error);
        run.Records.Select(r => $"{r["sourceNamespace"]}->{r["namespace"]}").ShouldBe(["shop-old->shop-dr", "other->other-dr"]);
    }

    [Fact]
    public async Task Preview_ConfigNamespaceMapping_AppliesWithoutFlag()
    {
        var file = _tree.Write("m.json", ConfigMapJson("a", "shop-old"));

        var run = await PreviewCli.RunAsync("preview", "--config", _config, "-o", "json", file);

        ((string?)run.Records.Single()["namespace"]).ShouldBe("shop");
    }

    [Fact]
    public async Task Preview_MalformedTarball_ExitsTwoWithMessage()
    {
        var tarball = _tree.Write("broken.tar.gz", "this is not gzip");

        var run = await PreviewCli.RunAsync("preview", "--config", _config, tarball);

        run.ExitCode.ShouldBe(2);
        run.Error.ShouldContain($"{tarball}: not a readable Velero backup");
    }

    [Fact]
    public async Task Preview_TarballWithBadEntry_ReportsEntryAndPreviewsTheRest()
    {
        var tarball = _tree.Tarball("backup.tar.gz",
        [
            ("resources/configmaps/namespaces/shop/bad.json", "{not json"),
            ("resources/configmaps/namespaces/shop/good.json", ConfigMapJson("good", "shop")),
        ]);

        var run = await PreviewCli.RunAsync("preview", "--config", _config, "-o", "json", tarball);

        run.ExitCode.ShouldBe(2);
        run.Error.ShouldContain($"{tarball}:resources/configmaps/namespaces/shop/bad.json: not valid JSON");
        run.Records.Select(r => (string?)r["name"]).ShouldBe(["good"]);
    }

    [Fact]
    public async Task Preview_TarWithoutVeleroLayout_ExitsTwo()
    {
        var tarball = _tree.Tarball("other.tgz", [("README", "hello")]);

        var run = await PreviewCli.RunAsync("preview", "--config", _config, tarball);

        run.ExitCode.ShouldBe(2);
        run.Error.ShouldContain("no objects under resources/");
    }

    [Fact]
    public async Task Preview_TruncatedTarball_ExitsTwoAfterPreviewingWhatWasRead()
    {
        var tarball = _tree.Tarball("full.tar.gz",
        [
            ("resources/configmaps/namespaces/shop/a.json", ConfigMapJson("a", "shop")),
            ("resources/configmaps/namespaces/shop/b.json", ConfigMapJson("b", "shop") + new string(' ', 100_000)),
        ]);
        var bytes = File.ReadAllBytes(tarball);
        var truncated = _tree.Root + "/truncated.tar.gz";
        File.WriteAllBytes(truncated, bytes[..(bytes.Length / 2)]);

        var run = await PreviewCli.RunAsync("preview", "--config", _config, "-o", "json", truncated);

        run.ExitCode.ShouldBe(2);
        run.Error.ShouldContain("truncated.tar.gz");
    }

    [Fact]
    public async Task Preview_MalformedYamlDocument_ExitsTwoAndKeepsEarlierDocuments()
    {
        var file = _tree.Write("bad.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: ok, namespace: shop}\n---\napiVersion: v1\nkind: [unclosed\n");
        var good = _tree.Write("good.json", ConfigMapJson("fine", "shop"));

        var run = await PreviewCli.RunAsync("preview", "--config", _config, "-o", "json", file, good);

        run.ExitCode.ShouldBe(2);
        run.Error.ShouldContain($"{file}#2: not valid YAML (line");
        run.Records.Select(r => (string?)r["name"]).ShouldBe(["ok", "fine"]);
    }

    [Fact]
    public async Task Preview_DocumentThatIsNoObject_ExitsTwoNamingTheDocument()
    {
        var file = _tree.Write("values.yaml", "replicas: 3\n");

        var run = await PreviewCli.RunAsync("preview", "--config", _config, file);

        run.ExitCode.ShouldBe(2);
        run.Error.ShouldContain($"{file}#1: not a Kubernetes object: missing apiVersion, kind, metadata.name");
    }

    [Fact]
    public async Task Preview_InvalidConfig_ExitsTwoListingEveryError()
    {
        var config = _tree.Write("bad-config.yaml", "registry: {destination: 'not a host!'}\nunknownKey: 1\n");
        var file = _tree.Write("m.json", ConfigMapJson("a", "shop"));

        var run = await PreviewCli.RunAsync("preview", "--config", config, "--namespace-mapping", "BAD", file, "/does/not/exist.yaml");

        run.ExitCode.ShouldBe(2);
        run.Output.ShouldBeEmpty();
        run.Error.ShouldContain("registry.destination");
        run.Error.ShouldContain("unknownKey");
        run.Error.ShouldContain("--namespace-mapping 'BAD'");
        run.Error.ShouldContain("/does/not/exist.yaml: no such file or directory");
    }

    [Fact]
    public async Task Preview_TextOutput_PrintsDecisionPatchDiffAndSummary()
    {
        var file = _tree.Write("m.yaml", "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n  namespace: shop-old\n  annotations:\n    enabled: \"true\"\nspec:\n  replicas: 2\n---\n" + "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c, namespace: shop}\n");

        var run = await PreviewCli.RunAsync("preview", "--config", _config, file);

        run.ExitCode.ShouldBe(0, run.Error);
        run.Output.ShouldNotContain("\u001b[");
        run.Output.ShouldContain("changed   Deployment.apps shop/web: applied: registry");
        run.Output.ShouldContain("  namespace: shop-old -> shop");
        run.Output.ShouldContain("""    {"op":"add","path":"/metadata/annotations/openshift.io~1restore-registry-hostname","value":"image-registry.openshift-image-registry.svc:5000"}""");
        // The quoted "true" stays a string through YAML -> JSON -> YAML.
        run.Output.ShouldContain("     enabled: \"true\"");
        run.Output.ShouldContain("  +    openshift.io/restore-registry-hostname: image-registry.openshift-image-registry.svc:5000");
        run.Output.ShouldContain("unchanged ConfigMap shop/c: no rule handles ConfigMap");
        run.Output.ShouldMatch(@"(?s)Deployment\.apps\s*│\s*1\s*│\s*0\s*│\s*0\s*│\s*0\s*│\s*1");
        run.Output.ShouldMatch(@"(?s)total\s*│\s*1\s*│\s*1\s*│\s*0\s*│\s*0\s*│\s*2");
        // The virtual restore label is what makes the webhook act; it is not shown as a change.
        run.Output.ShouldNotContain("velero.io/restore-name");
    }

    [Fact]
    public async Task Preview_Terminal_IsColouredUnlessNoColor()
    {
        var file = _tree.Write("m.json", DeploymentJson("web", "shop"));

        var coloured = await PreviewCli.RunAsync(redirected: false, "preview", "--config", _config, file);
        var plain = await PreviewCli.RunAsync(redirected: false, "preview", "--config", _config, "--no-color", file);

        coloured.Output.ShouldContain("\u001b[");
        plain.Output.ShouldNotContain("\u001b[");
    }

    [Fact]
    public async Task Preview_MissingPath_IsAUsageError()
    {
        var run = await PreviewCli.RunAsync("preview", "--config", _config);

        run.ExitCode.ShouldNotBe(0);
    }
}
