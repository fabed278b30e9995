using System.Text.Json;
using System.Threading.Channels;
using RestoreMutator.Transforms.Admission;
using RestoreMutator.Transforms.Rules;
using RestoreMutator.Webhook.Configuration;

namespace RestoreMutator.Webhook.Reports;

/// <summary>
/// Takes note of each answered review for the restore report (SPEC X2), off the request path: a
/// note goes into a bounded queue that <see cref="ReportWriter"/> empties, and when the queue is
/// full the review is left out of the report (counted), never waited for. Only restored objects
/// (the plan names a restore), never <c>dryRun</c> requests (S4: the webhook declares
/// <c>sideEffects: NoneOnDryRun</c>), and only while the report is on: <c>report.enabled</c>, cluster
/// lookups on, and credentials found at startup.
/// </summary>
internal sealed class ReportRecorder
{
    private readonly Channel<ReviewNote> _queue;
    private readonly SettingsMonitor _settings;
    private readonly ReportMetrics _metrics;
    private readonly TimeProvider _time;

    public ReportRecorder(SettingsMonitor settings, ReportOptions options, ReportMetrics metrics, TimeProvider time, bool clusterReachable)
    {
        ArgumentNullException.ThrowIfNull(options);
        _settings = settings;
        _metrics = metrics;
        _time = time;
        ClusterReachable = clusterReachable;
        _queue = Channel.CreateBounded<ReviewNote>(new BoundedChannelOptions(options.QueueCapacity)
        {
            // Wait mode makes TryWrite say "full" instead of dropping silently; nobody ever waits.
            FullMode = BoundedChannelFullMode.Wait,
            SingleReader = true,
            SingleWriter = false,
        });
    }

    /// <summary>Whether credentials were found at startup (the writer runs only then).</summary>
    public bool ClusterReachable { get; }

    /// <summary>Whether reviews are recorded now: credentials, <c>lookups</c> not off and <c>report.enabled</c> (both follow reloads).</summary>
    public bool Active => ClusterReachable && _settings.Current.Settings is { Lookups: not LookupMode.Off, Report.Enabled: true };

    internal ChannelReader<ReviewNote> Notes => _queue.Reader;

    /// <summary>
    /// Notes the answer to <paramref name="plan"/>'s request. Called after the answer is written;
    /// never throws and never blocks. Only CREATEs count: see README "Reading a restore report".
    /// </summary>
    public void Record(RequestPlan plan, ClusterFacts? facts, AdmissionDecision decision, MutationPipeline pipeline)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var request = plan.Request;
        // An object's CREATE decides its entry (X2). The UPDATE Velero sends after a create often
        // reaches another replica, and restored objects keep the restore label for good, so later
        // UPDATEs by users and controllers are no part of the restore: UPDATEs never count.
        if (request.DryRun || request.Operation != AdmissionOperation.Create || !plan.InScope || plan.RestoreName.Length == 0 || !Active)
        {
            return;
        }

        var note = new ReviewNote(
            plan.RestoreName, request.Kind.Group, request.Kind.Kind, plan.Namespace, NameOf(request), request.Operation,
            NotedDecision.From(decision), facts?.Restore, pipeline, _time.GetUtcNow());
        if (!_queue.Writer.TryWrite(note))
        {
            _metrics.CountDropped();
        }
    }

    /// <summary>The request's name, else the object's <c>metadata.name</c> (read now, while the document is alive).</summary>
    private static string NameOf(AdmissionRequest request)
    {
        if (request.Name.Length > 0)
        {
            return request.Name;
        }

        return request.Object.ValueKind == JsonValueKind.Object && request.Object.TryGetProperty("metadata", out var metadata)
            && metadata.ValueKind == JsonValueKind.Object && metadata.TryGetProperty("name", out var name) && name.ValueKind == JsonValueKind.String
            ? name.GetString()!
            : string.Empty;
    }
}
