using System.Diagnostics.Metrics;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging.Abstractions;
using RestoreMutator.Transforms.Admission;
using RestoreMutator.Transforms.Reports;
using RestoreMutator.Transforms.Rules;
using RestoreMutator.Webhook.Configuration;
using RestoreMutator.Webhook.Reports;
using RestoreMutator.Webhook.Tests.Lookups.Support;
using RestoreMutator.Webhook.Tests.Support;
using Shouldly;

namespace RestoreMutator.Webhook.Tests.Reports;

/// <summary>
/// What reaches the report (SPEC X2): restored objects' CREATEs only, never dry runs, only while
/// the report is on; the queue never waits; and the book's bounds (restores tracked, forgetting).
/// </summary>
public sealed class ReportRecorderTests : IDisposable
{
    private const string Config = """
        lookups: auto
        server: {tls: {certFile: "", keyFile: ""}}
        velero: {namespace: openshift-adp}
        """;

    private readonly ManualClock _clock = new();
    private readonly MeterFactory _meters = new();

    public void Dispose() => _meters.Dispose();

    [Theory]
    [InlineData("CREATE", false, true, true)]
    [InlineData("UPDATE", false, true, false)]
    [InlineData("CREATE", true, true, false)]
    [InlineData("CREATE", false, false, false)]
    public void Record_Review_QueuedOnlyForARestoredObjectsCreateWithoutDryRun(string operation, bool dryRun, bool restored, bool queued)
    {
        var (recorder, monitor) = Recorder(Config);

        Record(recorder, monitor, Reviews.Review(Reviews.Deployment(restored), operation: operation, dryRun: dryRun));

        recorder.Notes.TryRead(out var note).ShouldBe(queued);
        if (queued)
        {
            note!.Restore.ShouldBe("nightly-20261120");
            note.Name.ShouldBe("web");
            note.Namespace.ShouldBe("shop");
            note.Decision.Outcome.ShouldBe(AdmissionOutcome.Patched);
            note.Decision.Operations.ShouldBeGreaterThan(0);
        }
    }

    [Fact]
    public void ReviewNote_HoldsNoPatchOperations()
    {
        // A note waits up to a tick for the writer: holding the answer's patch (paths, JSON values)
        // kept kilobytes per review alive past young collections, the report's main CPU cost under load.
        var members = typeof(ReviewNote).GetProperties().Concat(typeof(NotedDecision).GetProperties()).Select(p => p.PropertyType).ToList();

        members.ShouldNotContain(typeof(AdmissionDecision));
        members.ShouldNotContain(typeof(IReadOnlyList<Transforms.Patching.PatchOperation>));
    }

    [Theory]
    [InlineData(Config + "\nreport: {enabled: false}\n", true)]
    [InlineData("lookups: off\nserver: {tls: {certFile: \"\", keyFile: \"\"}}\n", true)]
    [InlineData(Config, false)]
    public void Record_ReportOffOrNoCluster_QueuesNothing(string yaml, bool clusterReachable)
    {
        var (recorder, monitor) = Recorder(yaml, clusterReachable);

        Record(recorder, monitor, Reviews.Review(Reviews.Deployment()));

        recorder.Active.ShouldBeFalse();
        recorder.Notes.TryRead(out _).ShouldBeFalse();
    }

    [Fact]
    public void Record_QueueFull_DropsAndCountsWithoutWaiting()
    {
        var (recorder, monitor) = Recorder(Config, options: new ReportOptions { QueueCapacity = 2 });
        using var capture = new MetricCapture(_meters.Created.Single());

        for (var i = 0; i < 5; i++)
        {
            Record(recorder, monitor, Reviews.Review(Named(Reviews.Deployment(), $"web-{i}")));
        }

        capture.Sum(ReportMetrics.DroppedName).ShouldBe(3);
        recorder.Notes.Count.ShouldBe(2);
    }

    [Fact]
    public void Apply_MoreRestoresThanTheCap_ForgetsTheQuietest()
    {
        var book = new ReportBook(new ReportOptions { MaxRestores = 2 }, "abcde");
        var pipeline = RuleCatalog.CreatePipeline(new Transforms.Configuration.MutationSettings());

        book.Apply(Note("first", "a", pipeline)).ShouldBeNull();
        _clock.Advance(TimeSpan.FromSeconds(1));
        book.Apply(Note("second", "a", pipeline)).ShouldBeNull();
        _clock.Advance(TimeSpan.FromSeconds(1));
        book.Apply(Note("first", "b", pipeline)).ShouldBeNull();
        _clock.Advance(TimeSpan.FromSeconds(1));
        var evicted = book.Apply(Note("third", "a", pipeline));

        evicted!.Restore.ShouldBe("second");
        book.States.Select(s => s.Restore).Order().ShouldBe(["first", "third"]);
        book.Find("first")!.Builder.Objects.ShouldBe(2);
    }

    [Fact]
    public void ForgetQuiet_AfterAnHour_DropsOnlyWrittenRestores()
    {
        var book = new ReportBook(ReportOptions.Default, "abcde");
        var pipeline = RuleCatalog.CreatePipeline(new Transforms.Configuration.MutationSettings());
        book.Apply(Note("written", "a", pipeline));
        book.Apply(Note("pending", "a", pipeline));
        var written = book.Find("written")!;
        written.WrittenVersion = written.Version;

        book.ForgetQuiet(_clock.GetUtcNow() + TimeSpan.FromMinutes(59)).ShouldBe(0);
        book.ForgetQuiet(_clock.GetUtcNow() + TimeSpan.FromHours(1)).ShouldBe(1);

        book.States.Select(s => s.Restore).ShouldBe(["pending"]);
    }

    [Fact]
    public void Apply_RestoreReadAndOperatorRules_NameTheEventsObjectAndListRulesWithZero()
    {
        var book = new ReportBook(ReportOptions.Default, "abcde");
        var pipeline = new MutationPipeline(new Transforms.Configuration.MutationSettings(), [new OperatorRule()]);
        var restore = new RestoreFacts { Name = "a-restore-name-longer-than-sixty-three-characters-which-velero-hashes", Uid = "uid-1" };

        book.Apply(Note("a-restore-name-longer-than-sixty-three-characters-which-ve1a2b3c", "a", pipeline) with { RestoreRead = restore });

        var state = book.States.Single();
        state.InvolvedName.ShouldBe(restore.Name);
        state.Uid.ShouldBe("uid-1");
        state.Builder.Summary.Rules.ShouldBe(new SortedDictionary<string, int>(StringComparer.Ordinal) { ["standby"] = 0 });
        state.Message("abcde", "velero").ShouldStartWith("restore-mutator abcde: 0 changed, 0 skipped, 1 unchanged, 0 warnings");
    }

    private ReviewNote Note(string restore, string name, MutationPipeline pipeline) =>
        new(restore, "apps", "Deployment", "shop", name, AdmissionOperation.Create, NotedDecision.From(AdmissionDecision.Allow()), null, pipeline, _clock.GetUtcNow());

    private (ReportRecorder Recorder, SettingsMonitor Monitor) Recorder(string yaml, bool clusterReachable = true, ReportOptions? options = null)
    {
        var settings = WebhookSettingsLoader.Load(yaml);
        settings.Errors.ShouldBeEmpty();
        var monitor = new SettingsMonitor(ConfigSnapshot.Create(settings.Settings!, "test"), null, NullLogger<SettingsMonitor>.Instance);
        return (new ReportRecorder(monitor, options ?? ReportOptions.Default, new ReportMetrics(_meters), _clock, clusterReachable), monitor);
    }

    private static void Record(ReportRecorder recorder, SettingsMonitor monitor, JsonObject review)
    {
        using var document = JsonDocument.Parse(review.ToJsonString());
        AdmissionReviewParser.TryParse(document.RootElement, out var parsed, out var error).ShouldBeTrue(error);
        var pipeline = monitor.Current.Pipeline;
        var plan = pipeline.Plan(parsed.Request);
        var facts = pipeline.StaticFacts with { DestinationRegistry = "image-registry.openshift-image-registry.svc:5000" };
        recorder.Record(plan, facts, pipeline.Run(plan, facts), pipeline);
    }

    private static JsonObject Named(JsonObject obj, string name)
    {
        obj["metadata"]!["name"] = name;
        return obj;
    }

    private sealed class OperatorRule : IMutationRule
    {
        public string Family => ReportRules.FamilyPrefix + "standby";

        public IReadOnlyCollection<ResourceKind> Kinds => [KnownKinds.Deployment];

        public void Apply(MutationContext context)
        {
        }
    }

    /// <summary>A meter factory whose meters a test can listen to.</summary>
    private sealed class MeterFactory : IMeterFactory
    {
        public List<Meter> Created { get; } = [];

        public Meter Create(MeterOptions options)
        {
            var meter = new Meter(options);
            Created.Add(meter);
            return meter;
        }

        public void Dispose()
        {
            foreach (var meter in Created)
            {
                meter.Dispose();
            }
        }
    }
}
