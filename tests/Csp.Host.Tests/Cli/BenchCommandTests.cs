using Csp.Host.Cli;

namespace Csp.Host.Tests.Cli;

public class BenchCommandTests
{
    [Theory]
    [InlineData("bench needs a target: storage, engine, http or cost")]
    [InlineData("unknown bench target 'disk'", "disk")]
    [InlineData("unknown option '--fast' for bench engine", "engine", "--fast")]
    [InlineData("--storage must be azurite or memory, not 'disk'", "http", "--storage", "disk")]
    [InlineData("--sequential must be a whole number from 1 to 100000", "http", "--sequential", "many")]
    [InlineData("--levels must be a whole number from 1 to 1000", "http", "--levels", "1,ten,50")]
    [InlineData("unknown option '--clients'", "http", "--clients", "5")]
    [InlineData("option --duration needs a value", "http", "--duration")]
    public async Task BadArguments_GiveOneErrorLineAndExitCode2_BeforeStartingAnything(string message, params string[] args)
    {
        var run = await CommandRun.RunAsync(["bench", .. args]);

        run.AssertBadArguments(message);
    }
}
