using System.Text.Json.Nodes;

namespace RestoreMutator.Cli.Tests.Preview;

/// <summary>Exit status and captured output of one run.</summary>
public sealed record PreviewRun(int ExitCode, string Output, string Error)
{
    /// <summary>The JSON Lines records of <c>--output json</c>.</summary>
    public IReadOnlyList<JsonObject> Records =>
        Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => JsonNode.Parse(line)!.AsObject()).ToList();
}
