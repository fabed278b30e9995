using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using RestoreMutator.Webhook.Limits;
using Shouldly;

namespace RestoreMutator.Webhook.Tests.Limits;

public sealed class BodyBudgetTests : IDisposable
{
    private readonly ServiceProvider _services = new ServiceCollection().AddMetrics().BuildServiceProvider();

    public void Dispose() => _services.Dispose();

    [Fact]
    public async Task AcquireAsync_WithinBudget_IsImmediateAndGivenBackOnDispose()
    {
        var budget = Budget(10);

        using (var lease = await budget.AcquireAsync(6, CancellationToken.None))
        {
            lease.Bytes.ShouldBe(6);
            budget.Available.ShouldBe(4);
        }

        budget.Available.ShouldBe(10);
    }

    [Fact]
    public async Task AcquireAsync_OverBudget_WaitsUntilBytesAreGivenBack()
    {
        var budget = Budget(10);
        var first = await budget.AcquireAsync(8, CancellationToken.None);

        var second = budget.AcquireAsync(5, CancellationToken.None).AsTask();
        await Task.Delay(50);
        second.IsCompleted.ShouldBeFalse();

        first.Dispose();
        using var lease = await second.WaitAsync(TimeSpan.FromSeconds(5));
        lease.Bytes.ShouldBe(5);
        budget.Available.ShouldBe(5);
    }

    [Fact]
    public async Task AcquireAsync_Waiting_KeepsArrivalOrderEvenWhenALaterOneWouldFit()
    {
        // A large review waiting first is not overtaken for ever by small ones arriving after it.
        var budget = Budget(10);
        var held = await budget.AcquireAsync(6, CancellationToken.None);
        var large = budget.AcquireAsync(10, CancellationToken.None).AsTask();
        var small = budget.AcquireAsync(1, CancellationToken.None).AsTask();
        await Task.Delay(50);
        small.IsCompleted.ShouldBeFalse("the small one queues behind the large one");

        held.Dispose();
        (await large.WaitAsync(TimeSpan.FromSeconds(5))).Dispose();
        (await small.WaitAsync(TimeSpan.FromSeconds(5))).Dispose();
        budget.Available.ShouldBe(10);
    }

    [Fact]
    public async Task AcquireAsync_LargerThanTheBudget_TakesAllOfItAndRunsAlone()
    {
        var budget = Budget(10);

        using var lease = await budget.AcquireAsync(25, CancellationToken.None);

        lease.Bytes.ShouldBe(10);
        budget.Available.ShouldBe(0);
    }

    [Fact]
    public async Task AcquireAsync_DeadlinePasses_ThrowsAndTakesNothing()
    {
        var budget = Budget(10);
        var held = await budget.AcquireAsync(10, CancellationToken.None);
        using var deadline = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));

        await Should.ThrowAsync<OperationCanceledException>(() => budget.AcquireAsync(4, deadline.Token).AsTask());

        held.Dispose();
        budget.Available.ShouldBe(10);
    }

    [Fact]
    public async Task AcquireAsync_CancelledHead_LetsTheOnesBehindItIn()
    {
        var budget = Budget(10);
        var held = await budget.AcquireAsync(5, CancellationToken.None);
        using var headDeadline = new CancellationTokenSource();
        var head = budget.AcquireAsync(10, headDeadline.Token).AsTask();
        var behind = budget.AcquireAsync(5, CancellationToken.None).AsTask();
        await Task.Delay(50);
        behind.IsCompleted.ShouldBeFalse();

        await headDeadline.CancelAsync();

        await Should.ThrowAsync<OperationCanceledException>(() => head);
        using var lease = await behind.WaitAsync(TimeSpan.FromSeconds(5));
        lease.Bytes.ShouldBe(5);
        held.Dispose();
    }

    [Fact]
    public async Task Dispose_Twice_GivesBytesBackOnce()
    {
        var budget = Budget(10);
        var lease = await budget.AcquireAsync(4, CancellationToken.None);

        lease.Dispose();
        lease.Dispose();

        budget.Available.ShouldBe(10);
    }

    private BodyBudget Budget(long bytes) => new(new HostLimits(100, bytes, 0), _services.GetRequiredService<IMeterFactory>());
}
