using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using RestoreMutator.Webhook.Lookups;
using RestoreMutator.Webhook.Tests.Support;
using Shouldly;

namespace RestoreMutator.Webhook.Tests.Admission;

/// <summary>SPEC A4: a bug on one request is answered allowed=false code 500, logged with the uid, and counted.</summary>
public class InternalErrorTests
{
    [Fact]
    public async Task Mutate_RuleThrows_AnswersAllowedFalseCode500LoggedAndCounted()
    {
        var logs = new CapturingLoggerProvider();
        await using var webhook = await InMemoryWebhook.StartAsync(
            services: s => s.AddSingleton<ILoggerProvider>(logs),
            snapshot: TestRules.Pipeline(new TestRules.Throwing()));

        var answer = await webhook.ReviewAsync(Reviews.Review(Reviews.Deployment(), uid: "uid-of-the-bad-one"));

        AssertErrorAnswer(answer, "uid-of-the-bad-one", "boom in rule");
        var failed = logs.Events.Single(e => e.EventName == "AdmissionFailed");
        failed.Level.ShouldBe(LogLevel.Error);
        failed.Message.ShouldContain("uid=uid-of-the-bad-one");
        failed.Exception.ShouldBeOfType<InvalidOperationException>();
        MetricsText.Value(await webhook.MetricsAsync(),
            "restore_mutator_admission_requests_total{kind=\"Deployment\",operation=\"CREATE\",outcome=\"error\"}").ShouldBe(1);
    }

    [Fact]
    public async Task Mutate_FactsSourceThrows_AnswersAllowedFalseCode500()
    {
        await using var webhook = await InMemoryWebhook.StartAsync(services: s => s.AddSingleton<IClusterFactsSource, TestRules.ThrowingFacts>());

        var answer = await webhook.ReviewAsync(Reviews.Review(Reviews.Deployment(), uid: "facts-uid"));

        AssertErrorAnswer(answer, "facts-uid", "facts exploded");
    }

    [Fact]
    public async Task Mutate_AfterAnInternalError_NextRequestIsServed()
    {
        await using var webhook = await InMemoryWebhook.StartAsync(snapshot: TestRules.Pipeline(new TestRules.Throwing()));
        await webhook.ReviewAsync(Reviews.Review(Reviews.Deployment()));

        var unaffected = await webhook.ReviewAsync(Reviews.Review(Reviews.Deployment(restored: false), kind: "Pod", group: "", resource: "pods"));

        ((bool)unaffected["response"]!["allowed"]!).ShouldBeTrue();
    }

    private static void AssertErrorAnswer(System.Text.Json.Nodes.JsonObject answer, string uid, string messagePart)
    {
        var response = answer["response"]!;
        ((string?)response["uid"]).ShouldBe(uid);
        ((bool)response["allowed"]!).ShouldBeFalse();
        ((int)response["status"]!["code"]!).ShouldBe(500);
        var message = (string)response["status"]!["message"]!;
        message.ShouldContain(messagePart);
        message.ShouldNotContain("\n");
        response["patch"].ShouldBeNull();
    }
}
