using RestoreMutator.Transforms.Configuration;
using Shouldly;

namespace RestoreMutator.Transforms.Tests.Configuration;

public class SettingsLoaderTests
{
    private const string FullSchema = """
        server:
          port: 9443
          address: 0.0.0.0
          tls:
            certFile: /etc/restore-mutator/tls/tls.crt
            keyFile: /etc/restore-mutator/tls/tls.key
            clientCAFile: /etc/restore-mutator/ca/ca.crt
          http2: true
        restoreLabels: [velero.io/restore-name, example.com/restored]
        velero:
          namespace: openshift-adp
        lookups: off
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
        s.Server.Port.ShouldBe(8443);
        s.Server.Address.ShouldBe("0.0.0.0");
        s.Server.Tls.CertFile.ShouldBe("/etc/restore-mutator/tls/tls.crt");
        s.Server.Http2.ShouldBeFalse();
        s.RestoreLabels.ShouldBe(["velero.io/restore-name"]);
        s.Velero.Namespace.ShouldBe("velero");
        s.Lookups.ShouldBe(LookupMode.Auto);
        s.Routes.GeneratedHosts.ShouldBe(GeneratedHostMode.Remove);
        s.Pods.SkipManaged.ShouldBeTrue();
        s.Pods.SkipBuildPods.ShouldBeTrue();
        s.Builds.Skip.ShouldBeTrue();
        s.SkipResponse.ShouldBe(SkipResponse.Warn);
    }

    [Fact]
    public void Load_EverySchemaKey_IsRead()
    {
        var result = SettingsLoader.Load(FullSchema);
        result.Errors.ShouldBeEmpty();
        var s = result.Settings!;
        s.Server.Port.ShouldBe(9443);
        s.Server.Tls.ClientCAFile.ShouldBe("/etc/restore-mutator/ca/ca.crt");
        s.Server.Http2.ShouldBeTrue();
        s.RestoreLabels.ShouldBe(["velero.io/restore-name", "example.com/restored"]);
        s.Velero.Namespace.ShouldBe("openshift-adp");
        s.Lookups.ShouldBe(LookupMode.Off);
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
        all.ShouldContain("server.port (line 2): must be between 1 and 65535");
        all.ShouldContain("server.colour (line 3): unknown key");
        all.ShouldContain("lookups (line 4): must be one of auto, off");
        all.ShouldContain("routes.generatedHosts (line 6): must be one of remove, rewrite, keep");
        all.ShouldContain("registry.rewrites[0].from: must be a registry host[:port] with an optional /path");
        all.ShouldContain("registry.rewrites[1] (line 11): needs both from and to");
        all.ShouldContain("skipResponse (line 12): must be one of warn, deny");
        all.ShouldContain("pods.skipManaged (line 14): must be true or false");
        all.ShouldContain("extra (line 15): unknown key");
        result.Errors.Count.ShouldBe(9);
    }

    [Theory]
    [InlineData("server: [1, 2]", "server (line 1): must be a mapping")]
    [InlineData("restoreLabels: []", "restoreLabels: must name at least one label")]
    [InlineData("restoreLabels: ['bad label']", "restoreLabels: 'bad label' is not a valid label key")]
    [InlineData("velero: {namespace: Velero_NS}", "velero.namespace: 'Velero_NS' is not a valid namespace name")]
    [InlineData("namespaceMapping: {a: B}", "namespaceMapping.a: 'B' is not a valid namespace name")]
    [InlineData("registry: {destination: 'https://x'}", "registry.destination: must be a registry host[:port]")]
    [InlineData("routes: {destinationDomain: 'Apps..x'}", "routes.destinationDomain: must be a DNS domain")]
    [InlineData("server: {tls: {certFile: /a, keyFile: \"\"}}", "server.tls: certFile and keyFile must be set together")]
    [InlineData("server: {address: 'not an ip'}", "server.address: must be an IP address or localhost")]
    [InlineData("storageClasses: {gp2: 'GP 3'}", "storageClasses.gp2: storage class names must be DNS subdomains")]
    [InlineData("routes: {domainRewrites: [{from: a.example.com, to: b.example.com}, {from: a.example.com, to: c.example.com}]}", "is listed more than once")]
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
        var result = SettingsLoader.Load("server:\nregistry:\n  destination:\nnamespaceMapping:\n");
        result.Succeeded.ShouldBeTrue(string.Join("; ", result.Errors));
        result.Settings!.Server.Port.ShouldBe(8443);
    }
}
