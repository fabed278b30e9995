using k8s.Models;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using RestoreMutator.Webhook.Cluster;
using RestoreMutator.Webhook.Configuration;

namespace RestoreMutator.Webhook.Reports;

/// <summary>
/// Writes each restore's report (SPEC X2): every <see cref="ReportOptions.DrainInterval"/> empties
/// the recorder's queue into the <see cref="ReportBook"/>, and once a tick (a second) writes the
/// restores that changed, each at most every <see cref="ReportOptions.WriteInterval"/>: the
/// ConfigMap, then the Event. A failed write is
/// retried with backoff for <see cref="ReportOptions.RetryFor"/>; a 403 is logged once and pauses
/// writing for <see cref="ReportOptions.ForbiddenPause"/>. Nothing here touches an admission answer:
/// this runs on its own, and every API call is bounded by the lookup timeout.
/// </summary>
internal sealed partial class ReportWriter(
    ReportRecorder recorder, ClusterClient client, SettingsMonitor settings, ReportOptions options, ReportMetrics metrics,
    ReplicaIdentity identity, TimeProvider time, ILogger<ReportWriter> logger) : BackgroundService
{
    private const string ConfigMapTarget = "configmap";
    private const string EventTarget = "event";

    /// <summary>On shutdown the last states get this long to be written (inside the host's shutdown timeout).</summary>
    private static readonly TimeSpan FinalFlushBudget = TimeSpan.FromSeconds(5);

    private readonly ReportBook _book = new(options, identity.Replica);
    private readonly Dictionary<string, DateTimeOffset> _forbiddenUntil = new(StringComparer.Ordinal);
    private readonly HashSet<string> _forbiddenLogged = new(StringComparer.Ordinal);

    /// <summary>Restores tracked now (for tests).</summary>
    internal int Tracked => _book.Count;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // A few wakes a second, whatever the load: the queue is emptied in one go every drain
        // interval, and due reports are written once a tick. Waking per note would cost a wake-up
        // per review; emptying the queue only once a tick kept a second of notes alive, long
        // enough to be promoted into gen1 and gen2 at thousands of reviews a second, which cost
        // more server CPU than applying them (bench/load.sh, docs/performance.md).
        var drainEvery = options.DrainInterval < options.Tick ? options.DrainInterval : options.Tick;
        var drainsPerTick = Math.Max(1, (int)Math.Round(options.Tick / drainEvery));
        using var timer = new PeriodicTimer(drainEvery, time);
        try
        {
            var drains = 0;
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                await DrainAsync(stoppingToken).ConfigureAwait(false);
                if (++drains >= drainsPerTick)
                {
                    drains = 0;
                    await FlushAsync(final: false, stoppingToken).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }

        // Shutdown (SPEC C5): what was counted goes out once more, within a bounded time.
        using var budget = new CancellationTokenSource(FinalFlushBudget, time);
        await DrainAsync(budget.Token).ConfigureAwait(false);
        await FlushAsync(final: true, budget.Token).ConfigureAwait(false);
    }

    private async Task DrainAsync(CancellationToken cancellationToken)
    {
        while (recorder.Notes.TryRead(out var note))
        {
            if (_book.Apply(note) is { } evicted)
            {
                ReportLog.Evicted(logger, evicted.Restore, options.MaxRestores);
                if (evicted.ConfigMapDue)
                {
                    await WriteAsync(evicted, cancellationToken).ConfigureAwait(false);
                }
            }
        }
    }

    private async Task FlushAsync(bool final, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        foreach (var state in _book.States.ToList())
        {
            if (cancellationToken.IsCancellationRequested)
            {
                return;
            }

            var due = state.ConfigMapDue || state.EventMessage != state.Message(identity.Replica, Namespace);
            var rested = state.LastWrite is not { } last || now - last >= options.WriteInterval;
            if (due && (final || (rested && now >= state.NextAttempt)))
            {
                await WriteAsync(state, cancellationToken).ConfigureAwait(false);
            }
        }

        var forgotten = _book.ForgetQuiet(now);
        if (forgotten > 0)
        {
            ReportLog.Forgotten(logger, forgotten);
        }
    }

    private string Namespace => settings.Current.Settings.Velero.Namespace;

    private async Task WriteAsync(RestoreReportState state, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var ns = Namespace;
        if (state.ConfigMapDue)
        {
            if (Paused(ConfigMapTarget, now))
            {
                return;
            }

            var version = state.Version;
            var configMap = ConfigMap(state, ns);
            var written = state.ConfigMapExists
                ? await client.UpdateConfigMapAsync(configMap, cancellationToken).ConfigureAwait(false)
                : await client.ApplyConfigMapAsync(configMap, cancellationToken).ConfigureAwait(false);
            if (!written.Succeeded)
            {
                Failed(state, ConfigMapTarget, written.Reason, written.Detail, now);
                return;
            }

            metrics.CountWrite(ConfigMapTarget, "ok");
            state.ConfigMapExists = true;
            state.WrittenVersion = version;
            state.LastWrite = now;
            Recovered(state, ConfigMapTarget);
        }

        var message = state.Message(identity.Replica, ns);
        if (message == state.EventMessage || Paused(EventTarget, now))
        {
            return;
        }

        var clusterEvent = Event(state, ns, message, state.EventCount + 1, now);
        var sent = await client.ApplyEventAsync(clusterEvent, state.EventExists, cancellationToken).ConfigureAwait(false);
        if (!sent.Succeeded)
        {
            Failed(state, EventTarget, sent.Reason, sent.Detail, now);
            return;
        }

        metrics.CountWrite(EventTarget, "ok");
        state.EventExists = true;
        state.EventCount++;
        state.EventMessage = message;
        state.LastWrite = now;
        Recovered(state, EventTarget);
    }

    private bool Paused(string target, DateTimeOffset now) => _forbiddenUntil.TryGetValue(target, out var until) && now < until;

    private void Failed(RestoreReportState state, string target, string reason, string detail, DateTimeOffset now)
    {
        metrics.CountWrite(target, reason);
        if (reason == "forbidden")
        {
            // RBAC will not change by retrying: log once, pause this kind of write, keep serving.
            _forbiddenUntil[target] = now + options.ForbiddenPause;
            if (_forbiddenLogged.Add(target))
            {
                ReportLog.Forbidden(logger, target, Namespace, detail);
            }

            return;
        }

        if (state.FailingSince is null)
        {
            state.FailingSince = now;
            state.Backoff = options.InitialBackoff;
            ReportLog.WriteFailed(logger, target, state.Restore, reason, detail);
        }
        else if (now - state.FailingSince >= options.RetryFor)
        {
            // Given up on this state; the next counted object makes the report due again.
            metrics.CountWrite(target, "gave_up");
            ReportLog.GaveUp(logger, target, state.Restore, options.RetryFor.TotalMinutes, reason);
            state.WrittenVersion = state.Version;
            state.EventMessage = state.Message(identity.Replica, Namespace);
            state.FailingSince = null;
            state.NextAttempt = now;
            return;
        }
        else
        {
            state.Backoff = TimeSpan.FromTicks(Math.Min(state.Backoff.Ticks * 2, options.MaxBackoff.Ticks));
        }

        state.NextAttempt = now + state.Backoff;
    }

    private void Recovered(RestoreReportState state, string target)
    {
        if (state.FailingSince is not null)
        {
            ReportLog.Recovered(logger, target, state.Restore);
            state.FailingSince = null;
        }

        _forbiddenUntil.Remove(target);

        state.NextAttempt = default;
    }

    private static Dictionary<string, string> Labels(RestoreReportState state) => new(StringComparer.Ordinal)
    {
        [ReportNames.ReportForLabel] = state.Restore,
        [ReportNames.ManagedByLabel] = ReportNames.ManagedByValue,
    };

    private static V1ConfigMap ConfigMap(RestoreReportState state, string ns) => new()
    {
        ApiVersion = "v1",
        Kind = "ConfigMap",
        Metadata = new V1ObjectMeta { Name = state.ResourceName, NamespaceProperty = ns, Labels = Labels(state) },
        Data = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["summary.json"] = state.Builder.SummaryJson(),
            ["objects.jsonl"] = state.Builder.ObjectLines(),
        },
    };

    private Corev1Event Event(RestoreReportState state, string ns, string message, int count, DateTimeOffset now) => new()
    {
        ApiVersion = "v1",
        Kind = "Event",
        Metadata = new V1ObjectMeta { Name = state.ResourceName, NamespaceProperty = ns, Labels = Labels(state) },
        InvolvedObject = new V1ObjectReference
        {
            ApiVersion = "velero.io/v1",
            Kind = "Restore",
            NamespaceProperty = ns,
            Name = state.InvolvedName,
            Uid = state.Uid,
        },
        Reason = "RestoreMutated",
        Type = "Normal",
        Message = message,
        Source = new V1EventSource { Component = ReportNames.ManagedByValue },
        ReportingComponent = ReportNames.ManagedByValue,
        ReportingInstance = identity.PodName.Length <= 128 ? identity.PodName : identity.PodName[..128],
        FirstTimestamp = state.Started.UtcDateTime,
        LastTimestamp = now.UtcDateTime,
        Count = count,
    };
}
