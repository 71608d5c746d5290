using System.Text.Json;
using Csp.Workflow.Actions;
using Csp.Workflow.Application;
using Csp.Workflow.Ports;
using Csp.Workflow.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Csp.Workflow.Tests.Application;

/// <summary>A link acts only for the person it was sent to, and the record names who acted and how they proved it.</summary>
public sealed class LinkRecipientsTests
{
    private static JsonElement Json(object value) => JsonSerializer.SerializeToElement(value);

    private static CapabilityLinkRecord LinkTo(string address, string description) =>
        new(new string('a', 64), LinkKind.Approval, "INC-1", "INC-1", "step", ActionNames.RespondToMeeting, "INC-1", "event", address, description, "Reply", null,
            WorkflowScenario.Start, WorkflowScenario.Start.AddDays(7));

    [Fact]
    public async Task ChairsLink_RecordsOnlyForTheChairSignedIn_NobodyElseAndNotReadOnly()
    {
        await using var s = await WorkflowScenario.StartAsync(overrides: new Dictionary<string, string?> { ["Csp:Partnership:PanelChair:ObjectId"] = "0b1ec7-chair" });
        var id = await s.SubmitAsync();
        await s.PassQaAsync(id);
        var token = await s.LinkTokenAsync(id, WorkflowScenario.PanelChairEmail);
        var links = s.Host.CapabilityLinks;
        var lookup = await links.LookupAsync(token, CancellationToken.None);
        Assert.Equal(new LinkRecipient(LinkProof.SignIn, "Rowan Panelchair", "Rapid Review panel chair", WorkflowScenario.PanelChairEmail, []) with { Deputies = lookup.Recipient!.Deputies }, lookup.Recipient);
        var decision = Json(new { outcome = "RapidReview", rationale = "Serious harm." });

        (LinkCaller Caller, LinkRefusal Refusal)[] refused =
        [
            (LinkCaller.Anonymous, LinkRefusal.SignInNeeded),
            (new LinkCaller(null, CodeEntered: true), LinkRefusal.SignInNeeded), // a code is no substitute for the chair's sign-in
            (new LinkCaller(WorkflowScenario.BusinessUnit, false), LinkRefusal.SomeoneElse),
            (new LinkCaller(new StaffUser("Rowan Panelchair", StaffRoles.Chair), false), LinkRefusal.SomeoneElse), // the same name is not the same person
            (new LinkCaller(new StaffUser("Rowan Panelchair", StaffRoles.ReadOnly, WorkflowScenario.PanelChairEmail), false), LinkRefusal.ReadOnly),
        ];
        foreach (var (caller, refusal) in refused)
        {
            var result = await links.RedeemAsync(token, decision, caller, CancellationToken.None);
            Assert.Equal(refusal, result.Refused?.Refusal);
            Assert.Null(result.By);
        }
        await s.SettleAsync();
        Assert.Equal(LinkState.Valid, (await links.LookupAsync(token, CancellationToken.None)).State);
        Assert.True(await s.CanAsync(id, ActionNames.TriageReferral, WorkflowScenario.Chair));

        // The chair's account by its object id (the sign-in's email differs): recorded in the chair's name.
        var chair = new LinkCaller(new StaffUser("Rowan Panelchair", StaffRoles.Chair, "r.panelchair@other.example", "0B1EC7-CHAIR"), false);
        Assert.True((await links.LookupAsync(token, chair, CancellationToken.None)).Caller!.Allowed);
        var done = await links.RedeemAsync(token, decision, chair, CancellationToken.None);
        Assert.Equal("Rowan Panelchair (Rapid Review panel chair), signed in", done.By);
        await s.SettleAsync();
        var view = await s.ViewAsync(id);
        Assert.Contains(view.Timeline, t => t.Who == "Rowan Panelchair (Rapid Review panel chair), signed in" && t.Kind == "decision");
        Assert.Contains(view.Decisions!, d => d.Who == "Rowan Panelchair (Rapid Review panel chair), signed in");
    }

    [Fact]
    public async Task Deputy_SignedIn_ActsForTheMember_AndTheRecordSaysSo()
    {
        await using var s = await WorkflowScenario.StartAsync();
        var recipients = s.Host.Services.GetRequiredService<LinkRecipients>();
        var link = LinkTo("csc.member@exampleshire.example", "Casey Socialcare");
        Assert.Equal(["Dana Socialcare"], recipients.For(link).Deputies);

        var deputy = recipients.Check(link, new LinkCaller(new StaffUser("Dana Socialcare", StaffRoles.Chair, "CSC.Deputy@exampleshire.example"), false));
        Assert.Equal("Dana Socialcare, deputy for Casey Socialcare, signed in", deputy.By);
        var member = recipients.Check(link, new LinkCaller(new StaffUser("Casey Socialcare", StaffRoles.Chair, "csc.member@exampleshire.example"), false));
        Assert.Equal("Casey Socialcare, signed in", member.By);
        // Another member's deputy is someone else.
        Assert.Equal(LinkRefusal.SomeoneElse, recipients.Check(link, new LinkCaller(new StaffUser("Frankie Police", StaffRoles.Chair, "police.deputy@police.example"), false)).Refusal);
    }

    [Fact]
    public async Task PanelMember_SignedInReadOnly_RepliesToTheirOwnInvitationOnly()
    {
        await using var s = await WorkflowScenario.StartAsync();
        var recipients = s.Host.Services.GetRequiredService<LinkRecipients>();
        var invitation = LinkTo("csc.member@exampleshire.example", "Casey Socialcare");
        var member = new LinkCaller(new StaffUser("Casey Socialcare", StaffRoles.ReadOnly, "csc.member@exampleshire.example"), false);
        var deputy = new LinkCaller(new StaffUser("Dana Socialcare", StaffRoles.ReadOnly, "csc.deputy@exampleshire.example"), false);

        // Panel members and deputies hold the read-only role: their own invitation's reply records.
        Assert.Equal("Casey Socialcare, signed in", recipients.Check(invitation, member).By);
        Assert.Equal("Dana Socialcare, deputy for Casey Socialcare, signed in", recipients.Check(invitation, deputy).By);
        // Anything else sent to them, and anyone else's link, the read-only role still cannot act on.
        Assert.Equal(LinkRefusal.ReadOnly, recipients.Check(invitation with { Action = ActionNames.ApproveRapidReviewReport }, member).Refusal);
        Assert.Equal(LinkRefusal.SomeoneElse, recipients.Check(LinkTo("police.member@police.example", "Frankie Police"), member).Refusal);
        Assert.Equal(LinkRefusal.ReadOnly, recipients.Check(LinkTo(WorkflowScenario.PanelChairEmail, "Rapid Review panel chair"),
            new LinkCaller(new StaffUser("Rowan Panelchair", StaffRoles.ReadOnly, WorkflowScenario.PanelChairEmail), false)).Refusal);
    }

    [Fact]
    public async Task RecipientsWithoutAnAccount_ProveItWithTheCode_AndTheRecordNamesTheAddress()
    {
        await using var s = await WorkflowScenario.StartAsync(overrides: new Dictionary<string, string?> { ["Csp:Partnership:PartnershipChair:SignsIn"] = "false" });
        var recipients = s.Host.Services.GetRequiredService<LinkRecipients>();

        // An action-plan owner (nobody the partnership configures): the code, never a sign-in.
        var owner = LinkTo("owner@school.example", "Alex Owner");
        Assert.Equal(LinkProof.Code, recipients.For(owner).Proof);
        Assert.Equal(LinkRefusal.CodeNeeded, recipients.Check(owner, new LinkCaller(WorkflowScenario.Chair, false)).Refusal);
        Assert.Equal("Alex Owner, code sent to owner@school.example", recipients.Check(owner, new LinkCaller(null, true)).By);

        // An external chair configured without an account.
        var chair = LinkTo(WorkflowScenario.PartnershipChairEmail, "Partnership chair (executive)");
        Assert.Equal(LinkProof.Code, recipients.For(chair).Proof);
        Assert.Equal("Pat Chair (Partnership chair (executive)), code sent to partnership.chair@exampleshire.example", recipients.Check(chair, new LinkCaller(null, true)).By);
    }
}
