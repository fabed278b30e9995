using RestoreMutator.Transforms.Configuration;
using Shouldly;

namespace RestoreMutator.Transforms.Tests.Configuration;

public class SettingsLoaderTests
{
    private const string FullSchema = """
        restoreLabels: [velero.io/restore-name, example.com/restored]
        namespaceMapping: {shop-old: shop}
        registry:
          destination: image-registry.openshift-image-registry.svc:5000
          rewrites: [{from: quay.io/acme, to: registry.example.com/acme}]
        routes:
          generatedHosts: rewrite
          destinationDomain: apps.new.example.com
          domainRewrites: [{from: apps.old.example.com, to: apps.new.example.com}]
        pods:
          skipManaged: false
          skipBuildPods: false
        builds:
          skip: false
        skipResponse: deny
        nodes:
          mapping: {worker-1: worker-a}
        storageClasses: {gp2: gp3-csi}
        namespaceRefs:
          serviceDns: true
        """;

    [Theory]
    [InlineData("")]
    [InlineData("   \n\n")]
    [InlineData("# every line a comment\n# server:\n#   port: 8443\n")]
    [InlineData("---\n# only a document marker and a comment\n")]
    [InlineData("---\n...\n")]
    public void Load_EmptyOrCommentOnlyDocument_IsAnError(string yaml)
    {
        // SPEC C8: emptying a file never means "every rewrite off".
        var result = SettingsLoader.Load(yaml);

        result.Succeeded.ShouldBeFalse();
        result.Settings.ShouldBeNull();
        result.Errors.ShouldBe([SettingsLoader.EmptyDocumentError]);
    }

    [Fact]
    public void Load_EmptyMapping_GivesSpecDefaults()
    {
        var result = SettingsLoader.Load("{}\n");
        result.Succeeded.ShouldBeTrue();
        var s = result.Settings!;
        s.RestoreLabels.ShouldBe(["velero.io/restore-name"]);
        s.Routes.GeneratedHosts.ShouldBe(GeneratedHostMode.Remove);
        s.Pods.SkipManaged.ShouldBeTrue();
        s.Pods.SkipBuildPods.ShouldBeTrue();
        s.Builds.Skip.ShouldBeTrue();
        s.SkipResponse.ShouldBe(SkipResponse.Warn);
        s.NamespaceRefs.ServiceDns.ShouldBeFalse();
    }

    [Fact]
    public void Load_EverySchemaKey_IsRead()
    {
        var result = SettingsLoader.Load(FullSchema);
        result.Errors.ShouldBeEmpty();
        var s = result.Settings!;
        s.RestoreLabels.ShouldBe(["velero.io/restore-name", "example.com/restored"]);
        s.NamespaceMapping["shop-old"].ShouldBe("shop");
        s.Registry.Destination.ShouldBe("image-registry.openshift-image-registry.svc:5000");
        s.Registry.Rewrites.ShouldBe([new PrefixRewrite("quay.io/acme", "registry.example.com/acme")]);
        s.Routes.GeneratedHosts.ShouldBe(GeneratedHostMode.Rewrite);
        s.Routes.DestinationDomain.ShouldBe("apps.new.example.com");
        s.Routes.DomainRewrites.ShouldBe([new PrefixRewrite("apps.old.example.com", "apps.new.example.com")]);
        s.Pods.SkipManaged.ShouldBeFalse();
        s.Pods.SkipBuildPods.ShouldBeFalse();
        s.Builds.Skip.ShouldBeFalse();
        s.SkipResponse.ShouldBe(SkipResponse.Deny);
        s.Nodes.Mapping["worker-1"].ShouldBe("worker-a");
        s.NamespaceRefs.ServiceDns.ShouldBeTrue();
        s.StorageClasses["gp2"].ShouldBe("gp3-csi");
    }

    [Fact]
    public void Load_SeveralProblems_ListsEveryOne()
    {
        var result = SettingsLoader.Load("""
            server:
              port: 70000
              colour: blue
            lookups: sometimes
            routes:
              generatedHosts: delete
            registry:
              rewrites:
                - from: https://quay.io
                  to: mirror.example.com
                - {from: quay.io/acme}
            skipResponse: maybe
            pods:
              skipManaged: yes-please
            extra: 1
            """);
        result.Succeeded.ShouldBeFalse();
        result.Settings.ShouldBeNull();
        var all = string.Join("\n", result.Errors);
        // Without a host reader, the server's sections are unknown keys like any other.
        all.ShouldContain("server (line 1): unknown key");
        all.ShouldContain("lookups (line 4): unknown key");
        all.ShouldContain("routes.generatedHosts (line 6): must be one of remove, rewrite, keep");
        all.ShouldContain("registry.rewrites[0].from: must be a registry host[:port] with an optional /path");
        all.ShouldContain("registry.rewrites[1] (line 11): needs both from and to");
        all.ShouldContain("skipResponse (line 12): must be one of warn, deny");
        all.ShouldContain("pods.skipManaged (line 14): must be true or false");
        all.ShouldContain("extra (line 15): unknown key");
        result.Errors.Count.ShouldBe(8);
    }

    [Theory]
    [InlineData("restoreLabels: []", "restoreLabels: must name at least one label")]
    [InlineData("restoreLabels: ['bad label']", "restoreLabels: 'bad label' is not a valid label key")]
    [InlineData("namespaceMapping: {a: B}", "namespaceMapping.a: 'B' is not a valid namespace name")]
    [InlineData("registry: {destination: 'https://x'}", "registry.destination: must be a registry host[:port]")]
    [InlineData("routes: {destinationDomain: 'Apps..x'}", "routes.destinationDomain: must be a DNS domain")]
    [InlineData("storageClasses: {gp2: 'GP 3'}", "storageClasses.gp2: storage class names must be DNS subdomains")]
    [InlineData("routes: {domainRewrites: [{from: a.example.com, to: b.example.com}, {from: a.example.com, to: c.example.com}]}", "is listed more than once")]
    [InlineData("namespaceRefs: {serviceDns: yes-please}", "namespaceRefs.serviceDns (line 1): must be true or false")]
    [InlineData("namespaceRefs: {serviceDNS: true}", "namespaceRefs.serviceDNS (line 1): unknown key")]
    [InlineData("namespaceRefs: true", "namespaceRefs (line 1): must be a mapping")]
    [InlineData("a: [", "not valid YAML")]
    [InlineData("- 1\n- 2", "the configuration must be a YAML mapping")]
    [InlineData("a: 1\n---\nb: 2", "single YAML document")]
    public void Load_InvalidValue_IsReported(string yaml, string expected)
    {
        var result = SettingsLoader.Load(yaml);
        result.Succeeded.ShouldBeFalse();
        string.Join("\n", result.Errors).ShouldContain(expected);
    }

    [Fact]
    public void Load_ExplicitNulls_UseDefaults()
    {
        var result = SettingsLoader.Load("registry:\n  destination:\nnamespaceMapping:\nroutes:\n");
        result.Succeeded.ShouldBeTrue(string.Join("; ", result.Errors));
        result.Settings!.Registry.Destination.ShouldBeEmpty();
        result.Settings.Routes.GeneratedHosts.ShouldBe(GeneratedHostMode.Remove);
    }

    [Fact]
    public void Load_HostReader_ReadsItsSectionsAndJoinsTheErrorList()
    {
        var port = 0;
        var result = SettingsLoader.Load("server: {port: 9443, colour: blue}\nregistry: {destination: 'https://x'}\n", root =>
        {
            var server = root.Section("server");
            port = server.Int("port", 8443, 1, 65535);
            server.RejectUnknownKeys();
        });

        port.ShouldBe(9443);
        result.Errors.Count.ShouldBe(2);
        string.Join("\n", result.Errors).ShouldContain("server.colour (line 1): unknown key");
        string.Join("\n", result.Errors).ShouldContain("registry.destination: must be a registry host[:port]");
    }

    [Fact]
    public void Load_IgnoredHostSections_AreNotUnknown()
    {
        var result = SettingsLoader.Load("server: {port: 1}\nlookups: off\n", root => root.Ignore("server", "lookups"));
        result.Succeeded.ShouldBeTrue(string.Join("; ", result.Errors));
    }

    [Theory]
    // Found by fuzz/ (config target): keys with control characters or an escape sequence.
    [InlineData("\"bad\\u001b[31mkey\": 1\n")]
    [InlineData("\"a\\nb\": 1\n")]
    [InlineData("losMipResp\u008d\u007fse: deny\n")]
    public void Load_KeyWithControlCharacters_ErrorIsOnePrintableLine(string yaml)
    {
        var result = SettingsLoader.Load(yaml);

        var error = result.Errors.ShouldHaveSingleItem();
        error.ShouldContain("unknown key");
        error.ShouldAllBe(c => c >= ' ' && c <= '~');
    }

    [Theory]
    // Found by fuzz/ (config target): streams on which YamlDotNet throws other than YamlException.
    [InlineData("\ufffd: off\nrout\u0010\u0000:\n{: \ufffdff\nrout")]
    [InlineData("Lookuosr\ufffd\ufffdes:\n : off\nskipResponse\u0000 deny\n")]
    public void Load_StreamTheYamlParserRejectsOddly_ListsErrorInsteadOfThrowing(string yaml)
    {
        var result = SettingsLoader.Load(yaml);

        result.Succeeded.ShouldBeFalse();
        result.Errors.ShouldHaveSingleItem().ShouldStartWith("not valid YAML");
    }

    [Theory]
    // Found by fuzz/ (config target): YamlDotNet overflows the stack resolving a forward alias used as a key.
    [InlineData("? *a\n: 1\nb: &a {c: 1}\n", 1)]
    [InlineData("restoreLabels: [*x]\nb: &x l\n", 1)]
    [InlineData("? *missing\n: 1\n", 1)]
    // Found by fuzz/ (rules target): an alias inside the node it names is a cycle; YamlDotNet recurses on it too.
    [InlineData("rules:\n  - &r [*r]\n", 2)]
    [InlineData("rules: &r\n  - {name: a, skip: true, match: {kinds: [*r]}}\n", 2)]
    public void Load_AliasBeforeItsAnchor_ListsErrorInsteadOfOverflowingTheStack(string yaml, int line)
    {
        var result = SettingsLoader.Load(yaml);

        result.Errors.ShouldHaveSingleItem().ShouldStartWith($"not valid YAML (line {line}): alias *");
    }

    [Fact]
    public void Load_AliasAfterItsAnchor_IsRead()
    {
        var result = SettingsLoader.Load("namespaceMapping: &m {a: b}\nnodes: {mapping: *m}\n");

        result.Succeeded.ShouldBeTrue(string.Join("; ", result.Errors));
        result.Settings!.Nodes.Mapping["a"].ShouldBe("b");
    }
}
