using Serilog;
using Serilog.Events;
using Serilog.Formatting.Json;

namespace RestoreMutator.Webhook.Diagnostics;

/// <summary>
/// Structured JSON logs on stdout (SPEC C4), with Serilog's built-in JSON formatter (the compact
/// formatter package is not available from this project's NuGet source), written from a
/// background thread (<see cref="BackgroundConsoleSink"/>).
/// </summary>
public static class LoggingSetup
{
    /// <summary>Environment variable for the minimum level (Verbose, Debug, Information, Warning, Error).</summary>
    public const string LevelVariable = "RESTORE_MUTATOR_LOG_LEVEL";

    public static Serilog.ILogger CreateLogger()
    {
        var level = Enum.TryParse<LogEventLevel>(Environment.GetEnvironmentVariable(LevelVariable), ignoreCase: true, out var parsed)
            ? parsed
            : LogEventLevel.Information;
        return new LoggerConfiguration()
            .MinimumLevel.Is(level)
            .MinimumLevel.Override("Microsoft", LogEventLevel.Warning)
            .MinimumLevel.Override("Microsoft.Hosting.Lifetime", LogEventLevel.Information)
            .Enrich.WithProperty("Application", "restore-mutator")
            .WriteTo.Sink(new BackgroundConsoleSink(new JsonFormatter(renderMessage: true), Console.OpenStandardOutput()))
            .CreateLogger();
    }
}
