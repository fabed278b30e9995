using RestoreMutator.Webhook.Lookups;
using RestoreMutator.Webhook.Tests.Lookups.Support;
using Shouldly;

namespace RestoreMutator.Webhook.Tests.Lookups;

/// <summary>The lookup cache: shared in-flight calls, per-result expiry, bounded size.</summary>
public class LookupCacheTests
{
    private readonly ManualClock _clock = new();

    [Fact]
    public async Task GetAsync_ConcurrentCallers_ShareOneFetch()
    {
        var cache = new LookupCache<string>(_clock, 10);
        var release = new TaskCompletionSource<LookupResult<string>>();
        var fetches = 0;

        var first = cache.GetAsync("k", () => { Interlocked.Increment(ref fetches); return release.Task; });
        var second = cache.GetAsync("k", () => { Interlocked.Increment(ref fetches); return release.Task; });
        release.SetResult(LookupResults.Found("v", TimeSpan.FromSeconds(30)));

        (await first).Value.ShouldBe("v");
        (await second).Value.ShouldBe("v");
        fetches.ShouldBe(1);
    }

    [Fact]
    public async Task GetAsync_AfterTtl_FetchesAgain()
    {
        var cache = new LookupCache<string>(_clock, 10);
        var fetches = 0;
        Task<LookupResult<string>> Fetch() => Task.FromResult(LookupResults.Found($"v{++fetches}", TimeSpan.FromSeconds(30)));

        (await cache.GetAsync("k", Fetch)).Value.ShouldBe("v1");
        _clock.Advance(TimeSpan.FromSeconds(29));
        (await cache.GetAsync("k", Fetch)).Value.ShouldBe("v1");
        _clock.Advance(TimeSpan.FromSeconds(1));
        (await cache.GetAsync("k", Fetch)).Value.ShouldBe("v2");
    }

    [Fact]
    public async Task GetAsync_FailureWithShortTtl_IsRetriedSooner()
    {
        var cache = new LookupCache<string>(_clock, 10);
        var results = new Queue<LookupResult<string>>([LookupResults.Failed<string>("timeout", TimeSpan.FromSeconds(5)), LookupResults.Found("v", TimeSpan.FromSeconds(30))]);

        (await cache.GetAsync("k", () => Task.FromResult(results.Dequeue()))).State.ShouldBe(LookupState.Failed);
        _clock.Advance(TimeSpan.FromSeconds(5));
        (await cache.GetAsync("k", () => Task.FromResult(results.Dequeue()))).Value.ShouldBe("v");
    }

    [Fact]
    public async Task GetAsync_FetchThrows_IsAFailureNotAHang()
    {
        var cache = new LookupCache<string>(_clock, 10);

        var result = await cache.GetAsync("k", () => throw new InvalidOperationException("bug"));

        result.State.ShouldBe(LookupState.Failed);
    }

    [Fact]
    public async Task GetAsync_ManyKeys_StaysBounded()
    {
        var cache = new LookupCache<string>(_clock, 8);
        for (var i = 0; i < 100; i++)
        {
            await cache.GetAsync($"k{i}", () => Task.FromResult(LookupResults.Found("v", TimeSpan.FromSeconds(30))));
        }

        cache.Count.ShouldBeLessThanOrEqualTo(8);
    }
}
