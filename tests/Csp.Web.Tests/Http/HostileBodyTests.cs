using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Csp.Web.Tests.Infrastructure;

namespace Csp.Web.Tests.Http;

/// <summary>
/// Bodies that are JSON by the grammar but not text a field can hold, sent to the real host and
/// workflow: each is a 400 naming what is wrong, never a 500, and nothing is recorded.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class HostileBodyTests(LocalHostFixture fixture)
{
    private readonly HttpClient _http = fixture.Host.Client();

    private static ByteArrayContent Raw(byte[] body)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return content;
    }

    private static ByteArrayContent Raw(string body) => Raw(Encoding.UTF8.GetBytes(body));

    private async Task<HttpResponseMessage> PostReferralAsync(HttpContent content)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/referrals") { Content = content }.AsDevUser();
        return await _http.SendAsync(request);
    }

    [Theory]
    [InlineData("""{"child":{"firstName":"\ud800"}}""", "child.firstName")]
    [InlineData("""{"zz":"\udc00"}""", "zz")]
    [InlineData("""{"child":{"firstName":"Ann\udc00e"}}""", "child.firstName")]
    [InlineData("""{"involvedAgencies":[{"name":"ok"},{"name":"\ud83d"}]}""", "involvedAgencies[1].name")]
    public async Task Submit_LoneSurrogateEscape_Returns400NamingTheField(string body, string field)
    {
        var response = await PostReferralAsync(Raw(body));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal([field], await response.ProblemFieldsAsync());
    }

    [Fact]
    public async Task Submit_LoneSurrogateInTheSampleReferral_Returns400AndRecordsNothing()
    {
        var before = (await _http.SendAsync(new HttpRequestMessage(HttpMethod.Get, "/api/incidents?includeClosed=true&pageSize=200").AsDevUser())).ReadJsonAsync();
        var body = TestData.SampleReferralJson.Replace("\"firstName\": \"", "\"firstName\": \"\\ud800", StringComparison.Ordinal);
        Assert.Contains("\\ud800", body, StringComparison.Ordinal);

        var response = await PostReferralAsync(Raw(body));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var after = (await _http.SendAsync(new HttpRequestMessage(HttpMethod.Get, "/api/incidents?includeClosed=true&pageSize=200").AsDevUser())).ReadJsonAsync();
        Assert.Equal((await before).GetProperty("incidents").GetArrayLength(), (await after).GetProperty("incidents").GetArrayLength());
    }

    [Theory]
    [InlineData("""{"child":{"gender":"Female","gender":"Nope"}}""", "child.gender")]
    [InlineData("""{"child":{"gender":"Female","gender":7}}""", "child.gender")]
    [InlineData("""{"child":{"gender":"Female","Gender":"Male"}}""", "child.gender")]
    [InlineData("""{"involvedAgencies":[{"name":"A","name":{"x":1}}]}""", "involvedAgencies[0].name")]
    [InlineData("""{"child":{},"child":[]}""", "child")]
    public async Task Submit_DuplicateKey_Returns400NamingTheField(string body, string field)
    {
        var response = await PostReferralAsync(Raw(body));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var fields = await response.ProblemFieldsAsync();
        Assert.Equal([field], fields);
    }

    [Fact]
    public async Task Submit_InvalidUtf8InAPropertyNameWithAWronglyTypedValue_Returns400()
    {
        var body = Encoding.UTF8.GetBytes("""{"child":{"first""").Concat(new byte[] { 0xC3, 0x28, 0xFF }).Concat(Encoding.UTF8.GetBytes("""Name":123,"gender":[1]}}""")).ToArray();

        var response = await PostReferralAsync(Raw(body));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.ReadJsonAsync();
        Assert.Contains("UTF-8", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Submit_InvalidUtf8InAValue_Returns400()
    {
        var body = Encoding.UTF8.GetBytes("""{"zz":" """).Concat(new byte[] { 0xED, 0xA0, 0x80 }).Concat(Encoding.UTF8.GetBytes("\"}")).ToArray();

        var response = await PostReferralAsync(Raw(body));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Theory]
    [InlineData("""{"notes":"\ud800"}""", "notes")]
    [InlineData("""{"notes":"a","notes":"b"}""", "notes")]
    [InlineData("""{"notes":"fine","zz":"\udfff"}""", "zz")]
    public async Task PerformAction_HostileBody_Returns400NamingTheField(string body, string field)
    {
        var id = await fixture.Client.SubmitAsync(TestData.SampleReferral());
        await fixture.Client.WaitForActionAsync(id, "pass-referral-qa");
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/incidents/{id}/actions/pass-referral-qa") { Content = Raw(body) }.AsDevUser();

        var response = await _http.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal([field], await response.ProblemFieldsAsync());
        var view = await fixture.Client.GetAsync(id);
        Assert.Contains(view.GetProperty("availableActions").EnumerateArray(), a => a.GetProperty("name").GetString() == "pass-referral-qa");
    }

    [Theory]
    [InlineData("child", "gender", "1")]
    [InlineData("child", "gender", "\"1\"")]
    [InlineData("incident", "outcome", "0")]
    [InlineData("incident", "location", "\"2\"")]
    public async Task Submit_EnumAsOrdinalOrNumericString_Returns400NamingTheField(string section, string field, string value)
    {
        var referral = TestData.SampleReferral();
        referral[section]![field] = System.Text.Json.Nodes.JsonNode.Parse(value);

        var response = await PostReferralAsync(TestData.Json(referral));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal([$"{section}.{field}"], await response.ProblemFieldsAsync());
    }

    [Fact]
    public async Task Submit_UntrimmedNamesAndEmails_AreRecordedTrimmed()
    {
        var referral = TestData.SampleReferral();
        referral["referrer"]!["email"] = "  " + referral["referrer"]!["email"]!.GetValue<string>() + " ";
        referral["involvedAgencies"]![0]!["name"] = " " + referral["involvedAgencies"]![0]!["name"]!.GetValue<string>() + "  ";

        var id = await fixture.Client.SubmitAsync(referral);

        var recorded = (await fixture.Client.GetAsync(id)).GetProperty("referral");
        Assert.Equal(referral["referrer"]!["email"]!.GetValue<string>().Trim(), recorded.GetProperty("referrer").GetProperty("email").GetString());
        Assert.Equal(referral["involvedAgencies"]![0]!["name"]!.GetValue<string>().Trim(), recorded.GetProperty("involvedAgencies")[0].GetProperty("name").GetString());
    }

    [Fact]
    public async Task Submit_HeaderInjectionInAnAgencyName_Returns400AndSendsNothing()
    {
        var referral = TestData.SampleReferral();
        referral["involvedAgencies"]![1]!["name"] = "Police\r\nBcc: evil@evil.example";

        var response = await PostReferralAsync(TestData.Json(referral));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(["involvedAgencies[1].name"], await response.ProblemFieldsAsync());
        Assert.DoesNotContain(await fixture.Client.MailboxAsync(), m => m.To.Contains("evil", StringComparison.Ordinal));
    }
}
