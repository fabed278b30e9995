using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace RestoreMutator.Webhook.Configuration;

/// <summary>Polls every <see cref="IPolledReload"/> (config and certificates) on one timer.</summary>
internal sealed partial class FileReloadService(IEnumerable<IPolledReload> targets, ReloadInterval interval, ILogger<FileReloadService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(interval.Value);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            foreach (var target in targets)
            {
                try
                {
                    target.Poll();
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // A reload bug must never take the server down: the last good state stays in force.
                    LogPollFailed(logger, target.GetType().Name, e);
                }
            }
        }
    }

    [LoggerMessage(EventId = 110, EventName = "ReloadPollFailed", Level = LogLevel.Error, Message = "Reloading {Target:l} failed; keeping the state in force")]
    private static partial void LogPollFailed(ILogger logger, string target, Exception exception);
}

/// <summary>How often watched files are re-read (default 2 s; env RESTORE_MUTATOR_RELOAD_INTERVAL_MS).</summary>
internal sealed record ReloadInterval(TimeSpan Value)
{
    public const string EnvironmentVariable = "RESTORE_MUTATOR_RELOAD_INTERVAL_MS";

    public static ReloadInterval FromEnvironment()
    {
        var text = Environment.GetEnvironmentVariable(EnvironmentVariable);
        return int.TryParse(text, out var ms) && ms is >= 50 and <= 600_000
            ? new ReloadInterval(TimeSpan.FromMilliseconds(ms))
            : new ReloadInterval(TimeSpan.FromSeconds(2));
    }
}
