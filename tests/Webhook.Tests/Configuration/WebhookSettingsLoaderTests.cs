using RestoreMutator.Webhook.Configuration;
using Shouldly;

namespace RestoreMutator.Webhook.Tests.Configuration;

/// <summary>The server's own sections, read beside the mutation sections into one list of errors (SPEC C1).</summary>
public class WebhookSettingsLoaderTests
{
    [Fact]
    public void Load_NoHostSections_GivesSpecDefaults()
    {
        var result = WebhookSettingsLoader.Load("registry: {destination: registry.example.com}\n");
        result.Succeeded.ShouldBeTrue(string.Join("; ", result.Errors));
        var s = result.Settings!;
        s.Server.Port.ShouldBe(8443);
        s.Server.Address.ShouldBe("0.0.0.0");
        s.Server.Tls.CertFile.ShouldBe("/etc/restore-mutator/tls/tls.crt");
        s.Server.Tls.KeyFile.ShouldBe("/etc/restore-mutator/tls/tls.key");
        s.Server.Http2.ShouldBeFalse();
        s.Velero.Namespace.ShouldBe("velero");
        s.Lookups.ShouldBe(LookupMode.Auto);
        s.Mutation.Registry.Destination.ShouldBe("registry.example.com");
    }

    [Fact]
    public void Load_EveryHostKey_IsRead()
    {
        var result = WebhookSettingsLoader.Load("""
            server:
              port: 9443
              address: 127.0.0.1
              tls:
                certFile: /etc/tls/tls.crt
                keyFile: /etc/tls/tls.key
                clientCAFile: /etc/ca/ca.crt
              http2: true
            velero:
              namespace: openshift-adp
            lookups: off
            skipResponse: deny
            """);
        result.Errors.ShouldBeEmpty();
        var s = result.Settings!;
        s.Server.Port.ShouldBe(9443);
        s.Server.Address.ShouldBe("127.0.0.1");
        s.Server.Tls.CertFile.ShouldBe("/etc/tls/tls.crt");
        s.Server.Tls.ClientCAFile.ShouldBe("/etc/ca/ca.crt");
        s.Server.Http2.ShouldBeTrue();
        s.Velero.Namespace.ShouldBe("openshift-adp");
        s.Lookups.ShouldBe(LookupMode.Off);
        s.Mutation.SkipResponse.ShouldBe(Transforms.Configuration.SkipResponse.Deny);
    }

    [Fact]
    public void Load_HostAndMutationProblems_AreListedTogether()
    {
        var result = WebhookSettingsLoader.Load("""
            server:
              port: 70000
              colour: blue
            lookups: sometimes
            routes:
              generatedHosts: delete
            extra: 1
            """);
        result.Succeeded.ShouldBeFalse();
        var all = string.Join("\n", result.Errors);
        all.ShouldContain("server.port (line 2): must be between 1 and 65535");
        all.ShouldContain("server.colour (line 3): unknown key");
        all.ShouldContain("lookups (line 4): must be one of auto, off");
        all.ShouldContain("routes.generatedHosts (line 6): must be one of remove, rewrite, keep");
        all.ShouldContain("extra (line 7): unknown key");
        result.Errors.Count.ShouldBe(5);
    }

    [Theory]
    [InlineData("server: [1, 2]", "server (line 1): must be a mapping")]
    [InlineData("velero: {namespace: Velero_NS}", "velero.namespace: 'Velero_NS' is not a valid namespace name")]
    [InlineData("server: {tls: {certFile: /a, keyFile: \"\"}}", "server.tls: certFile and keyFile must be set together")]
    [InlineData("server: {address: 'not an ip'}", "server.address: must be an IP address or localhost")]
    public void Load_InvalidHostValue_IsReported(string yaml, string expected)
    {
        var result = WebhookSettingsLoader.Load(yaml);
        result.Succeeded.ShouldBeFalse();
        string.Join("\n", result.Errors).ShouldContain(expected);
    }
}
