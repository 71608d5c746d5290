using System.Globalization;
using System.Text.Json;

namespace Csp.Host.Tests.Cli;

/// <summary><c>--help</c> lists the commands; <c>sample-referral</c> dates the sample so a new incident starts on time.</summary>
public sealed class HelpAndSampleCommandTests
{
    [Theory]
    [InlineData("--help")]
    [InlineData("-h")]
    [InlineData("help")]
    public async Task Help_ListsEveryCommand_ExitCode0(string flag)
    {
        var run = await CommandRun.RunAsync(flag);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("", run.Stderr);
        foreach (var command in new[] { "serve", "working-days", "deadlines", "simulate", "bench", "sample-referral", "kill -INT" })
            Assert.Contains(command, run.Stdout);
    }

    [Fact]
    public async Task SampleReferral_Aware_MovesEveryDateKeepingTheirGaps()
    {
        var run = await CommandRun.RunAsync("sample-referral", "--aware", "2026-11-30");

        Assert.Equal(0, run.ExitCode);
        var referral = JsonDocument.Parse(run.Stdout).RootElement;
        Assert.Equal("2026-11-30", referral.GetProperty("incident").GetProperty("dateLocalAuthorityAware").GetString());
        Assert.Equal("2026-11-26", referral.GetProperty("incident").GetProperty("dateOfIncident").GetString());
        Assert.Equal("2026-11-30", referral.GetProperty("signOff").GetProperty("dateSignedOff").GetString());
        Assert.Equal("Fictionalchild", referral.GetProperty("child").GetProperty("lastName").GetString());
    }

    [Fact]
    public async Task SampleReferral_NoDate_IsAwareToday()
    {
        var run = await CommandRun.RunAsync("sample-referral");

        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, TimeZoneInfo.FindSystemTimeZoneById("Europe/London")).DateTime);
        var aware = JsonDocument.Parse(run.Stdout).RootElement.GetProperty("incident").GetProperty("dateLocalAuthorityAware").GetString();
        Assert.Equal(today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), aware);
    }

    [Fact]
    public async Task SampleReferral_BadDate_ExitCode2()
    {
        var run = await CommandRun.RunAsync("sample-referral", "--aware", "30/11/2026");

        run.AssertBadArguments("--aware");
    }
}
