namespace Csp.Domain.Tests;

public class EmailAddressesTests
{
    [Theory]
    [InlineData("name@example.org", true)]
    [InlineData("first.last+tag@sub.domain.example", true)]
    [InlineData("name@example", false)]
    [InlineData("first.last@localhost", false)] // A dot in the name is not a dotted domain.
    [InlineData("name@example.o", false)]
    [InlineData("name@.org", false)]
    [InlineData("name example.org", false)]
    [InlineData(" name@example.org", false)]
    [InlineData("\"Name\" <name@example.org>", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void IsValid_Value_AcceptsOnlyAPlainAddressWithADottedDomain(string? value, bool expected) =>
        Assert.Equal(expected, EmailAddresses.IsValid(value));

    [Fact]
    public void IsValid_LongerThanTheLimit_Refused()
    {
        var local = new string('a', EmailAddresses.MaxLength - "@example.org".Length + 1);

        Assert.False(EmailAddresses.IsValid(local + "@example.org"));
        Assert.True(EmailAddresses.IsValid(local[1..] + "@example.org"));
    }
}
