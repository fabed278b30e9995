using RestoreMutator.Transforms.Rules;
using Shouldly;

namespace RestoreMutator.Webhook.Tests.Lookups;

/// <summary>Velero's label value normalisation; expected values computed independently (Python hashlib).</summary>
public class VeleroNamesTests
{
    [Theory]
    [InlineData("nightly-20261120", "nightly-20261120")]
    [InlineData("xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx")]
    [InlineData("nightly-schedule-for-the-production-shop-namespaces-20261120235802", "nightly-schedule-for-the-production-shop-namespaces-20261af2391")]
    [InlineData("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaffe054")]
    public void GetValidName_Name_IsVeleroLabelValue(string name, string expected)
    {
        var value = VeleroNames.GetValidName(name);

        value.ShouldBe(expected);
        value.Length.ShouldBeLessThanOrEqualTo(63);
    }
}
