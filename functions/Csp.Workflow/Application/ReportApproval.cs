using System.Globalization;
using Csp.Domain;
using Csp.Workflow.Actions;
using Csp.Workflow.Model;
using Csp.Workflow.Ports;

namespace Csp.Workflow.Application;

/// <summary>
/// Ties the approval of the Rapid Review decision and report to the version of the report the
/// approver read. The approval form carries that version (a hidden field set when the page or the
/// incident is shown); before the event is raised, it is checked against the newest uploaded version
/// at that moment. The business unit uploads without going through the orchestration, so the
/// transition cannot see uploads: the check adds the newest version it saw
/// (<see cref="CaseTransitions.LatestReportVersionField"/>), and the transition approves only when
/// the two agree, so a repeated or stale event never approves an unread version.
/// </summary>
public static class ReportApproval
{
    /// <summary>The newest uploaded (or drafted) version of the Rapid Review report; null when there is none.</summary>
    public static int? LatestVersion(IncidentRecord record) =>
        IncidentDocuments.Reports(record).Where(r => r.Kind == nameof(ReportKind.RapidReviewReport)).Select(r => (int?)r.Version).Max();

    /// <summary>
    /// The approval's fields with the version shown on the page filled in; the revision's fields
    /// starting from the decision and tests as recorded; other actions' fields as they are.
    /// </summary>
    public static IReadOnlyList<ActionField> WithVersionShown(string action, IReadOnlyList<ActionField> fields, IncidentRecord record)
    {
        ArgumentNullException.ThrowIfNull(fields);
        ArgumentNullException.ThrowIfNull(record);
        if (string.Equals(action, ActionNames.ReviseRapidReviewDecision, StringComparison.OrdinalIgnoreCase)) return WithDecisionRecorded(fields, record.Case.Incident);
        if (string.Equals(action, ActionNames.MarkRapidReviewReportReady, StringComparison.OrdinalIgnoreCase)) return WithVersionsUploaded(fields, record);
        if (!string.Equals(action, ActionNames.ApproveRapidReviewReport, StringComparison.OrdinalIgnoreCase)) return fields;
        var latest = LatestVersion(record)?.ToString(CultureInfo.InvariantCulture);
        return fields.Select(f => f.Name == ActionCatalogue.ReportVersionField ? f with { Value = latest } : f).ToList();
    }

    /// <summary>
    /// For an approval, the submitted values with the newest version added, when the version read is
    /// the newest. Throws <see cref="ActionConflictException"/> when a newer version was uploaded
    /// since the page was shown, and <see cref="ActionValidationException"/> when the version read is
    /// missing or not one the incident has. Asking for changes, and other actions, pass unchanged.
    /// </summary>
    public static IReadOnlyDictionary<string, string> Check(string action, IReadOnlyDictionary<string, string> values, IncidentRecord record)
    {
        ArgumentNullException.ThrowIfNull(values);
        ArgumentNullException.ThrowIfNull(record);
        // A revised decision makes every version uploaded so far out of date, and only the newest can be marked ready: the incident needs to know the newest.
        if (string.Equals(action, ActionNames.ReviseRapidReviewDecision, StringComparison.OrdinalIgnoreCase)
            || string.Equals(action, ActionNames.MarkRapidReviewReportReady, StringComparison.OrdinalIgnoreCase))
            return new Dictionary<string, string>(values, StringComparer.Ordinal) { [CaseTransitions.LatestReportVersionField] = (LatestVersion(record) ?? 0).ToString(CultureInfo.InvariantCulture) };
        if (!string.Equals(action, ActionNames.ApproveRapidReviewReport, StringComparison.OrdinalIgnoreCase)
            || !string.Equals(values.GetValueOrDefault("approval"), "Approve", StringComparison.OrdinalIgnoreCase))
            return values;

        const string field = ActionCatalogue.ReportVersionField;
        if (LatestVersion(record) is not { } latest)
            throw new ActionValidationException([new FieldError(field, "Ask the business unit to upload the Rapid Review report first")],
                "No Rapid Review report has been uploaded yet: the approval covers a version of the report, so there must be one to read.");
        var latestText = latest.ToString(CultureInfo.InvariantCulture);
        if (!values.TryGetValue(field, out var shownText)
            || !int.TryParse(shownText, NumberStyles.None, CultureInfo.InvariantCulture, out var shown) || shown < 1 || shown > latest)
            throw new ActionValidationException([new FieldError(field,
                $"Give the version of the Rapid Review report you read and approve, a whole number from 1 to {latestText} (the newest is version {latestText})")]);
        if (shown != latest)
        {
            var reason = $"Version {latestText} was uploaded after you opened this page: read it, then approve.";
            throw new ActionConflictException(reason, [new FieldError(field, reason)]);
        }
        return new Dictionary<string, string>(values, StringComparer.Ordinal) { [CaseTransitions.LatestReportVersionField] = latestText };
    }

    /// <summary>The versions to choose from, newest first, and the form starting from the newest (the one that can be marked ready).</summary>
    private static IReadOnlyList<ActionField> WithVersionsUploaded(IReadOnlyList<ActionField> fields, IncidentRecord record)
    {
        var versions = IncidentDocuments.Reports(record).Where(r => r.Kind == nameof(ReportKind.RapidReviewReport)).OrderByDescending(r => r.Version)
            .Select(r => r.Version.ToString(CultureInfo.InvariantCulture)).ToList();
        return fields.Select(f => f.Name == ActionCatalogue.ReportVersionField ? f with { AllowedValues = versions, Value = versions.FirstOrDefault() } : f).ToList();
    }

    private static IReadOnlyList<ActionField> WithDecisionRecorded(IReadOnlyList<ActionField> fields, Domain.Incidents.Incident incident)
    {
        if (incident.Decision is not { } decision) return fields;
        var tests = incident.CriteriaAssessment;
        string? Value(ActionField f)
        {
            if (f.Name == "outcome") return decision.Outcome.ToString();
            if (f.Name == "rationale") return decision.Rationale;
            if (tests is null) return f.Value;
            if (f.Name == "csprMostAppropriate") return tests.CsprMostAppropriateResponse ? "true" : "false";
            foreach (var criterion in Enum.GetValues<Domain.Criteria.CsprCriterion>())
                if (f.Name == ActionCatalogue.CriterionField(criterion)) return tests.CriteriaMet.Contains(criterion) ? "true" : "false";
            return f.Value;
        }
        return fields.Select(f => f with { Value = Value(f) }).ToList();
    }
}
