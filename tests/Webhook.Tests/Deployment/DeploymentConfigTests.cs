using RestoreMutator.Transforms.Configuration;
using RestoreMutator.Webhook.Configuration;
using Shouldly;
using YamlDotNet.RepresentationModel;

namespace RestoreMutator.Webhook.Tests.Deployment;

/// <summary>The configuration files the deployment assets ship are accepted by the server (SPEC C1, section 4).</summary>
public class DeploymentConfigTests
{
    [Fact]
    public void ManifestConfigMap_Config_LoadsWithTheMountedTlsFiles()
    {
        var result = WebhookSettingsLoader.Load(DeploymentYaml.ManifestConfig());

        result.Errors.ShouldBeEmpty();
        result.Settings!.Server.Tls.CertFile.ShouldBe("/etc/restore-mutator/tls/tls.crt");
        result.Settings.Server.Tls.KeyFile.ShouldBe("/etc/restore-mutator/tls/tls.key");
        result.Settings.Server.Address.ShouldBe("0.0.0.0");
        result.Settings.Server.Port.ShouldBe(8443);
    }

    [Fact]
    public void HelmValues_ConfigBlock_Loads()
    {
        // The chart renders `.Values.config` as is into the ConfigMap.
        var values = DeploymentYaml.Load("deploy/helm/restore-mutator/values.yaml");
        var config = new YamlDocument(values["config"]);
        using var writer = new StringWriter();
        new YamlStream(config).Save(writer, assignAnchors: false);

        var result = WebhookSettingsLoader.Load(writer.ToString().Replace("...", string.Empty, StringComparison.Ordinal));

        result.Errors.ShouldBeEmpty();
        result.Settings!.Server.Tls.CertFile.ShouldBe("/etc/restore-mutator/tls/tls.crt");
    }

    [Fact]
    public void ComposeConfig_Loads_WithoutLookups()
    {
        var result = WebhookSettingsLoader.Load(RepositoryFiles.Read("deploy/compose/config.yaml"));

        result.Errors.ShouldBeEmpty();
        result.Settings!.Server.Address.ShouldBe("0.0.0.0");
    }

    [Fact]
    public void ManifestConfig_HasEveryTopLevelKeyOfTheSpec()
    {
        // The ConfigMap documents the whole SPEC section 4 schema, not only the values that differ.
        var stream = new YamlStream();
        stream.Load(new StringReader(DeploymentYaml.ManifestConfig()));
        var keys = ((YamlMappingNode)stream.Documents[0].RootNode).Children.Keys.Select(k => ((YamlScalarNode)k).Value).ToList();

        keys.ShouldBe(
            ["server", "restoreLabels", "velero", "lookups", "namespaceMapping", "registry", "routes", "pods", "builds", "skipResponse", "nodes", "storageClasses", "namespaceRefs", "profiles", "report"],
            ignoreOrder: true);
    }
}
