using System.Text.Json;
using System.Text.Json.Nodes;
using RestoreMutator.Transforms.Admission;
using RestoreMutator.Transforms.Patching;
using RestoreMutator.Transforms.Rules;
using RestoreMutator.Transforms.Tests.Support;
using Shouldly;

namespace RestoreMutator.Transforms.Tests.Rules;

/// <summary>
/// Runs every golden fixture through the whole pipeline: expected operations, expected object (the
/// patch applied with an independent JSON Patch implementation), expected warnings, and a second
/// pass over the result that must be allowed and emit nothing (SPEC S3). This is the in-process
/// oracle; tests/e2e/apiserver-check.sh runs the same fixtures through the real server and the
/// API server's own patch library.
/// </summary>
public class GoldenFixtureTests
{
    public static TheoryData<string> Cases => FixtureCase.All();

    [Theory]
    [MemberData(nameof(Cases))]
    public void Fixture_FirstPass_MatchesGoldenOperationsAndObject(string name)
    {
        var fixture = FixtureCase.Load(name);
        var settings = fixture.Settings;
        var pipeline = RuleCatalog.CreatePipeline(settings);
        using var input = JsonDocument.Parse(fixture.Input.ToJsonString());
        var request = FixtureCase.Request(input, fixture.Operation);
        var decision = pipeline.Run(request, fixture.Facts(pipeline, request));

        if (FixtureCase.UpdateGolden)
        {
            fixture.WriteWarnings(decision.Warnings);
        }
        else
        {
            decision.Warnings.ShouldBe(fixture.ExpectedWarnings, $"{name}: warnings differ from warnings.json (absent: none)");
        }

        if (fixture.Skip is { } skip)
        {
            decision.Outcome.ShouldBe(AdmissionOutcome.Skipped);
            decision.SkipCode.ShouldBe((string)skip["code"]!);
            decision.StatusCode.ShouldBe((int)skip["statusCode"]!);
            decision.Reason.ShouldBe((string)skip["reason"]!);
            decision.Message.ShouldBe((string)skip["message"]!);
            decision.Operations.ShouldBeEmpty();
            return;
        }

        decision.Allowed.ShouldBeTrue($"{name}: {decision.Message}");

        var operations = JsonNode.Parse(PatchOperation.Serialize(decision.Operations))!.AsArray();
        var patched = JsonPatchOracle.Apply(fixture.Input, operations);
        if (FixtureCase.UpdateGolden)
        {
            fixture.Write("operations.json", operations);
            fixture.Write("expected.json", patched);
            return;
        }

        var expectedOperations = fixture.ExpectedOperations.ShouldNotBeNull($"{name}: operations.json is missing");
        JsonNode.DeepEquals(operations, expectedOperations).ShouldBeTrue(
            $"{name}: operations differ\nactual:   {operations.ToJsonString()}\nexpected: {expectedOperations.ToJsonString()}");
        var expectedObject = fixture.ExpectedObject.ShouldNotBeNull($"{name}: expected.json is missing");
        JsonNode.DeepEquals(patched, expectedObject).ShouldBeTrue($"{name}: patched object differs from expected.json\nactual: {patched.ToJsonString()}");
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Fixture_SecondPassOverOutput_EmitsNothing(string name)
    {
        var fixture = FixtureCase.Load(name);
        if (fixture.Skip is not null)
        {
            return;
        }

        var settings = fixture.Settings;
        var pipeline = RuleCatalog.CreatePipeline(settings);
        using var input = JsonDocument.Parse(fixture.Input.ToJsonString());
        var request = FixtureCase.Request(input, fixture.Operation);
        var facts = fixture.Facts(pipeline, request);
        var first = pipeline.Run(request, facts);
        var output = JsonPatchOracle.Apply(fixture.Input, JsonNode.Parse(PatchOperation.Serialize(first.Operations))!.AsArray());

        using var again = JsonDocument.Parse(output.ToJsonString());
        // After an UPDATE the object exists, so only UPDATEs follow; after a CREATE both may (S3).
        var next = fixture.Operation == AdmissionOperation.Update
            ? new[] { AdmissionOperation.Update }
            : new[] { AdmissionOperation.Create, AdmissionOperation.Update };
        foreach (var operation in next)
        {
            var second = pipeline.Run(FixtureCase.Request(again, operation), facts);
            second.Allowed.ShouldBeTrue($"{name}: second pass ({operation}) was not allowed: {second.Message}");
            second.Operations.ShouldBeEmpty($"{name}: second pass ({operation}) emitted {string.Join(", ", second.Operations)}");
        }
    }
}
