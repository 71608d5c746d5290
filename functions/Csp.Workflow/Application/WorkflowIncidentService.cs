using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Csp.Domain;
using Csp.Domain.Incidents;
using Csp.Domain.Referrals;
using Csp.Workflow.Actions;
using Csp.Workflow.Configuration;
using Csp.Workflow.Model;
using Csp.Workflow.Orchestrations;
using Csp.Workflow.Ports;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace Csp.Workflow.Application;

/// <summary>
/// <see cref="IIncidentService"/> over the durable engine's client and the incident read model.
/// Available actions come from the steps the orchestrations say they await, so they are the real
/// state; performing one validates the form (input parsing only) and raises the event with a
/// submission id; an action the process can refuse then waits for the orchestration's own decision
/// on that submission (<see cref="SubmissionOutcomes"/>) and answers from it: refused with the
/// domain's field errors, recorded, or still being recorded. Nothing is decided twice.
/// </summary>
public sealed class WorkflowIncidentService(
    DurableTaskClient client,
    IIncidentRecords records,
    IIncidentRegistry registry,
    WorkflowServices services,
    TimeProvider time) : IIncidentService
{
    private readonly DeadlineAssessor _deadlines = new(services.Calendar);
    private readonly IncidentIndexer _indexer = new(services.Calendar);
    private readonly ConcurrentDictionary<string, Task<ReferralAccepted>> _submissionsInFlight = new(StringComparer.Ordinal);
    private readonly SubmissionOutcomes _outcomes = new(records, TimeSpan.FromSeconds(services.Options.SubmissionPatienceSeconds));

    private DateOnly Today => services.Calendar.LocalDate(time.GetUtcNow());

    public async Task<ReferralAccepted> SubmitReferralAsync(Referral referral, StaffUser submittedBy, string? idempotencyKey, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(referral);
        ArgumentNullException.ThrowIfNull(submittedBy);
        referral = referral.Trimmed();
        var errors = ReferralValidator.Validate(referral, Today);
        if (errors.Count > 0) throw new ReferralValidationException(errors);

        var key = string.IsNullOrWhiteSpace(idempotencyKey) ? null : idempotencyKey.Trim();
        if (key is null)
        {
            var id = await NewIncidentIdAsync(cancellation);
            return new ReferralAccepted(id, !await OpenIncidentAsync(id, referral, submittedBy, cancellation));
        }

        // Identical submissions in flight at once (a double click, a client retrying on a timeout)
        // share one attempt: one incident and one reference number, not one number each.
        var attempt = new TaskCompletionSource<ReferralAccepted>(TaskCreationOptions.RunContinuationsAsynchronously);
        var shared = _submissionsInFlight.GetOrAdd(key, attempt.Task);
        if (shared != attempt.Task) return (await shared.WaitAsync(cancellation)) with { Duplicate = true };
        try
        {
            // Not the caller's cancellation: a client that gives up must not leave a half-made incident behind.
            var accepted = await SubmitOnceAsync(referral, submittedBy, key, CancellationToken.None);
            attempt.SetResult(accepted);
            return accepted;
        }
        catch (Exception ex)
        {
            attempt.SetException(ex);
            _ = attempt.Task.Exception; // Observed here; callers sharing it see it too.
            throw;
        }
        finally
        {
            _submissionsInFlight.TryRemove(KeyValuePair.Create(key, attempt.Task));
        }
    }

    /// <summary>
    /// A keyed submission. The key is bound to an incident id before the incident is written, so
    /// a crash in between leaves a binding without an incident; whoever comes with the key next
    /// (this attempt, or a retry after a restart) writes the incident then. Writing it is
    /// conditional, so a retry never overwrites an incident that exists, and a number is taken
    /// only when the key has none.
    /// </summary>
    private async Task<ReferralAccepted> SubmitOnceAsync(Referral referral, StaffUser submittedBy, string key, CancellationToken cancellation)
    {
        var year = Today.Year;
        var id = await registry.FindOrBindSubmissionAsync(key, year, number => IncidentId(year, number), cancellation);
        return new ReferralAccepted(id, !await OpenIncidentAsync(id, referral, submittedBy, cancellation));
    }

    private async Task<string> NewIncidentIdAsync(CancellationToken cancellation)
    {
        var year = Today.Year;
        return IncidentId(year, await registry.NextNumberAsync(year, cancellation));
    }

    private string IncidentId(int year, int number) =>
        string.Create(CultureInfo.InvariantCulture, $"{services.Options.ReferencePrefix}-{year}-{number:D4}");

    /// <summary>
    /// Records the incident unless it is recorded already, and makes sure its orchestration runs;
    /// true when this call recorded it (the submission is new, not a replay).
    /// </summary>
    private async Task<bool> OpenIncidentAsync(string id, Referral referral, StaffUser submittedBy, CancellationToken cancellation)
    {
        var today = Today;
        var incidentCase = new IncidentCase { IncidentId = id, Reference = id, Incident = Incident.Open(id, referral, today) };
        var now = time.GetUtcNow();
        // The entry's id is the incident's, so two attempts at the first record never log receipt twice.
        var created = await records.CreateAsync(new ProgressRecord(id, now, incidentCase, Audit:
            [new AuditEntry("received-" + id, now, submittedBy.Name, $"Referral received and recorded as {id}.", null, null, AuditKinds.Step)]),
            cancellation);
        if (created)
        {
            await StartAsync(id, incidentCase, cancellation);
        }
        else
        {
            await EnsureStartedAsync(id, cancellation);
        }
        return created;
    }

    private async Task StartAsync(string incidentId, IncidentCase incidentCase, CancellationToken cancellation)
    {
        try
        {
            await client.ScheduleNewOrchestrationInstanceAsync(nameof(IncidentOrchestration), incidentCase, new StartOrchestrationOptions(incidentId), cancellation);
        }
        catch (InvalidOperationException)
        {
            // Started meanwhile by the same submission retried: one incident either way.
            if (await client.GetInstanceAsync(incidentId, CancellationToken.None) is null) throw;
        }
    }

    /// <summary>An incident whose orchestration never started (a crash between the two) is started now.</summary>
    private async Task EnsureStartedAsync(string incidentId, CancellationToken cancellation)
    {
        if (await client.GetInstanceAsync(incidentId, cancellation: cancellation) is not null) return;
        if (await records.LoadAsync(incidentId, cancellation) is { } record) await StartAsync(incidentId, record.Case, cancellation);
    }

    public async Task<IncidentView?> GetIncidentAsync(string incidentId, StaffUser user, CancellationToken cancellation)
    {
        if (string.IsNullOrWhiteSpace(incidentId)) return null;
        var record = await records.LoadAsync(incidentId.Trim(), cancellation);
        return record is null ? null : ToView(record, user);
    }

    public async Task<IncidentListPage> ListIncidentsAsync(IncidentListQuery query, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(query);
        var skip = 0;
        if (query.ContinuationToken is { } token && (!int.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out skip) || skip < 0))
            throw new ArgumentException("The continuation token is not valid.", nameof(query));
        var today = Today;
        var rows = new List<IncidentSummary>();
        // The index lines the store keeps beside each case: no case is read to list them.
        await foreach (var entry in records.ListIndexAsync(_indexer, cancellation))
        {
            if (query.Stage is { } stage && entry.Stage != stage) continue;
            if (!query.IncludeClosed && query.Stage is null && entry.Stage == IncidentStage.Closed) continue;
            var summary = _indexer.Summary(entry, today);
            if (query.Rag is { Count: > 0 } rag && (entry.Stage == IncidentStage.Closed || !rag.Contains(summary.Rag))) continue;
            rows.Add(summary);
        }
        var size = Math.Clamp(query.PageSize, 1, 200);
        var page = Order(rows, query).Skip(skip).Take(size).ToList();
        var more = skip + size < rows.Count ? (skip + size).ToString(CultureInfo.InvariantCulture) : null;
        return new IncidentListPage(page, more) { Total = rows.Count };
    }

    private static IEnumerable<IncidentSummary> Order(List<IncidentSummary> rows, IncidentListQuery query)
    {
        if (query.Sort == IncidentSort.Received)
        {
            return query.Descending
                ? rows.OrderByDescending(r => r.ReceivedOn).ThenByDescending(r => r.IncidentId, StringComparer.Ordinal)
                : rows.OrderBy(r => r.ReceivedOn).ThenBy(r => r.IncidentId, StringComparer.Ordinal);
        }
        // Incidents with no open deadline come last whichever way the due dates run.
        var dated = rows.Where(r => r.NextDeadline is not null);
        var undated = rows.Where(r => r.NextDeadline is null).OrderBy(r => r.Reference, StringComparer.Ordinal);
        return (query.Descending
                ? dated.OrderByDescending(r => r.NextDeadline!.Due).ThenByDescending(r => r.Reference, StringComparer.Ordinal)
                : dated.OrderBy(r => r.NextDeadline!.Due).ThenBy(r => r.Reference, StringComparer.Ordinal))
            .Concat(undated);
    }

    public async Task<ActionOutcome> PerformActionAsync(string incidentId, string actionName, JsonElement fields, StaffUser user, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(user);
        var record = await records.LoadAsync(incidentId, cancellation) ?? throw new IncidentNotFoundException(incidentId);
        var (definition, steps) = Available(record, actionName, user, incidentId);
        var formFields = WithReportVersions(FormFields(definition, steps), definition, record);
        if (definition.Name == ActionNames.MarkRapidReviewReportReady) formFields = ReportApproval.WithVersionShown(definition.Name, formFields, record);
        if (ActionCatalogue.ReportSentBy(definition.Name) is { } kind && !IncidentDocuments.Reports(record).Any(r => r.Kind == kind.ToString()))
        {
            var label = ReportKinds.Label(kind);
            throw new ActionValidationException([new FieldError(ActionCatalogue.ReportVersionField, $"Upload the {label.ToLowerInvariant()} first")],
                $"Upload the {label.ToLowerInvariant()} under Reports before recording it as sent: the record says which version went.");
        }
        var form = ActionForm.Read(formFields, fields, services.Calendar);
        if (!form.IsValid) throw new ActionValidationException(form.Errors);
        // An approval covers the version the approver read: refused (409) when a newer one was uploaded since.
        var values = new Dictionary<string, string>(ReportApproval.Check(definition.Name, form.Values, record), StringComparer.Ordinal);
        if (ActionCatalogue.ReportSentBy(definition.Name) is { } sentKind && values.TryGetValue(ActionCatalogue.ReportVersionField, out var version))
        {
            var chosen = IncidentDocuments.Reports(record).First(r => r.Kind == sentKind.ToString() && r.Version.ToString(CultureInfo.InvariantCulture) == version);
            values[CaseTransitions.ReportFileField] = chosen.FileName;
        }
        var step = steps[0];
        if (definition.SubjectField is { } subjectField)
        {
            var chosen = values[subjectField];
            values.Remove(subjectField);
            step = steps.First(s => s.SubjectLabel == chosen);
        }
        var submission = new StepSubmission(step.StepId, definition.Name, user.Name, user.Role, time.GetUtcNow(), values, Subject: step.Subject,
            SubmissionId: SubmissionOutcomes.NewId());
        await RaiseAsync(incidentId, step, submission, cancellation);
        if (!DecidedActions.Contains(definition.Name)) return new ActionOutcome(incidentId, definition.Name, $"{definition.Label}: recorded.");
        var decided = await _outcomes.AwaitAsync(incidentId, submission.SubmissionId!, step.StepId, cancellation);
        if (decided is null) return Pending(incidentId, definition);
        if (decided.Kind == AuditKinds.Refused) throw new ActionValidationException(decided.Errors ?? [new FieldError("", decided.Why ?? "")], decided.Why);
        return new ActionOutcome(incidentId, definition.Name, $"{definition.Label}: recorded." + (decided.Warning is null ? "" : " Warning: " + decided.Warning));
    }

    private static ActionOutcome Pending(string incidentId, ActionDefinition definition) =>
        new(incidentId, definition.Name, $"{definition.Label}: sent. The process is still recording it.", Pending: true);

    public async Task<ActionOutcome> ResubmitReferralAsync(string incidentId, Referral referral, StaffUser user, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(referral);
        var record = await records.LoadAsync(incidentId, cancellation) ?? throw new IncidentNotFoundException(incidentId);
        var (definition, steps) = Available(record, ActionNames.ResubmitReferral, user, incidentId);
        referral = referral.Trimmed();
        var errors = ReferralValidator.Validate(referral, Today);
        if (errors.Count > 0) throw new ReferralValidationException(errors);
        var submission = new StepSubmission(steps[0].StepId, definition.Name, user.Name, user.Role, time.GetUtcNow(),
            new Dictionary<string, string>(), referral, SubmissionId: SubmissionOutcomes.NewId());
        await RaiseAsync(incidentId, steps[0], submission, cancellation);
        var decided = await _outcomes.AwaitAsync(incidentId, submission.SubmissionId!, steps[0].StepId, cancellation);
        if (decided is null) return Pending(incidentId, definition);
        if (decided.Kind == AuditKinds.Refused)
            throw new ReferralValidationException(decided.Errors is { Count: > 0 } refusals && refusals.Any(e => e.Field.Length > 0) ? refusals : [new FieldError("referral", decided.Why ?? "")]);
        return new ActionOutcome(incidentId, definition.Name, "The corrected referral was resubmitted for quality assurance.");
    }

    private (ActionDefinition Definition, List<AwaitedStep> Steps) Available(IncidentRecord record, string actionName, StaffUser user, string incidentId)
    {
        var definition = services.Catalogue.Find(actionName ?? "");
        if (definition is null || !definition.AllowsRole(user.Role)) throw new ActionNotAvailableException(incidentId, actionName ?? "");
        var steps = OpenSteps(record).Where(s => s.Actions.Contains(definition.Name, StringComparer.OrdinalIgnoreCase)).ToList();
        if (steps.Count == 0) throw new ActionNotAvailableException(incidentId, definition.Name, WaitingFor(record.Case, definition.Name));
        return (definition, steps);
    }

    /// <summary>
    /// Hands a submission to the orchestration. The step was open in the read model a moment ago; if
    /// the instance finished since, the action is no longer available. The orchestration itself
    /// ignores a submission for a step that is not open, so a repeated click does nothing twice.
    /// </summary>
    private async Task RaiseAsync(string incidentId, AwaitedStep step, StepSubmission submission, CancellationToken cancellation)
    {
        try
        {
            await client.RaiseEventAsync(step.InstanceId, step.EventName, submission, cancellation);
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException)
        {
            throw new ActionNotAvailableException(incidentId, submission.Action);
        }
    }

    /// <summary>An action's form: for per-agency, per-attendee and per-recommendation actions, a choice of whose step it is first.</summary>
    private static IReadOnlyList<ActionField> FormFields(ActionDefinition definition, IReadOnlyList<AwaitedStep> steps)
    {
        if (definition.SubjectField is null) return definition.Fields;
        var choices = steps.Select(s => s.SubjectLabel ?? s.Subject ?? s.StepId).Distinct().ToList();
        return [new ActionField(definition.SubjectField, definition.SubjectLabel ?? definition.SubjectField, "select", true, choices), .. definition.Fields];
    }

    /// <summary>An action that records a report as sent chooses among the incident's uploaded versions of it, newest first.</summary>
    private static IReadOnlyList<ActionField> WithReportVersions(IReadOnlyList<ActionField> fields, ActionDefinition definition, IncidentRecord record)
    {
        if (ActionCatalogue.ReportSentBy(definition.Name) is not { } kind) return fields;
        var versions = IncidentDocuments.Reports(record).Where(r => r.Kind == kind.ToString()).OrderByDescending(r => r.Version)
            .Select(r => r.Version.ToString(CultureInfo.InvariantCulture)).ToList();
        // Only the approved Rapid Review report can be recorded as sent: the form starts from it and says so.
        if (kind == ReportKind.RapidReviewReport && record.Case.Incident.RapidReviewReportApprovedVersion is { } approved)
        {
            var text = approved.ToString(CultureInfo.InvariantCulture);
            return fields.Select(f => f.Name == ActionCatalogue.ReportVersionField
                ? f with { AllowedValues = versions, Value = text, Hint = $"Version {text} is the approved version: only the approved version can be recorded as sent." }
                : f).ToList();
        }
        return fields.Select(f => f.Name == ActionCatalogue.ReportVersionField ? f with { AllowedValues = versions } : f).ToList();
    }

    /// <summary>
    /// The steps open to staff: none once the incident is closed, even while the workflow is still tidying up the
    /// last ones; and not the invitation of practitioners and the family while the review is paused for parallel
    /// proceedings (the reason such reviews pause: the invitations wait for the resume).
    /// </summary>
    private static IEnumerable<AwaitedStep> OpenSteps(IncidentRecord record) =>
        record.Case.Stage == IncidentStage.Closed ? []
        : record.Case.Incident.IsPaused ? record.OpenSteps.Where(s => !s.Actions.Contains(ActionNames.RecordInvitations))
        : record.OpenSteps;

    /// <summary>Why an action the role takes is not offered now (null when nothing is awaited for it).</summary>
    private string? WaitingFor(IncidentCase c, string action) =>
        action == ActionNames.RecordInvitations && c.Incident.ActivePause is { } pause
            ? $"The review is paused for {CaseTransitions.Words(pause.Proceedings)} proceedings (since {DateWords.Prose(pause.From)}): practitioners and the family are invited once it resumes."
            : CaseTransitions.WaitingFor(c, action, services.Calendar);

    private IncidentView ToView(IncidentRecord record, StaffUser user)
    {
        var c = record.Case;
        var today = Today;
        var agencies = IncidentDocuments.Agencies(record);
        var chases = record.Audit.Where(a => a.Kind is AuditKinds.Reminder or AuditKinds.Escalation && a.Subject is not null)
            .GroupBy(a => a.Subject!).ToDictionary(g => g.Key, g => g.Count());
        var mayRead = IIncidentDocuments.MayRead(user);
        var scoping = agencies.Select(a => new ScopingAgencyView(a.Name, a.AgencyType.ToString(), a.Status.ToString(), a.RequestedOn, a.DueOn,
            a.ReturnedOn, chases.GetValueOrDefault(a.Key), a.Gaps, a.Key,
            mayRead ? a.Documents.Count(d => d.EndsWith("/" + ScopingReturnForm.FileName, StringComparison.Ordinal)) : 0,
            a.Status == AgencyScopingStatus.CannotReturn ? a.CannotReturnReason : null)).ToList();

        var actions = new List<AvailableAction>();
        foreach (var group in OpenSteps(record).SelectMany(s => s.Actions.Select(a => (Action: a, Step: s))).GroupBy(x => x.Action, StringComparer.OrdinalIgnoreCase))
        {
            var definition = services.Catalogue.Find(group.Key);
            if (definition is null || !definition.AllowsRole(user.Role)) continue;
            var fields = WithReportVersions(FormFields(definition, group.Select(g => g.Step).ToList()), definition, record);
            actions.Add(new AvailableAction(definition.Name, definition.Label, ReportApproval.WithVersionShown(definition.Name, fields, record))
            {
                Warning = definition.Name is ActionNames.RecordRapidReviewDecision or ActionNames.ApproveRapidReviewReport ? c.Incident.NotQuorateWarning : null,
            });
        }
        var meeting = record.Meeting ?? c.Meeting;
        var replied = meeting?.Invitees.Where(i => i.Response != MeetingResponse.NeedsAction).Select(i => i.Key).ToHashSet() ?? [];
        var awaiting = OpenSteps(record)
            .Where(s => !(s.Actions.Count == 1 && s.Actions[0] == ActionNames.RespondToMeeting && s.Subject is { } key && replied.Contains(key)))
            .Where(s => !NoLongerAwaited(c, s))
            .Select(s => s.Title).Distinct().ToList();
        var deadlines = _deadlines.Assess(c, today, agencies, meeting, DeadlineAssessor.Revised(record.Audit));
        var reports = IncidentDocuments.Reports(record);
        return new IncidentView(
            c.IncidentId, c.Reference, c.Stage, c.Incident.IsPaused, c.Incident.ActivePause?.Reason, c.Incident.ReceivedOn,
            user.Role == StaffRoles.ReadOnly ? null : c.Incident.Referral,
            deadlines,
            scoping,
            record.Audit.OrderBy(a => a.At).Select(a => new TimelineEntry(a.At, a.Who, Readable(a), a.Why, a.Kind)).ToList(),
            actions,
            awaiting.Count == 0 ? null : "Waiting for: " + string.Join("; ", awaiting),
            record.UpdatedAt,
            meeting is null ? null : new MeetingView(meeting.StartsAt, meeting.EndsAt, meeting.Location, meeting.Status.ToString(), meeting.Sequence,
                meeting.Invitees.Select(i => new MeetingInviteeView(i.Name, i.AgencyType?.ToString(), i.Deputy, i.Response.ToString())).ToList(),
                RapidReviewMeetingOrchestration.MissingForQuorum(meeting, acceptedOnly: true).Select(t => t.ToString()).ToList(), meeting.HeldOn)
            {
                Quorum = meeting.HeldOn is not null
                    ? meeting.Quorate == false
                        ? "Not quorate" + (meeting.NotRepresented.Count > 0 ? $": {MeetingQuorum.List(meeting.NotRepresented)} not represented" : "")
                        : meeting.Quorate == true ? "Quorate" : null
                    : MeetingQuorum.AtRiskWords(RapidReviewMeetingOrchestration.Answers(meeting)) ?? "Quorate on the replies so far",
            },
            c.Recommendations.Select(r => new RecommendationView(r.Id, r.Text, r.OwnerName, r.DueOn, r.CompletedOn, r.LastProgress, r.LastProgressOn, r.ClosedReason)).ToList(),
            record.Audit.Where(a => a.Kind == AuditKinds.Decision).OrderBy(a => a.At).Select(a => new DecisionView(a.At, a.Who, a.What, a.Why)).ToList(),
            RapidReviewDecisionOf(c),
            mayRead ? reports : [],
            user.Role == StaffRoles.ReadOnly ? [] : ReportKinds.AllowedAt(c.Incident).Select(k => k.ToString()).ToList(),
            IIncidentDocuments.MayReadPack(user) ? c.ScopingPacks.Count : 0,
            SubmissionTasks.For(record, deadlines, actions, mayRead ? reports : [], services.Partnership),
            services.Catalogue.All.Where(d => d.AllowsRole(user.Role) && actions.All(a => a.Name != d.Name))
                .Select(d => WaitingFor(c, d.Name) is { } why ? new WaitingAction(d.Name, d.Label, why) : null)
                .OfType<WaitingAction>().ToList(),
            c.Incident.Publication is null ? c.Incident.PlannedPublicationOn : null);
    }

    /// <summary>
    /// A step still open that nobody is waited on for: once the action plan is agreed, more recommendations
    /// may be added but none is awaited (the owners' progress and the sign-off are).
    /// </summary>
    private static bool NoLongerAwaited(IncidentCase c, AwaitedStep step) =>
        step.Actions.Count == 1 && step.Actions[0] == ActionNames.AddRecommendation && c.Incident.ActionPlanAgreedOn is not null;

    /// <summary>An entry as people read it: a refusal names the action by its label ("Refused: Reschedule the meeting").</summary>
    private string Readable(AuditEntry entry)
    {
        const string refused = "Refused: ";
        if (entry.Kind != AuditKinds.Refused || !entry.What.StartsWith(refused, StringComparison.Ordinal)) return entry.What;
        return services.Catalogue.Find(entry.What[refused.Length..]) is { } definition ? refused + definition.Label : entry.What;
    }

    private static RapidReviewDecisionView? RapidReviewDecisionOf(IncidentCase c)
    {
        var incident = c.Incident;
        if (incident.Decision is not { } decision) return null;
        var assessment = incident.CriteriaAssessment;
        return new RapidReviewDecisionView(decision.Outcome.ToString(),
            assessment?.CriteriaMet.Select(Csp.Domain.Criteria.CsprCriteria.Describe).ToList() ?? [],
            assessment?.CsprMostAppropriateResponse ?? false, decision.Rationale, decision.DecidedBy, decision.DecidedOn,
            incident.RapidReviewReportApproval?.By, incident.RapidReviewReportApproval?.On, incident.RapidReviewReportSent?.On,
            incident.PanelResponse?.Outcome.ToString(), incident.PanelResponse?.ReceivedOn,
            incident.RapidReviewReportApproval is null ? null : c.RapidReviewReportApprovedVersion);
    }
}
