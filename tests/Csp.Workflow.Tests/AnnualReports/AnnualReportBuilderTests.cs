using Csp.Domain.Calendar;
using Csp.Domain.Incidents;
using Csp.Domain.Timescales;
using Csp.Durable;
using Csp.Integrations.Records;
using Csp.Testing;
using Csp.Workflow.Actions;
using Csp.Workflow.AnnualReports;
using Csp.Workflow.Application;
using Csp.Workflow.Configuration;
using Csp.Workflow.Model;
using Microsoft.Extensions.Options;

namespace Csp.Workflow.Tests.AnnualReports;

/// <summary>Which records a period's report holds: incidents open in it, deadlines that fell due in it, decisions and notices dated in it.</summary>
public sealed class AnnualReportBuilderTests
{
    private static readonly DateOnly Received = ReferralBuilder.Today; // 14 March 2025; the LA became aware on 4 March
    private static readonly WorkflowServices Services = new(
        Options.Create(new WorkflowOptions()), Partnership(new PartnershipOptions { Name = "Exampleshire" }),
        new WorkflowCalendar(WorkingDayCalendar.EnglandAndWales, new StatutoryTimescales(), new ReminderOptions()), new ActionCatalogue("chair"));

    private readonly InMemoryIncidentRecords _records = new();

    private static PartnershipDirectoryService Partnership(PartnershipOptions partnership)
    {
        var directory = new PartnershipDirectoryService(new InMemoryPartnershipDirectory(), TimeProvider.System, Options.Create(partnership));
        directory.StartAsync(CancellationToken.None).GetAwaiter().GetResult();
        return directory;
    }

    private async Task SaveAsync(Incident incident, params AuditEntry[] audit)
    {
        var c = new IncidentCase { IncidentId = incident.Id, Reference = incident.Id, Incident = incident };
        await _records.SaveCaseAsync(c, DateTimeOffset.UnixEpoch, CancellationToken.None);
        if (audit.Length > 0) await _records.AppendAuditAsync(incident.Id, audit, CancellationToken.None);
    }

    private Task<AnnualReport> ReportAsync(DateOnly from, DateOnly to) =>
        new AnnualReportBuilder(_records, Services, new VirtualTimeProvider(new DateTimeOffset(2025, 7, 1, 11, 0, 0, TimeSpan.Zero)))
            .BuildAsync(ReportPeriod.Create(from, to, new DateOnly(2025, 7, 1)), CancellationToken.None);

    private static readonly Csp.Domain.Referrals.Referral NotNotifiable =
        new ReferralBuilder().WithIncident(i => i with { AbuseOrNeglect = Csp.Domain.Referrals.AbuseOrNeglect.No }).Build();

    private static Incident Triaged(string id, ReferralTriageOutcome outcome) =>
        Incident.Open(id, outcome == ReferralTriageOutcome.RapidReview ? new ReferralBuilder().Build() : NotNotifiable, Received)
            .PassQualityAssurance("Bea Manager", Received)
            .TriageReferral(new ReferralTriageDecision(outcome, "Rowan Panelchair", Received, "Recorded rationale."));

    private static AuditEntry Decision(string id, DateTimeOffset at, string what) => new(id + at.Ticks, at, "Rowan Panelchair", what, "Because.", null, AuditKinds.Decision);

    [Fact]
    public async Task BuildAsync_IncidentClosedBeforeThePeriod_NotListedNorItsDecisions()
    {
        await SaveAsync(Triaged("CSP-2025-0001", ReferralTriageOutcome.NoFurtherReview).Close("Bea Manager", new DateOnly(2025, 3, 20), "No learning."),
            Decision("CSP-2025-0001", new DateTimeOffset(2025, 3, 14, 10, 0, 0, TimeSpan.Zero), "Referral does not go further."));
        await SaveAsync(Triaged("CSP-2025-0002", ReferralTriageOutcome.RapidReview).RecordNationalPanelNotification("Lee Officer", new DateOnly(2025, 3, 14), "NP-2"),
            Decision("CSP-2025-0002", new DateTimeOffset(2025, 6, 2, 10, 0, 0, TimeSpan.Zero), "Scoping agency added."));

        var report = await ReportAsync(new DateOnly(2025, 6, 1), new DateOnly(2025, 6, 30));

        var listed = Assert.Single(report.Incidents);
        Assert.Equal("CSP-2025-0002", listed.Reference);
        Assert.Equal(ReviewOutcome.NotYetDecided, listed.Outcome);
        Assert.Equal("CSP-2025-0002", Assert.Single(report.Decisions).Reference);
        Assert.Empty(report.Notifications); // sent in March
        Assert.Empty(report.Deadlines); // the notification fell due in March
    }

    [Fact]
    public async Task BuildAsync_NotificationSentLate_MetLateWithWorkingDaysAndBasisAndTheNoticeListed()
    {
        await SaveAsync(Triaged("CSP-2025-0002", ReferralTriageOutcome.RapidReview).RecordNationalPanelNotification("Lee Officer", new DateOnly(2025, 3, 14), "NP-2"));
        await SaveAsync(Incident.Open("CSP-2025-0003", new ReferralBuilder().Build(), new DateOnly(2025, 6, 10)));

        var report = await ReportAsync(new DateOnly(2025, 3, 1), new DateOnly(2025, 5, 31));

        Assert.Equal("CSP-2025-0002", Assert.Single(report.Incidents).Reference); // the other was received after the period
        var notified = report.Deadlines.Single(d => d.Kind == DeadlineKinds.NationalPanelNotification);
        Assert.Equal(new DateOnly(2025, 3, 11), notified.Due); // 5 working days after 4 March
        Assert.Equal(DeadlineState.MetLate, notified.State);
        Assert.Equal(new DateOnly(2025, 3, 14), notified.MetOn);
        Assert.Equal(3, notified.WorkingDaysLate);
        Assert.StartsWith("Due Tuesday 11 March 2025: 5 working days after", notified.Basis);
        var partners = report.Deadlines.Single(d => d.Kind == DeadlineKinds.PartnersInformed);
        Assert.Equal(DeadlineState.Overdue, partners.State);
        Assert.Equal(Services.Calendar.Days.WorkingDaysBetween(partners.Due, new DateOnly(2025, 7, 1)), partners.WorkingDaysLate);

        var notice = Assert.Single(report.Notifications);
        Assert.Equal(("National Panel notified of the incident", "National Panel", "NP-2", "Lee Officer"), (notice.Notification, notice.Recipients, notice.RecipientReference, notice.SentBy));

        var figures = AnnualReportFigures.From(report, Services.Calendar.Timescales);
        Assert.Equal(1, figures.DeadlineTimeliness.Count(DeadlineKinds.NationalPanelNotification, nameof(DeadlineState.MetLate)));
        Assert.Equal(1, figures.IncidentsByMonth.Count("2025-03", nameof(ReviewOutcome.NotYetDecided)));
        Assert.Equal(["2025-03", "2025-04", "2025-05"], figures.IncidentsByMonth.Rows.Select(r => r.Key));

        // The referral that arrived in June, after its notification had fallen due, counts that deadline in June.
        var june = await ReportAsync(new DateOnly(2025, 6, 1), new DateOnly(2025, 6, 30));
        var late = june.Deadlines.Single(d => d.Reference == "CSP-2025-0003" && d.Kind == DeadlineKinds.NationalPanelNotification);
        Assert.Equal((new DateOnly(2025, 3, 11), DeadlineState.Overdue), (late.Due, late.State));
        Assert.DoesNotContain(june.Deadlines, d => d.Reference == "CSP-2025-0002" && d.Kind == DeadlineKinds.NationalPanelNotification);
    }

    [Theory]
    [InlineData("2025-03-01", "2025-02-28", "to")]
    [InlineData("2025-07-02", "2025-08-01", "from")]
    [InlineData("2022-07-01", "2025-07-01", "to")]
    public void Create_InvalidPeriod_RefusedWithTheField(string from, string to, string field)
    {
        var refused = Assert.Throws<Csp.Domain.DomainException>(() => ReportPeriod.Create(DateOnly.Parse(from), DateOnly.Parse(to), new DateOnly(2025, 7, 1)));
        Assert.Equal(field, Assert.Single(refused.Errors).Field);
    }

    [Fact]
    public void Create_ThreeYearsLessADayEndingAfterToday_Accepted()
    {
        var period = ReportPeriod.Create(new DateOnly(2024, 4, 1), new DateOnly(2027, 3, 31), new DateOnly(2025, 7, 1));
        Assert.Equal(36, period.Months().Count);
    }
}
