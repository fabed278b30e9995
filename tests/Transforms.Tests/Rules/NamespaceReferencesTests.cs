using RestoreMutator.Transforms.Rules;
using Shouldly;

namespace RestoreMutator.Transforms.Tests.Rules;

/// <summary>SPEC N1: service account user and group names whose namespace is mapped.</summary>
public class NamespaceReferencesTests
{
    private static readonly Dictionary<string, string> Mapping = new(StringComparer.Ordinal) { ["shop-old"] = "shop" };

    [Theory]
    [InlineData("system:serviceaccount:shop-old:builder", "system:serviceaccount:shop:builder")]
    [InlineData("system:serviceaccount:other:builder", null)]
    [InlineData("system:serviceaccount:shop:builder", null)]
    [InlineData("system:serviceaccount:shop-old", null)]
    [InlineData("system:serviceaccount:shop-old:", null)]
    [InlineData("system:serviceaccount::builder", null)]
    [InlineData("system:serviceaccount:shop-old:a:b", null)]
    [InlineData("system:serviceaccounts:shop-old", null)]
    [InlineData("System:serviceaccount:shop-old:builder", null)]
    [InlineData("alice", null)]
    public void MapServiceAccountUser_Name_RewritesOnlyAMappedServiceAccountUser(string user, string? expected) =>
        NamespaceReferences.MapServiceAccountUser(Mapping, user).ShouldBe(expected);

    [Theory]
    [InlineData("system:serviceaccounts:shop-old", "system:serviceaccounts:shop")]
    [InlineData("system:serviceaccounts:other", null)]
    [InlineData("system:serviceaccounts:shop", null)]
    [InlineData("system:serviceaccounts:", null)]
    [InlineData("system:serviceaccounts:shop-old:x", null)]
    [InlineData("system:serviceaccounts", null)]
    [InlineData("system:serviceaccount:shop-old:builder", null)]
    [InlineData("system:authenticated", null)]
    public void MapServiceAccountGroup_Name_RewritesOnlyAMappedNamespaceGroup(string group, string? expected) =>
        NamespaceReferences.MapServiceAccountGroup(Mapping, group).ShouldBe(expected);
}
