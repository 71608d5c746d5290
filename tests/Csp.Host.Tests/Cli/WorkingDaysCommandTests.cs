using Csp.Host.Cli;

namespace Csp.Host.Tests.Cli;

public class WorkingDaysCommandTests
{
    [Theory]
    [InlineData("2024-03-22", "5", "2024-04-02")]  // over Easter 2024
    [InlineData("2024-04-02", "-5", "2024-03-22")]
    [InlineData("2022-12-23", "1", "2022-12-28")]  // Christmas 2022 substitute day
    [InlineData("2024-03-23", "0", "2024-03-23")]  // day 0 is the trigger day
    [InlineData("2024-03-23", "1", "2024-03-25")]  // from a Saturday
    public async Task RunAsync_ValidArguments_PrintsTheDateAloneOnALine(string from, string add, string expected)
    {
        var run = await CommandRun.RunAsync("working-days", "--from", from, "--add", add);

        Assert.Equal(OperatorCommands.Ok, run.ExitCode);
        Assert.Equal(expected + Environment.NewLine, run.Stdout);
        Assert.Equal("", run.Stderr);
    }

    [Fact]
    public async Task RunAsync_OptionsWithEqualsAndInAnyOrder_AreAccepted()
    {
        var run = await CommandRun.RunAsync("working-days", "--add=-1", "--from=2024-04-02");

        Assert.Equal(OperatorCommands.Ok, run.ExitCode);
        Assert.Equal("2024-03-28" + Environment.NewLine, run.Stdout);
    }

    [Theory]
    [InlineData("needs --from", "--add", "5")]
    [InlineData("needs --add", "--from", "2024-03-22")]
    [InlineData("--from must be a date written YYYY-MM-DD, not '2024-13-01'", "--from", "2024-13-01", "--add", "5")]
    [InlineData("--from must be a date written YYYY-MM-DD, not '22/03/2024'", "--from", "22/03/2024", "--add", "5")]
    [InlineData("--from must be a date written YYYY-MM-DD, not '2024-3-22'", "--from", "2024-3-22", "--add", "5")]
    [InlineData("--add must be a whole number, not 'five'", "--from", "2024-03-22", "--add", "five")]
    [InlineData("--add must be a whole number, not '1.5'", "--from", "2024-03-22", "--add", "1.5")]
    [InlineData("--add must be between", "--from", "2024-03-22", "--add", "100001")]
    [InlineData("unknown option '--to'", "--from", "2024-03-22", "--to", "2024-04-01")]
    [InlineData("unexpected argument '2024-03-22'", "2024-03-22", "--add", "5")]
    [InlineData("option --add needs a value", "--from", "2024-03-22", "--add")]
    [InlineData("option --from needs a value", "--from", "--add", "5")]
    [InlineData("option --from is given more than once", "--from", "2024-03-22", "--from", "2024-03-25", "--add", "1")]
    [InlineData("falls outside the dates the calendar supports", "--from", "9999-12-30", "--add", "5")]
    public async Task RunAsync_BadArguments_ExitCode2WithOneErrorLine(string expectedMessage, params string[] args)
    {
        var run = await CommandRun.RunAsync(["working-days", .. args]);

        run.AssertBadArguments(expectedMessage);
    }
}
