using Csp.Storage.Tables;

namespace Csp.Storage.Tests.Tables;

/// <summary>Test data: entities with a payload, and batches of them.</summary>
internal static class TableEntityBuilder
{
    public static TableEntity Entity(string partitionKey, string rowKey, int sequence = 0) =>
        new(partitionKey, rowKey) { ["Sequence"] = sequence, ["Payload"] = $"event {sequence}" };

    public static List<TableTransactionAction> Adds(string partitionKey, int count, int start = 0) =>
        Enumerable.Range(start, count)
            .Select(i => new TableTransactionAction(TableTransactionActionType.Add, Entity(partitionKey, i.ToString("D6"), i)))
            .ToList();
}
