using System.Text.Json;
using Csp.Host.Cli;

namespace Csp.Host.Tests.Cli;

public class DeadlinesCommandTests
{
    private static async Task<JsonElement[]> DeadlinesAsync(params string[] args)
    {
        var run = await CommandRun.RunAsync(["deadlines", .. args]);
        Assert.Equal(OperatorCommands.Ok, run.ExitCode);
        Assert.Equal("", run.Stderr);
        using var document = JsonDocument.Parse(run.Stdout);
        return document.RootElement.GetProperty("deadlines").EnumerateArray().Select(e => e.Clone()).ToArray();
    }

    private static JsonElement Kind(JsonElement[] deadlines, string kind) =>
        Assert.Single(deadlines, d => d.GetProperty("kind").GetString() == kind);

    [Fact]
    public async Task RunAsync_AwareOnly_PrintsIndentedCamelCaseJsonWithEveryDeadline()
    {
        var run = await CommandRun.RunAsync("deadlines", "--aware", "2024-03-22");

        Assert.Equal(OperatorCommands.Ok, run.ExitCode);
        Assert.StartsWith("{" + Environment.NewLine + "  \"calendar\": \"England and Wales bank holidays\"", run.Stdout);
        Assert.Contains("\"deadlines\": [", run.Stdout);
        Assert.Contains("the local authority became aware", run.Stdout); // apostrophes and words unescaped

        var deadlines = await DeadlinesAsync("--aware", "2024-03-22");
        Assert.Equal(["NationalPanelNotification", "PartnersInformed", "RapidReviewDecision"], deadlines.Select(d => d.GetProperty("kind").GetString()));
        Assert.All(deadlines, d =>
        {
            Assert.False(string.IsNullOrWhiteSpace(d.GetProperty("basis").GetString()));
            Assert.Equal(JsonValueKind.String, d.GetProperty("due").ValueKind);
            Assert.Equal(JsonValueKind.String, d.GetProperty("triggerDate").ValueKind);
            Assert.Equal(JsonValueKind.String, d.GetProperty("rule").ValueKind);
            Assert.Equal(JsonValueKind.Number, d.GetProperty("amount").ValueKind);
        });
        Assert.Equal("2024-04-02", Kind(deadlines, "NationalPanelNotification").GetProperty("due").GetString());
        var rapidReview = Kind(deadlines, "RapidReviewDecision");
        Assert.Equal("2024-04-23", rapidReview.GetProperty("due").GetString());
        Assert.True(rapidReview.GetProperty("provisional").GetBoolean());
        Assert.Contains("notification due date", rapidReview.GetProperty("basis").GetString());
    }

    [Fact]
    public async Task RunAsync_NotifiedAndDecision_RapidReviewFromNotificationAndReviewCompletionDates()
    {
        var deadlines = await DeadlinesAsync("--aware", "2024-03-22", "--notified", "2024-03-27", "--decision", "2024-08-31");

        var rapidReview = Kind(deadlines, "RapidReviewDecision");
        Assert.Equal("2024-04-19", rapidReview.GetProperty("due").GetString());
        Assert.False(rapidReview.GetProperty("provisional").GetBoolean());
        Assert.Equal("2025-02-28", Kind(deadlines, "LocalCsprCompletion").GetProperty("due").GetString());
        Assert.Equal("2024-11-30", Kind(deadlines, "OtherLearningReviewCompletion").GetProperty("due").GetString());
        Assert.Equal("CalendarMonths", Kind(deadlines, "LocalCsprCompletion").GetProperty("unit").GetString());
    }

    [Fact]
    public async Task RunAsync_ScopingAndPublicationDates_AddTheirDeadlines()
    {
        var deadlines = await DeadlinesAsync("--aware", "2024-01-02", "--scoping-requested", "2024-03-22", "--planned-publication", "2024-06-19");

        Assert.Equal("2024-04-02", Kind(deadlines, "ScopingReturns").GetProperty("due").GetString());
        Assert.Equal("2024-06-10", Kind(deadlines, "PrePublicationNotice").GetProperty("due").GetString());
        Assert.Equal(-7, Kind(deadlines, "PrePublicationNotice").GetProperty("amount").GetInt32());
    }

    [Theory]
    [InlineData("deadlines needs --aware", "--notified", "2024-03-27")]
    [InlineData("deadlines needs --aware")]
    [InlineData("--aware must be a date written YYYY-MM-DD, not 'yesterday'", "--aware", "yesterday")]
    [InlineData("--notified must be a date written YYYY-MM-DD, not '2024-02-30'", "--aware", "2024-02-01", "--notified", "2024-02-30")]
    [InlineData("unknown option '--due'", "--aware", "2024-03-22", "--due", "2024-04-02")]
    [InlineData("cannot be before the local authority became aware", "--aware", "2024-03-22", "--notified", "2024-03-21")]
    [InlineData("option --decision needs a value", "--aware", "2024-03-22", "--decision")]
    public async Task RunAsync_BadArguments_ExitCode2WithOneErrorLine(string expectedMessage, params string[] args)
    {
        var run = await CommandRun.RunAsync(["deadlines", .. args]);

        run.AssertBadArguments(expectedMessage);
    }
}
