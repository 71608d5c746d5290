using Csp.Workflow.Actions;
using Csp.Workflow.Configuration;
using Csp.Workflow.Documents;
using Csp.Workflow.Model;

namespace Csp.Workflow.Tests.Documents;

public sealed class ScopingPackDocumentTests
{
    private static readonly IReadOnlyList<Csp.Workflow.Application.ActionField> Questions =
        new ActionCatalogue(ApprovalOptions.Chair).Get(ActionNames.SubmitScopingReturn).Fields;

    private static ScopingPack Pack(params ScopingPackEntry[] agencies) => new("CSP-2025-0007", 1, agencies);

    private static ScopingPackEntry Accepted(string key, string name, string involvement, params string[] documents) =>
        new(key, name, "Police", AgencyScopingStatus.Accepted, new DateOnly(2025, 3, 10), null, "Alex Agency (Safeguarding lead)",
            new Dictionary<string, string>
            {
                [ScopingQuestions.Involvement] = involvement,
                [ScopingQuestions.KeyPracticeEpisodes] = "Strategy discussion on 3 March.\nSection 47 enquiry opened.",
                [ScopingQuestions.CompletedBy] = "Alex Agency",
                [ScopingQuestions.CompletedByRole] = "Safeguarding lead",
            },
            documents.Select(d => $"CSP-2025-0007/scoping/{key}/return-1/{d}").ToList());

    [Fact]
    public void Create_AcceptedAndWaivedReturns_IsValidWithTheReferralAndEveryAgencyInOrder()
    {
        var pack = Pack(
            Accepted("a1", "Exampleshire Police", "Two call-outs to the address in February.", "police-chronology.pdf"),
            new ScopingPackEntry("a2", "Exampleshire Housing", "Other", AgencyScopingStatus.Waived, null, "No contact with the family in two years.", null, null, []));

        var document = WordDocumentReader.Open(ScopingPackDocument.Create(pack, new ReferralBuilder().Build(), Questions, "Exampleshire Safeguarding Children Partnership", new DateOnly(2025, 3, 12)));

        Assert.Empty(document.ValidationErrors);
        Assert.Empty(document.Placeholders());
        Assert.Equal("Rapid Review scoping pack: CSP-2025-0007", document.Title);
        Assert.Equal(
            [ScopingPackDocument.ReferralHeading, ScopingPackDocument.AgenciesHeading, ScopingPackDocument.ReturnsHeading, "Exampleshire Police",
             .. Questions.Select(q => q.Label), "Documents sent with the return", "Exampleshire Housing"],
            document.Headings.Select(h => h.Text));
        Assert.Equal([1, 1, 1, 2], document.Headings.Take(4).Select(h => h.Level));
        var text = document.Text;
        Assert.Contains("CSP-2025-0007", text);
        Assert.Contains("Robin Testchild", text);
        Assert.Contains("A fictional account of serious harm, used only for testing.", text);
        Assert.Contains("Two call-outs to the address in February.", text);
        Assert.Contains("Strategy discussion on 3 March.\nSection 47 enquiry opened.", text);
        Assert.Contains("police-chronology.pdf", text);
        Assert.Contains("The business unit waived this agency's return: No contact with the family in two years.", text);
        Assert.Contains("Version 1, collated on Wednesday 12 March 2025.", text);
        // A question the agency left blank says so rather than leaving a gap.
        Assert.Contains("Not answered.", text);
    }

    [Fact]
    public void Create_AnswersWithCharactersXmlCannotHold_StaysValidAndKeepsTheRest()
    {
        var pack = Pack(Accepted("a1", "Exampleshire Police", "Seen on\u0001 4 March\u000B at school \U0001F600."));

        var document = WordDocumentReader.Open(ScopingPackDocument.Create(pack, new ReferralBuilder().Build(), Questions, "Exampleshire", new DateOnly(2025, 3, 12)));

        Assert.Empty(document.ValidationErrors);
        Assert.Contains("Seen on 4 March at school \U0001F600.", document.Text);
    }
}
