using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace RestoreMutator.Webhook.Tests.Support;

/// <summary>Keeps every log event (id, level, rendered message, exception) for assertions.</summary>
public sealed class CapturingLoggerProvider : ILoggerProvider
{
    private readonly ConcurrentQueue<CapturedLog> _events = new();

    public IReadOnlyList<CapturedLog> Events => _events.ToArray();

    public ILogger CreateLogger(string categoryName) => new Logger(_events);

    public void Dispose()
    {
    }

    private sealed class Logger(ConcurrentQueue<CapturedLog> events) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            events.Enqueue(new CapturedLog(eventId.Name ?? string.Empty, logLevel, formatter(state, exception), exception));
    }
}

/// <summary>One captured log event.</summary>
public sealed record CapturedLog(string EventName, LogLevel Level, string Message, Exception? Exception);
