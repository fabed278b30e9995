using RestoreMutator.Transforms.Rules;
using Shouldly;

namespace RestoreMutator.Transforms.Tests.Rules;

public class NameMappingTests
{
    private static readonly Dictionary<string, string> Map = new(StringComparer.Ordinal)
    {
        ["worker-old-1"] = "worker-new-1",
        ["a"] = "b",
        ["b"] = "c",
        ["same"] = "same",
    };

    [Theory]
    [InlineData("worker-old-1", NameMapping.Result.Mapped, "worker-new-1")]
    [InlineData("worker-new-1", NameMapping.Result.AlreadyMapped, "worker-new-1")]
    [InlineData("worker-old-9", NameMapping.Result.Unmapped, "worker-old-9")]
    [InlineData("a", NameMapping.Result.Mapped, "b")]
    [InlineData("b", NameMapping.Result.AlreadyMapped, "b")]
    [InlineData("same", NameMapping.Result.AlreadyMapped, "same")]
    [InlineData("Worker-old-1", NameMapping.Result.Unmapped, "Worker-old-1")]
    public void Resolve_Name_ClassifiesAgainstSourcesAndTargets(string name, NameMapping.Result expected, string expectedName)
    {
        NameMapping.Resolve(Map, name, out var mapped).ShouldBe(expected);
        mapped.ShouldBe(expectedName);
    }

    [Fact]
    public void Resolve_EmptyMap_IsUnmapped() =>
        NameMapping.Resolve(new Dictionary<string, string>(), "x", out _).ShouldBe(NameMapping.Result.Unmapped);
}
