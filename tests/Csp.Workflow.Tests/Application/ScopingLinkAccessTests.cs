using System.Text.RegularExpressions;
using Csp.Integrations.Mail;
using Csp.Workflow.Application;
using Csp.Workflow.Ports;
using Csp.Workflow.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Csp.Workflow.Tests.Application;

/// <summary>
/// One-time codes on scoping links on the workflow's own clock: tries counted once under
/// concurrency, a new code ends the old one, a link has only so many codes, and only scoping links
/// have codes at all.
/// </summary>
public sealed partial class ScopingLinkAccessTests
{
    private const string CodeSubject = "Your code for the scoping request";

    private static async Task<(WorkflowScenario Scenario, string Id, string Token, IScopingLinkAccess Access)> ScopingLinkAsync()
    {
        var s = await WorkflowScenario.StartAsync();
        var id = await s.SubmitAsync();
        await s.PassQaAsync(id);
        await s.TriageAsync(id);
        await s.NotifyPanelAsync(id);
        var token = await s.LinkTokenAsync(id, WorkflowScenario.CscScoping);
        return (s, id, token, s.Host.Services.GetRequiredService<IScopingLinkAccess>());
    }

    private static async Task<IReadOnlyList<string>> CodesAsync(WorkflowScenario s, string id) =>
        (await s.MailAsync(id, WorkflowScenario.CscScoping)).Where(m => m.Subject.EndsWith(CodeSubject, StringComparison.Ordinal))
            .OrderByDescending(m => m.SentAt).Select(m => CodePattern().Match(m.TextBody).Groups[1].Value).ToList();

    private static string Other(string code) => code == "123456" ? "654321" : "123456";

    [Fact]
    public async Task CheckCode_TwentyWrongTriesAtOnce_CountsFiveThenLocksEvenTheRightCode()
    {
        var (s, id, token, access) = await ScopingLinkAsync();
        await using var _ = s;
        Assert.Equal(AccessCodeOutcome.Sent, (await access.RequestCodeAsync(token, CancellationToken.None)).Outcome);
        var code = Assert.Single(await CodesAsync(s, id));

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Task.Run(() => access.CheckCodeAsync(token, Other(code), CancellationToken.None))));

        Assert.Equal(4, outcomes.Count(o => o.Outcome == AccessCodeOutcome.Wrong));
        Assert.Equal(16, outcomes.Count(o => o.Outcome == AccessCodeOutcome.Locked));
        Assert.Equal([1, 2, 3, 4], outcomes.Where(o => o.Outcome == AccessCodeOutcome.Wrong).Select(o => o.AttemptsLeft).Order());
        Assert.Equal(AccessCodeOutcome.Locked, (await access.CheckCodeAsync(token, code, CancellationToken.None)).Outcome);
        Assert.Null((await access.StatusAsync(token, CancellationToken.None))!.WaitingSince);
    }

    [Fact]
    public async Task RequestCode_ANewCode_EndsTheOldOne_AndAskingAgainWithinAMinuteSendsNothing()
    {
        var (s, id, token, access) = await ScopingLinkAsync();
        await using var _ = s;
        Assert.Equal(AccessCodeOutcome.Sent, (await access.RequestCodeAsync(token, CancellationToken.None)).Outcome);
        Assert.Equal(AccessCodeOutcome.AlreadySent, (await access.RequestCodeAsync(token, CancellationToken.None)).Outcome);
        var first = Assert.Single(await CodesAsync(s, id));

        await s.AdvanceAsync(TimeSpan.FromMinutes(2));
        Assert.Equal(AccessCodeOutcome.Sent, (await access.RequestCodeAsync(token, CancellationToken.None)).Outcome);
        var codes = await CodesAsync(s, id);
        Assert.Equal(2, codes.Count);
        var second = codes[0];

        if (second != first) Assert.Equal(AccessCodeOutcome.Wrong, (await access.CheckCodeAsync(token, first, CancellationToken.None)).Outcome);
        Assert.Equal(AccessCodeOutcome.Verified, (await access.CheckCodeAsync(token, second, CancellationToken.None)).Outcome);
        Assert.Equal(AccessCodeOutcome.Used, (await access.CheckCodeAsync(token, second, CancellationToken.None)).Outcome);
        Assert.Contains((await s.ViewAsync(id)).Timeline, t => t.What.StartsWith("The child's details were shown on", StringComparison.Ordinal)
            && t.What.Contains(WorkflowScenario.CscScoping, StringComparison.Ordinal));
    }

    [Fact]
    public async Task RequestCode_TenAtOnce_SendsOneEmail()
    {
        var (s, id, token, access) = await ScopingLinkAsync();
        await using var _ = s;

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => Task.Run(() => access.RequestCodeAsync(token, CancellationToken.None))));

        Assert.Single(outcomes, o => o.Outcome == AccessCodeOutcome.Sent);
        Assert.Equal(9, outcomes.Count(o => o.Outcome == AccessCodeOutcome.AlreadySent));
        var code = Assert.Single(await CodesAsync(s, id));
        Assert.Equal(AccessCodeOutcome.Verified, (await access.CheckCodeAsync(token, code, CancellationToken.None)).Outcome);
    }

    /// <summary>The email service down for the first code email: the workflow's own emails still go.</summary>
    private sealed class FirstCodeEmailFails(IEmailSender inner) : IEmailSender
    {
        private int _codeEmails;

        public Task<EmailSendResult> SendAsync(EmailMessage message, CancellationToken cancellation) =>
            message.Step?.StartsWith(ScopingLinkAccess.EmailKind, StringComparison.Ordinal) == true && Interlocked.Increment(ref _codeEmails) == 1
                ? throw new HttpRequestException("The email service is unavailable.")
                : inner.SendAsync(message, cancellation);
    }

    [Fact]
    public async Task RequestCode_EmailServiceFails_TheCodeEndsAndAskingAgainSendsANewOneAtOnce()
    {
        await using var s = await WorkflowScenario.StartAsync(configure: services =>
            services.AddSingleton<IEmailSender>(sp => new FirstCodeEmailFails(sp.GetRequiredService<InMemoryMailbox>())));
        var id = await s.SubmitAsync();
        await s.PassQaAsync(id);
        await s.TriageAsync(id);
        await s.NotifyPanelAsync(id);
        var token = await s.LinkTokenAsync(id, WorkflowScenario.CscScoping);
        var access = s.Host.Services.GetRequiredService<IScopingLinkAccess>();

        await Assert.ThrowsAsync<HttpRequestException>(() => access.RequestCodeAsync(token, CancellationToken.None));
        Assert.Null((await access.StatusAsync(token, CancellationToken.None))!.WaitingSince);
        Assert.Equal(AccessCodeOutcome.Expired, (await access.CheckCodeAsync(token, "123456", CancellationToken.None)).Outcome);

        Assert.Equal(AccessCodeOutcome.Sent, (await access.RequestCodeAsync(token, CancellationToken.None)).Outcome);
        var code = Assert.Single(await CodesAsync(s, id));
        Assert.Equal(AccessCodeOutcome.Verified, (await access.CheckCodeAsync(token, code, CancellationToken.None)).Outcome);
    }

    [Fact]
    public async Task RequestCode_MoreThanTenForOneLink_IsRefused()
    {
        var (s, id, token, access) = await ScopingLinkAsync();
        await using var _ = s;
        for (var i = 0; i < ScopingLinkAccess.MaxCodesPerLink; i++)
        {
            Assert.Equal(AccessCodeOutcome.Sent, (await access.RequestCodeAsync(token, CancellationToken.None)).Outcome);
            await s.AdvanceAsync(ScopingLinkAccess.ResendAfter + TimeSpan.FromSeconds(1));
        }
        Assert.Equal(AccessCodeOutcome.TooManyCodes, (await access.RequestCodeAsync(token, CancellationToken.None)).Outcome);
        Assert.Equal(ScopingLinkAccess.MaxCodesPerLink, (await CodesAsync(s, id)).Count);
    }

    [Fact]
    public async Task Codes_OnAnApprovalLinkOrAMalformedToken_OpenNothing()
    {
        await using var s = await WorkflowScenario.StartAsync();
        var id = await s.SubmitAsync();
        await s.PassQaAsync(id);
        var approval = await s.LinkTokenAsync(id, WorkflowScenario.PanelChairEmail);
        var access = s.Host.Services.GetRequiredService<IScopingLinkAccess>();

        Assert.Equal(new AccessCodeResult(AccessCodeOutcome.LinkNotUsable, LinkState.NotFound), await access.RequestCodeAsync(approval, CancellationToken.None));
        Assert.Equal(new AccessCodeResult(AccessCodeOutcome.LinkNotUsable, LinkState.NotFound), await access.CheckCodeAsync("not-a-token", "123456", CancellationToken.None));
        Assert.Null(await access.ReadDetailsAsync(approval, CancellationToken.None));
        Assert.DoesNotContain(await s.MailAsync(id), m => m.Subject.EndsWith(CodeSubject, StringComparison.Ordinal));
    }

    [GeneratedRegex(@"Your code is (\d{6})")]
    private static partial Regex CodePattern();
}
