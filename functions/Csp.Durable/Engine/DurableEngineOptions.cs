namespace Csp.Durable.Engine;

/// <summary>Settings of the embedded engine (configuration section <c>Csp:Durable</c>).</summary>
public sealed class DurableEngineOptions
{
    public const string SectionName = "Csp:Durable";

    /// <summary>The task hub: the tables, containers and lease that belong to this engine.</summary>
    public string TaskHub { get; set; } = "csp";

    /// <summary>Turns that may be committing at once (across instances).</summary>
    public int MaxConcurrentTurns { get; set; } = 64;

    /// <summary>Activities that may run at once.</summary>
    public int MaxConcurrentActivities { get; set; } = 64;

    /// <summary>Messages one turn consumes at most (a storage transaction holds 100 operations).</summary>
    public int MaxMessagesPerTurn { get; set; } = 90;

    /// <summary>How often the hub's owner looks for messages left by other processes.</summary>
    public TimeSpan SignalPollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Delay before retrying a turn whose commit failed for a transient reason.</summary>
    public TimeSpan CommitRetryDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>
    /// Turns that only schedule activities may be committed together with a later turn (write-behind),
    /// at most this many in a row; 0 commits every turn.
    /// </summary>
    public int MaxDeferredTurns { get; set; } = 50;

    /// <summary>The longest a turn may wait for its commit under write-behind.</summary>
    public TimeSpan MaxCommitDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Instances finished this long ago are dropped from memory.</summary>
    public bool KeepCompletedInstancesInMemory { get; set; }
}
