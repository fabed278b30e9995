using System.Collections.Frozen;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using RestoreMutator.Transforms.Admission;
using RestoreMutator.Webhook.Configuration;
using RestoreMutator.Webhook.Tls;

namespace RestoreMutator.Webhook.Diagnostics;

/// <summary>
/// The webhook's instruments on the <see cref="MeterName"/> meter (SPEC C3). Label values come
/// from small fixed sets (cached strings), so recording allocates nothing on the hot path; the
/// <c>kind</c> label is the request's kind only when a rule handles it, else <c>other</c>, so a
/// caller cannot create series at will.
/// </summary>
internal sealed class WebhookMetrics : IDisposable
{
    /// <summary>The meter every restore-mutator instrument lives on; <see cref="MetricsCollector"/> exports all of them.</summary>
    public const string MeterName = "RestoreMutator";

    /// <summary>The <c>kind</c>/<c>operation</c> label of requests rejected before they could be read.</summary>
    public const string Unknown = "unknown";

    /// <summary>Fine latency buckets: the API server's own start at 5 ms, too coarse for a sub-ms webhook.</summary>
    public static readonly double[] DurationBuckets = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];

    private static readonly FrozenDictionary<AdmissionOperation, string> OperationNames = new Dictionary<AdmissionOperation, string>
    {
        [AdmissionOperation.Create] = "CREATE",
        [AdmissionOperation.Update] = "UPDATE",
        [AdmissionOperation.Delete] = "DELETE",
        [AdmissionOperation.Connect] = "CONNECT",
    }.ToFrozenDictionary();

    /// <summary>Status codes whose label is cached (others are formatted when they happen).</summary>
    private static readonly int[] RejectionCodes = [400, 403, 408, 411, 413, 415, 431];

    private static readonly KeyValuePair<string, object?> Success = new("result", "success");
    private static readonly KeyValuePair<string, object?> Failure = new("result", "failure");

    private readonly SettingsMonitor _settings;
    private readonly CertificateStore _certificates;
    private readonly Counter<long> _requests;
    private readonly Histogram<double> _duration;
    private readonly Counter<long> _patchOperations;
    private readonly Counter<long> _skips;
    private readonly Counter<long> _missingStorageClasses;
    private readonly Counter<long> _profileReviews;
    private readonly Counter<long> _unknownProfiles;
    private readonly Counter<long> _ruleApplications;
    private readonly Counter<long> _badRequests;
    private readonly Counter<long> _configReloads;
    private readonly Counter<long> _certificateReloads;
    private readonly UpDownCounter<long> _inflight;
    private readonly FrozenDictionary<int, KeyValuePair<string, object?>> _codeTags;

    public WebhookMetrics(IMeterFactory meterFactory, SettingsMonitor settings, CertificateStore certificates)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        _settings = settings;
        _certificates = certificates;
        var meter = meterFactory.Create(MeterName);
        _requests = meter.CreateCounter<long>("restore_mutator_admission_requests_total", description:
            "Admission requests by kind, operation and outcome (patched, unchanged, skipped, error, rejected).");
        _duration = meter.CreateHistogram("restore_mutator_admission_duration_seconds", "s",
            "Time from reading the request to writing the answer of POST /mutate.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = DurationBuckets });
        _patchOperations = meter.CreateCounter<long>("restore_mutator_patch_operations_total", description:
            "JSON patch operations sent, by kind.");
        _skips = meter.CreateCounter<long>("restore_mutator_skips_total", description:
            "Objects skipped (answered allowed=false on CREATE), by reason code.");
        _missingStorageClasses = meter.CreateCounter<long>("restore_mutator_missing_storage_classes_total", description:
            "Restored claims (PVC, PV, StatefulSet claim template) naming a storage class the destination lacks (V4), by class.");
        _profileReviews = meter.CreateCounter<long>("restore_mutator_profile_reviews_total", description:
            "Reviews of restored objects decided under a profile (X1), by profile and outcome.");
        _unknownProfiles = meter.CreateCounter<long>("restore_mutator_unknown_profile_reviews_total", description:
            "Reviews whose Restore names a profile the configuration does not have (annotation restore-mutator.io/profile); the base configuration applied.");
        _ruleApplications = meter.CreateCounter<long>("restore_mutator_rule_applications_total", description:
            "Objects an operator rule (U) changed or skipped, by rule name (from the configuration) and effect (changed, skipped).");
        _badRequests = meter.CreateCounter<long>("restore_mutator_bad_requests_total", description:
            "Requests to /mutate refused before review (400 unreadable, 403 no client certificate under mTLS, 413 too large, 415 content type), by HTTP status.");
        _configReloads = meter.CreateCounter<long>("restore_mutator_config_reloads_total", description:
            "Configuration file changes: success (taken) or failure (rejected, last good kept).");
        _certificateReloads = meter.CreateCounter<long>("restore_mutator_certificate_reloads_total", description:
            "Serving certificate changes: success (now served) or failure (rejected, last good kept).");
        _inflight = meter.CreateUpDownCounter<long>("restore_mutator_inflight_requests", description:
            "Admission requests being processed.");
        meter.CreateObservableGauge("restore_mutator_certificate_expiry_timestamp_seconds", ObserveExpiry, "s",
            "Expiry (notAfter) of the serving certificate in force, as a Unix timestamp.");
        _codeTags = RejectionCodes.ToFrozenDictionary(code => code, code => new KeyValuePair<string, object?>("code", code.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        settings.Reloaded += OnConfigReloaded;
        certificates.Reloaded += OnCertificateReloaded;
    }

    /// <summary>Marks a request as started; dispose the result when it ends.</summary>
    public InflightScope Begin()
    {
        _inflight.Add(1);
        return new InflightScope(_inflight);
    }

    /// <summary>Records an answered review.</summary>
    public void Reviewed(AdmissionRequest request, AdmissionDecision decision, long startedTimestamp)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(decision);
        var kind = KindLabel(request);
        var tags = new TagList
        {
            { "kind", kind },
            { "operation", OperationNames.GetValueOrDefault(request.Operation, Unknown) },
            { "outcome", Outcomes.Name(decision.Outcome) },
        };
        _requests.Add(1, tags);
        _duration.Record(Stopwatch.GetElapsedTime(startedTimestamp).TotalSeconds);
        if (decision.Operations.Count > 0)
        {
            _patchOperations.Add(decision.Operations.Count, new KeyValuePair<string, object?>("kind", kind));
        }

        if (decision.Outcome == AdmissionOutcome.Skipped)
        {
            _skips.Add(1, new KeyValuePair<string, object?>("reason", decision.SkipCode.Length > 0 ? decision.SkipCode : Unknown));
        }

        // X1: the profile label is a configured profile's name (the decision never carries another),
        // so its values are bounded by the configuration; an unknown name from a Restore is only counted.
        if (decision.Profile.Length > 0)
        {
            _profileReviews.Add(1, new KeyValuePair<string, object?>("profile", decision.Profile), new KeyValuePair<string, object?>("outcome", Outcomes.Name(decision.Outcome)));
        }

        if (decision.UnknownProfile)
        {
            _unknownProfiles.Add(1);
        }

        // Rule names come from the configuration, so the series are bounded by it.
        var rules = decision.AppliedRules;
        for (var i = 0; i < rules.Count; i++)
        {
            _ruleApplications.Add(1, new TagList { { "rule", rules[i] }, { "effect", decision.Outcome == AdmissionOutcome.Skipped ? "skipped" : "changed" } });
        }

        // V4: the class comes from the object, but only classes the destination was asked about and
        // lacks get here (CREATE, lookups on), and the exporter caps the series per metric.
        var missing = decision.MissingStorageClasses;
        for (var i = 0; i < missing.Count; i++)
        {
            _missingStorageClasses.Add(1, new KeyValuePair<string, object?>("storage_class", missing[i]));
        }
    }

    /// <summary>Records a request refused with a 4xx before it could be reviewed.</summary>
    public void Rejected(int statusCode, long startedTimestamp)
    {
        var code = _codeTags.TryGetValue(statusCode, out var cached)
            ? cached
            : new KeyValuePair<string, object?>("code", statusCode.ToString(System.Globalization.CultureInfo.InvariantCulture));
        _badRequests.Add(1, code);
        _requests.Add(1, new TagList { { "kind", Unknown }, { "operation", Unknown }, { "outcome", Outcomes.Rejected } });
        _duration.Record(Stopwatch.GetElapsedTime(startedTimestamp).TotalSeconds);
    }

    public void Dispose()
    {
        _settings.Reloaded -= OnConfigReloaded;
        _certificates.Reloaded -= OnCertificateReloaded;
    }

    /// <summary>The request's kind when the pipeline in force handles it; <c>other</c> otherwise (bounded cardinality).</summary>
    private string KindLabel(AdmissionRequest request) =>
        _settings.Current.Pipeline.Handles(request.Kind.GroupKind) ? request.Kind.Kind : "other";

    private void OnConfigReloaded(bool ok) => _configReloads.Add(1, ok ? Success : Failure);

    private void OnCertificateReloaded(bool ok) => _certificateReloads.Add(1, ok ? Success : Failure);

    private IEnumerable<Measurement<double>> ObserveExpiry()
    {
        var current = _certificates.Current;
        return current is null
            ? []
            : [new Measurement<double>(new DateTimeOffset(current.Leaf.NotAfter.ToUniversalTime()).ToUnixTimeSeconds())];
    }
}
