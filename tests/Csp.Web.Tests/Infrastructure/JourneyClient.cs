using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Csp.Web.Tests.Infrastructure;

/// <summary>
/// Drives the real local host over HTTP as its users do: staff through the API (development
/// header), recipients of emails through the link pages (with cookies and the anti-forgery token),
/// time through the development clock.
/// </summary>
public sealed partial class JourneyClient(WebHostHarness host)
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private readonly HttpClient _http = host.Client();

    public Uri BaseAddress => host.BaseAddress;

    public sealed record Mail(string Id, string To, string Subject, DateTimeOffset SentAt, IReadOnlyList<string> Links)
    {
        public string? LinkStartingWith(string path) => Links.FirstOrDefault(l => new Uri(l).AbsolutePath.StartsWith(path, StringComparison.Ordinal));
    }

    public sealed record LinkForm(HttpClient Browser, string Url, string Html, HttpStatusCode Status);

    /// <summary>The sample referral with its dates moved to <paramref name="aware"/> (the day the LA became aware).</summary>
    public static JsonObject ReferralAwareOn(DateOnly aware)
    {
        var referral = TestData.SampleReferral();
        string Iso(DateOnly d) => d.ToString("yyyy-MM-dd");
        referral["incident"]!["dateOfIncident"] = Iso(aware.AddDays(-1));
        referral["incident"]!["dateLocalAuthorityAware"] = Iso(aware);
        referral["signOff"]!["dateSignedOff"] = Iso(aware);
        return referral;
    }

    public async Task<string> SubmitAsync(JsonObject referral)
    {
        var response = await _http.PostAsync("/api/referrals", TestData.Json(referral));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return (await response.ReadJsonAsync()).GetProperty("incidentId").GetString()!;
    }

    public async Task<JsonElement> GetAsync(string incidentId, string role = "business-unit")
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/incidents/" + incidentId).AsDevUser("Journey " + role, role);
        var response = await _http.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.ReadJsonAsync();
    }

    public async Task<HttpResponseMessage> TryActAsync(string incidentId, string action, string role, object fields)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/incidents/{incidentId}/actions/{action}")
        {
            Content = TestData.Json(JsonSerializer.Serialize(fields)),
        }.AsDevUser("Journey " + role, role);
        return await _http.SendAsync(request);
    }

    /// <summary>Any staff request as the role (the development header), without following redirects.</summary>
    public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string role = "business-unit", HttpContent? content = null)
    {
        using var request = new HttpRequestMessage(method, path) { Content = content }.AsDevUser("Journey " + role, role);
        return await _http.SendAsync(request);
    }

    /// <summary>Waits until the action is open to the role, then performs it (200 expected).</summary>
    public async Task ActAsync(string incidentId, string action, string role, object fields)
    {
        await WaitForActionAsync(incidentId, action, role);
        var response = await TryActAsync(incidentId, action, role, fields);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{action}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    public Task<JsonElement> WaitForActionAsync(string incidentId, string action, string role = "business-unit") =>
        WaitForAsync(incidentId, role, v => v.GetProperty("availableActions").EnumerateArray().Any(a => a.GetProperty("name").GetString() == action),
            $"action {action} for {role}");

    /// <summary>Waits until the action offers <paramref name="value"/> for <paramref name="field"/> (whose step it is).</summary>
    public Task<JsonElement> WaitForChoiceAsync(string incidentId, string action, string field, string value, string role = "business-unit") =>
        WaitForAsync(incidentId, role, v => v.GetProperty("availableActions").EnumerateArray()
            .Where(a => a.GetProperty("name").GetString() == action)
            .SelectMany(a => a.GetProperty("fields").EnumerateArray())
            .Any(f => f.GetProperty("name").GetString() == field && f.GetProperty("allowedValues").ValueKind == JsonValueKind.Array
                      && f.GetProperty("allowedValues").EnumerateArray().Any(x => x.GetString() == value)),
            $"{action} for {value}");

    /// <summary>The value an offered action's field carries (the report version the approval covers).</summary>
    public static string? FieldValue(JsonElement view, string action, string field) =>
        view.GetProperty("availableActions").EnumerateArray().Where(a => a.GetProperty("name").GetString() == action)
            .SelectMany(a => a.GetProperty("fields").EnumerateArray())
            .Where(f => f.GetProperty("name").GetString() == field).Select(f => f.GetProperty("value").GetString()).FirstOrDefault();

    public Task<JsonElement> WaitForStageAsync(string incidentId, string stage) =>
        WaitForAsync(incidentId, "business-unit", v => v.GetProperty("stage").GetString() == stage, "stage " + stage);

    public async Task<JsonElement> WaitForAsync(string incidentId, string role, Func<JsonElement, bool> condition, string what)
    {
        var until = DateTime.UtcNow + Patience;
        JsonElement view;
        do
        {
            view = await GetAsync(incidentId, role);
            if (condition(view)) return view;
            await Task.Delay(100);
        } while (DateTime.UtcNow < until);
        Assert.Fail($"Timed out waiting for {what} on {incidentId}. Stage {view.GetProperty("stage")}; {view.GetProperty("awaitingSummary")}; actions: "
            + string.Join(", ", view.GetProperty("availableActions").EnumerateArray().Select(a => a.GetProperty("name").GetString())));
        return view;
    }

    /// <summary>The development mailbox, newest first: every incident's, or one incident's (the list holds the newest 500).</summary>
    public async Task<IReadOnlyList<Mail>> MailboxAsync(string? incidentId = null)
    {
        var response = await _http.GetAsync("/api/dev/mailbox" + (incidentId is null ? "" : "?incident=" + Uri.EscapeDataString(incidentId)));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.ReadJsonAsync()).EnumerateArray().Select(m => new Mail(
            m.GetProperty("id").GetString()!, m.GetProperty("to")[0].GetString()!, m.GetProperty("subject").GetString()!,
            m.GetProperty("sentAt").GetDateTimeOffset(), m.GetProperty("links").EnumerateArray().Select(l => l.GetString()!).ToList())).ToList();
    }

    /// <summary>
    /// Waits until at least <paramref name="count"/> messages match; of one incident's messages when
    /// <paramref name="incidentId"/> is given (a shared host's clock moved on sends many incidents'
    /// chases at once, and the whole mailbox lists only the newest 500).
    /// </summary>
    public async Task<IReadOnlyList<Mail>> WaitForMailAsync(Func<Mail, bool> match, int count = 1, string? incidentId = null)
    {
        var until = DateTime.UtcNow + Patience;
        IReadOnlyList<Mail> found;
        do
        {
            found = (await MailboxAsync(incidentId)).Where(match).ToList();
            if (found.Count >= count) return found;
            await Task.Delay(100);
        } while (DateTime.UtcNow < until);
        Assert.Fail($"Timed out waiting for {count} matching message(s); found {found.Count}.");
        return found;
    }

    public async Task<string> MessageTextAsync(string id) =>
        (await (await _http.GetAsync("/api/dev/mailbox/" + Uri.EscapeDataString(id))).ReadJsonAsync()).GetProperty("textBody").GetString()!;

    /// <summary>Opens an emailed link as a fresh browser would (its own cookies).</summary>
    public async Task<LinkForm> OpenLinkAsync(string url)
    {
        var browser = host.Client(cookies: true);
        var response = await browser.GetAsync(new Uri(url).PathAndQuery);
        return new LinkForm(browser, new Uri(url).PathAndQuery, await response.Content.ReadAsStringAsync(), response.StatusCode);
    }

    /// <summary>
    /// Opens an emailed link as its recipient and proves who they are, as the page says to: someone
    /// who signs in is signed in as themselves (the development header with the address the email
    /// went to); anyone else asks for the code, reads it from the development mailbox and enters it.
    /// </summary>
    public async Task<LinkForm> OpenLinkAsRecipientAsync(Mail mail, string prefix)
    {
        var page = await OpenLinkAsync(mail.LinkStartingWith(prefix)!);
        return await ProveAsync(page, mail.To, Reference(mail));
    }

    /// <summary>As <see cref="OpenLinkAsRecipientAsync(Mail, string)"/>, for the link of an email in the development mailbox.</summary>
    public async Task<LinkForm> OpenLinkAsRecipientAsync(string url)
    {
        var mail = (await MailboxAsync()).First(m => m.Links.Contains(url));
        return await ProveAsync(await OpenLinkAsync(url), mail.To, Reference(mail));
    }

    /// <summary>Proves the link page's recipient (<paramref name="to"/>, the address the link went to) and reloads the page.</summary>
    public async Task<LinkForm> ProveAsync(LinkForm page, string to, string reference)
    {
        // The mailbox writes "Name <address>".
        var address = Address(to);
        if (page.Html.Contains("data-testid=\"proof-sign-in\"", StringComparison.Ordinal))
        {
            // The recipient signs in under their name with that address.
            var name = to.Contains('<', StringComparison.Ordinal) ? to[..to.IndexOf('<', StringComparison.Ordinal)].Trim() : address.Split('@')[0];
            page.Browser.DefaultRequestHeaders.Add("X-Csp-Dev-User", $"{name};chair;{address}");
        }
        else if (page.Html.Contains("data-testid=\"request-code\"", StringComparison.Ordinal) && !page.Html.Contains("data-testid=\"proof-ok\"", StringComparison.Ordinal))
        {
            bool IsCode(Mail m) => Address(m.To) == address && m.Subject.StartsWith($"[{reference}] Your code", StringComparison.Ordinal);
            var before = (await MailboxAsync()).Count(IsCode);
            var asked = await page.Browser.PostAsync(page.Url + "/code", TestData.Form(page.Html));
            Assert.Equal(HttpStatusCode.SeeOther, asked.StatusCode);
            var newest = (await WaitForMailAsync(IsCode, before + 1)).OrderByDescending(m => m.SentAt).First();
            var code = CodeText().Match(await MessageTextAsync(newest.Id)).Groups[1].Value;
            var check = await page.Browser.PostAsync(page.Url + "/code/check", TestData.Form(page.Html, ("code", code)));
            Assert.Equal(HttpStatusCode.SeeOther, check.StatusCode);
        }
        var response = await page.Browser.GetAsync(page.Url);
        var html = await response.Content.ReadAsStringAsync();
        Assert.True(html.Contains("data-testid=\"proof-ok\"", StringComparison.Ordinal), "The recipient could not prove who they are: " + html);
        return page with { Html = html, Status = response.StatusCode };
    }

    /// <summary>The address of a mailbox recipient written "Name &lt;address&gt;" (or the address alone).</summary>
    public static string Address(string to) =>
        to.Contains('<', StringComparison.Ordinal) ? to[(to.IndexOf('<', StringComparison.Ordinal) + 1)..to.IndexOf('>', StringComparison.Ordinal)] : to;

    /// <summary>The incident reference an email's subject starts with ("[CSP-…] …").</summary>
    public static string Reference(Mail mail) => mail.Subject[1..mail.Subject.IndexOf(']', StringComparison.Ordinal)];

    [GeneratedRegex(@"Your code is (\d{6})")]
    private static partial Regex CodeText();

    /// <summary>Posts the link page's form with its anti-forgery token; files go as multipart.</summary>
    public static async Task<(HttpStatusCode Status, string Html)> SubmitLinkAsync(
        LinkForm form, IEnumerable<(string Name, string Value)> fields, IEnumerable<(string FileName, string ContentType, byte[] Content)>? files = null)
    {
        HttpContent content;
        // As a browser posts the form: the page's hidden fields (the report version being approved) go too, unless the test sets them.
        var given = fields.ToList();
        var hidden = TestData.HiddenFields(form.Html).Where(h => given.All(g => g.Name != h.Name));
        var all = given.Concat(hidden).Append(("__csp_form_token", TestData.FormToken(form.Html))).ToList();
        if (files is null)
        {
            content = new FormUrlEncodedContent(all.Select(f => new KeyValuePair<string, string>(f.Item1, f.Item2)));
        }
        else
        {
            var multipart = new MultipartFormDataContent();
            foreach (var (name, value) in all) multipart.Add(new StringContent(value), name);
            foreach (var (fileName, type, bytes) in files)
            {
                var file = new ByteArrayContent(bytes);
                file.Headers.ContentType = new MediaTypeHeaderValue(type);
                multipart.Add(file, "documents", fileName);
            }
            content = multipart;
        }
        var response = await form.Browser.PostAsync(form.Url, content);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    public async Task<DateOnly> TodayAsync() =>
        DateOnly.Parse((await (await _http.GetAsync("/api/dev/clock")).ReadJsonAsync()).GetProperty("today").GetString()!);

    public async Task<DateOnly> AdvanceAsync(object body)
    {
        var response = await _http.PostAsync("/api/dev/clock/advance", TestData.Json(JsonSerializer.Serialize(body)));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return DateOnly.Parse((await response.ReadJsonAsync()).GetProperty("today").GetString()!);
    }

    public static string Heading(string html) => H1().Match(html) is { Success: true } m ? WebUtility.HtmlDecode(m.Groups[1].Value.Trim()) : "";

    public static string Deadline(JsonElement view, string kind, string property = "state") =>
        view.GetProperty("deadlines").EnumerateArray().First(d => d.GetProperty("kind").GetString() == kind).GetProperty(property).GetString()!;

    [GeneratedRegex("<h1[^>]*>([^<]*)</h1>")]
    private static partial Regex H1();
}
