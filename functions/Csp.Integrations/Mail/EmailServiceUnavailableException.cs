using System.Net.Http.Headers;

namespace Csp.Integrations.Mail;

/// <summary>
/// Waits between attempts at an email service that answered 429 or 5xx: what <c>Retry-After</c>
/// asks for when it says, else 1, 2, 4... seconds; never more than the configured ceiling.
/// </summary>
internal sealed class TransientRetry(EmailOptions options, TimeProvider time)
{
    public int MaxAttempts => options.MaxAttempts;

    public static bool IsTransient(int status) => status is 429 or >= 500;

    public TimeSpan DelayFor(int attempt, RetryConditionHeaderValue? retryAfter)
    {
        var asked = retryAfter?.Delta
            ?? (retryAfter?.Date is { } date ? date - time.GetUtcNow() : (TimeSpan?)null);
        var delay = asked is { } a && a > TimeSpan.Zero ? a : TimeSpan.FromSeconds(Math.Pow(2, attempt - 1));
        var ceiling = TimeSpan.FromSeconds(options.MaxRetryDelaySeconds);
        return delay > ceiling ? ceiling : delay;
    }

    public Task WaitAsync(int attempt, RetryConditionHeaderValue? retryAfter, CancellationToken cancellation) =>
        Task.Delay(DelayFor(attempt, retryAfter), time, cancellation);
}

/// <summary>The email service kept answering 429 or 5xx (or not at all) through every attempt: the activity retries later.</summary>
public sealed class EmailServiceUnavailableException(string message, Exception? inner = null) : Exception(message, inner);
