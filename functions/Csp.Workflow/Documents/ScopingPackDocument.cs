using System.Globalization;
using Csp.Domain.Referrals;
using Csp.Workflow.Application;
using Csp.Workflow.Model;

namespace Csp.Workflow.Documents;

/// <summary>
/// The collated scoping pack as a Word document for panel members: the referral summary, then
/// agency by agency each accepted return's answers (under the template's own questions) and the
/// documents sent with it, and why any return was waived. Panel members open it on the secure
/// site after signing in; it is never attached to an email.
/// </summary>
public static class ScopingPackDocument
{
    public const string ReferralHeading = "Referral summary";
    public const string AgenciesHeading = "Agencies asked for a scoping return";
    public const string ReturnsHeading = "Scoping returns, agency by agency";

    public static byte[] Create(ScopingPack pack, Referral referral, IReadOnlyList<ActionField> questions, string partnership, DateOnly collatedOn)
    {
        ArgumentNullException.ThrowIfNull(pack);
        ArgumentNullException.ThrowIfNull(referral);
        ArgumentNullException.ThrowIfNull(questions);
        var version = pack.Version.ToString(CultureInfo.InvariantCulture);
        var doc = new WordDocument($"Rapid Review scoping pack: {pack.Reference}");
        doc.Paragraph($"{partnership}. Version {version}, collated on {DocumentWords.Date(collatedOn)}.");
        doc.Paragraph("Official-Sensitive. This pack holds personal details of a child and family. Read it on the partnership's secure site or keep it " +
                      "where only panel members can open it; do not forward or email it.");

        doc.Heading(1, ReferralHeading);
        doc.Facts([("Incident reference", pack.Reference), .. ReferralFacts.Child(referral), .. ReferralFacts.Incident(referral), .. ReferralFacts.Referrer(referral)]);

        doc.Heading(1, AgenciesHeading);
        doc.Table(["Agency", "Type", "Return", "Returned on"], pack.Agencies.Select(a => (IReadOnlyList<string>)
            [a.Name, DocumentWords.AgencyType(a.AgencyType), DocumentWords.Status(a.Status), (DocumentWords.Date(a.ReturnedOn) ?? "Not returned") + Late(a)]));

        doc.Heading(1, ReturnsHeading);
        foreach (var agency in pack.Agencies)
        {
            doc.Heading(2, agency.Name);
            if (agency.Status != AgencyScopingStatus.Accepted || agency.Answers is null)
            {
                doc.Paragraph(agency.Status == AgencyScopingStatus.Waived
                    ? $"The business unit waived this agency's return: {agency.WaivedReason}"
                    : $"This agency has no accepted return in this version of the pack ({DocumentWords.Status(agency.Status).ToLowerInvariant()}).");
                continue;
            }
            var returned = DocumentWords.Date(agency.ReturnedOn);
            doc.Paragraph($"{DocumentWords.AgencyType(agency.AgencyType)}. Return accepted" + (returned is null ? "." : $"; returned on {returned}{Late(agency)}") +
                          (agency.SubmittedBy is { Length: > 0 } by ? $", sent by {by}." : "."));
            foreach (var question in questions)
            {
                doc.Heading(3, question.Label);
                doc.Paragraph(agency.Answers.TryGetValue(question.Name, out var answer) && !string.IsNullOrWhiteSpace(answer) ? answer : "Not answered.");
            }
            foreach (var extra in agency.Answers.Where(a => questions.All(q => q.Name != a.Key)))
            {
                doc.Heading(3, extra.Key);
                doc.Paragraph(extra.Value);
            }
            doc.Heading(3, "Documents sent with the return");
            if (agency.Documents.Count == 0) doc.Paragraph("None.");
            else
            {
                doc.Bullets(agency.Documents.Select(ScopingReturnReader.FileName));
                doc.Paragraph("Open these on the incident's page on the secure site.");
            }
        }
        return doc.ToBytes();
    }

    /// <summary>" (late: due 2 April 2024, 3 working days late)", or nothing for a return on time.</summary>
    public static string Late(ScopingPackEntry agency) =>
        agency is { WorkingDaysLate: { } days, DueOn: { } due }
            ? $" (late: due {DocumentWords.Date(due)}, {Csp.Domain.Timescales.TimescaleWords.WorkingDays(days)} late)"
            : "";
}
