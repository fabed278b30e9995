using RestoreMutator.Transforms.Admission;
using RestoreMutator.Transforms.Rules;
using RestoreMutator.Transforms.Tests.Support;
using Shouldly;

namespace RestoreMutator.Transforms.Tests.Rules;

public class GeneratedRouteHostRuleTests
{
    private const string RewriteConfig = "lookups: off\nroutes:\n  generatedHosts: rewrite\n";

    private static string Route(string name = "web", string host = "web-shop-old.apps.old.example.com", string generated = "true") => $$$$"""
        {"apiVersion":"route.openshift.io/v1","kind":"Route",
         "metadata":{"name":"{{{{name}}}}","namespace":"shop","labels":{"velero.io/restore-name":"r1"},"annotations":{"openshift.io/host.generated":"{{{{generated}}}}"}},
         "spec":{"host":"{{{{host}}}}","to":{"kind":"Service","name":"web","weight":100}}}
        """;

    [Fact]
    public void Apply_RewriteWithoutAppsDomain_KeepsHostAndWarns()
    {
        var decision = PipelineHarness.Run(Route(), RewriteConfig);

        decision.Outcome.ShouldBe(AdmissionOutcome.Unchanged);
        decision.Warnings.ShouldBe(["restore-mutator kept generated host (destination apps domain unknown) of route shop/web"]);
    }

    [Fact]
    public void Apply_RewriteWithDiscoveredAppsDomain_UsesFacts()
    {
        var decision = PipelineHarness.Run(Route(), RewriteConfig, facts: new ClusterFacts { AppsDomain = "apps.dr.example.net" });

        decision.Outcome.ShouldBe(AdmissionOutcome.Patched);
        decision.Operations[0].Path.ShouldBe("/spec/host");
        decision.Operations[0].Value!.GetValue<string>().ShouldBe("web-shop.apps.dr.example.net");
        decision.Warnings.ShouldBeEmpty();
    }

    [Fact]
    public void Apply_RewriteWhenNameAndNamespaceExceedALabel_KeepsHostAndWarns()
    {
        var decision = PipelineHarness.Run(Route(name: new string('a', 60)), RewriteConfig, facts: new ClusterFacts { AppsDomain = "apps.new.example.com" });

        decision.Outcome.ShouldBe(AdmissionOutcome.Unchanged);
        decision.Warnings.Single().ShouldStartWith("restore-mutator kept generated host (name-namespace too long for a host label) of route shop/aaa");
    }

    [Theory]
    [InlineData("True")]
    [InlineData("false")]
    [InlineData("")]
    [InlineData("yes")]
    public void Apply_AnnotationNotExactlyTrue_LeavesHost(string generated)
    {
        var decision = PipelineHarness.Run(Route(generated: generated, host: "web.example.org"));

        decision.Outcome.ShouldBe(AdmissionOutcome.Unchanged);
    }

    [Fact]
    public void Apply_UpdateRestoringBackedUpHost_RemovesItAgain()
    {
        // existingResourcePolicy: update PATCHes the backed-up host over the router's one (S3).
        var decision = PipelineHarness.Run(Route(), operation: AdmissionOperation.Update, oldObjectJson: Route(host: "web-shop.apps.new.example.com"));

        decision.Operations.Select(o => $"{o.Kind} {o.Path}").ShouldContain("Remove /spec/host");
    }

    [Fact]
    public void Apply_UpdateKeepingRouterHost_LeavesIt()
    {
        // The managedFields PATCH after CREATE carries the host the destination router generated.
        var stored = Route(host: "web-shop.apps.new.example.com");
        var decision = PipelineHarness.Run(stored, operation: AdmissionOperation.Update, oldObjectJson: stored);

        decision.Outcome.ShouldBe(AdmissionOutcome.Unchanged);
    }
}
