namespace RestoreMutator.Transforms.Admission;

/// <summary>A parsed AdmissionReview: the API version to answer in, and the request.</summary>
public sealed record AdmissionReview(string ApiVersion, AdmissionRequest Request)
{
    public const string V1 = "admission.k8s.io/v1";
    public const string V1Beta1 = "admission.k8s.io/v1beta1";
    public const string ReviewKind = "AdmissionReview";
}
