using Serilog;
using Serilog.Core;
using Serilog.Events;

namespace RestoreMutator.Webhook.Diagnostics;

/// <summary>
/// The Serilog pipeline of the server (SPEC C4): level from <see cref="LevelVariable"/>, framework
/// noise at Warning, and one sink. Serilog.AspNetCore builds the logger from this when the host's
/// services are built (<see cref="DiagnosticsExtensions.AddWebhookDiagnostics"/>).
/// </summary>
internal static class LoggingSetup
{
    /// <summary>Environment variable for the minimum level (Verbose, Debug, Information, Warning, Error).</summary>
    public const string LevelVariable = "RESTORE_MUTATOR_LOG_LEVEL";

    /// <summary>The minimum level <paramref name="value"/> names (case-insensitive), else Information.</summary>
    public static LogEventLevel Level(string? value) =>
        Enum.TryParse<LogEventLevel>(value, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed) ? parsed : LogEventLevel.Information;

    public static LoggerConfiguration Configure(LoggerConfiguration configuration, ILogEventSink sink, string? level)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return configuration
            .MinimumLevel.Is(Level(level))
            .MinimumLevel.Override("Microsoft", LogEventLevel.Warning)
            .MinimumLevel.Override("Microsoft.Hosting.Lifetime", LogEventLevel.Information)
            .Enrich.WithProperty("Application", "restore-mutator")
            .WriteTo.Sink(sink);
    }
}
