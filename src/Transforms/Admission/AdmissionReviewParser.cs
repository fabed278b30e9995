using System.Diagnostics.CodeAnalysis;
using System.Text.Json;

namespace RestoreMutator.Transforms.Admission;

/// <summary>
/// Reads an AdmissionReview envelope strictly: every field the webhook relies on must have the
/// type the API server sends, and the first problem found is reported as one line (SPEC A3).
/// The object itself is not validated here; rules read it defensively.
/// </summary>
public static class AdmissionReviewParser
{
    /// <summary>
    /// JSON reader options for review bodies. Depth 64 is far beyond any Kubernetes object and
    /// stops hostile nesting cheaply; duplicate keys are rejected because Go's decoder (the API
    /// server) keeps the last value, and a patch computed against another reading would be wrong.
    /// </summary>
    public static readonly JsonDocumentOptions DocumentOptions = new()
    {
        MaxDepth = 64,
        AllowTrailingCommas = false,
        CommentHandling = JsonCommentHandling.Disallow,
        AllowDuplicateProperties = false,
    };

    /// <summary>Parses the review at <paramref name="root"/>; on failure <paramref name="error"/> is a one-line reason.</summary>
    public static bool TryParse(JsonElement root, [NotNullWhen(true)] out AdmissionReview? review, [NotNullWhen(false)] out string? error)
    {
        review = null;
        if (root.ValueKind != JsonValueKind.Object)
        {
            error = $"body must be a JSON object (an AdmissionReview), got {Describe(root.ValueKind)}";
            return false;
        }

        if (!TryGetString(root, "apiVersion"u8, "apiVersion", required: true, out var apiVersion, out error))
        {
            return false;
        }

        if (apiVersion != AdmissionReview.V1 && apiVersion != AdmissionReview.V1Beta1)
        {
            error = $"apiVersion must be {AdmissionReview.V1} or {AdmissionReview.V1Beta1}, got '{Clip(apiVersion)}'";
            return false;
        }

        if (!TryGetString(root, "kind"u8, "kind", required: true, out var kind, out error))
        {
            return false;
        }

        if (kind != AdmissionReview.ReviewKind)
        {
            error = $"kind must be AdmissionReview, got '{Clip(kind)}'";
            return false;
        }

        if (!root.TryGetProperty("request"u8, out var request) || request.ValueKind == JsonValueKind.Null)
        {
            error = "AdmissionReview has no request";
            return false;
        }

        if (request.ValueKind != JsonValueKind.Object)
        {
            error = $"request must be an object, got {Describe(request.ValueKind)}";
            return false;
        }

        if (!TryParseRequest(request, out var parsed, out error))
        {
            return false;
        }

        review = new AdmissionReview(apiVersion, parsed);
        return true;
    }

    private static bool TryParseRequest(JsonElement request, [NotNullWhen(true)] out AdmissionRequest? parsed, [NotNullWhen(false)] out string? error)
    {
        parsed = null;
        if (!TryGetString(request, "uid"u8, "request.uid", required: true, out var uid, out error))
        {
            return false;
        }

        if (uid.Length == 0)
        {
            error = "request.uid is empty";
            return false;
        }

        if (!TryGetObject(request, "kind"u8, "request.kind", out var kindElement, out error)
            || !TryGetString(kindElement, "group"u8, "request.kind.group", required: false, out var group, out error)
            || !TryGetString(kindElement, "version"u8, "request.kind.version", required: true, out var version, out error)
            || !TryGetString(kindElement, "kind"u8, "request.kind.kind", required: true, out var kind, out error)
            || !TryGetObject(request, "resource"u8, "request.resource", out var resourceElement, out error)
            || !TryGetString(resourceElement, "resource"u8, "request.resource.resource", required: true, out var resource, out error)
            || !TryGetString(request, "subResource"u8, "request.subResource", required: false, out var subResource, out error)
            || !TryGetString(request, "name"u8, "request.name", required: false, out var name, out error)
            || !TryGetString(request, "namespace"u8, "request.namespace", required: false, out var ns, out error)
            || !TryGetOperation(request, out var operation, out error)
            || !TryGetBool(request, "dryRun"u8, "request.dryRun", out var dryRun, out error))
        {
            return false;
        }

        var hasObject = request.TryGetProperty("object"u8, out var obj) && obj.ValueKind != JsonValueKind.Null;
        if (hasObject && obj.ValueKind != JsonValueKind.Object)
        {
            error = $"request.object must be an object, got {Describe(obj.ValueKind)}";
            return false;
        }

        if (!hasObject && operation is AdmissionOperation.Create or AdmissionOperation.Update)
        {
            error = $"request.object is required for {OperationName(operation)}";
            return false;
        }

        var hasOld = request.TryGetProperty("oldObject"u8, out var old) && old.ValueKind != JsonValueKind.Null;
        if (hasOld && old.ValueKind != JsonValueKind.Object)
        {
            error = $"request.oldObject must be an object, got {Describe(old.ValueKind)}";
            return false;
        }

        parsed = new AdmissionRequest
        {
            Uid = uid,
            Kind = new GroupVersionKind(group, version, kind),
            Resource = resource,
            SubResource = subResource,
            Name = name,
            Namespace = ns,
            Operation = operation,
            DryRun = dryRun,
            Object = hasObject ? obj : default,
            OldObject = hasOld ? old : default,
        };
        return true;
    }

    /// <summary>The wire spelling of <paramref name="operation"/> (<c>CREATE</c>, ...), as the envelope reads it (<see cref="TryGetOperation"/>).</summary>
    public static string OperationName(AdmissionOperation operation) => operation switch
    {
        AdmissionOperation.Create => "CREATE",
        AdmissionOperation.Update => "UPDATE",
        AdmissionOperation.Delete => "DELETE",
        AdmissionOperation.Connect => "CONNECT",
        _ => throw new ArgumentOutOfRangeException(nameof(operation), operation, null),
    };

    /// <summary>Every operation with its wire spelling in UTF-8, for <see cref="TryGetOperation"/>.</summary>
    private static readonly (byte[] Wire, AdmissionOperation Operation)[] WireOperations =
        [.. Enum.GetValues<AdmissionOperation>().Select(operation => (System.Text.Encoding.UTF8.GetBytes(OperationName(operation)), operation))];

    /// <summary>The operation, compared as UTF-8 (no string is made for it unless it is wrong).</summary>
    private static bool TryGetOperation(JsonElement request, out AdmissionOperation operation, [NotNullWhen(false)] out string? error)
    {
        operation = default;
        if (!TryGetStringElement(request, "operation"u8, "request.operation", required: true, out var element, out error))
        {
            return false;
        }

        foreach (var (wire, candidate) in WireOperations)
        {
            if (element.ValueEquals(wire))
            {
                operation = candidate;
                return true;
            }
        }

        error = $"request.operation must be CREATE, UPDATE, DELETE or CONNECT, got '{Clip(element.GetString()!)}'";
        return false;
    }

    private static bool TryGetObject(JsonElement parent, ReadOnlySpan<byte> property, string field, out JsonElement value, [NotNullWhen(false)] out string? error)
    {
        if (!parent.TryGetProperty(property, out value) || value.ValueKind == JsonValueKind.Null)
        {
            error = $"{field} is required";
            return false;
        }

        if (value.ValueKind != JsonValueKind.Object)
        {
            error = $"{field} must be an object, got {Describe(value.ValueKind)}";
            return false;
        }

        error = null;
        return true;
    }

    private static bool TryGetString(JsonElement parent, ReadOnlySpan<byte> property, string field, bool required, out string value, [NotNullWhen(false)] out string? error)
    {
        value = string.Empty;
        if (!TryGetStringElement(parent, property, field, required, out var element, out error))
        {
            return false;
        }

        if (element.ValueKind == JsonValueKind.String)
        {
            value = element.GetString()!;
        }

        return true;
    }

    /// <summary>The string member <paramref name="property"/>, unread; when it is absent or null and not required, true with an undefined element.</summary>
    private static bool TryGetStringElement(JsonElement parent, ReadOnlySpan<byte> property, string field, bool required, out JsonElement element, [NotNullWhen(false)] out string? error)
    {
        error = null;
        if (!parent.TryGetProperty(property, out element) || element.ValueKind == JsonValueKind.Null)
        {
            element = default;
            if (required)
            {
                error = $"{field} is required";
                return false;
            }

            return true;
        }

        if (element.ValueKind != JsonValueKind.String)
        {
            error = $"{field} must be a string, got {Describe(element.ValueKind)}";
            return false;
        }

        return true;
    }

    private static bool TryGetBool(JsonElement parent, ReadOnlySpan<byte> property, string field, out bool value, [NotNullWhen(false)] out string? error)
    {
        value = false;
        error = null;
        if (!parent.TryGetProperty(property, out var element) || element.ValueKind == JsonValueKind.Null)
        {
            return true;
        }

        if (element.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
        {
            error = $"{field} must be a boolean, got {Describe(element.ValueKind)}";
            return false;
        }

        value = element.GetBoolean();
        return true;
    }

    private static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Null => "null",
        _ => "nothing",
    };

    /// <summary>Quotes user text in errors without letting it make the line long or multi-line.</summary>
    private static string Clip(string text) => Diagnostics.SafeText.Sanitize(text, 60);
}
