using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using RestoreMutator.Webhook.Admission;
using RestoreMutator.Webhook.Tests.Support;
using Shouldly;

namespace RestoreMutator.Webhook.Tests.Admission;

/// <summary>
/// Hostile and broken bodies on POST /mutate (SPEC A3): never a 5xx, never a crash (a good review
/// is served right after), a one-line reason, never <c>Retry-After</c>. Objects with odd but valid
/// JSON are processed (200); unreadable envelopes are refused with 400, oversize bodies 413,
/// wrong content types 415.
/// </summary>
[Collection(MemoryMeasurement.Name)]
public class HostileInputTests : IAsyncLifetime
{
    private const string Json = "application/json";

    // Internal: the small bodies are also the admission fuzz target's seeds (Fuzz/HostileSeedTests).
    internal static readonly Dictionary<string, HostileCase> Cases = new()
    {
        // Not JSON, or not all of it.
        ["empty body"] = new(() => [], Json, 400),
        ["whitespace only"] = new(() => Bytes("  \n\t "), Json, 400),
        ["not json"] = new(() => Bytes("hello, webhook"), Json, 400),
        ["truncated envelope"] = new(() => Bytes("{\"apiVersion\":\"admission.k8s.io/v1\",\"kind\":\"Adm"), Json, 400),
        ["truncated review"] = new(() => Good()[..(Good().Length / 2)], Json, 400),
        ["trailing garbage"] = new(() => [.. Good(), .. Bytes(" }{")], Json, 400),
        ["comments"] = new(() => Bytes("/* hi */") .Concat(Good()).ToArray(), Json, 400),
        ["trailing comma"] = new(() => Bytes(GoodText()[..^1] + ",}"), Json, 400),
        ["NaN literal"] = new(() => Bytes(GoodText().Replace("\"replicas\":2", "\"replicas\":NaN", StringComparison.Ordinal)), Json, 400),
        ["raw control character in string"] = new(() => Bytes(GoodText().Replace("\"app\":\"web\"", "\"app\":\"w\u0001eb\"", StringComparison.Ordinal)), Json, 400),
        ["invalid utf-8 in uid"] = new(() => Splice(GoodText(), "6b2d3b5e", [0xC3, 0x28]), Json, 400),
        ["invalid utf-8 lone 0xff in object"] = new(() => Splice(GoodText(), "nightly-20261120", [0xFF]), Json, 400),
        // Found by fuzz/: well-formed JSON escapes that System.Text.Json cannot read as strings.
        ["lone surrogate escape in uid"] = new(() => Bytes(GoodText().Replace("6b2d3b5e", "\\ud800", StringComparison.Ordinal)), Json, 400),
        ["lone low surrogate escape in restore label"] = new(() => Bytes(GoodText().Replace("nightly-20261120", "\\udc00x", StringComparison.Ordinal)), Json, 400),
        ["utf-16 body"] = new(() => Encoding.Unicode.GetBytes(GoodText()), Json, 400),
        ["duplicate key in envelope"] = new(() => Bytes(GoodText().Replace("\"uid\":", "\"uid\":\"first\",\"uid\":", StringComparison.Ordinal)), Json, 400),
        ["duplicate key in object"] = new(() => Bytes(GoodText().Replace("\"replicas\":2", "\"replicas\":2,\"replicas\":3", StringComparison.Ordinal)), Json, 400),
        ["10000-deep objects in object"] = new(() => Bytes(GoodText().Replace("\"replicas\":2", "\"replicas\":" + Deep(10_000, '{', '}', "\"a\":"), StringComparison.Ordinal)), Json, 400),
        ["10000-deep arrays at root"] = new(() => Bytes(new string('[', 10_000) + new string(']', 10_000)), Json, 400),
        // Valid JSON, wrong shape.
        ["json array"] = new(() => Bytes("[" + GoodText() + "]"), Json, 400),
        ["json string"] = new(() => Bytes("\"AdmissionReview\""), Json, 400),
        ["json null"] = new(() => Bytes("null"), Json, 400),
        ["json number"] = new(() => Bytes("1e400"), Json, 400),
        ["wrong apiVersion"] = new(() => Envelope(r => r["apiVersion"] = "admission.k8s.io/v2"), Json, 400),
        ["apiVersion number"] = new(() => Envelope(r => r["apiVersion"] = 1), Json, 400),
        ["wrong kind"] = new(() => Envelope(r => r["kind"] = "Pod"), Json, 400),
        ["kind array"] = new(() => Envelope(r => r["kind"] = new JsonArray()), Json, 400),
        ["no request"] = new(() => Envelope(r => r.Remove("request")), Json, 400),
        ["request null"] = new(() => Envelope(r => r["request"] = null), Json, 400),
        ["request string"] = new(() => Envelope(r => r["request"] = "CREATE"), Json, 400),
        ["no uid"] = new(() => Request(q => q.Remove("uid")), Json, 400),
        ["empty uid"] = new(() => Request(q => q["uid"] = ""), Json, 400),
        ["uid number"] = new(() => Request(q => q["uid"] = 42), Json, 400),
        ["missing request.kind"] = new(() => Request(q => q.Remove("kind")), Json, 400),
        ["request.kind string"] = new(() => Request(q => q["kind"] = "Deployment"), Json, 400),
        ["request.kind.kind number"] = new(() => Request(q => q["kind"]!["kind"] = 7), Json, 400),
        ["request.kind.version missing"] = new(() => Request(q => q["kind"]!.AsObject().Remove("version")), Json, 400),
        ["missing request.resource"] = new(() => Request(q => q.Remove("resource")), Json, 400),
        ["resource.resource bool"] = new(() => Request(q => q["resource"]!["resource"] = true), Json, 400),
        ["operation number"] = new(() => Request(q => q["operation"] = 1), Json, 400),
        ["unknown operation"] = new(() => Request(q => q["operation"] = "PATCH"), Json, 400),
        ["lower-case operation"] = new(() => Request(q => q["operation"] = "create"), Json, 400),
        ["dryRun string"] = new(() => Request(q => q["dryRun"] = "true"), Json, 400),
        ["namespace object"] = new(() => Request(q => q["namespace"] = new JsonObject()), Json, 400),
        ["name number"] = new(() => Request(q => q["name"] = 3), Json, 400),
        ["subResource bool"] = new(() => Request(q => q["subResource"] = false), Json, 400),
        ["object string"] = new(() => Request(q => q["object"] = "{}"), Json, 400),
        ["object array"] = new(() => Request(q => q["object"] = new JsonArray()), Json, 400),
        ["object missing on CREATE"] = new(() => Request(q => q.Remove("object")), Json, 400),
        ["oldObject number"] = new(() => Request(q => q["oldObject"] = 1), Json, 400),
        // Odd objects: processed (200), never refused or crashed on.
        ["1e400 in object"] = new(() => Bytes(GoodText().Replace("\"replicas\":2", "\"replicas\":1e400", StringComparison.Ordinal)), Json, 200),
        ["-1e400 in labels position"] = new(() => Object(o => o["metadata"]!["generation"] = JsonNode.Parse("-1e400")), Json, 200),
        ["400-digit integer in object"] = new(() => Bytes(GoodText().Replace("\"replicas\":2", "\"replicas\":" + new string('9', 400), StringComparison.Ordinal)), Json, 200),
        ["containers is a string"] = new(() => Object(o => o["spec"]!["template"]!["spec"]!["containers"] = "web"), Json, 200),
        ["metadata is an array"] = new(() => Request(q => q["object"]!["metadata"] = new JsonArray(1, 2)), Json, 200),
        ["labels are numbers"] = new(() => Object(o => o["metadata"]!["labels"] = new JsonObject { ["velero.io/restore-name"] = 5 }), Json, 200),
        ["escaped NUL and newline in values"] = new(() => Object(o => o["metadata"]!["annotations"]!["x"] = "a\u0000b\nc"), Json, 200),
        ["100k uid"] = new(() => Request(q => q["uid"] = new string('u', 100_000)), Json, 200),
        ["BOM-prefixed review"] = new(() => [0xEF, 0xBB, 0xBF, .. Good()], Json, 200),
        ["3 MiB valid object"] = new(() => Object(o => o["metadata"]!["annotations"]!["big"] = new string('x', 3 * 1024 * 1024)), Json, 200),
        // Transport guard rails.
        ["text/plain"] = new(() => Good(), "text/plain", 415),
        ["application/xml"] = new(() => Good(), "application/xml", 415),
        ["json-patch content type"] = new(() => Good(), "application/json-patch+json", 415),
        ["no content type"] = new(() => Good(), null, 415),
        ["json suffix type"] = new(() => Good(), "application/jsonx", 415),
        ["garbage content type"] = new(() => Good(), ";;;", 415),
        ["body over 7 MiB with length"] = new(() => Oversize(), Json, 413),
        ["body over 7 MiB chunked"] = new(() => Oversize(), Json, 413, Chunked: true),
        ["body at exactly 7 MiB is not refused for size"] = new(() => Padded(AdmissionHandler.MaxBodyBytes), Json, 200),
    };

    private InMemoryWebhook _webhook = null!;

    public static TheoryData<string> CaseNames => new(Cases.Keys);

    public async ValueTask InitializeAsync() => _webhook = await InMemoryWebhook.StartAsync();

    public async ValueTask DisposeAsync() => await _webhook.DisposeAsync();

    [Fact]
    public void Cases_AreAtLeastThirty() => Cases.Count.ShouldBeGreaterThanOrEqualTo(30);

    [Theory]
    [MemberData(nameof(CaseNames))]
    public async Task Mutate_HostileInput_AnsweredCleanlyAndServerKeepsServing(string name)
    {
        var hostile = Cases[name];

        using var response = await SendAsync(hostile);
        var body = await response.Content.ReadAsStringAsync();

        ((int)response.StatusCode).ShouldBe(hostile.ExpectedStatus, $"{name}: {body}");
        ((int)response.StatusCode).ShouldBeLessThan(500);
        response.Headers.RetryAfter.ShouldBeNull();
        response.Headers.Contains("Retry-After").ShouldBeFalse();
        if (hostile.ExpectedStatus == 200)
        {
            var answer = JsonNode.Parse(body)!;
            ((string?)answer["kind"]).ShouldBe("AdmissionReview");
            answer["response"]!["uid"].ShouldNotBeNull();
        }
        else
        {
            // One line of text: the API server shows it in the restore error.
            body.ShouldEndWith("\n");
            body.TrimEnd('\n').ShouldNotContain("\n");
            body.ShouldNotContain("\r");
            body.Trim().Length.ShouldBeGreaterThan(5);
            body.Length.ShouldBeLessThan(400);
        }

        var next = await _webhook.ReviewAsync(Reviews.Review(Reviews.Deployment()));
        Reviews.Patch(next).ShouldNotBeNull();
    }

    [Fact]
    public async Task Mutate_OversizeChunkedBodyRepeatedly_MemoryStaysBounded()
    {
        var oversize = Oversize();

        // Warm up: the pooled read buffers reach their steady state after a few bodies.
        for (var i = 0; i < 5; i++)
        {
            using var warmup = await SendAsync(new HostileCase(() => oversize, Json, 413, Chunked: true));
        }

        var before = GC.GetTotalMemory(forceFullCollection: true);
        for (var i = 0; i < 25; i++)
        {
            using var response = await SendAsync(new HostileCase(() => oversize, Json, 413, Chunked: true));
            response.StatusCode.ShouldBe(HttpStatusCode.RequestEntityTooLarge);
        }

        // 25 x 7 MiB = 175 MiB more went through; the read stops at the cap into a bounded pool, so
        // retained memory does not grow with the volume (leaking one body per request would be 175 MiB).
        (GC.GetTotalMemory(forceFullCollection: true) - before).ShouldBeLessThan(40L * 1024 * 1024);
    }

    private async Task<HttpResponseMessage> SendAsync(HostileCase hostile)
    {
        var bytes = hostile.Body();
        HttpContent content = hostile.Chunked ? new StreamContent(new UnknownLengthStream(bytes)) : new ByteArrayContent(bytes);
        if (hostile.ContentType is not null)
        {
            content.Headers.TryAddWithoutValidation("Content-Type", hostile.ContentType);
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, "/mutate") { Content = content };
        if (hostile.Chunked)
        {
            request.Headers.TransferEncodingChunked = true;
        }

        return await _webhook.Client.SendAsync(request);
    }

    private static byte[] Bytes(string text) => Encoding.UTF8.GetBytes(text);

    private static string GoodText() => Reviews.Review(Reviews.Deployment()).ToJsonString();

    private static byte[] Good() => Bytes(GoodText());

    private static byte[] Envelope(Action<JsonObject> change)
    {
        var review = Reviews.Review(Reviews.Deployment());
        change(review);
        return Bytes(review.ToJsonString());
    }

    private static byte[] Request(Action<JsonObject> change) => Envelope(review => change(review["request"]!.AsObject()));

    private static byte[] Object(Action<JsonObject> change)
    {
        var obj = Reviews.Deployment();
        change(obj);
        return Bytes(Reviews.Review(obj).ToJsonString());
    }

    private static string Deep(int depth, char open, char close, string key)
    {
        var builder = new StringBuilder(depth * (key.Length + 2));
        for (var i = 0; i < depth; i++)
        {
            builder.Append(open).Append(key);
        }

        builder.Append('1');
        builder.Append(close, depth);
        return builder.ToString();
    }

    private static byte[] Splice(string text, string marker, byte[] inserted)
    {
        var at = Encoding.UTF8.GetByteCount(text[..text.IndexOf(marker, StringComparison.Ordinal)]);
        var bytes = Bytes(text);
        return [.. bytes[..at], .. inserted, .. bytes[at..]];
    }

    private static byte[] Oversize() => Padded(AdmissionHandler.MaxBodyBytes + 4096);

    /// <summary>A valid review padded with an annotation to exactly <paramref name="size"/> bytes.</summary>
    private static byte[] Padded(int size)
    {
        var empty = Object(o => o["metadata"]!["annotations"]!["pad"] = string.Empty).Length;
        var padded = Object(o => o["metadata"]!["annotations"]!["pad"] = new string('p', size - empty));
        padded.Length.ShouldBe(size);
        return padded;
    }

    /// <summary>One hostile request: body, content type (null: none), expected status, chunked (no Content-Length).</summary>
    internal sealed record HostileCase(Func<byte[]> Body, string? ContentType, int ExpectedStatus, bool Chunked = false);

    /// <summary>A stream that does not report its length, so the client cannot send Content-Length.</summary>
    private sealed class UnknownLengthStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;
    }
}
