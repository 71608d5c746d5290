using Csp.LocalWorkflow.Simulation;
using Csp.Workflow.Tests.Support;
using Microsoft.Extensions.Options;

namespace Csp.Workflow.Tests.Application;

public sealed class ConfigurationTests
{
    [Fact]
    public async Task Start_MissingPublicBaseUrlAndAddresses_FailsWithEveryProblemNamed()
    {
        var configuration = SamplePartnership.Configuration(overrides: new Dictionary<string, string?>
        {
            ["Csp:PublicBaseUrl"] = "",
            ["Csp:Partnership:Notifications:Ofsted"] = "not an address",
            ["Csp:Approvals:Approver"] = "board",
            ["Csp:Timescales:NationalPanelNotificationWorkingDays"] = "0",
        });
        var ex = await Assert.ThrowsAnyAsync<Exception>(() => WorkflowHost.StartAsync(configuration, WorkflowScenario.Start));
        var message = ex is AggregateException agg ? string.Join(" | ", agg.InnerExceptions.Select(e => e.Message)) : ex.Message;
        Assert.Contains("Csp:PublicBaseUrl", message, StringComparison.Ordinal);
        Assert.Contains("Notifications:Ofsted", message, StringComparison.Ordinal);
        Assert.Contains("'chair' or 'scrutineer'", message, StringComparison.Ordinal);
        Assert.Contains("NationalPanelNotificationWorkingDays", message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("SendGrid", "Csp:Email:SendGrid:ApiKey is required", "Csp:Email:SendGrid:WebhookPublicKey is not a base64 ECDSA public key")]
    [InlineData("Notify", "Csp:Email:Notify:ApiKey is required", "Csp:Email:Notify:Templates:Default is required")]
    [InlineData("Postman", "Csp:Email:Provider must be 'Mailbox', 'SendGrid' or 'Notify'", "Csp:Calendar:Graph:CalendarUser")]
    public async Task Start_EmailAndCalendarServicesMissingWhatTheyNeed_FailsWithEveryProblemNamed(string provider, string emailProblem, string otherProblem)
    {
        var configuration = SamplePartnership.Configuration(overrides: new Dictionary<string, string?>
        {
            ["Csp:Email:Provider"] = provider,
            ["Csp:Email:SendGrid:WebhookPublicKey"] = "not-a-key",
            ["Csp:Calendar:Provider"] = "Graph",
        });
        var ex = await Assert.ThrowsAnyAsync<Exception>(() => WorkflowHost.StartAsync(configuration, WorkflowScenario.Start));
        var message = ex is AggregateException agg ? string.Join(" | ", agg.InnerExceptions.Select(e => e.Message)) : ex.Message;
        Assert.Contains(emailProblem, message, StringComparison.Ordinal);
        Assert.Contains(otherProblem, message, StringComparison.Ordinal);
        Assert.Contains("Csp:Calendar:Graph:CalendarUser", message, StringComparison.Ordinal);
    }

    [Fact]
    public void PartnershipValidation_NothingConfigured_StartsAndListsWhatToSet()
    {
        // A fresh deployment before its people are set: the service starts (and its pages say what
        // to set up); the list names the missing addresses, not an exception from the mail parser.
        var empty = new Csp.Workflow.Configuration.PartnershipOptions();
        var result = new Csp.Workflow.Configuration.PartnershipOptionsValidator().Validate(Options.DefaultName, empty);
        var problems = string.Join(" ", Csp.Workflow.Configuration.PartnershipOptionsValidator.Problems(empty));

        Assert.False(empty.IsConfigured);
        Assert.True(result.Succeeded);
        Assert.Contains("Notifications:NationalPanel", problems, StringComparison.Ordinal);
        Assert.Contains("PanelMembers", problems, StringComparison.Ordinal);
    }

    [Fact]
    public void PartnershipValidation_PartlyConfigured_FailsNamingTheMissingAddresses()
    {
        var result = new Csp.Workflow.Configuration.PartnershipOptionsValidator().Validate(Options.DefaultName, new Csp.Workflow.Configuration.PartnershipOptions { Name = "Exampleshire" });

        Assert.True(result.Failed);
        Assert.Contains("Notifications:NationalPanel", result.FailureMessage, StringComparison.Ordinal);
        Assert.Contains("PanelMembers", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LocalTimescales_ChangeTheDeadlinesTheWorkflowKeeps()
    {
        await using var s = await WorkflowScenario.StartAsync(overrides: new Dictionary<string, string?> { ["Csp:Timescales:NationalPanelNotificationWorkingDays"] = "3" });
        var id = await s.SubmitAsync();
        var view = await s.ViewAsync(id);
        Assert.Equal(new DateOnly(2025, 3, 7), view.Deadlines.Single(d => d.Kind == Csp.Domain.Timescales.DeadlineKinds.NationalPanelNotification).Due);
    }

    [Fact]
    public void Catalogue_EveryActionNameIsDefined_WithAKnownEventAndFieldTypes()
    {
        var catalogue = new Csp.Workflow.Actions.ActionCatalogue("chair");
        var names = typeof(Csp.Workflow.Actions.ActionNames).GetFields().Select(f => (string)f.GetValue(null)!).ToList();
        var events = typeof(Csp.Workflow.Actions.Events).GetFields().Select(f => (string)f.GetValue(null)!).ToHashSet();
        string[] types = ["text", "textarea", "date", "datetime", "email", "select", "boolean", "number", "hidden"];
        Assert.Equal(names.Order(), catalogue.All.Select(a => a.Name).Order());
        Assert.All(catalogue.All, a =>
        {
            Assert.Contains(a.EventName, events);
            Assert.All(a.Fields, f => Assert.Contains(f.Type, types));
            // The report version's choices are the incident's own uploads, filled in per incident.
            Assert.All(a.Fields.Where(f => f.Type == "select" && f.Name != Csp.Workflow.Actions.ActionCatalogue.ReportVersionField), f => Assert.NotEmpty(f.AllowedValues!));
        });
        Assert.Equal(Csp.Workflow.Application.StaffRoles.Scrutineer, new Csp.Workflow.Actions.ActionCatalogue("scrutineer").Get(Csp.Workflow.Actions.ActionNames.ApproveRapidReviewReport).Roles.Single());
    }
}
