using Csp.Storage.Tables;

namespace Csp.Storage.Tests.Tables;

public sealed class TableKeysTests
{
    [Theory]
    [InlineData("case/1", '/')]
    [InlineData("case\\1", '\\')]
    [InlineData("case#1", '#')]
    [InlineData("case?1", '?')]
    public void Validate_ForbiddenCharacterInRowKey_NamesKeyAndCharacter(string rowKey, char forbidden)
    {
        var ex = Assert.Throws<ArgumentException>(() => TableKeys.Validate("partition", rowKey));

        Assert.Equal("RowKey", ex.ParamName);
        Assert.Contains("RowKey", ex.Message);
        Assert.Contains($"'{forbidden}'", ex.Message);
        Assert.Contains("index 4", ex.Message);
    }

    [Theory]
    [InlineData("\u0000")]
    [InlineData("\t")]
    [InlineData("\u001F")]
    [InlineData("\u007F")]
    [InlineData("\u0085")]
    [InlineData("\u009F")]
    public void Validate_ControlCharacterInPartitionKey_IsReportedByCodePoint(string control)
    {
        var ex = Assert.Throws<ArgumentException>(() => TableKeys.Validate("a" + control, "r"));

        Assert.Equal("PartitionKey", ex.ParamName);
        Assert.Contains($"U+{(int)control[0]:X4}", ex.Message);
    }

    [Fact]
    public void Validate_LengthLimit_Is512Utf16Characters()
    {
        TableKeys.Validate(new string('k', 512), new string('r', 512));

        var ex = Assert.Throws<ArgumentException>(() => TableKeys.Validate("p", new string('r', 513)));
        Assert.Contains("513 characters (1026 bytes", ex.Message);
    }

    [Fact]
    public void Validate_UnicodeQuotesAndSpaces_AreAllowed()
    {
        TableKeys.Validate("O'Brien & Sons", "ünïcödé ✓ 100%");
        Assert.True(TableKeys.IsValid("a b"));
        Assert.False(TableKeys.IsValid("a/b"));
    }

    [Theory]
    [InlineData("plain")]
    [InlineData("a/b\\c#d?e%f")]
    [InlineData("line\nbreak\u0085and\u007Fdel")]
    [InlineData("%2F already looks escaped")]
    public void Escape_AnyText_IsValidAndRoundTrips(string text)
    {
        var escaped = TableKeys.Escape(text);

        Assert.True(TableKeys.IsValid(escaped));
        Assert.Equal(text, TableKeys.Unescape(escaped));
    }
}
