namespace Csp.Durable.Execution;

/// <summary>
/// Runs an orchestrator's continuations on the calling thread, one at a time, until none is ready:
/// the single logical thread that makes replay deterministic.
/// </summary>
internal sealed class OrchestrationTaskScheduler : TaskScheduler
{
    private readonly Queue<Task> _ready = new();

    protected override void QueueTask(Task task) => _ready.Enqueue(task);

    // Never run inline: everything goes through the queue so the order is the queue's order.
    protected override bool TryExecuteTaskInline(Task task, bool taskWasPreviouslyQueued) => false;

    protected override IEnumerable<Task> GetScheduledTasks() => _ready.ToArray();

    public void RunUntilIdle()
    {
        while (_ready.TryDequeue(out var task))
        {
            TryExecuteTask(task);
        }
    }
}
