using RestoreMutator.Transforms.Admission;
using RestoreMutator.Transforms.Reports;

namespace RestoreMutator.Webhook.Reports;

/// <summary>
/// The restores this replica keeps a report of, fed by <see cref="ReportWriter"/> only (one
/// thread). Bounded: at most <see cref="ReportOptions.MaxRestores"/> restores, each forgotten
/// after <see cref="ReportOptions.ForgetAfter"/> without a review once its last state is out.
/// </summary>
internal sealed class ReportBook(ReportOptions options, string replica)
{
    private readonly Dictionary<string, RestoreReportState> _states = new(StringComparer.Ordinal);

    public int Count => _states.Count;

    public IEnumerable<RestoreReportState> States => _states.Values;

    public RestoreReportState? Find(string restore) => _states.GetValueOrDefault(restore);

    /// <summary>Counts the note's object; returns the restore that made room for a new one, if any.</summary>
    public RestoreReportState? Apply(ReviewNote note)
    {
        ArgumentNullException.ThrowIfNull(note);
        RestoreReportState? evicted = null;
        if (!_states.TryGetValue(note.Restore, out var state))
        {
            if (_states.Count >= options.MaxRestores)
            {
                evicted = _states.Values.MinBy(s => s.LastReview);
                _states.Remove(evicted!.Restore);
            }

            state = new RestoreReportState(note.Restore, replica, note.At);
            _states.Add(note.Restore, state);
        }

        if (!ReferenceEquals(state.RulesFrom, note.Pipeline))
        {
            // Every operator rule in effect is listed, zero included (SPEC X2).
            state.Builder.Summary.AddRules(ReportRules.InEffect(note.Pipeline));
            state.RulesFrom = note.Pipeline;
            state.Version++;
        }

        if (note.RestoreRead is { } read)
        {
            state.InvolvedName = read.Name;
            state.Uid = read.Uid.Length > 0 ? read.Uid : state.Uid;
        }

        var decision = note.Decision;
        var entry = new ReportObject
        {
            Kind = ReportObject.KindLabel(note.Group, note.Kind),
            Namespace = note.Namespace,
            Name = note.Name,
            Operation = AdmissionReviewParser.OperationName(note.Operation),
            Decision = ReportDecisions.From(decision.Outcome),
            Families = decision.Families,
            Operations = decision.Operations,
            SkipCode = decision.SkipCode,
            Reason = decision.Reason,
            Warnings = decision.Warnings,
        };
        if (state.Builder.Add(entry, note.At))
        {
            state.Version++;
            state.LastReview = note.At;
        }

        return evicted;
    }

    /// <summary>Drops restores quiet for <see cref="ReportOptions.ForgetAfter"/> whose report is written (or given up).</summary>
    public int ForgetQuiet(DateTimeOffset now)
    {
        var quiet = _states.Values.Where(s => now - s.LastReview >= options.ForgetAfter && !s.ConfigMapDue).Select(s => s.Restore).ToList();
        foreach (var restore in quiet)
        {
            _states.Remove(restore);
        }

        return quiet.Count;
    }
}
