using Csp.Domain.Incidents;
using Csp.Domain.Timescales;
using static Csp.Domain.Tests.Incidents.IncidentJourney;

namespace Csp.Domain.Tests.Incidents;

public class MeetingRulesTests
{
    private static readonly StatutoryTimescales Timescales = new();
    private static readonly DateTimeOffset Now = new(2025, 3, 10, 9, 0, 0, TimeSpan.Zero);

    private static DateTimeOffset At(string day) => new(DateOnly.Parse(day).ToDateTime(new TimeOnly(10, 0)), TimeSpan.Zero);

    [Fact]
    public void ScheduleRefusal_InThePast_RefusedOnTheStart()
    {
        Assert.Equal("startsAt", MeetingRules.ScheduleRefusal(At("2025-03-09"), D("2025-03-09"), 90, Now, D("2025-03-28"), Timescales)!.Field);
    }

    [Fact]
    public void ScheduleRefusal_AfterTheDecisionIsDueWithoutAReason_RefusedNamingTheDayInProse()
    {
        var refusal = MeetingRules.ScheduleRefusal(At("2025-03-31"), D("2025-03-31"), 90, Now, D("2025-03-28"), Timescales);

        Assert.Equal(MeetingRules.LateReasonField, refusal!.Field);
        Assert.StartsWith("The meeting is after Friday 28 March 2025, the last day of the 15 working days window", refusal.Message);
    }

    [Fact]
    public void ScheduleRefusal_AfterTheDecisionIsDueWithAReason_Allowed()
    {
        Assert.Null(MeetingRules.ScheduleRefusal(At("2025-03-31"), D("2025-03-31"), 90, Now, D("2025-03-28"), Timescales, "The chair is away."));
    }

    [Fact]
    public void ScheduleRefusal_TooLong_RefusedOnTheDuration()
    {
        Assert.Equal("durationMinutes", MeetingRules.ScheduleRefusal(At("2025-03-20"), D("2025-03-20"), MeetingRules.MaximumMinutes + 1, Now, D("2025-03-28"), Timescales)!.Field);
    }

    [Fact]
    public void PackWarning_TooSoonAfterReturnsAreDue_WarnsWithDatesInProse()
    {
        var warning = MeetingRules.PackWarning(D("2025-03-20"), D("2025-03-17"), Timescales);

        Assert.Equal("The scoping pack cannot go to the panel 7 days before this meeting: returns are due Monday 17 March 2025. A meeting on or after Monday 24 March 2025 leaves time.", warning);
        Assert.Null(MeetingRules.PackWarning(D("2025-03-24"), D("2025-03-17"), Timescales));
    }

    [Fact]
    public void HeldRefusal_BeforeTheScheduledDay_RefusedNamingItInProse()
    {
        var refusal = MeetingRules.HeldRefusal(D("2025-03-19"), D("2025-03-21"), D("2025-03-20"));

        Assert.Equal(("heldOn", "The meeting was scheduled for Thursday 20 March 2025: it cannot have been held before then"), (refusal!.Field, refusal.Message));
    }

    [Fact]
    public void HeldRefusal_Tomorrow_RefusedOnTheDate()
    {
        Assert.Equal("heldOn", MeetingRules.HeldRefusal(D("2025-03-22"), D("2025-03-21"), D("2025-03-20"))!.Field);
    }
}
