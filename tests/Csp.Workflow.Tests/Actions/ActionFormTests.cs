using System.Text.Json;
using Csp.Domain.Calendar;
using Csp.Domain.Timescales;
using Csp.Workflow.Actions;
using Csp.Workflow.Configuration;

namespace Csp.Workflow.Tests.Actions;

/// <summary>An action's fields as staff send them: what is refused, with the field named.</summary>
public sealed class ActionFormTests
{
    private static readonly WorkflowCalendar Calendar = new(WorkingDayCalendar.EnglandAndWales, new StatutoryTimescales(), new ReminderOptions());

    private static ActionForm.Result AddScopingAgency(object fields) =>
        ActionForm.Read(new ActionCatalogue(ApprovalOptions.Chair).Find(ActionNames.AddScopingAgency)!.Fields, JsonSerializer.SerializeToElement(fields), Calendar);

    [Theory]
    [InlineData("Exampleton\u0000Police")]
    [InlineData("Exampleton Police\r\nBcc: evil@evil.example")]
    public void Read_AgencyNameWithControlCharacters_IsRefused(string name)
    {
        var result = AddScopingAgency(new { name, agencyType = "Police", contactEmail = "ppu@police.example" });

        var error = Assert.Single(result.Errors);
        Assert.Equal("name", error.Field);
        Assert.Contains("control characters", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("first.last@localhost")]
    [InlineData("ppu@police.e")]
    public void Read_AgencyEmailTheReferralFormWouldRefuse_IsRefusedHereToo(string contactEmail)
    {
        var result = AddScopingAgency(new { name = "Exampleton Police", agencyType = "Police", contactEmail });

        Assert.Equal("contactEmail", Assert.Single(result.Errors).Field);
        Assert.False(Csp.Domain.Referrals.ReferralValidator.IsEmailAddress(contactEmail));
    }

    [Theory]
    [InlineData("2\u0000")]
    [InlineData("2\r\nreportVersion: 3")]
    public void Read_ApprovalVersionThatIsNotALineOfText_IsRefused(string version)
    {
        var fields = new ActionCatalogue(ApprovalOptions.Chair).Find(ActionNames.ApproveRapidReviewReport)!.Fields;
        var result = ActionForm.Read(fields, JsonSerializer.SerializeToElement(new { approval = "Approve", reportVersion = version }), Calendar);

        Assert.Equal(ActionCatalogue.ReportVersionField, Assert.Single(result.Errors).Field);
        var tooLong = ActionForm.Read(fields, JsonSerializer.SerializeToElement(new { approval = "Approve", reportVersion = new string('9', ActionForm.MaxTextLength + 1) }), Calendar);
        Assert.Equal(ActionCatalogue.ReportVersionField, Assert.Single(tooLong.Errors).Field);
        Assert.Equal("2", ActionForm.Read(fields, JsonSerializer.SerializeToElement(new { approval = "Approve", reportVersion = " 2 " }), Calendar).Values[ActionCatalogue.ReportVersionField]);
    }

    [Fact]
    public void Read_AgencyNameLongerThanAReferralAllows_IsRefused()
    {
        var result = AddScopingAgency(new { name = new string('a', 201), agencyType = "Police", contactEmail = "ppu@police.example" });

        Assert.Equal("name", Assert.Single(result.Errors).Field);
        Assert.True(AddScopingAgency(new { name = new string('a', 200), agencyType = "Police", contactEmail = "ppu@police.example" }).IsValid);
    }

    [Fact]
    public void Read_AgencyTypeAsANumber_IsRefused()
    {
        var result = AddScopingAgency(new { name = "Exampleton Police", agencyType = "2", contactEmail = "ppu@police.example" });

        Assert.Equal("agencyType", Assert.Single(result.Errors).Field);
    }

    [Fact]
    public void Read_UntrimmedAgencyTypeAndEmail_AreKeptTrimmedAndCanonical()
    {
        var result = AddScopingAgency(new { name = " Exampleton Police ", agencyType = "police ", contactEmail = " ppu@police.example " });

        Assert.Equal(("Exampleton Police", "Police", "ppu@police.example"), (result.Values["name"], result.Values["agencyType"], result.Values["contactEmail"]));
    }

    [Fact]
    public void Read_LineBreaksInNotes_AreKept_ButNulIsRefused()
    {
        var definition = new ActionCatalogue(ApprovalOptions.Chair).Find(ActionNames.PassReferralQa)!;

        var paragraphs = ActionForm.Read(definition.Fields, JsonSerializer.SerializeToElement(new { notes = "One.\r\n\r\nTwo." }), Calendar);
        var nul = ActionForm.Read(definition.Fields, JsonSerializer.SerializeToElement(new { notes = "One.\u0000" }), Calendar);

        Assert.True(paragraphs.IsValid);
        Assert.Equal("notes", Assert.Single(nul.Errors).Field);
    }
}
