using Csp.Domain.Calendar;
using Csp.Domain.Incidents;
using Csp.Domain.Referrals;
using Csp.Domain.Timescales;
using static Csp.Domain.Tests.Incidents.IncidentJourney;

namespace Csp.Domain.Tests.Incidents;

public class MeetingQuorumTests
{
    private static readonly (AgencyType?, InviteeAnswer)[] AllAccepted =
    [
        (AgencyType.ChildrensSocialCare, InviteeAnswer.Accepted), (AgencyType.Education, InviteeAnswer.Accepted),
        (AgencyType.Police, InviteeAnswer.Accepted), (AgencyType.Health, InviteeAnswer.Accepted),
    ];

    [Fact]
    public void Replies_EveryoneFromATypeDeclined_IsLost_AndSaidApartFromNoReplyYet()
    {
        (AgencyType?, InviteeAnswer)[] replies =
        [
            (AgencyType.ChildrensSocialCare, InviteeAnswer.Accepted), (AgencyType.Education, InviteeAnswer.NoAnswer),
            (AgencyType.Police, InviteeAnswer.Declined), (AgencyType.Police, InviteeAnswer.Declined), (AgencyType.Health, InviteeAnswer.Accepted),
        ];

        Assert.Equal([AgencyType.Police], MeetingQuorum.Lost(replies));
        Assert.Equal([AgencyType.Education, AgencyType.Police], MeetingQuorum.Unconfirmed(replies));
        Assert.Equal("At risk: everyone invited from police has declined: invite a substitute or reschedule; no acceptance yet from education",
            MeetingQuorum.AtRiskWords(replies));
        Assert.Null(MeetingQuorum.AtRiskWords(AllAccepted));
    }

    [Fact]
    public void AtTheMeeting_TheTypesNotRepresented_AreNamed()
    {
        Assert.Equal([AgencyType.Police, AgencyType.Health], MeetingQuorum.NotRepresented([AgencyType.Education, AgencyType.ChildrensSocialCare]));
        Assert.Equal("police and health", MeetingQuorum.List([AgencyType.Police, AgencyType.Health]));
        Assert.Empty(MeetingQuorum.NotRepresented(MeetingQuorum.Required));
    }

    [Theory]
    [InlineData("2026-12-25", "10:00", "11:30", "Friday 25 December 2026 is Christmas Day, a bank holiday")]
    [InlineData("2026-12-12", "10:00", "11:30", "Saturday 12 December 2026 is at the weekend")]
    [InlineData("2026-12-14", "02:00", "03:30", "The meeting is outside the working day (8am to 6pm, UK time)")]
    [InlineData("2026-12-14", "17:00", "18:30", "The meeting is outside the working day (8am to 6pm, UK time)")]
    public void AMeetingOutsideTheWorkingDay_IsRefusedUnlessConfirmed(string day, string start, string end, string message)
    {
        var refusal = MeetingRules.WorkingDayRefusal(D(day), TimeOnly.Parse(start), TimeOnly.Parse(end), true, WorkingDayCalendar.EnglandAndWales);

        Assert.Equal("startsAt", refusal!.Field);
        Assert.StartsWith(message, refusal.Message);
        Assert.Null(MeetingRules.WorkingDayRefusal(D(day), TimeOnly.Parse(start), TimeOnly.Parse(end), true, WorkingDayCalendar.EnglandAndWales, confirmed: true));
    }

    [Fact]
    public void AMeetingInTheWorkingDay_IsAllowed()
    {
        Assert.Null(MeetingRules.WorkingDayRefusal(D("2026-12-14"), new TimeOnly(8, 0), new TimeOnly(18, 0), true, WorkingDayCalendar.EnglandAndWales));
    }

    [Fact]
    public void HeldNotQuorate_IsRecordedAsSuch_AndTheDecisionSaysSo()
    {
        var incident = AtScoping().StartRapidReview("Business unit", D("2025-03-21"), [AgencyType.Police]);

        Assert.Contains("not quorate (police not represented)", incident.History.Last().Reason);
        Assert.Contains("police not represented", incident.NotQuorateWarning);
        Assert.Null(AtRapidReview().NotQuorateWarning);
        Assert.Null(AtRapidReview().NotQuorateNote);
    }

    [Fact]
    public void HeldWithEveryReturnWaivedOrAccepted_NothingIsCountedOutstanding()
    {
        var incident = AtScoping()
            .WaiveScopingReturn("Exampleshire Police", "Business unit", D("2025-03-12"), "No involvement after all.")
            .RecordScopingReturn("Exampleshire Children's Services", D("2025-03-14"))
            .AcceptScopingReturn("Exampleshire Children's Services", "Business unit", D("2025-03-14"))
            .StartRapidReview("Business unit", D("2025-03-21"));

        Assert.Equal("Rapid Review meeting held; all scoping returns accepted or waived.", incident.History.Last().Reason);
        Assert.Equal("Rapid Review meeting held; 2 scoping returns not accepted.", AtScoping().StartRapidReview("Business unit", D("2025-03-21")).History.Last().Reason);
    }

    [Fact]
    public void Rag_AtRiskWithNoDeadlineNear_IsAmber()
    {
        var calculator = new DeadlineCalculator();

        Assert.Equal(RagStatus.Amber, calculator.Rag(D("2025-03-03"), anyOverdue: false, nextDue: D("2025-06-01"), atRisk: true));
        Assert.Equal(RagStatus.Red, calculator.Rag(D("2025-03-03"), anyOverdue: true, nextDue: D("2025-06-01"), atRisk: true));
    }

    [Theory]
    [InlineData(8, 0, "8am")]
    [InlineData(10, 30, "10:30am")]
    [InlineData(12, 0, "12pm")]
    [InlineData(18, 0, "6pm")]
    [InlineData(0, 15, "12:15am")]
    public void Times_AreWrittenTheGovUkWay(int hour, int minute, string words) =>
        Assert.Equal(words, DateWords.Time(new TimeOnly(hour, minute)));
}
