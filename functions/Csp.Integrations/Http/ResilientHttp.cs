using System.Net.Http.Headers;
using Microsoft.Extensions.Http.Resilience;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace Csp.Integrations.Http;

/// <summary>
/// HTTP clients for the services outside (SendGrid, GOV.UK Notify, Microsoft Graph) with retries and
/// timeouts from Microsoft.Extensions.Http.Resilience: a 429 or 5xx answer, a connection failure or
/// an attempt that takes too long is tried again, after what <c>Retry-After</c> asks for when the
/// service says, else 1, 2, 4... seconds, never longer than the ceiling. When every attempt has
/// failed the caller gets the last answer (or exception) and decides (the activity retries later).
/// </summary>
public static class ResilientHttp
{
    /// <summary>How long one attempt may take before it is abandoned and tried again.</summary>
    public static readonly TimeSpan AttemptTimeout = TimeSpan.FromSeconds(30);

    public static bool IsTransient(int status) => status is 429 or >= 500;

    /// <param name="maxAttempts">Attempts in all (1: no retry).</param>
    /// <param name="maxDelay">The longest wait between attempts, whatever <c>Retry-After</c> asks for.</param>
    /// <param name="inner">The handler that sends (tests and a pooled handler by default).</param>
    public static HttpClient Client(int maxAttempts, TimeSpan maxDelay, HttpMessageHandler? inner = null) =>
        new(Handler(maxAttempts, maxDelay, inner)) { Timeout = Timeout.InfiniteTimeSpan };

    public static DelegatingHandler Handler(int maxAttempts, TimeSpan maxDelay, HttpMessageHandler? inner = null)
    {
        // Waits between attempts are real time whatever the business clock says: a development clock
        // or a test's frozen clock must not hold a retry (or its timeout) for ever.
        var builder = new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = TimeProvider.System };
        if (maxAttempts > 1)
        {
            builder.AddRetry(new HttpRetryStrategyOptions
            {
                MaxRetryAttempts = maxAttempts - 1,
                ShouldHandle = args => ValueTask.FromResult(args.Outcome switch
                {
                    { Exception: HttpRequestException or TimeoutRejectedException } => true,
                    { Result: { } response } => IsTransient((int)response.StatusCode),
                    _ => false,
                }),
                // Retry-After (seconds or a date) when the service gives one; else exponential; capped.
                ShouldRetryAfterHeader = false,
                DelayGenerator = args => ValueTask.FromResult<TimeSpan?>(Delay(args.AttemptNumber, args.Outcome.Result?.Headers.RetryAfter, maxDelay, TimeProvider.System)),
            });
        }
        builder.AddTimeout(AttemptTimeout);
        return new ResilienceHandler(builder.Build())
        {
            InnerHandler = inner ?? new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) },
        };
    }

    /// <summary>The wait before retry <paramref name="attempt"/> (0 for the first retry).</summary>
    public static TimeSpan Delay(int attempt, RetryConditionHeaderValue? retryAfter, TimeSpan maxDelay, TimeProvider time)
    {
        var asked = retryAfter?.Delta ?? (retryAfter?.Date is { } date ? date - time.GetUtcNow() : (TimeSpan?)null);
        var delay = asked is { } a && a > TimeSpan.Zero ? a : TimeSpan.FromSeconds(Math.Pow(2, attempt));
        return delay > maxDelay ? maxDelay : delay < TimeSpan.Zero ? TimeSpan.Zero : delay;
    }
}
