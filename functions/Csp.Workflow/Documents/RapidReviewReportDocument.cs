using Csp.Domain.Criteria;
using Csp.Workflow.Actions;
using Csp.Workflow.Model;

namespace Csp.Workflow.Documents;

/// <summary>
/// The first draft of the Rapid Review report, under the headings of the National Panel's rapid
/// review template, pre-filled from the referral, the accepted scoping returns, the meeting record
/// and the decision. The business unit downloads it, completes it and uploads the final version;
/// where the case record has nothing for a section yet, the section says what to write there.
/// </summary>
public static class RapidReviewReportDocument
{
    public const string CaseDetailsHeading = "Case details";
    public const string AttendeesHeading = "Who was invited to the meeting";
    public const string FactsHeading = "The facts and each agency's involvement, with analysis of key practice episodes";
    public const string ImmediateActionHeading = "Immediate action taken";
    public const string LearningHeading = "Potential learning";
    public const string ContextHeading = "The child's and family's context, including racism, other inequalities and disability";
    public const string DecisionHeading = "The decision, both tests and the rationale";

    /// <summary>The template's headings in order.</summary>
    public static readonly IReadOnlyList<string> Headings = [CaseDetailsHeading, FactsHeading, ImmediateActionHeading, LearningHeading, ContextHeading, DecisionHeading];

    private static string Reply(MeetingResponse response) => response switch
    {
        MeetingResponse.Accepted => "Accepted",
        MeetingResponse.Tentative => "Tentative",
        MeetingResponse.Declined => "Declined",
        _ => "No reply",
    };

    public static byte[] Create(RapidReviewReportInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var c = input.Case;
        var incident = c.Incident;
        var referral = incident.Referral;
        var accepted = input.Returns.Where(r => r.Agency.Status == AgencyScopingStatus.Accepted && r.Form is not null).ToList();

        var doc = new WordDocument($"Rapid Review report: {c.Reference}");
        doc.Paragraph($"{input.Partnership}. Draft drawn from the case record on {DocumentWords.Date(input.DraftedOn)}: complete it, then upload it to the incident as the next version.");
        doc.Paragraph("Official-Sensitive. This report holds personal details of a child and family. Keep it on the partnership's secure site; do not email it.");

        // ---------------------------------------------------------------- case details
        doc.Heading(1, CaseDetailsHeading);
        var meeting = input.Meeting ?? c.Meeting;
        doc.Facts(
        [
            ("Incident reference", c.Reference),
            ("Safeguarding partnership", input.Partnership),
            ("National Panel notification", incident.NationalPanelNotification is { } n
                ? $"Sent {DocumentWords.Date(n.SentOn)}" + (n.Reference is { Length: > 0 } panelReference ? $", Panel reference {panelReference}" : "") : null),
            ("Rapid Review meeting", meeting?.HeldOn is { } held ? $"Held on {DocumentWords.Date(held)}" + (meeting.Quorate is { } q ? (q ? ", quorate" : ", not quorate") : "")
                : DocumentWords.Date(incident.RapidReviewMeetingOn) is { } on ? $"Held on {on}" : null),
            ("Report due to the National Panel", DocumentWords.Date(input.ReportDue)),
        ]);
        // Who was invited and what each replied: the business unit confirms who attended from this list.
        doc.Heading(2, AttendeesHeading);
        if (meeting is null || meeting.Invitees.Count == 0) doc.Guidance("List the panel members and deputies who attended the meeting, with their agencies.");
        else
        {
            doc.Table(["Name", "Agency", "Reply to the invitation"], meeting.Invitees.Select(i => (IReadOnlyList<string>)
                [i.Name + (i.Deputy ? " (deputy)" : ""), i.AgencyType is { } t ? DocumentWords.AgencyType(t) : "", Reply(i.Response)]));
            doc.Guidance("Confirm who attended: remove anyone who did not, and add anyone else present (the chair, the business unit, advisers).");
        }

        // ---------------------------------------------------------------- facts and agency involvement
        doc.Heading(1, FactsHeading);
        doc.Heading(2, "The facts");
        doc.Facts([.. ReferralFacts.Child(referral), .. ReferralFacts.Incident(referral)]);
        doc.Guidance("Summarise here, in date order, what happened to the child and what is known of the circumstances, as the meeting understood them.");
        foreach (var agency in c.Agencies)
        {
            doc.Heading(2, $"{agency.Name} ({DocumentWords.AgencyType(agency.AgencyType)})");
            var r = accepted.FirstOrDefault(x => x.Agency.Key == agency.Key);
            if (r is null)
            {
                doc.Paragraph(agency.Status == AgencyScopingStatus.Waived
                    ? $"This agency's scoping return was waived: {agency.WaivedReason}"
                    : $"This agency has no accepted scoping return ({DocumentWords.Status(agency.Status).ToLowerInvariant()}).");
                doc.Guidance("Write here what the meeting heard of this agency's involvement with the child and family, and the key practice episodes.");
                continue;
            }
            doc.Heading(3, "Involvement with the child and family");
            Answer(doc, r, ScopingQuestions.Involvement,
                "Write here this agency's involvement with the child and family: when it began, what services it gave and who was involved.");
            doc.Heading(3, "Analysis of key practice episodes");
            Answer(doc, r, ScopingQuestions.KeyPracticeEpisodes,
                "The agency named no key practice episodes. Write here the moments in this agency's work that mattered most, what was done, and why, with the meeting's analysis of each.");
        }
        if (c.Agencies.Count == 0) doc.Guidance("No agency was asked for a scoping return. Write here each agency's involvement and the key practice episodes.");

        // ---------------------------------------------------------------- immediate action
        AnswersSection(doc, ImmediateActionHeading, Answers(accepted, ScopingQuestions.ImmediateActions),
            "Add any immediate action the meeting agreed, who takes it and by when, and any ongoing risk to this or other children that was escalated.",
            "No agency recorded immediate action in its scoping return. Write here the action the meeting agreed to keep this and other children safe, who takes it and by when, and any ongoing risk that was escalated.");

        // ---------------------------------------------------------------- learning
        AnswersSection(doc, LearningHeading, Answers(accepted, ScopingQuestions.Learning),
            "Add the learning the meeting identified across agencies, and how it will be shared before any review reports.",
            "No agency named potential learning in its scoping return. Write here the learning the meeting identified, for each agency and across agencies, and how it will be shared.");

        // ---------------------------------------------------------------- context
        doc.Heading(1, ContextHeading);
        var child = referral.Child;
        doc.Facts(
        [
            ("Gender", child?.Gender is { } g ? DocumentWords.Sentence(g) : null),
            ("Ethnicity", child?.Ethnicity),
            ("Looked after at the time", child?.LookedAfter is null ? null : DocumentWords.YesNo(child.LookedAfter)),
            ("Care leaver at the time", child?.CareLeaver is null ? null : DocumentWords.YesNo(child.CareLeaver)),
            ("Home local authority", child?.HomeLocalAuthority),
        ]);
        doc.Guidance("Describe the child's and family's lived experience and context: how racism, other inequalities (such as poverty, housing and access to services) " +
                     "and any disability of the child or a family member affected them and the help they were given, and what agencies knew of this.");

        // ---------------------------------------------------------------- decision
        doc.Heading(1, DecisionHeading);
        var assessment = incident.CriteriaAssessment;
        doc.Heading(2, "Test 1: are the criteria for a local child safeguarding practice review met?");
        if (assessment is null) doc.Guidance("Record which of the criteria the meeting judged met.");
        else if (assessment.CriteriaMet.Count == 0) doc.Paragraph("No. The meeting judged none of the criteria met.");
        else
        {
            doc.Paragraph("Yes. The meeting judged these criteria met:");
            doc.Bullets(assessment.CriteriaMet.Select(CsprCriteria.Describe));
        }
        doc.Heading(2, "Test 2: is a local child safeguarding practice review the most appropriate and proportionate response?");
        if (assessment is null) doc.Guidance("Record whether a review is the most appropriate and proportionate response, and if not, what other response is.");
        else doc.Paragraph(assessment.CsprMostAppropriateResponse ? "Yes." : "No.");
        doc.Heading(2, "Decision");
        if (incident.Decision is { } decision)
        {
            doc.Paragraph($"{DocumentWords.Outcome(decision.Outcome)}.");
            doc.Paragraph($"Decided on {DocumentWords.Date(decision.DecidedOn)} by {decision.DecidedBy}.");
            doc.Heading(2, "Rationale");
            doc.Paragraph(decision.Rationale);
        }
        else
        {
            doc.Guidance("Record the decision: no further review, a local child safeguarding practice review, another learning review, or a recommendation that the National Panel consider a national review.");
            doc.Heading(2, "Rationale");
            doc.Guidance("Record why, in words the family can be told.");
        }
        return doc.ToBytes();
    }

    /// <summary>A heading, the agencies' answers as bullets, and what to add (or, with no answers, what to write).</summary>
    private static void AnswersSection(WordDocument doc, string heading, IReadOnlyList<string> answers, string whatToAdd, string whatToWrite)
    {
        doc.Heading(1, heading);
        if (answers.Count > 0) doc.Bullets(answers);
        doc.Guidance(answers.Count > 0 ? whatToAdd : whatToWrite);
    }

    private static void Answer(WordDocument doc, LatestScopingReturn r, string question, string guidance)
    {
        if (r.Form!.Fields.TryGetValue(question, out var answer) && !string.IsNullOrWhiteSpace(answer)) doc.Paragraph(answer);
        else doc.Guidance(guidance);
    }

    private static List<string> Answers(IEnumerable<LatestScopingReturn> returns, string question) =>
        returns.Where(r => r.Form!.Fields.TryGetValue(question, out var v) && !string.IsNullOrWhiteSpace(v))
            .Select(r => $"{r.Agency.Name}: {r.Form!.Fields[question].Trim()}").ToList();
}

/// <summary>What the Rapid Review report draft is written from.</summary>
/// <param name="Meeting">The meeting as last recorded, with the invitees' replies (the case's copy may predate them); the case's when null.</param>
public sealed record RapidReviewReportInput(IncidentCase Case, IReadOnlyList<LatestScopingReturn> Returns, string Partnership, DateOnly DraftedOn, DateOnly? ReportDue,
    RapidReviewMeeting? Meeting = null);
