using RestoreMutator.Transforms.Admission;
using RestoreMutator.Transforms.Rules;
using RestoreMutator.Transforms.Tests.Support;
using Shouldly;

namespace RestoreMutator.Transforms.Tests.Rules;

/// <summary>SPEC N1-N4 beyond the golden fixtures: routing by settings, facts, UPDATE and the Restore's mapping.</summary>
public class NamespaceRefRulesTests
{
    private const string Off = "lookups: off\nnamespaceMapping: {shop-old: shop}\n";
    private const string On = Off + "namespaceRefs: {serviceDns: true}\n";

    private static readonly ClusterFacts Mapped = new() { NamespaceMapping = PipelineHarness.Settings(Off).NamespaceMapping };

    private const string Restored = "\"labels\":{\"velero.io/restore-name\":\"r1\"}";

    private static string RoleBinding(string subjectNamespace) =>
        "{\"apiVersion\":\"rbac.authorization.k8s.io/v1\",\"kind\":\"RoleBinding\",\"metadata\":{\"name\":\"edit\",\"namespace\":\"shop\"," + Restored + "},"
        + "\"roleRef\":{\"apiGroup\":\"rbac.authorization.k8s.io\",\"kind\":\"ClusterRole\",\"name\":\"edit\"},"
        + "\"subjects\":[{\"kind\":\"ServiceAccount\",\"name\":\"builder\",\"namespace\":\"" + subjectNamespace + "\"}]}";

    private static string ConfigMap(string value) =>
        "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"c\",\"namespace\":\"shop\"," + Restored + "},\"data\":{\"url\":\"" + value + "\"}}";

    [Fact]
    public void Create_ServiceDnsOff_ConfigMapsAreNotHandled()
    {
        var handled = RuleCatalog.CreatePipeline(PipelineHarness.Settings(Off)).HandledKinds;

        handled.ShouldNotContain(KnownKinds.ConfigMap.GroupKind);
        handled.ShouldContain(KnownKinds.RoleBinding.GroupKind);
        handled.ShouldContain(KnownKinds.ClusterRoleBinding.GroupKind);
        handled.ShouldContain(KnownKinds.OpenShiftRoleBinding.GroupKind);
        handled.ShouldContain(KnownKinds.OpenShiftClusterRoleBinding.GroupKind);
        handled.ShouldContain(KnownKinds.NetworkPolicy.GroupKind);
    }

    [Fact]
    public void Create_ServiceDnsOn_ConfigMapsAreHandled()
    {
        RuleCatalog.CreatePipeline(PipelineHarness.Settings(On)).HandledKinds.ShouldContain(KnownKinds.ConfigMap.GroupKind);
    }

    [Fact]
    public void Create_Secrets_AreNeverReadByServiceDns()
    {
        var rule = RuleCatalog.Create(PipelineHarness.Settings(On)).OfType<ServiceDnsRule>().Single();

        rule.Kinds.ShouldNotContain(KnownKinds.Secret);
    }

    [Fact]
    public void Run_ServiceDnsOnConfigMap_RewritesTheValue()
    {
        var decision = PipelineHarness.Run(ConfigMap("http://api.shop-old.svc:8080"), On, facts: Mapped);

        decision.Families.ShouldBe([Families.NamespaceRefs]);
        decision.Operations[0].Path.ShouldBe("/data/url");
        decision.Operations[0].Value!.GetValue<string>().ShouldBe("http://api.shop.svc:8080");
    }

    [Theory]
    [InlineData("http://api.shop-old\\u002esvc:8080")]
    [InlineData("http://api.shop-old.\\u0073vc:8080")]
    [InlineData("line one\\nhttp://api.shop-old.svc:8080")]
    public void Run_ServiceDnsNameWithJsonEscapes_IsStillFound(string value)
    {
        // The rule looks for ".svc" in the raw JSON before reading a string; an escape must not hide a name.
        var decision = PipelineHarness.Run(ConfigMap(value), On, facts: Mapped);

        decision.Operations.Single(op => op.Path == "/data/url").Value!.GetValue<string>().ShouldEndWith("http://api.shop.svc:8080");
    }

    [Fact]
    public void Run_ServiceDnsInEnvOfTheSecondContainer_IsOneReplaceAtItsPointer()
    {
        const string deployment = "{\"apiVersion\":\"apps/v1\",\"kind\":\"Deployment\",\"metadata\":{\"name\":\"d\",\"namespace\":\"shop\"," + Restored + "},"
            + "\"spec\":{\"template\":{\"spec\":{\"containers\":[{\"name\":\"a\",\"image\":\"a:1\",\"env\":[{\"name\":\"X\",\"value\":\"plain\"}]},"
            + "{\"name\":\"b\",\"image\":\"b:1\",\"env\":[{\"name\":\"Y\",\"valueFrom\":{}},{\"name\":\"DB\",\"value\":\"db.shop-old.svc.cluster.local:5432\"}]}]}}}}";

        var decision = PipelineHarness.Run(deployment, On, facts: Mapped);

        decision.Operations.Where(op => op.Path.Contains("/env/", StringComparison.Ordinal)).ShouldHaveSingleItem().Path
            .ShouldBe("/spec/template/spec/containers/1/env/1/value");
    }

    [Fact]
    public void Plan_RoleBinding_AsksForTheRestoreMapping()
    {
        var pipeline = RuleCatalog.CreatePipeline(PipelineHarness.Settings(Off));
        using var document = System.Text.Json.JsonDocument.Parse(RoleBinding("shop-old"));

        pipeline.Plan(FixtureCase.Request(document, AdmissionOperation.Create)).Facts.Restore.ShouldBeTrue();
    }

    [Fact]
    public void Run_RestoreMapping_IsWhatTheRulesUse()
    {
        var facts = new ClusterFacts { NamespaceMapping = new Dictionary<string, string>(StringComparer.Ordinal) { ["team-a"] = "shop" } };

        var decision = PipelineHarness.Run(RoleBinding("team-a"), "lookups: off\n", facts: facts);

        decision.Operations.Select(o => $"{o.Kind} {o.Path} {o.Value?.ToJsonString()}").ShouldContain("Replace /subjects/0/namespace \"shop\"");
    }

    [Fact]
    public void Run_UpdateBringingBackTheOldNamespace_MapsItAgain()
    {
        // Velero's existingResourcePolicy: update writes the backed-up subjects over our CREATE output.
        var decision = PipelineHarness.Run(RoleBinding("shop-old"), Off, AdmissionOperation.Update, oldObjectJson: RoleBinding("shop"),
            facts: Mapped);

        decision.Operations.Select(o => $"{o.Kind} {o.Path}").ShouldContain("Replace /subjects/0/namespace");
    }

    [Fact]
    public void Run_UpdateKeepingAStoredOldNamespace_LeavesIt()
    {
        // A value the stored object already has is destination state (someone set it after the restore).
        var decision = PipelineHarness.Run(RoleBinding("shop-old"), Off, AdmissionOperation.Update, oldObjectJson: RoleBinding("shop-old"),
            facts: Mapped);

        decision.Outcome.ShouldBe(AdmissionOutcome.Unchanged);
    }

    [Theory]
    [InlineData("Deployment", "apps/v1")]
    [InlineData("StatefulSet", "apps/v1")]
    [InlineData("DaemonSet", "apps/v1")]
    [InlineData("CronJob", "batch/v1")]
    [InlineData("Job", "batch/v1")]
    public void Run_TriggerAnnotationOnEveryListedKind_IsOneReplace(string kind, string apiVersion)
    {
        const string annotation = "[{\\\"from\\\":{\\\"kind\\\":\\\"ImageStreamTag\\\",\\\"name\\\":\\\"a:1\\\",\\\"namespace\\\":\\\"shop-old\\\"}}]";
        var json = "{\"apiVersion\":\"" + apiVersion + "\",\"kind\":\"" + kind + "\",\"metadata\":{\"name\":\"w\",\"namespace\":\"shop\"," + Restored
            + ",\"annotations\":{\"image.openshift.io/triggers\":\"" + annotation + "\"}},\"spec\":{}}";

        var decision = PipelineHarness.Run(json, Off, facts: Mapped);

        var replace = decision.Operations.Single(o => o.Path == "/metadata/annotations/image.openshift.io~1triggers");
        replace.Kind.ShouldBe(RestoreMutator.Transforms.Patching.PatchOperationKind.Replace);
        replace.Value!.GetValue<string>().ShouldBe("""[{"from":{"kind":"ImageStreamTag","name":"a:1","namespace":"shop"}}]""");
    }

    [Fact]
    public void Run_NoMapping_ChangesNoReference()
    {
        var decision = PipelineHarness.Run(RoleBinding("shop-old"), "lookups: off\n");

        decision.Outcome.ShouldBe(AdmissionOutcome.Unchanged);
    }
}
