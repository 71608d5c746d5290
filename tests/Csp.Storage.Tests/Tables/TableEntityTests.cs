using Csp.Storage.Tables;

namespace Csp.Storage.Tests.Tables;

public sealed class TableEntityTests
{
    [Fact]
    public void Indexer_UnsupportedType_ThrowsNamingPropertyAndType()
    {
        var entity = new TableEntity("p", "r");

        var ex = Assert.Throws<ArgumentException>(() => entity["Amount"] = 1.5m);

        Assert.Contains("'Amount'", ex.Message);
        Assert.Contains("Decimal", ex.Message);
    }

    [Theory]
    [InlineData("PartitionKey")]
    [InlineData("RowKey")]
    [InlineData("Timestamp")]
    [InlineData("odata.etag")]
    public void Indexer_SystemPropertyName_IsRefused(string name)
    {
        var entity = new TableEntity("p", "r");

        Assert.Throws<ArgumentException>(() => entity[name] = "x");
    }

    [Fact]
    public void Indexer_DateTime_IsStoredAsUtcDateTimeOffset()
    {
        var entity = new TableEntity("p", "r") { ["Due"] = new DateTime(2025, 3, 1, 9, 30, 0, DateTimeKind.Unspecified) };

        Assert.Equal(new DateTimeOffset(2025, 3, 1, 9, 30, 0, TimeSpan.Zero), entity.GetDateTimeOffset("Due"));
    }

    [Fact]
    public void Getters_MissingProperty_ReturnNull_WrongType_Throws()
    {
        var entity = new TableEntity("p", "r") { ["Count"] = 3 };

        Assert.Null(entity.GetString("Missing"));
        Assert.Null(entity["Missing"]);
        Assert.Equal(3L, entity.GetInt64("Count"));
        Assert.Equal(3.0, entity.GetDouble("Count"));
        var ex = Assert.Throws<InvalidOperationException>(() => entity.GetString("Count"));
        Assert.Contains("Count", ex.Message);
    }
}
