using CspFunctions.Http;
using CspFunctions.Tests.Infrastructure;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Moq;

namespace CspFunctions.Tests.Http;

/// <summary>
/// A default deployment has no people (an empty partnership directory, no <c>Csp__Partnership__*</c>
/// settings to seed it): the app starts, health answers, staff are told what is missing and the
/// business unit reaches the Partnership page; nothing crashes and no review starts that would email nobody.
/// </summary>
public sealed class PartnershipNotSetUpTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private static readonly Dictionary<string, string?> InMemory = new() { ["Csp:Storage:Mode"] = "InMemory" };

    [Fact]
    public async Task StaffPage_NoPeopleConfigured_503PageSaysWhatTheBusinessUnitSetsUp()
    {
        await using var app = FunctionsApp.Create(InMemory, partnership: false);

        await using var request = app.Request("GET", "/").SignedIn("Bea Unit", "business-unit");
        var response = await request.RunAsync(new StaffPageFunctions(app.Pipeline).Dashboard);

        Assert.Equal(503, response.Status);
        Assert.Contains("The partnership is not set up yet", response.Body, StringComparison.Ordinal);
        Assert.Contains("Still to enter: the partnership&#x27;s name, the business manager", response.Body, StringComparison.Ordinal);
        Assert.Contains("the panel chair", response.Body, StringComparison.Ordinal);
        Assert.Contains("href=\"/partnership\"", response.Body, StringComparison.Ordinal);
        Assert.Contains("govuk-", response.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PartnershipPage_NoPeopleConfigured_TheBusinessUnitReachesItAndSeesWhatIsMissing()
    {
        await using var app = FunctionsApp.Create(InMemory, partnership: false);

        await using var request = app.Request("GET", "/partnership").SignedIn("Bea Unit", "business-unit");
        var response = await request.RunAsync(new PartnershipFunctions(app.Pipeline).PartnershipPage);

        Assert.Equal(200, response.Status);
        Assert.Contains("Set up your partnership", response.Body, StringComparison.Ordinal);
        Assert.Contains("the designated officer (LADO)", response.Body, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"save-partnership\"", response.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReferralApi_NoPeopleConfigured_503ProblemAndNoReviewStarts()
    {
        await using var app = FunctionsApp.Create(InMemory, partnership: false);
        var referral = await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "data", "referral.sample.json"));

        await using var request = app.Request("POST", "/api/referrals").Header("x-functions-key", FunctionsApp.ApiKey).Json(referral);
        var response = await request.RunAsync(r => new ReferralFunctions(app.Pipeline).SubmitReferral(r, app.Client.Object));

        Assert.Equal(503, response.Status);
        Assert.Equal("The partnership is not set up yet", response.Json().GetProperty("title").GetString());
        app.Client.Verify(c => c.ScheduleNewOrchestrationInstanceAsync(It.IsAny<TaskName>(), It.IsAny<object?>(), It.IsAny<StartOrchestrationOptions?>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Fact]
    public async Task Health_NoPeopleConfigured_200Healthy()
    {
        await using var app = FunctionsApp.Create(new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage"] = azurite.ConnectionString,
            ["Csp:Storage:Mode"] = "Table",
        }, partnership: false);

        await using var request = app.Request("GET", "/api/health");
        var response = await request.RunAsync(new HealthFunctions(app.Pipeline).Health);

        Assert.Equal(200, response.Status);
        Assert.Equal("Healthy", response.Body);
    }
}
