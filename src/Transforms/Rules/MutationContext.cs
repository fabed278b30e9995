using System.Text.Json;
using RestoreMutator.Transforms.Admission;
using RestoreMutator.Transforms.Patching;

namespace RestoreMutator.Transforms.Rules;

/// <summary>Everything a rule may read, and where it writes: one per admission request.</summary>
public sealed class MutationContext
{
    private readonly List<string> _warnings;

    internal MutationContext(RequestPlan plan, ClusterFacts facts, List<string> warnings)
    {
        Request = plan.Request;
        Object = plan.Request.Object;
        Facts = facts;
        Patch = new PatchBuilder(Object);
        _warnings = warnings;
        Namespace = plan.Namespace;
        RestoreName = plan.RestoreName;
    }

    public AdmissionRequest Request { get; }

    /// <summary>The object as the API server sent it.</summary>
    public JsonElement Object { get; }

    public ClusterFacts Facts { get; }

    /// <summary>Where rules put their operations.</summary>
    public PatchBuilder Patch { get; }

    /// <summary>The target namespace (already mapped by Velero, SPEC section 2).</summary>
    public string Namespace { get; }

    /// <summary>The restore this object belongs to: the value of its restore label (S1).</summary>
    public string RestoreName { get; }

    /// <summary>
    /// Whether a skip may be answered: only on CREATE (SPEC S3), and only for namespaced objects.
    /// Namespaces and other cluster-scoped objects are never denied (SPEC S5): a denied Namespace
    /// makes Velero skip everything in it.
    /// </summary>
    public bool CanSkip => Request.Operation == AdmissionOperation.Create && Namespace.Length > 0;

    /// <summary>The skip a rule asked for, if any.</summary>
    public SkipRequest? SkipRequest { get; private set; }

    /// <summary>Whether this is a CREATE: rules that clear state destination controllers also write run only then.</summary>
    public bool IsCreate => Request.Operation == AdmissionOperation.Create;

    /// <summary>
    /// On UPDATE, whether the value at <paramref name="path"/> (escaped pointer) is the same in the
    /// stored object. It is then destination state (our CREATE output, or what a controller or
    /// the scheduler set since), not something this request brings in, and rules leave it alone:
    /// the managedFields PATCH Velero sends after each create must not undo a bound pod's
    /// <c>nodeName</c> or a router-generated host. Values the UPDATE changes (Velero's
    /// <c>existingResourcePolicy: update</c> PATCH restoring backed-up content) are handled as on CREATE.
    /// </summary>
    public bool IsUnchangedByUpdate(string path) => IsUnchangedByUpdate(Request, path);

    /// <summary>The check of <see cref="IsUnchangedByUpdate(string)"/> on a bare request, for <see cref="IMutationRule.RequireFacts"/>.</summary>
    public static bool IsUnchangedByUpdate(AdmissionRequest request, string path)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request.Operation == AdmissionOperation.Update
            && request.OldObject.ValueKind == JsonValueKind.Object
            && PatchBuilder.TryResolve(request.Object, path, out var value)
            && PatchBuilder.TryResolve(request.OldObject, path, out var stored)
            && JsonElement.DeepEquals(value, stored);
    }

    /// <summary>An annotation of the object, or null.</summary>
    public string? Annotation(string key) => Object.GetAnnotation(key);

    /// <summary>A label of the object, or null.</summary>
    public string? Label(string key) => Object.GetLabel(key);

    /// <summary>Adds a warning for the caller (kept short and printable by the pipeline, SPEC A5).</summary>
    public void Warn(string message) => _warnings.Add(message);

    /// <summary>Storage classes this object names that the destination lacks (V4), for the host's metric.</summary>
    internal List<string> MissingStorageClasses { get; } = [];

    /// <summary>Records that the object names storage class <paramref name="name"/>, which the destination lacks (V4).</summary>
    public void ReportMissingStorageClass(string name) => MissingStorageClasses.Add(name);

    /// <summary>
    /// Asks for the object not to be restored. <paramref name="code"/> is a short stable name for
    /// metrics (<c>managed-pod</c>); <paramref name="reason"/> completes the message
    /// "restore-mutator skipped pod shop/web: {reason}". Ignored unless <see cref="CanSkip"/>.
    /// </summary>
    public void Skip(string code, string reason)
    {
        if (CanSkip)
        {
            SkipRequest ??= new SkipRequest(code, reason);
        }
    }
}
