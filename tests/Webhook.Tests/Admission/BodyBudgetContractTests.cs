using System.Diagnostics;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using RestoreMutator.Webhook.Limits;
using RestoreMutator.Webhook.Tests.Support;
using Shouldly;

namespace RestoreMutator.Webhook.Tests.Admission;

/// <summary>
/// POST /mutate when the request-body budget is spent (SPEC C7): the review waits within its own
/// deadline (<c>?timeout=</c>); answered when memory frees up in time, else HTTP 503 without
/// <c>Retry-After</c> at the deadline, never a 500.
/// </summary>
public sealed class BodyBudgetContractTests : IAsyncLifetime
{
    private const long Budget = 8 * 1024 * 1024;
    private InMemoryWebhook _webhook = null!;

    public async ValueTask InitializeAsync() =>
        _webhook = await InMemoryWebhook.StartAsync(services: s => s.AddSingleton(new HostLimits(100, Budget, 0)));

    public async ValueTask DisposeAsync() => await _webhook.DisposeAsync();

    private BodyBudget Bodies => _webhook.App.Services.GetRequiredService<BodyBudget>();

    [Fact]
    public async Task Mutate_BudgetFreedBeforeTheDeadline_WaitsAndAnswersTheReview()
    {
        // One review first: the handler and what it depends on are built on the first request,
        // which on a busy machine could outlast the 300 ms below and let the review miss the wait.
        (await _webhook.PostAsync(Reviews.Review(Reviews.Deployment()).ToJsonString())).EnsureSuccessStatusCode();
        var held = await Bodies.AcquireAsync(Budget, CancellationToken.None);

        var answer = _webhook.PostAsync(Reviews.Review(Reviews.Deployment()).ToJsonString(), path: "/mutate?timeout=10s");
        await Task.Delay(300);
        answer.IsCompleted.ShouldBeFalse("the review waits for body memory");
        held.Dispose();

        using var response = await answer.WaitAsync(TimeSpan.FromSeconds(10));
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await response.Content.ReadAsStringAsync()).ShouldContain("\"patch\"");
        var metrics = await _webhook.MetricsAsync();
        MetricsText.Value(metrics, "restore_mutator_body_budget_waits_total{result=\"admitted\"}").ShouldBe(1);
        Bodies.Available.ShouldBe(Budget, "the answered review gave its bytes back");
    }

    [Fact]
    public async Task Mutate_BudgetSpentUntilTheDeadline_Answers503WithoutRetryAfterAtTheDeadline()
    {
        using var held = await Bodies.AcquireAsync(Budget, CancellationToken.None);
        var waited = Stopwatch.StartNew();

        using var response = await _webhook.PostAsync(Reviews.Review(Reviews.Deployment()).ToJsonString(), path: "/mutate?timeout=2s");

        response.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
        response.Headers.RetryAfter.ShouldBeNull();
        response.Headers.Contains("Retry-After").ShouldBeFalse();
        (await response.Content.ReadAsStringAsync()).ShouldBe("restore-mutator is busy: request bodies in memory reached the budget (8 MiB) until this request's deadline\n");
        // The work budget of ?timeout=2s is 1.6 s (a 20% margin for the answer to reach the API server).
        waited.Elapsed.ShouldBeGreaterThan(TimeSpan.FromSeconds(1.5));
        var metrics = await _webhook.MetricsAsync();
        MetricsText.Value(metrics, "restore_mutator_body_budget_waits_total{result=\"timed_out\"}").ShouldBe(1);
        MetricsText.Value(metrics, "restore_mutator_body_budget_in_use_bytes").ShouldBe(Budget);
    }
}
