using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.Logging;

namespace EarTagTrace.Hub.Tests.Support;

/// <summary>
/// The errors an in-process hub logged, with the trace id of the request they happened in: a test that sees a 500
/// (whose body carries only that trace id) can say which exception it was. The hub's console log is not shown by the
/// test runner.
/// </summary>
public sealed class HubErrorLog : ILoggerProvider
{
    private readonly ConcurrentQueue<string> _entries = new();

    /// <summary>The errors logged under <paramref name="traceId"/> (the id in a problem's traceId, 00-…-…-01 or bare).</summary>
    public IReadOnlyList<string> For(string traceId)
    {
        var id = traceId.Split('-') is { Length: 4 } parts ? parts[1] : traceId;
        return _entries.Where(e => e.Contains(id, StringComparison.Ordinal)).ToList();
    }

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose() { }

    private sealed class Logger(HubErrorLog log, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Error;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel)) return;
            if (log._entries.Count > 1000) log._entries.TryDequeue(out _);
            log._entries.Enqueue($"[{Activity.Current?.TraceId}] {category}: {formatter(state, exception)}{(exception is null ? "" : "\n" + exception)}");
        }
    }
}
