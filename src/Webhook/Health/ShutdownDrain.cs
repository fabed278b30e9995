using System.Runtime.InteropServices;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using RestoreMutator.Webhook.Limits;

namespace RestoreMutator.Webhook.Health;

/// <summary>
/// Graceful shutdown (SPEC C5). On SIGTERM the host signals <c>ApplicationStopping</c>: <c>/readyz</c>
/// answers 503 "shutting down" and <see cref="ConnectionDrain"/> closes every connection after its
/// next answer (HTTP/1.1 <c>Connection: close</c>, HTTP/2 GOAWAY). This service then keeps the
/// listener open for the drain delay, while Kubernetes takes the pod out of the Service endpoints
/// and callers reconnect elsewhere; then Kestrel stops accepting and lets requests in flight finish
/// (bounded by the host's shutdown timeout).
/// </summary>
/// <remarks>
/// The server drains itself, 10 s by default, rather than relying on a <c>preStop</c> sleep: during
/// a preStop hook the process has not been told anything yet, so it cannot ask keep-alive callers
/// (the API server pools its connections) to go away, and they would see their connection close
/// under them when the listener shuts. Ctrl+C (SIGINT, someone at a terminal) skips the delay.
/// </remarks>
internal sealed partial class ShutdownDrain(ShutdownDrain.Delay delay, ILogger<ShutdownDrain> logger) : IHostedLifecycleService, IDisposable
{
    public const string EnvironmentVariable = "RESTORE_MUTATOR_SHUTDOWN_DELAY_SECONDS";

    /// <summary>10 s: longer than endpoint removal takes to reach kube-proxy and the API servers in most clusters.</summary>
    public static readonly TimeSpan DefaultDelay = TimeSpan.FromSeconds(10);

    private PosixSignalRegistration? _interrupt;
    private volatile bool _interrupted;

    /// <summary>How long to keep serving after readiness turned false.</summary>
    public sealed record Delay(TimeSpan Value)
    {
        /// <summary>Reads <see cref="EnvironmentVariable"/>: whole seconds, 0 to 60, default 10; anything else stops startup.</summary>
        public static Delay FromEnvironment(Func<string, string?>? environment = null)
        {
            var seconds = EnvironmentInteger.Read(EnvironmentVariable, 0, 60, "whole seconds", environment);
            return new Delay(seconds is { } value ? TimeSpan.FromSeconds(value) : DefaultDelay);
        }
    }

    public Task StartingAsync(CancellationToken cancellationToken)
    {
        // Registered after the host's own console handler (the host lifetime starts first), so it
        // runs first and lets that one stop the host; and before any hosted service starts, Kestrel
        // included: a Ctrl+C as soon as the server answers must not wait out the drain.
        if (delay.Value > TimeSpan.Zero && !OperatingSystem.IsWindows())
        {
            _interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, _ => _interrupted = true);
        }

        return Task.CompletedTask;
    }

    public async Task StoppingAsync(CancellationToken cancellationToken)
    {
        if (delay.Value <= TimeSpan.Zero)
        {
            return;
        }

        if (_interrupted)
        {
            LogInterrupted(logger);
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

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public void Dispose() => _interrupt?.Dispose();

    [LoggerMessage(EventId = 300, EventName = "ShutdownDraining", Level = LogLevel.Information,
        Message = "Shutting down: readiness is false; serving for {DelaySeconds} s more, every answer closing its connection (HTTP/1.1 Connection: close, HTTP/2 GOAWAY), before the listener closes")]
    private static partial void LogDraining(ILogger logger, int delaySeconds);

    [LoggerMessage(EventId = 301, EventName = "ShutdownInterrupted", Level = LogLevel.Information,
        Message = "Interrupted (Ctrl+C): stopping without the drain delay; requests in flight still finish")]
    private static partial void LogInterrupted(ILogger logger);
}
