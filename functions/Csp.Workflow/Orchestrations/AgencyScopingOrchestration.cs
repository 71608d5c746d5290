using Csp.Domain;
using Csp.Domain.Timescales;
using Microsoft.DurableTask;
using Csp.Workflow.Actions;
using Csp.Workflow.Application;
using Csp.Workflow.Configuration;
using Csp.Workflow.Model;
using Csp.Workflow.Ports;

namespace Csp.Workflow.Orchestrations;

public sealed record AgencyScopingInput(string IncidentId, string Reference, ScopingAgency Agency);

/// <summary>
/// One involved agency's scoping return: the request with its own secure return link, a reminder
/// before the due date and repeated escalation after it (a deadline watch) until the agency returns
/// or the business manager waives it; quality assurance of the return, accepted or sent back with
/// the gaps listed (a new link and a short new due date); ends when accepted or waived, or when the
/// Rapid Review meeting goes ahead without it. An agency that cannot return says why from its link's
/// page: the reminders stop, the business unit is told, and it waives the return or asks again.
/// </summary>
public sealed class AgencyScopingOrchestration(WorkflowServices services) : TaskOrchestrator<AgencyScopingInput, ScopingAgency>
{
    public override async Task<ScopingAgency> RunAsync(TaskOrchestrationContext context, AgencyScopingInput input)
    {
        var flow = new Flow(context, services, input.IncidentId, input.Reference, "Scoping: " + input.Agency.Name);
        var agency = input.Agency;
        var contact = new EmailAddress(agency.ContactEmail, agency.Name);
        var closed = context.WaitForExternalEvent<WatchSignal>(Events.ScopingClosed);

        string? chase = null; // what the business unit tells an agency it asks again after the agency said it cannot return
        while (true)
        {
            var round = agency.Round;
            flow.SetNextDeadline(DeadlineKinds.ScopingReturns, agency.DueOn);
            var returnStep = flow.Step($"scoping:{agency.Key}:return:{round}", Events.AgencyScoping, $"Scoping return from {agency.Name}",
                [ActionNames.WaiveScopingReturn], agency.DueOn, agency.Key, agency.Name);
            var request = chase is not null
                ? flow.Notice($"scoping:{agency.Key}:chase:{round}", [contact], "Rapid Review scoping request: the business unit still needs your return",
                    $"Your agency said it cannot return the scoping template for Rapid Review {input.Reference}. The safeguarding partnership's business unit still needs it:",
                    chase,
                    $"Please return it through the secure link by the end of {DateWords.Prose(agency.DueOn)}. If you still cannot, say why on the same page.")
                : round == 1
                ? flow.Notice($"scoping:{agency.Key}:request", [contact], "Rapid Review scoping request",
                    $"Your agency is asked to complete a scoping return for Rapid Review {input.Reference}, saying what involvement you had with the child and family.",
                    $"Please return it through the secure link by the end of {DateWords.Prose(agency.DueOn)} ({services.Calendar.Timescales.ScopingReturnWorkingDays} working days).")
                : flow.Notice($"scoping:{agency.Key}:resubmission:{round}", [contact], "Scoping return: please resubmit",
                    $"Thank you for your scoping return for Rapid Review {input.Reference}. Quality assurance found gaps that must be filled:",
                    agency.Gaps ?? "",
                    $"Please resubmit through the secure link by the end of {DateWords.Prose(agency.DueOn)}.");
            await flow.Open(returnStep, flow.Link(LinkKind.ScopingReturn, ActionNames.SubmitScopingReturn, contact, agency.Name, request with { IncidentPage = false }));
            await flow.RecordAgency(agency, flow.Audit(Flow.System,
                chase is not null ? $"{agency.Name} asked again for its scoping return; due {DateWords.Prose(agency.DueOn)}."
                : round == 1 ? $"Scoping template sent to {agency.Name}; due {DateWords.Prose(agency.DueOn)}." : $"{agency.Name} asked to resubmit; due {DateWords.Prose(agency.DueOn)}.",
                null, agency.Key, AuditKinds.Notification));

            var watchId = flow.WatchId(DeadlineKinds.ScopingReturns, agency.Key, round);
            await flow.StartWatch(flow.DayWatch(watchId, DeadlineKinds.ScopingReturns, agency.Key, $"Scoping return from {agency.Name}", agency.DueOn,
                [contact], [contact, flow.BusinessManager], ActionNames.SubmitScopingReturn, linkStep: returnStep.StepId));

            var returned = flow.Next(Events.AgencyScoping, s => s.StepId == returnStep.StepId);
            var first = await Task.WhenAny(returned, closed);
            await flow.StopWatch(watchId);
            await flow.Close(returnStep.StepId);
            if (first == closed)
            {
                agency = agency with { Status = AgencyScopingStatus.Closed };
                await flow.RecordAgency(agency, flow.Audit(Flow.System, $"Scoping closed without a return from {agency.Name}: the Rapid Review went ahead.", null, agency.Key, AuditKinds.Step));
                return agency;
            }
            var s = await returned;
            chase = null;
            if (s.Action == ActionNames.DeclareScopingReturnImpossible)
            {
                // The agency says why it cannot return: reminders have stopped (above); the business unit waives the return or asks again.
                agency = agency with { Status = AgencyScopingStatus.CannotReturn, CannotReturnReason = s.Required(ScopingQuestions.CannotReturnReason), CannotReturnOn = flow.Today };
                await flow.RecordAgency(agency, flow.Audit(s.By, $"{agency.Name} says it cannot return its scoping template.", agency.CannotReturnReason, agency.Key, AuditKinds.Decision));
                // The reason stays on the secure site: it may name the child or family.
                await flow.Send(flow.Notice($"scoping:{agency.Key}:cannot-return:{round}", [flow.BusinessUnit], "An agency cannot return its scoping template",
                    $"{agency.Name} says it cannot return its scoping template for {input.Reference}. Its reason is on the incident page.",
                    "Reminders to the agency have stopped. Waive the return there, or ask the agency again (it gets a new link and a new date)."));
                var decide = flow.Step($"scoping:{agency.Key}:cannot-return:{round}", Events.AgencyScoping, $"{agency.Name} cannot return its scoping template: waive it or ask again",
                    [ActionNames.WaiveScopingReturn, ActionNames.ChaseScopingReturn], null, agency.Key, agency.Name);
                await flow.Open(decide);
                var decided = flow.Next(Events.AgencyScoping, x => x.StepId == decide.StepId);
                var after = await Task.WhenAny(decided, closed);
                await flow.Close(decide.StepId);
                if (after == closed)
                {
                    agency = agency with { Status = AgencyScopingStatus.Closed };
                    await flow.RecordAgency(agency, flow.Audit(Flow.System, $"Scoping closed without a return from {agency.Name}: the Rapid Review went ahead.", null, agency.Key, AuditKinds.Step));
                    return agency;
                }
                s = await decided;
                if (s.Action == ActionNames.ChaseScopingReturn)
                {
                    chase = s.Required("message");
                    agency = agency with
                    {
                        Status = AgencyScopingStatus.Requested,
                        Round = round + 1,
                        DueOn = flow.Calendar.Deadlines.LocalDue(flow.Today, flow.Reminders.ScopingResubmissionWorkingDays),
                    };
                    await flow.RecordAgency(agency, flow.Audit(s.By, $"{agency.Name} asked again for its scoping return after saying it cannot return it.", chase, agency.Key, AuditKinds.Decision));
                    continue;
                }
            }
            if (s.Action == ActionNames.WaiveScopingReturn)
            {
                agency = agency with { Status = AgencyScopingStatus.Waived, WaivedReason = s.Required("reason"), WaivedOn = flow.Today };
                await flow.RecordAgency(agency, flow.Audit(s.By, $"Scoping return from {agency.Name} waived.", agency.WaivedReason, agency.Key, AuditKinds.Decision));
                // The agency is told it need not return (after the record, so an instance replaying the waiver only adds this at its end).
                // The reason stays on the record: it may name the child or family.
                await flow.Send(flow.Notice($"scoping:{agency.Key}:waived", [contact], "Scoping return no longer needed",
                    $"The safeguarding partnership's business unit has waived the scoping return it asked of {agency.Name} for Rapid Review {input.Reference}.",
                    "You do not need to send it, and the link in the earlier emails no longer works. Thank you for your help.",
                    $"If your agency has information the review should still see, contact the business unit at {flow.BusinessUnit.Address}.") with { IncidentPage = false });
                await flow.RecordAgency(agency, flow.Audit(Flow.System, $"{agency.Name} told its scoping return is no longer needed.", "To " + contact.Address, agency.Key, AuditKinds.Notification));
                return agency;
            }

            var today = flow.Today;
            agency = agency with
            {
                Status = AgencyScopingStatus.Returned,
                ReturnedOn = today,
                FirstReturnedOn = agency.FirstReturnedOn ?? today,
                Documents = [.. agency.Documents, .. s.Documents ?? []],
            };
            var late = today > agency.DueOn ? $" ({Csp.Domain.Timescales.TimescaleWords.WorkingDays(flow.Calendar.Deadlines.WorkingDaysLate(agency.DueOn, today))} late)" : "";
            await flow.RecordAgency(agency, flow.Audit(s.By, $"Scoping return received from {agency.Name}{late}.", null, agency.Key, AuditKinds.Step));
            await flow.Send(flow.Notice($"scoping:{agency.Key}:received:{round}", [flow.BusinessUnit], "Scoping return received",
                $"{agency.Name} has returned its scoping template for {input.Reference}. Please quality-assure it: accept it or ask for a resubmission with the gaps listed.",
                $"Sent by {s.By}."));

            // Quality assurance of the return.
            var qaStep = flow.Step($"scoping:{agency.Key}:qa:{round}", Events.AgencyScoping, $"Quality assurance of {NameWords.Possessive(agency.Name)} scoping return",
                [ActionNames.AcceptScopingReturn, ActionNames.RequestScopingResubmission], null, agency.Key, agency.Name);
            await flow.Open(qaStep);
            var reviewed = flow.Next(Events.AgencyScoping, x => x.StepId == qaStep.StepId);
            var next = await Task.WhenAny(reviewed, closed);
            await flow.Close(qaStep.StepId);
            if (next == closed)
            {
                agency = agency with { Status = AgencyScopingStatus.Closed };
                await flow.RecordAgency(agency, flow.Audit(Flow.System, $"Scoping closed before {NameWords.Possessive(agency.Name)} return was quality-assured.", null, agency.Key, AuditKinds.Step));
                return agency;
            }
            var qa = await reviewed;
            if (qa.Action == ActionNames.AcceptScopingReturn)
            {
                agency = agency with { Status = AgencyScopingStatus.Accepted, AcceptedOn = flow.Today, Gaps = null };
                await flow.RecordAgency(agency, flow.Audit(qa.By, $"Scoping return from {agency.Name} accepted.", qa.Text("notes"), agency.Key, AuditKinds.Decision));
                return agency;
            }
            agency = agency with
            {
                Status = AgencyScopingStatus.ResubmissionRequested,
                Gaps = qa.Required("gaps"),
                Round = round + 1,
                DueOn = flow.Calendar.Deadlines.LocalDue(flow.Today, flow.Reminders.ScopingResubmissionWorkingDays),
            };
            await flow.RecordAgency(agency, flow.Audit(qa.By, $"Resubmission requested from {agency.Name}.", agency.Gaps, agency.Key, AuditKinds.Decision));
        }
    }
}
