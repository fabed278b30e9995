using RestoreMutator.Webhook.Tests.Support;
using Shouldly;

namespace RestoreMutator.Webhook.Tests.Diagnostics;

/// <summary>
/// SPEC C9 on the in-memory host: the process and runtime figures operators alert on are on
/// <c>/metrics</c>, under the standard names, with plausible values, and the whole exposition stays
/// valid text format 0.0.4.
/// </summary>
public class ProcessMetricsEndpointTests
{
    [Fact]
    public async Task Metrics_AfterTraffic_IsValidTextFormat()
    {
        await using var webhook = await InMemoryWebhook.StartAsync();
        await webhook.ReviewAsync(Reviews.Review(Reviews.Deployment()));
        await webhook.ReviewAsync(Reviews.Review(Reviews.Deployment(restored: false), operation: "UPDATE"));
        await webhook.PostAsync("not json");
        await webhook.PostAsync("{}", "text/plain");

        var text = await webhook.MetricsAsync();

        PrometheusExposition.Validate(text).ShouldBeEmpty();
    }

    [Fact]
    public async Task Metrics_ProcessFigures_HaveTheStandardNamesTypesAndPlausibleValues()
    {
        await using var webhook = await InMemoryWebhook.StartAsync();
        var text = await webhook.MetricsAsync();

        PrometheusExposition.TypeOf(text, "process_resident_memory_bytes").ShouldBe("gauge");
        PrometheusExposition.TypeOf(text, "process_virtual_memory_bytes").ShouldBe("gauge");
        PrometheusExposition.TypeOf(text, "process_cpu_seconds_total").ShouldBe("counter");
        PrometheusExposition.TypeOf(text, "process_start_time_seconds").ShouldBe("gauge");
        var resident = MetricsText.Value(text, "process_resident_memory_bytes");
        resident.ShouldBeInRange(10.0 * 1024 * 1024, 16.0 * 1024 * 1024 * 1024);
        MetricsText.Value(text, "process_virtual_memory_bytes").ShouldBeGreaterThanOrEqualTo(resident);
        var cpu = MetricsText.Value(text, "process_cpu_seconds_total");
        cpu.ShouldBeGreaterThan(0);
        var started = MetricsText.Value(text, "process_start_time_seconds");
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / 1000.0;
        started.ShouldBeInRange(now - 86_400, now);
        // CPU time cannot exceed every core busy since the start (plus rounding).
        cpu.ShouldBeLessThanOrEqualTo(((now - started) * Environment.ProcessorCount) + 1);
    }

    [Fact]
    public async Task Metrics_CpuSeconds_GrowWithWork()
    {
        await using var webhook = await InMemoryWebhook.StartAsync();
        var before = MetricsText.Value(await webhook.MetricsAsync(), "process_cpu_seconds_total");
        var spin = System.Diagnostics.Stopwatch.StartNew();
        while (spin.ElapsedMilliseconds < 50)
        {
        }

        MetricsText.Value(await webhook.MetricsAsync(), "process_cpu_seconds_total").ShouldBeGreaterThan(before);
    }

    [Fact]
    public async Task Metrics_FileDescriptors_OpenWithinTheLimit()
    {
        Assert.SkipUnless(OperatingSystem.IsLinux(), "file descriptor figures come from /proc (Linux only)");
        await using var webhook = await InMemoryWebhook.StartAsync();
        var text = await webhook.MetricsAsync();

        PrometheusExposition.TypeOf(text, "process_open_fds").ShouldBe("gauge");
        PrometheusExposition.TypeOf(text, "process_max_fds").ShouldBe("gauge");
        var open = MetricsText.Value(text, "process_open_fds");
        open.ShouldBeGreaterThanOrEqualTo(3); // at least stdin, stdout, stderr
        open.ShouldBeLessThanOrEqualTo(MetricsText.Value(text, "process_max_fds"));
        open.ShouldBe(Directory.GetFileSystemEntries("/proc/self/fd").Length, tolerance: 50);
    }

    [Fact]
    public async Task Metrics_GarbageCollector_CollectionsAndHeapSizeByGeneration()
    {
        await using var webhook = await InMemoryWebhook.StartAsync();
        GC.Collect();
        var text = await webhook.MetricsAsync();

        PrometheusExposition.TypeOf(text, "dotnet_gc_collections_total").ShouldBe("counter");
        PrometheusExposition.TypeOf(text, "dotnet_gc_last_collection_heap_size_bytes").ShouldBe("gauge");
        // The runtime counts each collection once, under the oldest generation it collected.
        var collections = PrometheusExposition.Samples(text).Where(s => s.Name == "dotnet_gc_collections_total").ToList();
        collections.Select(s => s.Label("gc_heap_generation")).ShouldBe(["gen0", "gen1", "gen2"], ignoreOrder: true);
        MetricsText.Value(text, "dotnet_gc_collections_total{gc_heap_generation=\"gen2\"}").ShouldBeGreaterThanOrEqualTo(1);

        var heap = PrometheusExposition.Samples(text).Where(s => s.Name == "dotnet_gc_last_collection_heap_size_bytes").ToList();
        heap.Select(s => s.Label("gc_heap_generation")).ShouldBe(["gen0", "gen1", "gen2", "loh", "poh"], ignoreOrder: true);
        heap.Sum(s => s.Value).ShouldBeGreaterThan(0);
        MetricsText.Value(text, "dotnet_process_memory_working_set_bytes").ShouldBeGreaterThan(0);
    }

    [Fact]
    public async Task Metrics_ThreadPool_ThreadsAndQueueAreGauges()
    {
        await using var webhook = await InMemoryWebhook.StartAsync();
        var text = await webhook.MetricsAsync();

        // The runtime declares both as counters by mistake; exported as the gauges they are.
        PrometheusExposition.TypeOf(text, "dotnet_thread_pool_thread_count").ShouldBe("gauge");
        PrometheusExposition.TypeOf(text, "dotnet_thread_pool_queue_length").ShouldBe("gauge");
        text.ShouldNotContain("dotnet_thread_pool_queue_length_total");
        MetricsText.Value(text, "dotnet_thread_pool_thread_count").ShouldBeGreaterThanOrEqualTo(1);
        MetricsText.Value(text, "dotnet_thread_pool_queue_length").ShouldBeGreaterThanOrEqualTo(0);
        text.ShouldContain("\ndotnet_thread_pool_queue_length ");
    }
}
