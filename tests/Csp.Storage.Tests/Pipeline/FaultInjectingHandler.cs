using System.Net;

namespace Csp.Storage.Tests.Pipeline;

/// <summary>
/// Sits in front of the real network handler and fails the first requests that match with the
/// given faults (a status, optionally with Retry-After, or a transport exception), counting attempts.
/// </summary>
internal sealed class FaultInjectingHandler : DelegatingHandler
{
    private readonly Queue<Fault> _faults;
    private readonly Func<HttpRequestMessage, bool> _matches;
    private int _attempts;

    public FaultInjectingHandler(IEnumerable<Fault> faults, Func<HttpRequestMessage, bool>? matches = null)
        : base(new SocketsHttpHandler())
    {
        _faults = new Queue<Fault>(faults);
        _matches = matches ?? (_ => true);
    }

    /// <summary>Matching requests seen, including the ones that were failed.</summary>
    public int Attempts => Volatile.Read(ref _attempts);

    public List<DateTimeOffset> AttemptTimes { get; } = [];

    public static Fault Status(HttpStatusCode status, TimeSpan? retryAfter = null) => new(status, retryAfter, null, null);

    public static Fault Transport() => new(null, null, new HttpRequestException("Injected: connection reset by peer."), null);

    public static Fault Delay(TimeSpan delay) => new(null, null, null, delay);

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (!_matches(request)) return await base.SendAsync(request, cancellationToken);
        Interlocked.Increment(ref _attempts);
        Fault? fault;
        lock (_faults)
        {
            AttemptTimes.Add(DateTimeOffset.UtcNow);
            _faults.TryDequeue(out fault);
        }
        if (fault is null) return await base.SendAsync(request, cancellationToken);
        if (fault.Exception is not null) throw fault.Exception;
        if (fault.Delay is { } delay)
        {
            await Task.Delay(delay, cancellationToken);
            return await base.SendAsync(request, cancellationToken);
        }
        var response = new HttpResponseMessage(fault.Status!.Value) { RequestMessage = request };
        response.Headers.Add("x-ms-request-id", "injected-" + Attempts);
        if (fault.RetryAfter is { } after) response.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(after);
        return response;
    }

    internal sealed record Fault(HttpStatusCode? Status, TimeSpan? RetryAfter, Exception? Exception, TimeSpan? Delay);
}
