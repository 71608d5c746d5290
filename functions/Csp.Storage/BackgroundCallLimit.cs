using Azure.Core;
using Azure.Core.Pipeline;

namespace Csp.Storage;

/// <summary>
/// At most so many storage calls at once from background work (the durable engine's turns,
/// activities, timers and lease), while calls made for a request marked with
/// <see cref="EnterForeground"/> (a person or a system waiting for an answer) never wait. For a
/// storage service that answers on one thread (the emulator): every call queues there, so the
/// engine's backlog after a burst of referrals would otherwise sit in front of each referral's own
/// calls. The limit holds only while a call is on the wire, not during retry delays.
/// </summary>
public sealed class BackgroundCallLimit : HttpPipelinePolicy, IDisposable
{
    private static readonly AsyncLocal<bool> Foreground = new();
    private readonly SemaphoreSlim _slots;

    public BackgroundCallLimit(int slots)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(slots, 1);
        Slots = slots;
        _slots = new SemaphoreSlim(slots, slots);
    }

    /// <summary>Background calls on the wire at once at most.</summary>
    public int Slots { get; }

    /// <summary>Background calls on the wire now.</summary>
    public int InUse => Slots - _slots.CurrentCount;

    /// <summary>Marks the current asynchronous flow (an HTTP request) and what it awaits as foreground.</summary>
    public static void EnterForeground() => Foreground.Value = true;

    /// <summary>Whether the current flow is foreground.</summary>
    public static bool IsForeground => Foreground.Value;

    public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        if (Foreground.Value)
        {
            await ProcessNextAsync(message, pipeline).ConfigureAwait(false);
            return;
        }
        await _slots.WaitAsync(message.CancellationToken).ConfigureAwait(false);
        try
        {
            await ProcessNextAsync(message, pipeline).ConfigureAwait(false);
        }
        finally
        {
            _slots.Release();
        }
    }

    public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        if (Foreground.Value)
        {
            ProcessNext(message, pipeline);
            return;
        }
        _slots.Wait(message.CancellationToken);
        try
        {
            ProcessNext(message, pipeline);
        }
        finally
        {
            _slots.Release();
        }
    }

    public void Dispose() => _slots.Dispose();
}
