using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;
using Shouldly;

namespace RestoreMutator.Webhook.Tests.Diagnostics;

/// <summary>
/// SPEC C4: every event's rendered message (<c>@m</c>) reads as text. Serilog quotes string values
/// in a rendered message unless the placeholder says <c>:l</c> (literal), so a summary line would
/// read <c>"CREATE" "Deployment" "shop"/"web"</c>; the typed values are properties either way.
/// </summary>
public partial class LogMessageTemplateTests
{
    public static TheoryData<string> Events()
    {
        var data = new TheoryData<string>();
        foreach (var method in LogMethods())
        {
            data.Add(method.DeclaringType!.Name + "." + method.Name);
        }

        return data;
    }

    [Fact]
    public void LogMethods_AreFound()
    {
        // Guards the theory below against finding nothing (the attribute is kept in metadata).
        LogMethods().Count().ShouldBeGreaterThan(20);
    }

    [Theory]
    [MemberData(nameof(Events))]
    public void StringPlaceholder_IsRenderedLiterally(string name)
    {
        var method = LogMethods().Single(m => m.DeclaringType!.Name + "." + m.Name == name);
        var message = method.GetCustomAttribute<LoggerMessageAttribute>()!.Message;
        var strings = method.GetParameters()
            .Where(parameter => parameter.ParameterType == typeof(string))
            .Select(parameter => parameter.Name!.TrimStart('@'))
            .ToHashSet(StringComparer.OrdinalIgnoreCase);

        foreach (Match placeholder in Placeholder().Matches(message))
        {
            if (strings.Contains(placeholder.Groups["name"].Value))
            {
                placeholder.Groups["format"].Value.ShouldBe("l", $"{name}: {{{placeholder.Groups["name"].Value}}} is a string; write it {{{placeholder.Groups["name"].Value}:l}}");
            }
        }
    }

    private static IEnumerable<MethodInfo> LogMethods() =>
        typeof(WebhookApplication).Assembly.GetTypes()
            .SelectMany(type => type.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.DeclaredOnly))
            .Where(method => method.GetCustomAttribute<LoggerMessageAttribute>() is not null)
            .OrderBy(method => method.DeclaringType!.Name + "." + method.Name, StringComparer.Ordinal);

    [GeneratedRegex(@"\{(?<name>\w+)(?::(?<format>[^}]*))?\}")]
    private static partial Regex Placeholder();
}
