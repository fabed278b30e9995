using System.Buffers;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Unicode;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Net.Http.Headers;
using RestoreMutator.Transforms.Admission;
using RestoreMutator.Transforms.Rules;
using RestoreMutator.Webhook.Configuration;
using RestoreMutator.Webhook.Diagnostics;
using RestoreMutator.Webhook.Limits;
using RestoreMutator.Webhook.Lookups;
using RestoreMutator.Webhook.Reports;
using RestoreMutator.Webhook.Tls;

namespace RestoreMutator.Webhook.Admission;

/// <summary>
/// Serves <c>POST /mutate</c> (SPEC A1-A5): transport guard rails, parsing, the rule pipeline and
/// the AdmissionReview answer. Malformed input gets a 4xx with one line of text, never a 500 and
/// never <c>Retry-After</c> (which would make the API server retry up to ten times).
/// </summary>
internal sealed class AdmissionHandler(SettingsMonitor settings, IClusterFactsSource facts, WebhookMetrics metrics, CertificateStore certificates, BodyBudget bodies, ReportRecorder reports, ILogger<AdmissionHandler> logger)
{
    /// <summary>
    /// 7 MiB: an etcd object is at most 1.5 MiB, the API server accepts request bodies of 3 MiB,
    /// and a review carries object and oldObject plus the envelope (controller-runtime http.go).
    /// </summary>
    public const int MaxBodyBytes = 7 * 1024 * 1024;

    /// <summary>The API server's default webhook timeout when the request has no <c>?timeout=</c>.</summary>
    private static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(10);

    public async Task HandleAsync(HttpContext http)
    {
        var started = Stopwatch.GetTimestamp();
        using var inflight = metrics.Begin();
        var request = http.Request;
        if (certificates.RequiresClientCertificate && http.Connection.ClientCertificate is null)
        {
            // The TLS layer refuses untrusted client certificates but lets clients without one in,
            // so kubelet probes and metric scrapes work; only /mutate needs the API server's certificate.
            await RejectAsync(http, StatusCodes.Status403Forbidden, "a client certificate signed by server.tls.clientCAFile is required", started);
            return;
        }

        if (!IsJson(request.ContentType))
        {
            await RejectAsync(http, StatusCodes.Status415UnsupportedMediaType, "content type must be application/json", started);
            return;
        }

        if (request.ContentLength > MaxBodyBytes)
        {
            await RejectAsync(http, StatusCodes.Status413PayloadTooLarge, $"body is larger than {MaxBodyBytes} bytes", started);
            return;
        }

        // One deadline for the whole request, from its arrival: the wait for body memory and the
        // lookups share the API server's ?timeout= (SPEC A1, C7).
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted);
        deadline.CancelAfter(WorkBudget(request.Query["timeout"]));
        BodyLease lease;
        try
        {
            // Without a Content-Length (chunked; the API server always sends one) the largest size is taken.
            lease = await bodies.AcquireAsync(request.ContentLength ?? MaxBodyBytes, deadline.Token);
        }
        catch (OperationCanceledException) when (!http.RequestAborted.IsCancellationRequested)
        {
            await BusyAsync(http);
            return;
        }
        catch (OperationCanceledException)
        {
            return; // The caller went away while waiting: there is nobody to answer.
        }

        using var heldBody = lease;
        RequestBody? body;
        try
        {
            body = await RequestBody.ReadAsync(request.Body, request.ContentLength, MaxBodyBytes, http.RequestAborted);
        }
        catch (BadHttpRequestException e)
        {
            // Kestrel's own framing errors (bad chunked encoding, body over its limit, client too slow).
            await RejectAsync(http, e.StatusCode, "cannot read body: " + FirstLine(e.Message), started);
            return;
        }
        catch (Exception e) when (e is OperationCanceledException or IOException && http.RequestAborted.IsCancellationRequested)
        {
            // The caller went away (timeout or disconnect): there is nobody to answer.
            return;
        }

        using var owned = body;
        if (body is null)
        {
            await RejectAsync(http, StatusCodes.Status413PayloadTooLarge, $"body is larger than {MaxBodyBytes} bytes", started);
            return;
        }

        if (body.Length == 0)
        {
            await RejectAsync(http, StatusCodes.Status400BadRequest, "body is empty; expected an AdmissionReview", started);
            return;
        }

        var json = WithoutBom(body.Memory);
        if (!Utf8.IsValid(json.Span))
        {
            // System.Text.Json checks string contents only when they are read, which would turn a
            // bad byte deep in an object into an error halfway through the rules. The API server
            // (Go) never sends invalid UTF-8; refuse it up front.
            await RejectAsync(http, StatusCodes.Status400BadRequest, "body is not valid UTF-8", started);
            return;
        }

        if (JsonEscapes.HasLoneSurrogate(json.Span))
        {
            // Valid JSON that System.Text.Json cannot read as a string; Go never writes it (found by fuzz/).
            await RejectAsync(http, StatusCodes.Status400BadRequest, "body has a \\u escape of a lone UTF-16 surrogate", started);
            return;
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, AdmissionReviewParser.DocumentOptions);
        }
        catch (JsonException e)
        {
            await RejectAsync(http, StatusCodes.Status400BadRequest, "body is not valid JSON: " + FirstLine(e.Message), started);
            return;
        }

        using (document)
        {
            if (!AdmissionReviewParser.TryParse(document.RootElement, out var review, out var error))
            {
                await RejectAsync(http, StatusCodes.Status400BadRequest, error, started);
                return;
            }

            var (decision, plan, requestFacts, pipeline) = await DecideAsync(review.Request, http, deadline.Token);
            await WriteAsync(http, review, decision);
            metrics.Reviewed(review.Request, decision, started);
            LogSummary(review.Request, decision, started);
            if (plan is not null)
            {
                // After the answer, and only a queue write: the report never delays or fails it (SPEC X2).
                reports.Record(plan, requestFacts, decision, pipeline);
            }
        }
    }

    /// <summary>The decision, with the plan and facts it came from (null when planning itself failed) for the report.</summary>
    private async Task<(AdmissionDecision Decision, RequestPlan? Plan, ClusterFacts? Facts, MutationPipeline Pipeline)> DecideAsync(
        AdmissionRequest request, HttpContext http, CancellationToken deadline)
    {
        var config = settings.Current;
        RequestPlan? plan = null;
        ClusterFacts? requestFacts = null;
        try
        {
            plan = config.Pipeline.Plan(request);
            requestFacts = plan.InScope ? await facts.GetAsync(plan, config, deadline) : plan.StaticFacts;
            var decision = config.Pipeline.Run(plan, requestFacts);
            return (decision, plan, requestFacts, InForce(config.Pipeline, decision));
        }
        catch (Exception e) when (!http.RequestAborted.IsCancellationRequested)
        {
            // SPEC A4: a bug on one request is answered (visible in the restore result), logged with the uid, and counted.
            AdmissionLog.Failed(logger, request.Uid, request.Kind.Kind, request.Namespace, request.Name, e);
            var error = AdmissionDecision.Error($"restore-mutator internal error on {request.Kind.Kind} {request.DisplayName}: {Transforms.Diagnostics.SafeText.Sanitize(e.Message, 200)}");
            return (error, plan, requestFacts, config.Pipeline);
        }
    }

    /// <summary>The pipeline whose rules decided <paramref name="decision"/>: its profile's (X1), else the base.</summary>
    private static MutationPipeline InForce(MutationPipeline pipeline, AdmissionDecision decision)
    {
        if (decision.Profile.Length > 0)
        {
            foreach (var profile in pipeline.Profiles)
            {
                if (profile.Name == decision.Profile)
                {
                    return profile.Pipeline;
                }
            }
        }

        return pipeline;
    }

    /// <summary>
    /// The work budget from the API server's <c>?timeout=Ns</c>: the remaining deadline minus a
    /// margin for writing the answer and the network, so lookups give up before the caller does.
    /// </summary>
    internal static TimeSpan WorkBudget(string? timeoutParameter)
    {
        var timeout = DefaultTimeout;
        if (timeoutParameter is { Length: > 1 } text && text[^1] == 's'
            && int.TryParse(text.AsSpan(0, text.Length - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) && seconds is > 0 and <= 30)
        {
            timeout = TimeSpan.FromSeconds(seconds);
        }

        var margin = TimeSpan.FromMilliseconds(Math.Max(250, timeout.TotalMilliseconds * 0.2));
        return timeout - margin;
    }

    private static async Task WriteAsync(HttpContext http, AdmissionReview review, AdmissionDecision decision)
    {
        using var buffer = new Transforms.Buffers.PooledBufferWriter();
        AdmissionResponseWriter.Write(buffer, review.ApiVersion, review.Request.Uid, decision);

        http.Response.StatusCode = StatusCodes.Status200OK;
        http.Response.ContentType = "application/json";
        http.Response.ContentLength = buffer.WrittenCount;
        await http.Response.Body.WriteAsync(buffer.WrittenMemory, http.RequestAborted);
    }

    /// <summary>
    /// The request waited for body memory until its deadline (SPEC C7). HTTP 503 without
    /// <c>Retry-After</c> (which would make the API server retry up to ten times): the call fails
    /// once, and the webhook's failurePolicy decides, as for any unavailable webhook. An allowed
    /// answer without patch would silently skip the rewrites instead.
    /// </summary>
    private async Task BusyAsync(HttpContext http)
    {
        var reason = $"restore-mutator is busy: request bodies in memory reached the budget ({bodies.Capacity / (1024 * 1024)} MiB) until this request's deadline";
        AdmissionLog.BodyBudgetTimedOut(logger, bodies.Capacity / (1024 * 1024));
        http.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        http.Response.ContentType = "text/plain; charset=utf-8";
        await http.Response.WriteAsync(reason + "\n", http.RequestAborted);
    }

    private async Task RejectAsync(HttpContext http, int statusCode, string reason, long started)
    {
        AdmissionLog.RejectedInput(logger, statusCode, reason);
        metrics.Rejected(statusCode, started);
        http.Response.StatusCode = statusCode;
        http.Response.ContentType = "text/plain; charset=utf-8";
        await http.Response.WriteAsync(reason + "\n", http.RequestAborted);
    }

    private void LogSummary(AdmissionRequest request, AdmissionDecision decision, long started)
    {
        if (!logger.IsEnabled(LogLevel.Information))
        {
            return;
        }

        var elapsed = (long)Stopwatch.GetElapsedTime(started).TotalMicroseconds;
        foreach (var warning in decision.Warnings)
        {
            AdmissionLog.Warning(logger, request.Uid, request.Kind.Kind, request.Namespace, request.Name, warning);
        }

        var operation = AdmissionReviewParser.OperationName(request.Operation);
        var families = string.Join(',', decision.Families);
        var rules = string.Join(',', decision.AppliedRules);
        var skipCode = decision.SkipCode.Length > 0 ? decision.SkipCode : null;
        var outcome = OutcomeName(decision.Outcome);
        var profile = decision.Profile.Length > 0 ? decision.Profile : null;
        AdmissionLog.Reviewed(logger, request.Uid, request.Kind.Kind, request.Namespace, request.Name, operation,
            request.DryRun, outcome, decision.Operations.Count, families, rules, elapsed, skipCode, decision.Warnings.Count, profile);
    }

    /// <summary>The lower-case outcome used in logs and metrics.</summary>
    public static string OutcomeName(AdmissionOutcome outcome) => Outcomes.Name(outcome);

    /// <summary>
    /// Drops a UTF-8 byte order mark: RFC 8259 lets parsers ignore it, and refusing a review over
    /// an invisible prefix helps nobody (the API server itself never sends one).
    /// </summary>
    private static ReadOnlyMemory<byte> WithoutBom(ReadOnlyMemory<byte> body) =>
        body.Span.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]) ? body[3..] : body;

    private static bool IsJson(string? contentType) =>
        contentType is not null && MediaTypeHeaderValue.TryParse(contentType, out var parsed)
        && string.Equals(parsed.MediaType.Value, "application/json", StringComparison.OrdinalIgnoreCase);

    private static string FirstLine(string text)
    {
        var newline = text.IndexOfAny(['\r', '\n']);
        return Transforms.Diagnostics.SafeText.Sanitize(newline < 0 ? text : text[..newline], 200);
    }
}
