using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using Azure.Core;
using Azure.Core.Pipeline;

namespace Csp.Host.LoadBench;

/// <summary>
/// The storage clients' HTTP transport with a tally: every call the Azure SDK sends (each retry
/// too), by service operation and by who made it (an HTTP request the benchmark marks, or the
/// engine's background work), with the time it took. Used by <c>bench http</c> to say how many
/// storage calls a referral costs and where its time goes.
/// </summary>
public sealed class StorageCallRecorder(HttpPipelineTransport inner) : HttpPipelineTransport
{
    private static readonly AsyncLocal<RequestTally?> Current = new();
    private readonly ConcurrentDictionary<string, Tally> _byOperation = new(StringComparer.Ordinal);

    /// <summary>The calls made on this asynchronous flow (an HTTP request) until the scope ends.</summary>
    public static RequestTally BeginRequest()
    {
        var tally = new RequestTally();
        Current.Value = tally;
        return tally;
    }

    public sealed class RequestTally
    {
        private long _calls;
        private long _ticks;

        public long Calls => Interlocked.Read(ref _calls);

        public TimeSpan StorageTime => TimeSpan.FromTicks(Interlocked.Read(ref _ticks));

        internal void Add(TimeSpan elapsed)
        {
            Interlocked.Increment(ref _calls);
            Interlocked.Add(ref _ticks, elapsed.Ticks);
        }
    }

    private sealed class Tally
    {
        public long Calls;
        public long Ticks;
        public long MaxTicks;
    }

    public override Request CreateRequest() => inner.CreateRequest();

    public override void Process(HttpMessage message)
    {
        var start = Stopwatch.GetTimestamp();
        try
        {
            inner.Process(message);
        }
        finally
        {
            Record(message, Stopwatch.GetElapsedTime(start));
        }
    }

    public override async ValueTask ProcessAsync(HttpMessage message)
    {
        var start = Stopwatch.GetTimestamp();
        try
        {
            await inner.ProcessAsync(message).ConfigureAwait(false);
        }
        finally
        {
            Record(message, Stopwatch.GetElapsedTime(start));
        }
    }

    private void Record(HttpMessage message, TimeSpan elapsed)
    {
        var request = Current.Value;
        request?.Add(elapsed);
        var key = (request is null ? "engine  " : "request ") + Describe(message.Request);
        var tally = _byOperation.GetOrAdd(key, _ => new Tally());
        Interlocked.Increment(ref tally.Calls);
        Interlocked.Add(ref tally.Ticks, elapsed.Ticks);
        long seen;
        while (elapsed.Ticks > (seen = Interlocked.Read(ref tally.MaxTicks)) && Interlocked.CompareExchange(ref tally.MaxTicks, elapsed.Ticks, seen) != seen)
        {
        }
    }

    /// <summary>Calls so far by operation, then forgets them (one phase at a time).</summary>
    public IReadOnlyList<(string Operation, long Calls, TimeSpan Time, TimeSpan Max)> TakeSnapshot()
    {
        var snapshot = new List<(string, long, TimeSpan, TimeSpan)>();
        foreach (var key in _byOperation.Keys.ToArray())
        {
            if (_byOperation.TryRemove(key, out var t)) snapshot.Add((key, t.Calls, TimeSpan.FromTicks(t.Ticks), TimeSpan.FromTicks(t.MaxTicks)));
        }
        return snapshot.OrderByDescending(s => s.Item2).ToList();
    }

    /// <summary>
    /// "GET Table(key)", "POST $batch", "PUT container/blob lease": the operation and what it
    /// touched, with keys, blob names and incident ids left out (they differ per call).
    /// </summary>
    public static string Describe(Request request)
    {
        var path = request.Uri.Path;
        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        // Azurite's addresses carry the account first (http://127.0.0.1:port/devstoreaccount1/...).
        var rest = segments.Length > 0 && segments[0] == "devstoreaccount1" ? segments[1..] : segments;
        var target = new StringBuilder();
        if (rest.Length == 0) target.Append("(account)");
        else
        {
            var first = Uri.UnescapeDataString(rest[0]);
            var paren = first.IndexOf('(', StringComparison.Ordinal);
            if (paren >= 0) target.Append(first.AsSpan(0, paren)).Append(first.EndsWith("()", StringComparison.Ordinal) ? "() query" : "(key)");
            else target.Append(first);
            if (rest.Length > 1) target.Append(rest[1] == "messages" ? " messages" : "/blob");
        }
        var query = request.Uri.Query;
        if (query.Contains("comp=lease", StringComparison.Ordinal)) target.Append(" lease");
        else if (query.Contains("restype=container", StringComparison.Ordinal)) target.Append(" container");
        return string.Create(CultureInfo.InvariantCulture, $"{request.Method.Method,-6} {target}");
    }
}
