using System.Text;
using System.Text.Json;
using RestoreMutator.Transforms.Admission;
using Shouldly;

namespace RestoreMutator.Transforms.Tests.Admission;

public class JsonEscapesTests
{
    [Theory]
    [InlineData("{\"uid\":\"\\ud800\"}")]
    [InlineData("{\"uid\":\"\\uDFFF\"}")]
    [InlineData("{\"a\":\"x\\ud83d\"}")]
    [InlineData("{\"a\":\"\\ud83d\\u0041\"}")]
    [InlineData("{\"a\":\"\\ud83d\\n\"}")]
    [InlineData("{\"a\":\"\\\\\\ud800\"}")]
    public void HasLoneSurrogate_UnpairedSurrogateEscape_IsFoundAndIsWhatTheJsonReaderCannotRead(string json)
    {
        JsonEscapes.HasLoneSurrogate(Encoding.UTF8.GetBytes(json)).ShouldBeTrue();
        using var document = JsonDocument.Parse(json);
        Should.Throw<InvalidOperationException>(() => ReadAllStrings(document.RootElement));
    }

    [Theory]
    [InlineData("{\"uid\":\"abc\"}")]
    [InlineData("{\"a\":\"\\ud83d\\ude00\"}")]
    [InlineData("{\"a\":\"\\\\ud800\"}")]
    [InlineData("{\"a\":\"\\u0041\\n\\\"\\\\\"}")]
    [InlineData("{\"a\":\"\\uD7FF\\uE000\"}")]
    public void HasLoneSurrogate_ValidEscapes_IsNotFound(string json)
    {
        JsonEscapes.HasLoneSurrogate(Encoding.UTF8.GetBytes(json)).ShouldBeFalse();
        using var document = JsonDocument.Parse(json);
        ReadAllStrings(document.RootElement);
    }

    private static void ReadAllStrings(JsonElement element)
    {
        foreach (var property in element.EnumerateObject())
        {
            _ = property.Name;
            _ = property.Value.GetString();
        }
    }
}
