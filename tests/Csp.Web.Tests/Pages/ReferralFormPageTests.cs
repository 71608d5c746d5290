using System.Net;
using Csp.Web.Tests.Infrastructure;

namespace Csp.Web.Tests.Pages;

/// <summary>The referral form over HTTP: the API's validation, GOV.UK error summary, rows, and redirect after success.</summary>
public sealed class ReferralFormPageTests(DevelopmentHostFixture fixture) : IClassFixture<DevelopmentHostFixture>
{
    private async Task<(HttpClient Client, string Html)> SignedInFormAsync()
    {
        var client = fixture.Host.Client(cookies: true);
        var signIn = await (await client.GetAsync("/sign-in")).Content.ReadAsStringAsync();
        var signedIn = await client.PostAsync("/sign-in", TestData.Form(signIn, ("name", "Robin Business"), ("role", "business-unit"), ("returnUrl", "/referrals/new")));
        Assert.Equal(HttpStatusCode.SeeOther, signedIn.StatusCode);
        Assert.Equal("/referrals/new", signedIn.Headers.Location?.OriginalString);
        var form = await client.GetAsync("/referrals/new");
        Assert.Equal(HttpStatusCode.OK, form.StatusCode);
        return (client, await form.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task ReferralForm_ReadOnlyRole_IsRefusedToViewAndToPost()
    {
        var client = fixture.Host.Client(cookies: true);
        var signIn = await (await client.GetAsync("/sign-in")).Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.SeeOther, (await client.PostAsync("/sign-in", TestData.Form(signIn, ("name", "Ali Reader"), ("role", "read-only"), ("returnUrl", "/")))).StatusCode);
        var dashboard = await (await client.GetAsync("/")).Content.ReadAsStringAsync();
        var before = fixture.Incidents.Submitted.Count;

        var form = await client.GetAsync("/referrals/new");
        var post = await client.PostAsync("/referrals/new", TestData.Form(dashboard, ValidForm()));

        Assert.DoesNotContain("href=\"/referrals/new\"", dashboard, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, form.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, post.StatusCode);
        Assert.Equal(before, fixture.Incidents.Submitted.Count);
    }

    public static (string, string)[] ValidForm(string firstName = "Sample") =>
    [
        ("child.firstName", firstName), ("child.lastName", "Fictionalchild"),
        ("child.dateOfBirth-day", "11"), ("child.dateOfBirth-month", "2"), ("child.dateOfBirth-year", "2018"),
        ("child.gender", "Female"), ("child.ethnicity", "Not known"), ("child.homeLocalAuthority", "Exampleton"),
        ("child.lookedAfter", "false"), ("child.careLeaver", "false"),
        ("incident.dateOfIncident-day", "18"), ("incident.dateOfIncident-month", "3"), ("incident.dateOfIncident-year", "2024"),
        ("incident.dateLocalAuthorityAware-day", "22"), ("incident.dateLocalAuthorityAware-month", "3"), ("incident.dateLocalAuthorityAware-year", "2024"),
        ("incident.whatHappened", "FICTIONAL. Admitted to hospital."), ("incident.outcome", "SeriousHarm"),
        ("incident.abuseOrNeglect", "Suspected"), ("incident.location", "InArea"),
        ("agencyRows", "4"),
        ("involvedAgencies[0].name", "Exampleton Children's Social Care"), ("involvedAgencies[0].agencyType", "ChildrensSocialCare"), ("involvedAgencies[0].contactEmail", "csc@exampleton.example"),
        ("involvedAgencies[2].name", "Exampleshire Police"), ("involvedAgencies[2].agencyType", "Police"), ("involvedAgencies[2].contactEmail", "ppu@police.example"),
        ("referrer.name", "Alex Referrer"), ("referrer.role", "Nurse"), ("referrer.agency", "Health"), ("referrer.email", "alex@health.example"),
        ("signOff.name", "Jordan Manager"), ("signOff.role", "Head"), ("signOff.email", "jordan@health.example"),
        ("signOff.dateSignedOff-day", "22"), ("signOff.dateSignedOff-month", "3"), ("signOff.dateSignedOff-year", "2024"),
        ("referrerRationale", "FICTIONAL. Four agencies knew the family."),
        ("criteriaReferrerThinksApply", "MultiAgencyWorkingConcerns"), ("criteriaReferrerThinksApply", "ImprovementsNeeded"),
        ("proceedingRows", "2"), ("parallelProceedings[1].type", "Criminal"), ("parallelProceedings[1].notes", "Investigation"),
        ("submissionId", Guid.NewGuid().ToString("N")), ("intent", "submit"),
    ];

    [Fact]
    public async Task NewReferral_WithoutSignIn_RedirectsToTheDevelopmentSignIn()
    {
        var response = await fixture.Host.Client().GetAsync("/referrals/new");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/sign-in?returnUrl=%2Freferrals%2Fnew", response.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task Submit_Blank_ShowsEveryErrorInTheGovukErrorSummary()
    {
        var (client, html) = await SignedInFormAsync();

        var response = await client.PostAsync("/referrals/new", TestData.Form(html, ("intent", "submit")));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var page = await response.Content.ReadAsStringAsync();
        Assert.Contains("<title>Error: Refer a serious", page);
        Assert.Contains("There is a problem", page);
        Assert.Contains("href=\"#child.firstName\">Enter the child&#x27;s first name</a>", page);
        Assert.Contains("href=\"#child.dateOfBirth-day\">Enter the child&#x27;s date of birth</a>", page);
        Assert.Contains("href=\"#child.gender\">Select the child&#x27;s gender</a>", page);
        Assert.Contains("href=\"#involvedAgencies[0].name\">Add at least one involved agency</a>", page);
        Assert.Contains("href=\"#signOff.dateSignedOff-day\"", page);
        Assert.Contains("govuk-form-group--error", page);
        Assert.DoesNotContain(fixture.Incidents.Submitted, s => s.By.Name == "Robin Business" && s.Referral.Child?.FirstName is null);
    }

    [Fact]
    public async Task Submit_BadDateAndRowErrors_KeepsWhatWasTypedAndPointsAtTheRightRow()
    {
        var (client, html) = await SignedInFormAsync();
        var fields = ValidForm().Where(f => f.Item1 != "child.dateOfBirth-month").ToList();
        fields.RemoveAll(f => f.Item1 == "involvedAgencies[2].contactEmail");
        fields.Add(("involvedAgencies[2].contactEmail", "not-an-email"));

        var response = await client.PostAsync("/referrals/new", TestData.Form(html, [.. fields]));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var page = await response.Content.ReadAsStringAsync();
        Assert.Contains("href=\"#child.dateOfBirth-day\">The child&#x27;s date of birth must include a month</a>", page);
        Assert.Contains("href=\"#involvedAgencies[2].contactEmail\">Enter the contact email address for Exampleshire Police in the correct format", page);
        Assert.Contains("value=\"Exampleshire Police\"", page);
        Assert.Contains("value=\"11\"", page);
    }

    [Fact]
    public async Task Submit_Valid_RedirectsToTheConfirmation_AndAResentFormMakesNoSecondIncident()
    {
        var (client, html) = await SignedInFormAsync();
        var fields = ValidForm("Formchild");

        var response = await client.PostAsync("/referrals/new", TestData.Form(html, fields));
        var resent = await client.PostAsync("/referrals/new", TestData.Form(html, fields));

        Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
        Assert.Equal(response.Headers.Location, resent.Headers.Location);
        var confirmation = await (await client.GetAsync(response.Headers.Location)).Content.ReadAsStringAsync();
        Assert.Contains("Referral received", confirmation);
        var submitted = Assert.Single(fixture.Incidents.Submitted, s => s.Referral.Child?.FirstName == "Formchild");
        Assert.Equal("Robin Business", submitted.By.Name);
        Assert.Equal(2, submitted.Referral.InvolvedAgencies.Count);
        Assert.Equal("Criminal", submitted.Referral.ParallelProceedings.Single().Type.ToString());
        Assert.Equal(new DateOnly(2018, 2, 11), submitted.Referral.Child!.DateOfBirth);
    }

    [Fact]
    public async Task AddAnotherAgency_ShowsOneMoreRowAndKeepsValues()
    {
        var (client, html) = await SignedInFormAsync();

        var response = await client.PostAsync("/referrals/new", TestData.Form(html, ("agencyRows", "4"), ("child.firstName", "Kept"), ("intent", "add-agency")));

        var page = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("name=\"involvedAgencies[4].name\"", page);
        Assert.Contains("value=\"Kept\"", page);
        Assert.DoesNotContain("There is a problem", page);
    }
}
