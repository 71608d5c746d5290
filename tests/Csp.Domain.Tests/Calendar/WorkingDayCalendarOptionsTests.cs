using Csp.Domain;
using Csp.Domain.Calendar;

namespace Csp.Domain.Tests.Calendar;

public class WorkingDayCalendarOptionsTests
{
    [Fact]
    public void CreateCalendar_NoChanges_IsTheStandardCalendar()
    {
        Assert.Same(WorkingDayCalendar.EnglandAndWales, new WorkingDayCalendarOptions().CreateCalendar());
    }

    [Fact]
    public void CreateCalendar_ConfiguredAddition_IsABankHoliday()
    {
        var options = new WorkingDayCalendarOptions
        {
            AdditionalChanges = [new BankHolidayChangeSetting { Added = new DateOnly(2031, 6, 6), Description = "Proclaimed bank holiday" }],
        };

        var calendar = options.CreateCalendar();

        Assert.False(calendar.IsWorkingDay(new DateOnly(2031, 6, 6)));
        Assert.Equal(BankHolidays.EnglandAndWalesOneOffChanges.Count + 1, calendar.Changes.Count);
    }

    [Fact]
    public void CreateCalendar_ChangeWithoutDescription_ThrowsDomainException()
    {
        var options = new WorkingDayCalendarOptions { AdditionalChanges = [new BankHolidayChangeSetting { Added = new DateOnly(2031, 6, 6) }] };

        Assert.Throws<DomainException>(options.CreateCalendar);
    }
}
