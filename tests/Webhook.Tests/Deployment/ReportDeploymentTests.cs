using RestoreMutator.Webhook.Configuration;
using Shouldly;
using YamlDotNet.RepresentationModel;

namespace RestoreMutator.Webhook.Tests.Deployment;

/// <summary>What the restore report (SPEC X2) needs from the shipped manifests and chart.</summary>
public class ReportDeploymentTests
{
    private const string HelmRbac = "deploy/helm/restore-mutator/templates/rbac.yaml";

    [Fact]
    public void ManifestRole_VeleroNamespace_AllowsCreateAndPatchOfConfigMapsAndEventsOnly()
    {
        var role = DeploymentYaml.LoadAll("deploy/manifests/base/rbac.yaml").Single(d => Scalar(d, "kind") == "Role");

        Scalar((YamlMappingNode)role["metadata"], "namespace").ShouldBe("velero");
        var core = Rules(role).Where(rule => Strings(rule, "apiGroups").SequenceEqual([""])).ShouldHaveSingleItem();
        Strings(core, "resources").ShouldBe(["configmaps", "events"]);
        Strings(core, "verbs").ShouldBe(["create", "patch"]);
    }

    [Fact]
    public void ManifestClusterRole_Anywhere_NeverWrites()
    {
        // The report writes only beside the Restores; cluster-wide the webhook reads.
        var clusterRole = DeploymentYaml.LoadAll("deploy/manifests/base/rbac.yaml").Single(d => Scalar(d, "kind") == "ClusterRole");

        Rules(clusterRole).SelectMany(rule => Strings(rule, "verbs")).Distinct().ShouldBe(["get", "list"], ignoreOrder: true);
    }

    [Fact]
    public void HelmRole_ReportRule_IsTheManifests()
    {
        // The Role is templated (namespace, labels); its rules block is literal YAML.
        var text = RepositoryFiles.Read(HelmRbac);

        text.ShouldContain("""
              - apiGroups: [""]
                resources: [configmaps, events]
                verbs: [create, patch]
            """.Replace("\r", string.Empty, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("deploy/manifests/base/mutatingwebhookconfiguration.yaml")]
    [InlineData("deploy/helm/restore-mutator/templates/webhook.yaml")]
    public void Webhook_SideEffects_NoneOnDryRun(string file)
    {
        // The report is a side effect the webhook skips for dry runs (S4); "None" would be untrue.
        RepositoryFiles.Read(file).Split('\n').Select(line => line.Trim()).Where(line => line.StartsWith("sideEffects:", StringComparison.Ordinal))
            .ShouldHaveSingleItem().ShouldBe("sideEffects: NoneOnDryRun");
    }

    [Theory]
    [InlineData("deploy/manifests/base/deployment.yaml")]
    [InlineData("deploy/helm/restore-mutator/templates/deployment.yaml")]
    public void Deployment_PodName_ComesFromTheDownwardApi(string file)
    {
        var text = RepositoryFiles.Read(file).Replace("\r", string.Empty, StringComparison.Ordinal);

        text.ShouldContain("""
                        - name: POD_NAME
                          valueFrom:
                            fieldRef:
                              fieldPath: metadata.name
            """);
    }

    [Fact]
    public void ShippedConfigs_Report_IsOn()
    {
        WebhookSettingsLoader.Load(DeploymentYaml.ManifestConfig()).Settings!.Report.Enabled.ShouldBeTrue();
        var values = DeploymentYaml.Load("deploy/helm/restore-mutator/values.yaml");
        var report = (YamlMappingNode)((YamlMappingNode)values["config"])["report"];
        Scalar(report, "enabled").ShouldBe("true");
    }

    private static IEnumerable<YamlMappingNode> Rules(YamlMappingNode role) => ((YamlSequenceNode)role["rules"]).Children.Cast<YamlMappingNode>();

    private static string[] Strings(YamlMappingNode node, string key) =>
        ((YamlSequenceNode)node[key]).Children.Select(child => ((YamlScalarNode)child).Value!).ToArray();

    private static string? Scalar(YamlMappingNode node, string key) => ((YamlScalarNode)node[key]).Value;
}
