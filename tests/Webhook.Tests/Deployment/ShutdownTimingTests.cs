using System.Globalization;
using RestoreMutator.Webhook.Health;
using Shouldly;
using YamlDotNet.RepresentationModel;

namespace RestoreMutator.Webhook.Tests.Deployment;

/// <summary>
/// The shipped Deployment fits the server's shutdown (SPEC C5): the kubelet waits
/// terminationGracePeriodSeconds after SIGTERM before SIGKILL, and the server needs its drain
/// delay plus up to 25 s for requests in flight. No preStop hook delays SIGTERM (during one the
/// server could not tell callers to leave).
/// </summary>
public sealed class ShutdownTimingTests
{
    private const int InFlightSeconds = 25;

    [Fact]
    public void ManifestDeployment_GracePeriod_CoversTheDrainAndRequestsInFlight()
    {
        var pod = DeploymentYaml.Load("deploy/manifests/base/deployment.yaml")["spec"]["template"]["spec"];
        var container = (YamlMappingNode)((YamlSequenceNode)pod["containers"]).Children[0];
        // Literal values only: POD_NAME comes from the downward API (valueFrom).
        var env = ((YamlSequenceNode)container["env"]).Children.Cast<YamlMappingNode>()
            .Where(e => e.Children.ContainsKey("value"))
            .ToDictionary(e => ((YamlScalarNode)e["name"]).Value!, e => ((YamlScalarNode)e["value"]).Value!);

        var drain = int.Parse(env[ShutdownDrain.EnvironmentVariable], CultureInfo.InvariantCulture);
        var grace = int.Parse(((YamlScalarNode)pod["terminationGracePeriodSeconds"]).Value!, CultureInfo.InvariantCulture);

        drain.ShouldBe((int)ShutdownDrain.DefaultDelay.TotalSeconds, "the manifest states the server's default");
        grace.ShouldBeGreaterThan(drain + InFlightSeconds);
        container.Children.ContainsKey("lifecycle").ShouldBeFalse("no preStop hook in front of SIGTERM");
    }

    [Fact]
    public void HelmValues_GracePeriod_CoversTheDrainAndRequestsInFlight()
    {
        var values = DeploymentYaml.Load("deploy/helm/restore-mutator/values.yaml");

        var drain = int.Parse(((YamlScalarNode)values["shutdownDelaySeconds"]).Value!, CultureInfo.InvariantCulture);
        var grace = int.Parse(((YamlScalarNode)values["terminationGracePeriodSeconds"]).Value!, CultureInfo.InvariantCulture);

        drain.ShouldBe((int)ShutdownDrain.DefaultDelay.TotalSeconds);
        grace.ShouldBeGreaterThan(drain + InFlightSeconds);
        RepositoryFiles.Read("deploy/helm/restore-mutator/templates/deployment.yaml").ShouldNotContain("preStop");
    }
}
