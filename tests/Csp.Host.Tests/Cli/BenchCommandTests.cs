using Csp.Host.Cli;

namespace Csp.Host.Tests.Cli;

public class BenchCommandTests
{
    [Theory]
    [InlineData("bench needs a target: storage, engine or http")]
    [InlineData("unknown bench target 'disk'", "disk")]
    [InlineData("unknown option '--fast' for bench engine", "engine", "--fast")]
    [InlineData("--storage must be azurite or memory, not 'disk'", "http", "--storage", "disk")]
    [InlineData("--requests must be a whole number, 0 or more", "http", "--requests", "many")]
    [InlineData("unknown option '--clients'", "http", "--clients", "5")]
    [InlineData("option --concurrency needs a value", "http", "--concurrency")]
    public async Task BadArguments_GiveOneErrorLineAndExitCode2_BeforeStartingAnything(string message, params string[] args)
    {
        var run = await CommandRun.RunAsync(["bench", .. args]);

        run.AssertBadArguments(message);
    }
}
