using System.Text.Json;

namespace RestoreMutator.Transforms.Admission;

/// <summary>
/// A read-only view of <c>request</c> in an AdmissionReview. The object stays raw JSON so patches
/// are computed against exactly what the API server will patch (never a typed round trip).
/// </summary>
public sealed class AdmissionRequest
{
    public required string Uid { get; init; }
    public required GroupVersionKind Kind { get; init; }
    /// <summary>The resource (plural, lower case), e.g. <c>pods</c>.</summary>
    public required string Resource { get; init; }
    /// <summary>The subresource, e.g. <c>status</c>; empty for the main resource.</summary>
    public string SubResource { get; init; } = string.Empty;
    public string Name { get; init; } = string.Empty;
    public string Namespace { get; init; } = string.Empty;
    public required AdmissionOperation Operation { get; init; }
    public bool DryRun { get; init; }
    /// <summary>The object being admitted; <see cref="JsonValueKind.Undefined"/> for DELETE and CONNECT.</summary>
    public JsonElement Object { get; init; }
    /// <summary>The existing object on UPDATE and DELETE; otherwise undefined.</summary>
    public JsonElement OldObject { get; init; }

    /// <summary>The object's name for messages: <c>namespace/name</c>, falling back to metadata when the request has none.</summary>
    public string DisplayName
    {
        get
        {
            var name = Name;
            if (name.Length == 0 && Object.ValueKind == JsonValueKind.Object
                && Object.TryGetProperty("metadata", out var metadata) && metadata.ValueKind == JsonValueKind.Object)
            {
                if (metadata.TryGetProperty("name", out var n) && n.ValueKind == JsonValueKind.String)
                {
                    name = n.GetString()!;
                }
                else if (metadata.TryGetProperty("generateName", out var g) && g.ValueKind == JsonValueKind.String)
                {
                    name = g.GetString()!;
                }
            }

            return Namespace.Length == 0 ? name : $"{Namespace}/{name}";
        }
    }
}
