using System.Text.Json;
using RestoreMutator.Transforms.Admission;
using Shouldly;

namespace RestoreMutator.Transforms.Tests.Admission;

public class AdmissionReviewParserTests
{
    private const string Valid = """
        {"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","request":{
          "uid":"u-1","kind":{"group":"apps","version":"v1","kind":"Deployment"},
          "resource":{"group":"apps","version":"v1","resource":"deployments"},
          "name":"web","namespace":"shop","operation":"CREATE","dryRun":true,
          "object":{"metadata":{"name":"web"}},"oldObject":null}}
        """;

    private static (bool Ok, AdmissionReview? Review, string? Error) Parse(string json)
    {
        using var document = JsonDocument.Parse(json, AdmissionReviewParser.DocumentOptions);
        var ok = AdmissionReviewParser.TryParse(document.RootElement.Clone(), out var review, out var error);
        return (ok, review, error);
    }

    [Fact]
    public void TryParse_ValidV1_ReadsEveryField()
    {
        var (ok, review, _) = Parse(Valid);
        ok.ShouldBeTrue();
        review!.ApiVersion.ShouldBe(AdmissionReview.V1);
        var r = review.Request;
        r.Uid.ShouldBe("u-1");
        r.Kind.ShouldBe(new GroupVersionKind("apps", "v1", "Deployment"));
        r.Resource.ShouldBe("deployments");
        r.Name.ShouldBe("web");
        r.Namespace.ShouldBe("shop");
        r.Operation.ShouldBe(AdmissionOperation.Create);
        r.DryRun.ShouldBeTrue();
        r.Object.ValueKind.ShouldBe(JsonValueKind.Object);
        r.OldObject.ValueKind.ShouldBe(JsonValueKind.Undefined);
    }

    [Fact]
    public void TryParse_V1Beta1_IsAcceptedAndRemembered()
    {
        var (ok, review, _) = Parse(Valid.Replace("admission.k8s.io/v1\"", "admission.k8s.io/v1beta1\""));
        ok.ShouldBeTrue();
        review!.ApiVersion.ShouldBe(AdmissionReview.V1Beta1);
    }

    [Theory]
    [InlineData("[]", "body must be a JSON object")]
    [InlineData("\"x\"", "body must be a JSON object")]
    [InlineData("{}", "apiVersion is required")]
    [InlineData("""{"apiVersion":"v1","kind":"AdmissionReview"}""", "apiVersion must be admission.k8s.io/v1 or admission.k8s.io/v1beta1, got 'v1'")]
    [InlineData("""{"apiVersion":"admission.k8s.io/v1","kind":"Pod"}""", "kind must be AdmissionReview, got 'Pod'")]
    [InlineData("""{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview"}""", "AdmissionReview has no request")]
    [InlineData("""{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","request":7}""", "request must be an object, got a number")]
    [InlineData("""{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","request":{}}""", "request.uid is required")]
    [InlineData("""{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","request":{"uid":""}}""", "request.uid is empty")]
    [InlineData("""{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","request":{"uid":5}}""", "request.uid must be a string, got a number")]
    [InlineData("""{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","request":{"uid":"u"}}""", "request.kind is required")]
    public void TryParse_BadEnvelope_ExplainsInOneLine(string json, string expected)
    {
        var (ok, _, error) = Parse(json);
        ok.ShouldBeFalse();
        error.ShouldBe(error!.Split('\n')[0]);
        error.ShouldStartWith(expected);
    }

    [Theory]
    [InlineData("\"operation\":\"CREATE\"", "\"operation\":\"PATCH\"", "request.operation must be CREATE, UPDATE, DELETE or CONNECT, got 'PATCH'")]
    [InlineData("\"operation\":\"CREATE\"", "\"operation\":\"create\"", "request.operation must be CREATE, UPDATE, DELETE or CONNECT, got 'create'")]
    [InlineData("\"operation\":\"CREATE\"", "\"operation\":\"CREATED\"", "request.operation must be CREATE, UPDATE, DELETE or CONNECT, got 'CREATED'")]
    [InlineData("\"operation\":\"CREATE\"", "\"operation\":1", "request.operation must be a string, got a number")]
    [InlineData("\"operation\":\"CREATE\"", "\"operation\":null", "request.operation is required")]
    [InlineData("\"object\":{\"metadata\":{\"name\":\"web\"}}", "\"object\":[1]", "request.object must be an object, got an array")]
    [InlineData("\"object\":{\"metadata\":{\"name\":\"web\"}}", "\"object\":null", "request.object is required for CREATE")]
    [InlineData("\"dryRun\":true", "\"dryRun\":\"yes\"", "request.dryRun must be a boolean, got a string")]
    [InlineData("\"oldObject\":null", "\"oldObject\":\"x\"", "request.oldObject must be an object, got a string")]
    [InlineData("\"kind\":\"Deployment\"", "\"kind\":1", "request.kind.kind must be a string, got a number")]
    [InlineData("\"resource\":\"deployments\"", "\"resource\":null", "request.resource.resource is required")]
    public void TryParse_BadRequestField_NamesTheField(string from, string to, string expected)
    {
        var (ok, _, error) = Parse(Valid.Replace(from, to));
        ok.ShouldBeFalse();
        error.ShouldBe(expected);
    }

    [Theory]
    [InlineData("UPDATE", AdmissionOperation.Update)]
    [InlineData("DELETE", AdmissionOperation.Delete)]
    [InlineData("CONNECT", AdmissionOperation.Connect)]
    [InlineData("\\u0043REATE", AdmissionOperation.Create)]
    public void TryParse_Operation_IsReadAsTheApiServerWritesIt(string wire, AdmissionOperation expected)
    {
        var (ok, review, error) = Parse(Valid.Replace("\"operation\":\"CREATE\"", $"\"operation\":\"{wire}\""));
        ok.ShouldBeTrue(error);
        review!.Request.Operation.ShouldBe(expected);
    }

    [Fact]
    public void TryParse_DeleteWithoutObject_IsAccepted()
    {
        var (ok, review, _) = Parse(Valid.Replace("\"operation\":\"CREATE\"", "\"operation\":\"DELETE\"").Replace("\"object\":{\"metadata\":{\"name\":\"web\"}}", "\"object\":null"));
        ok.ShouldBeTrue();
        review!.Request.Object.ValueKind.ShouldBe(JsonValueKind.Undefined);
    }

    [Fact]
    public void DocumentOptions_DuplicateKeys_AreRejected() =>
        Should.Throw<JsonException>(() => JsonDocument.Parse("""{"a":1,"a":2}""", AdmissionReviewParser.DocumentOptions));

    [Fact]
    public void DocumentOptions_DeepNesting_IsRejected() =>
        Should.Throw<JsonException>(() => JsonDocument.Parse(new string('[', 10_000) + new string(']', 10_000), AdmissionReviewParser.DocumentOptions));

    [Theory]
    [InlineData(AdmissionOperation.Create, "CREATE")]
    [InlineData(AdmissionOperation.Update, "UPDATE")]
    [InlineData(AdmissionOperation.Delete, "DELETE")]
    [InlineData(AdmissionOperation.Connect, "CONNECT")]
    public void OperationName_IsTheWireSpellingTheEnvelopeReads(AdmissionOperation operation, string wire)
    {
        AdmissionReviewParser.OperationName(operation).ShouldBe(wire);
        var (ok, review, error) = Parse(Valid.Replace("\"operation\":\"CREATE\"", $"\"operation\":\"{wire}\""));
        ok.ShouldBeTrue(error);
        review!.Request.Operation.ShouldBe(operation);
    }

    [Fact]
    public void OperationName_CoversEveryOperation() =>
        Enum.GetValues<AdmissionOperation>().Select(AdmissionReviewParser.OperationName).ShouldBeUnique();
}
