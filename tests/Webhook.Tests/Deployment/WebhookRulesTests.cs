using RestoreMutator.Transforms.Configuration;
using RestoreMutator.Webhook.Configuration;
using RestoreMutator.Transforms.Rules;
using Shouldly;
using YamlDotNet.RepresentationModel;

namespace RestoreMutator.Webhook.Tests.Deployment;

/// <summary>
/// The webhook configuration routes exactly the kinds the rules handle: the source of truth is
/// the code (<see cref="RuleCatalog"/>), so a new rule's kind that is not routed, or a routed kind
/// no rule reads, fails here, for the kustomize base and the Helm chart alike.
/// </summary>
public class WebhookRulesTests
{
    /// <summary>The deployments, also with <c>namespaceRefs.serviceDns</c> on (N4: the chart's condition, the kustomize component).</summary>
    public static TheoryData<string> Sources() => new() { "manifests", "helm", "manifests+service-dns", "helm+service-dns" };

    [Theory]
    [MemberData(nameof(Sources))]
    public void Rules_Resources_AreExactlyTheKindsTheRulesHandle(string source)
    {
        var routed = Rules(source).Select(rule => rule.Key).ToHashSet();
        var handled = HandledKinds(serviceDns: source.EndsWith("+service-dns", StringComparison.Ordinal)).Select(kind => $"{kind.Group}/{kind.Resource}").ToHashSet();

        routed.Except(handled).Order().ShouldBeEmpty($"{source}: routed but no rule handles them");
        handled.Except(routed).Order().ShouldBeEmpty($"{source}: handled by rules but not routed to the webhook");
    }

    [Theory]
    [MemberData(nameof(Sources))]
    public void Rules_Scope_MatchesWhetherTheKindIsNamespaced(string source)
    {
        var rules = Rules(source).ToDictionary(rule => rule.Key);
        foreach (var kind in HandledKinds(serviceDns: source.EndsWith("+service-dns", StringComparison.Ordinal)))
        {
            if (!rules.TryGetValue($"{kind.Group}/{kind.Resource}", out var rule))
            {
                continue; // reported by the test above
            }

            var allowed = kind.Namespaced ? new[] { "Namespaced", "*" } : new[] { "Cluster", "*" };
            allowed.Contains(rule.Scope).ShouldBeTrue($"{source}: {kind} has scope {rule.Scope}");
        }
    }

    [Theory]
    [MemberData(nameof(Sources))]
    public void Rules_Operations_AreCreateAndUpdate(string source)
    {
        // S2: CREATE is the restore, UPDATE is Velero's follow-up patch; DELETE/CONNECT are never routed.
        foreach (var rule in Rules(source))
        {
            string.Join(",", rule.Operations.Order()).ShouldBe("CREATE,UPDATE", $"{source}: {rule.Key}");
        }
    }

    [Theory]
    [InlineData("")]
    [InlineData("+service-dns")]
    public void Rules_Helm_AreTheSameAsTheManifests(string variant)
    {
        var manifests = Rules("manifests" + variant).Select(rule => $"{rule.Key} {rule.Scope}").Order();
        var helm = Rules("helm" + variant).Select(rule => $"{rule.Key} {rule.Scope}").Order();

        helm.ShouldBe(manifests);
    }

    [Fact]
    public void Rules_ServiceDnsOff_DoNotRouteConfigMaps()
    {
        // A ConfigMap call per restored ConfigMap costs latency and nobody reads them without N4.
        Rules("manifests").Select(rule => rule.Key).ShouldNotContain("/configmaps");
        Rules("helm").Select(rule => rule.Key).ShouldNotContain("/configmaps");
        Rules("helm+service-dns").Select(rule => rule.Key).ShouldContain("/configmaps");
    }

    [Fact]
    public void ManifestWebhook_Settings_AreTheSafeOnes()
    {
        var webhook = DeploymentYaml.ManifestWebhookEntry();

        Scalar(webhook, "failurePolicy").ShouldBe("Fail");
        Scalar(webhook, "sideEffects").ShouldBe("NoneOnDryRun");
        Scalar(webhook, "timeoutSeconds").ShouldBe("5");
        Scalar(webhook, "matchPolicy").ShouldBe("Equivalent");
        Scalar(webhook, "reinvocationPolicy").ShouldBe("IfNeeded");
        WebhookRule.Strings(webhook, "admissionReviewVersions").ShouldBe(["v1"]);

        var service = (YamlMappingNode)((YamlMappingNode)webhook["clientConfig"])["service"];
        Scalar(service, "name").ShouldBe("restore-mutator");
        Scalar(service, "namespace").ShouldBe("restore-mutator");
        Scalar(service, "path").ShouldBe("/mutate");
        Scalar(service, "port").ShouldBe("443");
    }

    [Fact]
    public void ManifestWebhook_Selectors_RouteOnlyRestoredObjectsOutsideSystemNamespaces()
    {
        var webhook = DeploymentYaml.ManifestWebhookEntry();

        var objectSelector = Expression(webhook, "objectSelector");
        Scalar(objectSelector, "key").ShouldBe("velero.io/restore-name");
        Scalar(objectSelector, "operator").ShouldBe("Exists");

        var namespaceSelector = Expression(webhook, "namespaceSelector");
        Scalar(namespaceSelector, "key").ShouldBe("kubernetes.io/metadata.name");
        Scalar(namespaceSelector, "operator").ShouldBe("NotIn");
        WebhookRule.Strings(namespaceSelector, "values").Order()
            .ShouldBe(["kube-system", "openshift-adp", "restore-mutator", "velero"]);
    }

    [Fact]
    public void ManifestWebhook_ObjectSelector_IsTheConfiguredRestoreLabel()
    {
        // The server re-checks the label (S1); a selector on another label would route nothing it changes.
        var settings = WebhookSettingsLoader.Load(DeploymentYaml.ManifestConfig()).Settings!;
        var objectSelector = Expression(DeploymentYaml.ManifestWebhookEntry(), "objectSelector");

        settings.Mutation.RestoreLabels.ShouldContain(Scalar(objectSelector, "key"));
    }

    [Fact]
    public void Rules_ExampleOperatorRules_AreRoutedWithTheirExtraRules()
    {
        // U6: a kind only an operator rule names reaches the webhook only through webhook.extraRules.
        var values = DeploymentYaml.Load(ExampleValues);
        var config = new YamlStream(new YamlDocument(values["config"]));
        using var text = new StringWriter();
        config.Save(text, assignAnchors: false);
        var loaded = SettingsLoader.Load(text.ToString());
        loaded.Errors.ShouldBeEmpty();
        var pipeline = RuleCatalog.CreatePipeline(loaded.Settings!);
        pipeline.OperatorRules.ShouldNotBeEmpty();

        var extra = (YamlSequenceNode)((YamlMappingNode)values["webhook"])["extraRules"];
        var routed = WebhookRule.Read(DeploymentYaml.HelmRules(extraRules: extra)).Select(rule => rule.Key).ToHashSet();
        var named = pipeline.OperatorRules.SelectMany(rule => rule.Match.Kinds).Where(kind => kind.IsExact)
            .Select(kind => KnownKindsList.Single(known => known.Group == kind.Group && known.Kind == kind.Kind))
            .Select(kind => $"{kind.Group}/{kind.Resource}")
            .ToHashSet();

        named.Except(routed).Order().ShouldBeEmpty($"{ExampleValues}: rule kinds the chart with these values does not route");
        // Without the extra rules the shipped configuration does not route ConfigMaps, and the server says so at load.
        WebhookRule.Read(DeploymentYaml.HelmRules()).Select(rule => rule.Key).ShouldNotContain("/configmaps");
        pipeline.RoutingWarnings.ShouldContain(w => w.StartsWith("rule db-host:", StringComparison.Ordinal) && w.Contains("/ConfigMap", StringComparison.Ordinal));
    }

    private const string ExampleValues = "examples/helm-operator-rules-values.yaml";

    private static readonly ResourceKind[] KnownKindsList = typeof(KnownKinds)
        .GetFields(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Static)
        .Where(f => f.FieldType == typeof(ResourceKind))
        .Select(f => (ResourceKind)f.GetValue(null)!)
        .ToArray();

    private static IReadOnlyList<WebhookRule> Rules(string source) => source switch
    {
        "manifests" => WebhookRule.Read((YamlSequenceNode)DeploymentYaml.ManifestWebhookEntry()["rules"]),
        "helm" => WebhookRule.Read(DeploymentYaml.HelmRules()),
        "manifests+service-dns" => [.. Rules("manifests"), .. WebhookRule.Read(DeploymentYaml.ServiceDnsComponentRules())],
        "helm+service-dns" => WebhookRule.Read(DeploymentYaml.HelmRules(serviceDns: true)),
        _ => throw new ArgumentOutOfRangeException(nameof(source)),
    };

    /// <summary>The union of the kinds over every rule the deployed configuration builds (with N4 switched on if asked).</summary>
    private static List<ResourceKind> HandledKinds(bool serviceDns = false)
    {
        var loaded = WebhookSettingsLoader.Load(DeploymentYaml.ManifestConfig());
        loaded.Errors.ShouldBeEmpty();
        var settings = loaded.Settings!.Mutation;
        settings.NamespaceRefs.ServiceDns.ShouldBeFalse("the shipped configuration leaves N4 off");
        if (serviceDns)
        {
            settings = settings with { NamespaceRefs = new NamespaceRefSettings { ServiceDns = true } };
        }

        var kinds = RuleCatalog.Create(settings).SelectMany(rule => rule.Kinds).Distinct().ToList();
        kinds.ShouldNotBeEmpty();
        return kinds;
    }

    private static string Scalar(YamlMappingNode node, string key) => ((YamlScalarNode)node[key]).Value!;

    private static YamlMappingNode Expression(YamlMappingNode webhook, string selector) =>
        (YamlMappingNode)((YamlSequenceNode)((YamlMappingNode)webhook[selector])["matchExpressions"]).Children.Single();
}
