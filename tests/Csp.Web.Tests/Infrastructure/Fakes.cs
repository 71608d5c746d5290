using System.Collections.Concurrent;
using System.Text.Json;
using Csp.Domain;
using Csp.Domain.Incidents;
using Csp.Domain.Referrals;
using Csp.Domain.Timescales;
using Csp.Workflow.Application;
using Csp.Workflow.Ports;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Csp.Web.Tests.Infrastructure;

/// <summary>
/// A stand-in for the workflow in HTTP-contract tests only (status codes, problem details, limits,
/// headers, escaping). It validates referrals with the domain's own validator, so error lists are
/// real; it records what the web layer handed it.
/// </summary>
public sealed class FakeIncidentService(TimeProvider time) : IIncidentService
{
    public ConcurrentDictionary<string, IncidentView> Incidents { get; } = new();
    public ConcurrentQueue<(Referral Referral, StaffUser By, string? Key)> Submitted { get; } = new();
    public ConcurrentQueue<(string IncidentId, string Action, JsonElement Fields, StaffUser User)> Actions { get; } = new();
    private readonly ConcurrentDictionary<string, ReferralAccepted> _byKey = new();

    /// <summary>What <see cref="PerformActionAsync"/> does: by default succeeds.</summary>
    public Func<string, string, JsonElement, ActionOutcome>? OnAction { get; set; }

    public Task<ReferralAccepted> SubmitReferralAsync(Referral referral, StaffUser submittedBy, string? idempotencyKey, CancellationToken cancellation)
    {
        var errors = ReferralValidator.Validate(referral, DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime));
        if (errors.Count > 0) throw new ReferralValidationException(errors);
        if (idempotencyKey is not null && _byKey.TryGetValue(idempotencyKey, out var first)) return Task.FromResult(first with { Duplicate = true });
        Submitted.Enqueue((referral, submittedBy, idempotencyKey));
        var id = "inc-" + Guid.NewGuid().ToString("N")[..12];
        Incidents[id] = View(id, "CSP-" + (Incidents.Count + 1).ToString("000"), referral);
        var accepted = new ReferralAccepted(id, false);
        if (idempotencyKey is not null) accepted = _byKey.GetOrAdd(idempotencyKey, accepted);
        return Task.FromResult(accepted);
    }

    public Task<IncidentView?> GetIncidentAsync(string incidentId, StaffUser user, CancellationToken cancellation) =>
        Task.FromResult(Incidents.TryGetValue(incidentId, out var view)
            ? view with { AvailableActions = user.Role == StaffRoles.ReadOnly ? [] : view.AvailableActions }
            : null);

    public Task<IncidentListPage> ListIncidentsAsync(IncidentListQuery query, CancellationToken cancellation) =>
        Task.FromResult(new IncidentListPage(
            Incidents.Values.Where(v => query.Stage is null || v.Stage == query.Stage)
                .Select(v => new IncidentSummary(v.IncidentId, v.Reference, v.Stage, v.Paused, v.ReceivedOn,
                    v.Deadlines.Where(d => d.State is DeadlineState.Due or DeadlineState.Overdue).OrderBy(d => d.Due).FirstOrDefault(),
                    v.Deadlines.Any(d => d.State == DeadlineState.Overdue) ? RagStatus.Red : RagStatus.Green, v.LastUpdatedAt))
                .ToList(),
            null));

    public Task<ActionOutcome> PerformActionAsync(string incidentId, string actionName, JsonElement fields, StaffUser user, CancellationToken cancellation)
    {
        if (!Incidents.TryGetValue(incidentId, out var view)) throw new IncidentNotFoundException(incidentId);
        var action = view.AvailableActions.FirstOrDefault(a => a.Name == actionName) ?? throw new ActionNotAvailableException(incidentId, actionName);
        var missing = action.Fields.Where(f => f.Required && !fields.TryGetProperty(f.Name, out _)).Select(f => new FieldError(f.Name, $"Enter {f.Label}")).ToList();
        if (missing.Count > 0) throw new ActionValidationException(missing);
        Actions.Enqueue((incidentId, actionName, fields.Clone(), user));
        var outcome = OnAction?.Invoke(incidentId, actionName, fields) ?? new ActionOutcome(incidentId, actionName, "Recorded.");
        // Each action can be done once.
        Incidents[incidentId] = view with { AvailableActions = view.AvailableActions.Where(a => a.Name != actionName).ToList() };
        return Task.FromResult(outcome);
    }

    public ConcurrentQueue<(string IncidentId, Referral Referral)> Resubmitted { get; } = new();

    public Task<ActionOutcome> ResubmitReferralAsync(string incidentId, Referral referral, StaffUser user, CancellationToken cancellation)
    {
        if (!Incidents.TryGetValue(incidentId, out var view)) throw new IncidentNotFoundException(incidentId);
        if (view.AvailableActions.All(a => a.Name != "resubmit-referral")) throw new ActionNotAvailableException(incidentId, "resubmit-referral");
        var errors = ReferralValidator.Validate(referral, DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime));
        if (errors.Count > 0) throw new ReferralValidationException(errors);
        Resubmitted.Enqueue((incidentId, referral));
        Incidents[incidentId] = view with { Referral = referral, AvailableActions = view.AvailableActions.Where(a => a.Name != "resubmit-referral").ToList() };
        return Task.FromResult(new ActionOutcome(incidentId, "resubmit-referral", "Resubmitted."));
    }

    public static readonly AvailableAction ResubmitReferral = new("resubmit-referral", "Resubmit the corrected referral", []);

    public static readonly AvailableAction RecordNotification = new("record-notification", "Record the National Panel notification",
    [
        new ActionField("dateSent", "Date sent", "date", true),
        new ActionField("panelReference", "Panel reference", "text", true),
        new ActionField("notes", "Notes", "textarea", false),
    ]);

    public static readonly AvailableAction Triage = new("triage", "Record the triage decision",
    [
        new ActionField("outcome", "Outcome", "select", true, ["RapidReview", "OtherLearningReview", "NoFurtherReview"]),
        new ActionField("rationale", "Rationale", "textarea", true),
    ]);

    public IncidentView View(string id, string reference, Referral? referral) => new(
        id, reference, IncidentStage.Notification, false, null, DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime), referral,
        [
            new DeadlineView("notification", "Notify the National Panel", new DateOnly(2024, 3, 29), "5 working days after 22 March 2024 (England and Wales bank holidays)", DeadlineState.Due, null),
        ],
        [new ScopingAgencyView("Exampleton Police", "Police", "Requested", null, null, null, 0, null)],
        [new TimelineEntry(time.GetUtcNow(), "Referrer", "Referral received", null)],
        [RecordNotification, Triage],
        "Waiting for the LA designated officer to notify the National Panel.",
        time.GetUtcNow());
}

/// <summary>Capability links held in memory for contract tests: counts lookups and redemptions.</summary>
public sealed class FakeCapabilityLinks : ICapabilityLinks
{
    public ConcurrentDictionary<string, (LinkLookup Lookup, bool Used)> Tokens { get; } = new();
    public ConcurrentQueue<(string Token, JsonElement Submission, IReadOnlyList<UploadedDocument> Documents)> Redeemed { get; } = new();
    public int Lookups;

    public static string NewToken() => Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public string Add(LinkKind kind, IReadOnlyList<ActionField> fields, LinkState state = LinkState.Valid, string reference = "CSP-001")
    {
        var token = NewToken();
        Tokens[token] = (new LinkLookup(state, kind, reference, kind == LinkKind.Approval ? "Approve the Rapid Review decision" : "Scoping return", "Chair", DateTimeOffset.UtcNow.AddDays(5), fields), false);
        return token;
    }

    public Task<LinkLookup> LookupAsync(string token, LinkCaller caller, CancellationToken cancellation)
    {
        Interlocked.Increment(ref Lookups);
        if (!Tokens.TryGetValue(token, out var entry)) return Task.FromResult(new LinkLookup(LinkState.NotFound, null, null, null, null, null, []));
        return Task.FromResult(entry.Used ? entry.Lookup with { State = LinkState.Used } : entry.Lookup);
    }

    public Task<LinkRedemption> RedeemAsync(string token, JsonElement submission, LinkCaller caller, CancellationToken cancellation) =>
        RedeemAsync(token, submission, [], caller, cancellation);

    public Task<LinkRedemption> RedeemAsync(string token, JsonElement submission, IReadOnlyList<UploadedDocument> documents, LinkCaller caller, CancellationToken cancellation)
    {
        if (!Tokens.TryGetValue(token, out var entry)) return Task.FromResult(new LinkRedemption(LinkState.NotFound, [], null));
        if (entry.Used) return Task.FromResult(new LinkRedemption(LinkState.Used, [], null));
        if (entry.Lookup.State != LinkState.Valid) return Task.FromResult(new LinkRedemption(entry.Lookup.State, [], null));
        if (!Tokens.TryUpdate(token, (entry.Lookup, true), entry)) return Task.FromResult(new LinkRedemption(LinkState.Used, [], null));
        Redeemed.Enqueue((token, submission.Clone(), documents));
        return Task.FromResult(new LinkRedemption(LinkState.Valid, [], "Recorded."));
    }

    public Task<LinkRedemption> DeclareCannotReturnAsync(string token, JsonElement submission, LinkCaller caller, CancellationToken cancellation) =>
        RedeemAsync(token, submission, [], caller, cancellation);
}

public static class FakeRegistration
{
    /// <summary>Replaces the workflow's services with the fakes.</summary>
    public static Action<IServiceCollection> Use(FakeIncidentService incidents, FakeCapabilityLinks links) => services =>
    {
        services.RemoveAll<IIncidentService>();
        services.RemoveAll<ICapabilityLinks>();
        services.AddSingleton<IIncidentService>(incidents);
        services.AddSingleton<ICapabilityLinks>(links);
    };
}
