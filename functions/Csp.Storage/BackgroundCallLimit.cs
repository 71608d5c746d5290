using Azure.Core;
using Azure.Core.Pipeline;

namespace Csp.Storage;

/// <summary>
/// While a request marked with <see cref="BeginForeground"/> (a person or a system waiting for an
/// answer) is in progress, at most <see cref="Slots"/> storage calls from background work (the
/// durable engine's turns, activities, timers and lease) are on the wire at once; the request's own
/// calls never wait. With no request in progress the background runs unlimited. For a storage
/// service that answers on one thread (the emulator): every call queues there, so the engine's
/// backlog after a burst of referrals would otherwise sit in front of each referral's own calls.
/// The limit holds only while a call is on the wire, not during retry delays.
/// </summary>
public sealed class BackgroundCallLimit : HttpPipelinePolicy
{
    private static readonly AsyncLocal<bool> Foreground = new();
    private readonly object _gate = new();
    private readonly Queue<TaskCompletionSource> _waiting = new();
    private int _background;
    private int _requests;

    public BackgroundCallLimit(int slots)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(slots, 1);
        Slots = slots;
    }

    /// <summary>Background calls on the wire at once at most while a request is in progress.</summary>
    public int Slots { get; }

    /// <summary>Background calls on the wire now.</summary>
    public int InUse
    {
        get { lock (_gate) return _background; }
    }

    /// <summary>Background calls waiting for a place now.</summary>
    public int Waiting
    {
        get { lock (_gate) return _waiting.Count(w => !w.Task.IsCompleted); }
    }

    /// <summary>
    /// Marks the current asynchronous flow (an HTTP request) and what it awaits as foreground until
    /// the scope is disposed; meanwhile background calls are limited.
    /// </summary>
    public IDisposable BeginForeground()
    {
        Foreground.Value = true;
        lock (_gate) _requests++;
        return new Scope(this);
    }

    private void EndForeground()
    {
        lock (_gate)
        {
            _requests--;
            WakeWaiting();
        }
    }

    public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        if (Foreground.Value)
        {
            await ProcessNextAsync(message, pipeline).ConfigureAwait(false);
            return;
        }
        await EnterAsync(message.CancellationToken).ConfigureAwait(false);
        try
        {
            await ProcessNextAsync(message, pipeline).ConfigureAwait(false);
        }
        finally
        {
            Leave();
        }
    }

    public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        if (Foreground.Value)
        {
            ProcessNext(message, pipeline);
            return;
        }
        EnterAsync(message.CancellationToken).GetAwaiter().GetResult();
        try
        {
            ProcessNext(message, pipeline);
        }
        finally
        {
            Leave();
        }
    }

    private Task EnterAsync(CancellationToken cancellation)
    {
        TaskCompletionSource waiter;
        lock (_gate)
        {
            if (_requests == 0 || _background < Slots)
            {
                _background++;
                return Task.CompletedTask;
            }
            waiter = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiting.Enqueue(waiter);
        }
        if (!cancellation.CanBeCanceled) return waiter.Task;
        // A waiter cancelled before its turn is skipped when it comes up (its TrySetResult fails).
        var registration = cancellation.Register(() => waiter.TrySetCanceled(cancellation));
        return waiter.Task.ContinueWith(t =>
        {
            registration.Dispose();
            return t;
        }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default).Unwrap();
    }

    private void Leave()
    {
        lock (_gate)
        {
            _background--;
            WakeWaiting();
        }
    }

    private void WakeWaiting()
    {
        while (_waiting.Count > 0 && (_requests == 0 || _background < Slots))
        {
            var next = _waiting.Dequeue();
            // Counted before it runs, so no other call takes the place meanwhile.
            _background++;
            if (!next.TrySetResult()) _background--;
        }
    }

    private sealed class Scope(BackgroundCallLimit owner) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0) owner.EndForeground();
        }
    }
}
