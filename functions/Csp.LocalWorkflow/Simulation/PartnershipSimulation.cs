using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Csp.Domain.Calendar;
using Csp.Domain.Criteria;
using Csp.Domain.Incidents;
using Csp.Domain.Referrals;
using Microsoft.DurableTask.Client;
using Csp.Integrations.Mail;
using Csp.Workflow.Actions;
using Csp.Workflow.AnnualReports;
using Csp.Workflow.Application;
using Csp.Workflow.Model;
using Csp.Workflow.Ports;
using Microsoft.Extensions.Configuration;

namespace Csp.LocalWorkflow.Simulation;

public sealed record SimulationOptions(int Incidents, int Days, int Seed, DateOnly Start, int RestartEveryDays = 0);

/// <summary>What the simulate command prints (snake_case JSON).</summary>
public sealed record SimulationReport(
    int Incidents,
    int Days,
    int Seed,
    IReadOnlyDictionary<string, int> ByStage,
    IReadOnlyDictionary<string, int> ByOutcome,
    IReadOnlyDictionary<string, int> DeadlinesMet,
    IReadOnlyDictionary<string, int> DeadlinesMissed,
    int OpenActions,
    int EmailsSent,
    int DuplicateEmails,
    long DuplicateSendsSuppressed,
    int FailedInstances,
    int RunningInstances,
    int CompletedInstances,
    int ActionsTaken,
    int ActionsRefused,
    int Restarts,
    double WallSeconds);

/// <summary>
/// A busy partnership's year in virtual time: referrals arrive through the period and every person
/// in the process (business unit, chairs, the LA designated officer, agencies, panel members,
/// recommendation owners, the National Panel) acts after a random but reproducible delay, some of
/// them late. Staff act through <see cref="IIncidentService"/>, agencies and approvers through the
/// links in their email, as in real use. Randomness is a hash of the seed and the step, so the
/// same seed gives the same year whatever order the engine runs things in.
/// </summary>
public sealed partial class PartnershipSimulation
{
    private static readonly StaffUser Unit = new("Bea Manager", StaffRoles.BusinessUnit);
    private static readonly StaffUser Chair = new("Rowan Panelchair", StaffRoles.Chair);
    private static readonly TimeZoneInfo Uk = UkTime.Zone;

    private readonly SimulationOptions _options;
    private readonly WorkingDayCalendar _days = WorkingDayCalendar.EnglandAndWales;
    private readonly Dictionary<string, Plan> _plans = new(StringComparer.Ordinal);
    private readonly List<(DateOnly Day, int Index)> _arrivals = [];
    private readonly Dictionary<string, int> _indexOf = new(StringComparer.Ordinal);
    private int _actions;
    private int _refused;

    public PartnershipSimulation(SimulationOptions options) => _options = options;

    private sealed record Plan(DateOnly Due, Func<WorkflowHost, Task> Act, string Description)
    {
        public bool Done { get; set; }
        public int Attempts { get; init; }
    }

    /// <param name="atEnd">Called with the host at the end of the period, before it stops, with the report (tests read the read model the year left).</param>
    /// <param name="store">The engine's store (in memory unless given; the cost benchmark counts what the year commits).</param>
    public async Task<SimulationReport> RunAsync(IConfiguration? configuration = null, TextWriter? log = null, Func<WorkflowHost, SimulationReport, Task>? atEnd = null,
        Csp.Durable.Persistence.IOrchestrationStore? store = null)
    {
        var watch = Stopwatch.StartNew();
        var start = new DateTimeOffset(At(_options.Start, 8, 0), TimeSpan.Zero);
        await using var host = await WorkflowHost.StartAsync(configuration ?? SamplePartnership.Configuration(), start, store);

        var arrivalWindow = Math.Max(1, _options.Days - 45);
        for (var i = 0; i < _options.Incidents; i++)
        {
            var day = _days.NextWorkingDayOnOrAfter(_options.Start.AddDays((int)(R($"arrival|{i}") * arrivalWindow)));
            _arrivals.Add((day, i));
        }
        var end = _options.Start.AddDays(_options.Days);
        var ids = new List<string>();
        for (var day = _options.Start; day < end; day = day.AddDays(1))
        {
            await host.Driver.AdvanceToAsync(new DateTimeOffset(At(day, 11, 0), TimeSpan.Zero));
            if (_options.RestartEveryDays > 0 && day > _options.Start && day.DayNumber % _options.RestartEveryDays == 0)
                await host.RestartAsync();
            foreach (var (_, index) in _arrivals.Where(a => a.Day == day))
            {
                var accepted = await host.Incidents.SubmitReferralAsync(NewReferral(index, day), Unit, $"sim-{_options.Seed}-{index}", CancellationToken.None);
                _indexOf[accepted.IncidentId] = index;
                ids.Add(accepted.IncidentId);
                _actions++;
            }
            if (!_days.IsWorkingDay(day)) continue;
            // A few passes a day: an action can open a step someone acts on the same day.
            for (var pass = 0; pass < 4; pass++)
            {
                await host.Driver.SettleAsync();
                await PlanAsync(host, ids, day);
                var due = _plans.Values.Where(p => !p.Done && p.Due <= day).ToList();
                if (due.Count == 0) break;
                foreach (var plan in due)
                {
                    plan.Done = true;
                    try
                    {
                        await plan.Act(host);
                        _actions++;
                    }
                    catch (Exception ex) when (ex is ActionValidationException or ActionNotAvailableException or ReferralValidationException or InvalidOperationException)
                    {
                        _refused++;
                        log?.WriteLine($"{day:yyyy-MM-dd} refused: {plan.Description}: {Describe(ex)}");
                        // People try again later (a paused review, say, until it resumes).
                        if (plan.Attempts + 1 < 20)
                            _plans[plan.Description + "#retry" + (plan.Attempts + 1)] = plan with { Due = _days.AddWorkingDays(day, 5), Attempts = plan.Attempts + 1 };
                    }
                }
            }
        }
        await host.Driver.SettleAsync();
        var report = await ReportAsync(host, ids, end, watch);
        if (atEnd is not null) await atEnd(host, report);
        return report;
    }

    private static string Describe(Exception ex) => ex switch
    {
        ActionValidationException v => string.Join("; ", v.Errors.Select(e => $"{e.Field}: {e.Message}")),
        ReferralValidationException r => string.Join("; ", r.Errors.Select(e => $"{e.Field}: {e.Message}")),
        _ => ex.Message,
    };

    // ---------------------------------------------------------------- the people

    private async Task PlanAsync(WorkflowHost host, List<string> ids, DateOnly today)
    {
        foreach (var id in ids)
        {
            var record = await host.Records.LoadAsync(id, CancellationToken.None);
            if (record is null) continue;
            foreach (var step in record.OpenSteps)
            {
                var key = $"{id}|{step.StepId}";
                if (_plans.ContainsKey(key)) continue;
                var plan = Decide(host, record, step, today, key);
                _plans[key] = plan ?? new Plan(today, _ => Task.CompletedTask, key + " (no action)") { Done = true };
            }
        }
    }

    private Plan? Decide(WorkflowHost host, Csp.Workflow.Ports.IncidentRecord record, AwaitedStep step, DateOnly today, string key)
    {
        var id = record.Case.IncidentId;
        var n = _indexOf.GetValueOrDefault(id);
        double Roll(string what) => R($"{n}|{step.StepId}|{what}");
        DateOnly After(int minWorkingDays, int maxWorkingDays, string what = "delay") =>
            _days.AddWorkingDays(today, minWorkingDays + (int)(Roll(what) * (maxWorkingDays - minWorkingDays + 1)));
        Plan Staff(DateOnly due, string action, object fields, StaffUser? user = null) =>
            new(due, h => Perform(h, id, action, fields, user ?? Unit), $"{key} {action}");
        Plan Link(DateOnly due, object fields) =>
            new(due, h => Redeem(h, id, step.Title, fields), $"{key} link");
        string Iso(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        // The business unit uploads the report, sends it through the Panel's system and records the version it sent.
        Plan SubmitReport(DateOnly due, ReportKind kind) => new(due, async h =>
        {
            // The Rapid Review report sent is the version the chair approved; other reports are uploaded as they go.
            var version = kind == ReportKind.RapidReviewReport && record.Case.Incident.RapidReviewReportApprovedVersion is { } approved
                ? approved
                : (await h.IncidentDocuments.UploadReportAsync(id, kind,
                    new UploadedDocument($"{kind}.pdf", "application/pdf", BinaryData.FromBytes("%PDF-1.7\n%simulated\n"u8.ToArray())), Unit, CancellationToken.None)).Version;
            await Perform(h, id, step.Actions[0], new { sentOn = "{today}", panelReference = $"NP-SIM-{n}", reportVersion = version.ToString(CultureInfo.InvariantCulture) }, Unit);
        }, $"{key} {step.Actions[0]}");
        var profile = Profile(n);
        var first = step.Actions[0];

        switch (first)
        {
            case ActionNames.PassReferralQa:
                return Roll("return") < 0.1 && step.StepId.EndsWith(":1", StringComparison.Ordinal)
                    ? Staff(After(0, 2), ActionNames.ReturnReferral, new { missingItems = "The senior manager's sign-off date is missing from the form." })
                    : Staff(After(0, 2), ActionNames.PassReferralQa, new { notes = "Complete." });
            case ActionNames.ResubmitReferral:
                return new Plan(After(1, 3), h => Resubmit(h, id, record.Case.Incident.Referral), $"{key} resubmit");
            case ActionNames.TriageReferral:
            {
                var fields = new { outcome = profile.Triage.ToString(), rationale = "Simulated chair's rationale." };
                return Roll("by-link") < 0.6 ? Link(After(0, 2), fields) : Staff(After(0, 2), first, fields, Chair);
            }
            case ActionNames.RecordNationalPanelNotification:
            {
                var late = Roll("late") < 0.2;
                var due = late ? After(5, 8) : After(0, 3);
                return new Plan(due, h => Redeem(h, id, step.Title, new { sentOn = Iso(DateOnlyOf(h.Clock.GetUtcNow())), panelReference = $"NP-{n:D4}" }), $"{key} notify");
            }
            case ActionNames.AddScopingAgency:
                return Roll("add") < 0.1
                    ? Staff(After(1, 2), first, new { name = "Exampleshire Housing", agencyType = "Other", contactEmail = $"housing{n}@exampleshire.example" })
                    : null;
            case ActionNames.WaiveScopingReturn:
            {
                // The agency returns (a few late, a very few never: the business manager waives).
                var never = Roll("never") < 0.04;
                if (never) return Staff(_days.AddWorkingDays(step.DueOn ?? today, 3), first, new { agency = step.SubjectLabel, reason = "Agency had no involvement after all." });
                var late = Roll("late") < 0.15;
                var due = late ? _days.AddWorkingDays(step.DueOn ?? today, 1 + (int)(Roll("days") * 4)) : After(1, 4);
                if (step.DueOn is { } dueOn && !late && due > dueOn) due = dueOn;
                return Link(due, new { involvement = "Simulated scoping return.", completedBy = "Agency lead", completedByRole = "Safeguarding lead" });
            }
            case ActionNames.AcceptScopingReturn:
                return Roll("resubmit") < 0.15 && step.StepId.EndsWith(":1", StringComparison.Ordinal)
                    ? Staff(After(0, 1), ActionNames.RequestScopingResubmission, new { agency = step.SubjectLabel, gaps = "Add the dates of contact in the last year." })
                    : Staff(After(0, 1), first, new { agency = step.SubjectLabel });
            case ActionNames.ScheduleMeeting:
            {
                var latest = step.DueOn ?? _days.AddWorkingDays(today, 10);
                var on = _days.AddWorkingDays(latest, -3);
                var earliest = _days.AddWorkingDays(today, 2);
                if (on < earliest) on = earliest > latest ? latest : earliest;
                return Staff(After(0, 1), first, new { startsAt = Iso(on) + "T10:00", durationMinutes = 120, location = "Online" });
            }
            case ActionNames.RespondToMeeting:
            {
                var roll = Roll("reply");
                if (roll > 0.95) return null;
                return Staff(After(0, 2), first, new { attendee = step.SubjectLabel, response = roll < 0.85 ? "Accepted" : "Declined" });
            }
            case ActionNames.RecordMeetingHeld:
            {
                var meetingDay = step.DueOn ?? today;
                if (Roll("reschedule") < 0.06 && _days.AddWorkingDays(meetingDay, 1) is var moved && record.OpenSteps.Count > 0)
                    return Staff(After(0, 1), ActionNames.RescheduleMeeting, new { startsAt = Iso(moved) + "T14:00", durationMinutes = 120, location = "Online", reason = "Chair unavailable." });
                return Staff(meetingDay, first, new
                {
                    heldOn = Iso(meetingDay), representedChildrensSocialCare = true, representedEducation = true, representedPolice = true, representedHealth = true,
                });
            }
            case ActionNames.RecordRapidReviewDecision:
                return Staff(today, first, DecisionFields(profile.Outcome, Iso(today)), Roll("who") < 0.5 ? Unit : Chair);
            case ActionNames.ApproveRapidReviewReport:
            {
                var changes = Roll("changes") < 0.1 && step.StepId.EndsWith(":1:1", StringComparison.Ordinal);
                var fields = changes ? (object)new { approval = "RequestChanges", comments = "Say more about the immediate actions." } : new { approval = "Approve" };
                var slow = Roll("slow") < 0.1;
                var due = slow ? After(3, 8) : After(0, 1);
                // The chair is asked only for the completed report the business unit marked ready, never the draft.
                return Link(due, fields);
            }
            case ActionNames.MarkRapidReviewReportReady:
                // The business unit completes the draft drawn from the case record, uploads it as a new version and marks that ready.
                return new Plan(After(0, 2), async h =>
                {
                    var uploaded = await h.IncidentDocuments.UploadReportAsync(id, ReportKind.RapidReviewReport,
                        new UploadedDocument("rapid-review-report.pdf", "application/pdf", BinaryData.FromBytes("%PDF-1.7\n%simulated\n"u8.ToArray())), Unit, CancellationToken.None);
                    await Perform(h, id, first, new { reportVersion = uploaded.Version.ToString(CultureInfo.InvariantCulture) }, Unit);
                }, $"{key} upload and mark ready");
            case ActionNames.ReviseRapidReviewDecision when step.Actions.Count == 1:
                return Staff(After(0, 1), first, RevisionFields(profile.Outcome, "Revised as the approver asked."));
            case ActionNames.RecordNationalPanelResponse:
            {
                var outcome = profile.Outcome == RapidReviewOutcome.RecommendNationalReview
                    ? (Roll("national") < 0.7 ? NationalPanelResponseOutcome.NationalReviewToBeCarriedOut : NationalPanelResponseOutcome.NationalReviewDeclined)
                    : NationalPanelResponseOutcome.DecisionRatified;
                var response = new { outcome = outcome.ToString(), receivedOn = "{today}", notes = "Panel letter." };
                if (outcome == NationalPanelResponseOutcome.NationalReviewDeclined)
                {
                    // The Panel declines: the partnership revises its decision to a local CSPR (and the approval starts again).
                    return new Plan(After(8, 14), async h =>
                    {
                        await Perform(h, id, first, response, Unit);
                        await h.Driver.SettleAsync();
                        await Perform(h, id, ActionNames.ReviseRapidReviewDecision, RevisionFields(RapidReviewOutcome.LocalCspr, "The Panel declined a national review; a local CSPR instead."), Unit);
                    }, $"{key} declined and revised");
                }
                return Staff(After(8, 14), first, response);
            }
            case ActionNames.PauseReview:
                return Roll("pause") < 0.1 ? Staff(After(10, 40), first, new { proceedings = "Criminal", reason = "Criminal trial listed.", from = "{today}" }) : null;
            case ActionNames.ResumeReview:
                return Staff(After(20, 60), first, new { on = "{today}" });
            case ActionNames.ConfirmCsprPanel or ActionNames.ApproveTermsOfReference or ActionNames.RecordInvitations or ActionNames.RecordDraftQualityAssured
                or ActionNames.RecordFinalDraftChecked or ActionNames.ShareWithGovernance or ActionNames.ConfirmGovernanceResponses
                or ActionNames.ApproveFinalReportSubgroup or ActionNames.SignOffFinalReport:
            {
                var slow = profile.SlowReview ? 2 : 1;
                var due = first == ActionNames.ConfirmGovernanceResponses ? After(6, 12) : After(4 * slow, 14 * slow);
                var user = first == ActionNames.SignOffFinalReport ? Chair : Unit;
                return Staff(due, first, new { on = "{today}" }, user);
            }
            case ActionNames.CommissionLeadReviewer:
                return Staff(After(5, 15), first, new { reviewerName = $"Independent Reviewer {n % 7 + 1}", on = "{today}" });
            case ActionNames.PlanPublication:
                return Staff(After(1, 5), first, new { plannedPublicationOn = Iso(_days.AddWorkingDays(today, 20 + (int)(Roll("planned") * 15))) });
            case ActionNames.RecordFinalReportSubmitted:
            {
                var noticeDue = step.DueOn ?? today;
                var late = Roll("late") < 0.15;
                var due = late ? _days.AddWorkingDays(noticeDue, 1 + (int)(Roll("days") * 3)) : _days.AddWorkingDays(noticeDue, -(int)(Roll("early") * 5));
                return SubmitReport(due < today ? today : due, ReportKind.FinalCsprReport);
            }
            case ActionNames.RecordRapidReviewReportSubmitted:
                return SubmitReport(After(0, 2), ReportKind.RapidReviewReport);
            case ActionNames.CirculateRapidReviewMinutes:
                // The minutes are typed up and circulated within the fortnight, now and then a few days late.
                return new Plan(Roll("late") < 0.15 ? After(11, 14) : After(3, 9), async h =>
                {
                    // An incident closed meanwhile (no further review) takes no more uploads.
                    if ((await h.Records.LoadAsync(id, CancellationToken.None))?.Case.Stage is null or Csp.Domain.Incidents.IncidentStage.Closed) return;
                    var version = await h.IncidentDocuments.UploadReportAsync(id, ReportKind.RapidReviewMinutes,
                        new UploadedDocument("minutes.pdf", "application/pdf", BinaryData.FromBytes("%PDF-1.7\n%simulated\n"u8.ToArray())), Unit, CancellationToken.None);
                    await Perform(h, id, first, new { reportVersion = version.Version.ToString(CultureInfo.InvariantCulture) }, Unit);
                }, $"{key} {first}");
            case ActionNames.RecordPublication:
            {
                var planned = record.Case.Incident.PlannedPublicationOn ?? today;
                return Staff(planned < today ? today : planned, first, new { publishedOn = "{today}", form = Roll("form") < 0.8 ? "FullReport" : "ImprovementsSummary", url = "https://exampleshire.example/reviews" });
            }
            case ActionNames.CompleteOtherLearningReview:
                return Staff(After(30, 75), first, new { on = "{today}", summary = "Learning shared." });
            case ActionNames.RecordNationalReviewCompleted:
                return Staff(After(60, 120), first, new { on = "{today}", localActions = Roll("actions") < 0.5 });
            case ActionNames.AddRecommendation:
            {
                var count = 1 + (int)(Roll("count") * 3);
                return new Plan(After(2, 8), async h =>
                {
                    for (var i = 0; i < count; i++)
                    {
                        var due = DateOnlyOf(h.Clock.GetUtcNow()).AddDays(60 + (int)(R($"{n}|rec{i}|due") * 150));
                        await Perform(h, id, ActionNames.AddRecommendation, new { text = $"Recommendation {i + 1}.", ownerName = $"Owner {i + 1}", ownerEmail = $"owner{i + 1}.{n}@exampleshire.example", dueOn = Iso(due) }, Unit);
                    }
                }, $"{key} add recommendations");
            }
            case ActionNames.AgreeActionPlan:
                return Staff(After(10, 15), first, new { on = "{today}" });
            case ActionNames.RecordThankYouLetters:
                return Staff(After(5, 20), first, new { on = "{today}", count = 3 + n % 5 });
            case ActionNames.ReportRecommendationProgress:
                return Staff(After(1, 6), first, new { recommendation = step.SubjectLabel, progress = "Simulated progress.", completed = Roll("done") < 0.55 });
            case ActionNames.SignOffActionPlan:
                return step.StepId.EndsWith(":final", StringComparison.Ordinal) ? Staff(After(1, 8), first, new { on = "{today}" }, Chair) : null;
            default:
                return null;
        }
    }

    private static object DecisionFields(RapidReviewOutcome outcome, string today) => new Dictionary<string, object>
    {
        [ActionCatalogue.CriterionField(CsprCriterion.MultiAgencyWorkingConcerns)] = true,
        [ActionCatalogue.CriterionField(CsprCriterion.ImprovementsNeeded)] = outcome == RapidReviewOutcome.LocalCspr,
        ["csprMostAppropriate"] = outcome == RapidReviewOutcome.LocalCspr,
        ["outcome"] = outcome.ToString(),
        ["rationale"] = "Simulated rationale for the two tests.",
        ["decidedOn"] = today,
    };

    /// <summary>A revised decision restates the two tests with the outcome, as the revision form asks.</summary>
    private static object RevisionFields(RapidReviewOutcome outcome, string rationale)
    {
        var fields = (Dictionary<string, object>)DecisionFields(outcome, "");
        fields.Remove("decidedOn");
        fields["rationale"] = rationale;
        return fields;
    }

    private static async Task Perform(WorkflowHost host, string id, string action, object fields, StaffUser user)
    {
        var json = JsonSerializer.Serialize(fields).Replace("\"{today}\"", "\"" + DateOnlyOf(host.Clock.GetUtcNow()).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + "\"", StringComparison.Ordinal);
        using var doc = JsonDocument.Parse(json);
        await host.Incidents.PerformActionAsync(id, action, doc.RootElement.Clone(), user, CancellationToken.None);
    }

    private static async Task Resubmit(WorkflowHost host, string id, Referral referral) =>
        await host.Incidents.ResubmitReferralAsync(id, referral, Unit, CancellationToken.None);

    /// <summary>Acts through the link emailed for the step, as the recipient would.</summary>
    private static async Task Redeem(WorkflowHost host, string id, string stepTitle, object fields)
    {
        var messages = await host.Mailbox.ListAsync(new MailboxQuery(int.MaxValue, id), CancellationToken.None);
        foreach (var m in messages)
        {
            var match = LinkPattern().Match(m.TextBody);
            if (!match.Success) continue;
            var token = match.Groups[1].Value;
            var lookup = await host.CapabilityLinks.LookupAsync(token, CancellationToken.None);
            if (lookup.State != LinkState.Valid || lookup.StepTitle != stepTitle) continue;
            // As a browser sends the page's form: the hidden fields (the report version being approved) with the answers.
            var body = JsonSerializer.SerializeToNode(fields)!.AsObject();
            foreach (var hidden in lookup.Fields.Where(f => f.Type == "hidden" && f.Value is not null && !body.ContainsKey(f.Name)))
                body[hidden.Name] = hidden.Value;
            var result = await host.CapabilityLinks.RedeemAsync(token, JsonSerializer.SerializeToElement(body), LinkCaller.ProvenAs(lookup.Recipient!), CancellationToken.None);
            if (result.Errors.Count > 0 || result.State != LinkState.Valid || result.Refused is not null)
                throw new InvalidOperationException($"Link refused ({result.State}): " + string.Join("; ", result.Errors.Select(e => e.Message)));
            return;
        }
        throw new InvalidOperationException($"No working link for '{stepTitle}' on {id}.");
    }

    [GeneratedRegex(@"/[as]/([A-Za-z0-9_-]{43})")]
    private static partial Regex LinkPattern();

    // ---------------------------------------------------------------- incidents

    private sealed record IncidentProfile(ReferralTriageOutcome Triage, RapidReviewOutcome Outcome, bool SlowReview);

    private IncidentProfile Profile(int n)
    {
        var p = R($"{n}|profile");
        var triage = p < 0.08 ? ReferralTriageOutcome.NoFurtherReview : p < 0.16 ? ReferralTriageOutcome.OtherLearningReview : ReferralTriageOutcome.RapidReview;
        var q = R($"{n}|outcome");
        var outcome = q < 0.5 ? RapidReviewOutcome.LocalCspr : q < 0.7 ? RapidReviewOutcome.OtherLearningReview : q < 0.9 ? RapidReviewOutcome.NoFurtherReview : RapidReviewOutcome.RecommendNationalReview;
        return new IncidentProfile(triage, outcome, R($"{n}|slow") < 0.25);
    }

    private Referral NewReferral(int n, DateOnly arrival)
    {
        var agencies = new List<InvolvedAgency>
        {
            new() { Name = "Exampleshire Children's Social Care", AgencyType = AgencyType.ChildrensSocialCare, ContactEmail = "csc.scoping@exampleshire.example" },
            new() { Name = "Exampleshire Police", AgencyType = AgencyType.Police, ContactEmail = "ppu.scoping@police.example" },
        };
        if (R($"{n}|health") < 0.8) agencies.Add(new() { Name = "Exampleshire Community Health", AgencyType = AgencyType.Health, ContactEmail = "safeguarding@health.example" });
        if (R($"{n}|school") < 0.6) agencies.Add(new() { Name = $"Example Primary School {n % 9 + 1}", AgencyType = AgencyType.Education, ContactEmail = $"dsl{n % 9 + 1}@school.example" });
        var lookedAfterDeath = R($"{n}|lac") < 0.08;
        return new Referral
        {
            Child = new ReferralChild
            {
                FirstName = "Simulated", LastName = $"Child{n}", DateOfBirth = arrival.AddYears(-(2 + n % 14)).AddDays(-(n % 200)),
                Gender = Gender.NotKnown, Ethnicity = "Not known", HomeLocalAuthority = "Exampleshire County Council",
                LookedAfter = lookedAfterDeath, CareLeaver = false,
            },
            Incident = new ReferralIncident
            {
                DateOfIncident = arrival.AddDays(-2), DateLocalAuthorityAware = arrival.AddDays(-1),
                WhatHappened = "FICTIONAL SIMULATED INCIDENT.", Outcome = lookedAfterDeath ? IncidentOutcome.Death : IncidentOutcome.SeriousHarm,
                // Referrals the chair does not send to a Rapid Review are not notifiable (concerns about agencies working together, no abuse suspected).
                AbuseOrNeglect = Profile(n).Triage == ReferralTriageOutcome.RapidReview ? AbuseOrNeglect.Suspected : AbuseOrNeglect.No, Location = IncidentLocation.InArea,
            },
            InvolvedAgencies = agencies,
            Referrer = new Referrer { Name = "Sim Referrer", Role = "Team manager", Agency = "Exampleshire Children's Social Care", Email = "referrer@exampleshire.example" },
            SignOff = new SeniorManagerSignOff { Name = "Sim Manager", Role = "Head of service", Email = "manager@exampleshire.example", DateSignedOff = arrival },
            ReferrerRationale = "Simulated rationale.",
            CriteriaReferrerThinksApply = [CsprCriterion.MultiAgencyWorkingConcerns],
        };
    }

    // ---------------------------------------------------------------- the report

    private async Task<SimulationReport> ReportAsync(WorkflowHost host, List<string> ids, DateOnly end, Stopwatch watch)
    {
        var today = DateOnlyOf(host.Clock.GetUtcNow());
        var assessor = new DeadlineAssessor(host.Services.GetService(typeof(Csp.Workflow.Configuration.WorkflowServices)) is Csp.Workflow.Configuration.WorkflowServices ws
            ? ws.Calendar : throw new InvalidOperationException("No workflow services."));
        var byStage = new SortedDictionary<string, int>(StringComparer.Ordinal);
        var met = new SortedDictionary<string, int>(StringComparer.Ordinal);
        var missed = new SortedDictionary<string, int>(StringComparer.Ordinal);
        var byOutcome = new SortedDictionary<string, int>(StringComparer.Ordinal);
        var openActions = 0;
        var records = (Csp.Workflow.Ports.IIncidentRecords)host.Services.GetService(typeof(Csp.Workflow.Ports.IIncidentRecords))!;
        foreach (var id in ids)
        {
            var record = await records.LoadAsync(id, CancellationToken.None);
            if (record is null) continue;
            byStage[record.Case.Stage.ToString()] = byStage.GetValueOrDefault(record.Case.Stage.ToString()) + 1;
            var outcome = ReviewOutcomes.Of(record.Case.Incident).ToString();
            byOutcome[outcome] = byOutcome.GetValueOrDefault(outcome) + 1;
            // Actions of agreed plans not yet completed or closed.
            if (record.Case.Incident.ActionPlanAgreedOn is not null) openActions += record.Case.Recommendations.Count(r => r.CompletedOn is null);
            foreach (var d in assessor.Assess(record.Case, today, record.Agencies, record.Meeting))
            {
                if (d.Kind == Csp.Domain.Timescales.DeadlineKinds.PublicationAvailableUntil) continue;
                if (d.State == DeadlineState.Met) met[d.Kind] = met.GetValueOrDefault(d.Kind) + 1;
                else if (d.State is DeadlineState.MetLate or DeadlineState.Overdue) missed[d.Kind] = missed.GetValueOrDefault(d.Kind) + 1;
            }
        }
        var mail = await host.Mailbox.ListAsync(new MailboxQuery(int.MaxValue), CancellationToken.None);
        var duplicates = mail.GroupBy(m => m.DedupeKey).Sum(g => g.Count() - 1);
        int failed = 0, running = 0, completed = 0;
        await foreach (var instance in host.Client.GetAllInstancesAsync())
        {
            switch (instance.RuntimeStatus)
            {
                case OrchestrationRuntimeStatus.Failed or OrchestrationRuntimeStatus.Terminated: failed++; break;
                case OrchestrationRuntimeStatus.Completed: completed++; break;
                default: running++; break;
            }
        }
        return new SimulationReport(ids.Count, _options.Days, _options.Seed, byStage, byOutcome, met, missed, openActions, mail.Count, duplicates, host.Mailbox.DuplicatesSuppressed,
            failed, running, completed, _actions, _refused, host.Restarts, Math.Round(watch.Elapsed.TotalSeconds, 2));
    }

    // ---------------------------------------------------------------- helpers

    private double R(string key)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{_options.Seed}|{key}"));
        return (BitConverter.ToUInt64(hash, 0) >> 11) / (double)(1UL << 53);
    }

    private static DateTime At(DateOnly day, int hour, int minute) =>
        TimeZoneInfo.ConvertTimeToUtc(day.ToDateTime(new TimeOnly(hour, minute)), Uk);

    private static DateOnly DateOnlyOf(DateTimeOffset instant) => UkTime.Date(instant);
}
