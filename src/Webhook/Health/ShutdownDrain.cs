using System.Globalization;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace RestoreMutator.Webhook.Health;

/// <summary>
/// Graceful shutdown (SPEC C5). On SIGTERM the host first signals <c>ApplicationStopping</c>, which
/// turns <c>/readyz</c> to 503 "shutting down"; this service then waits the drain delay while the
/// server still accepts and answers requests, so Kubernetes can take the pod out of the Service
/// endpoints before the listener closes; then Kestrel stops accepting and lets in-flight requests
/// finish (bounded by the host's shutdown timeout).
/// </summary>
/// <remarks>
/// The delay defaults to 0: the manifests put a <c>preStop</c> sleep in front of SIGTERM, which does
/// the same job for every container. Set <see cref="EnvironmentVariable"/> when running without one
/// (for example, a Helm chart that removes the hook).
/// </remarks>
public sealed partial class ShutdownDrain(ShutdownDrain.Delay delay, ILogger<ShutdownDrain> logger) : IHostedLifecycleService
{
    public const string EnvironmentVariable = "RESTORE_MUTATOR_SHUTDOWN_DELAY_SECONDS";

    /// <summary>How long to keep serving after readiness turned false.</summary>
    public sealed record Delay(TimeSpan Value)
    {
        /// <summary>Reads <see cref="EnvironmentVariable"/>: whole seconds, 0 to 60; anything else means 0.</summary>
        public static Delay FromEnvironment()
        {
            var text = Environment.GetEnvironmentVariable(EnvironmentVariable);
            return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) && seconds is >= 0 and <= 60
                ? new Delay(TimeSpan.FromSeconds(seconds))
                : new Delay(TimeSpan.Zero);
        }
    }

    public async Task StoppingAsync(CancellationToken cancellationToken)
    {
        if (delay.Value <= TimeSpan.Zero)
        {
            return;
        }

        LogDraining(logger, (int)delay.Value.TotalSeconds);
        try
        {
            await Task.Delay(delay.Value, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            // The shutdown timeout ran out: stop now.
        }
    }

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(EventId = 300, EventName = "ShutdownDraining", Level = LogLevel.Information,
        Message = "Shutting down: readiness is false; serving for {DelaySeconds} s more before the listener closes")]
    private static partial void LogDraining(ILogger logger, int delaySeconds);
}
