using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Csp.Web.Tests.Infrastructure;

namespace Csp.Web.Tests.Http;

/// <summary>The HTTP contract of POST /api/referrals (workflow faked; its validation is the domain's).</summary>
public sealed class ReferralApiTests(DevelopmentHostFixture fixture) : IClassFixture<DevelopmentHostFixture>
{
    private readonly HttpClient _client = fixture.Host.Client();

    [Fact]
    public async Task Submit_SampleReferral_Returns202WithIncidentIdAndStatusUrl()
    {
        var response = await _client.PostAsync("/api/referrals", TestData.Json(TestData.SampleReferralJson));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var body = await response.ReadJsonAsync();
        var id = body.GetProperty("incidentId").GetString()!;
        Assert.True(fixture.Incidents.Incidents.ContainsKey(id));
        var statusUrl = body.GetProperty("statusUrl").GetString()!;
        Assert.Equal(new Uri(fixture.Host.BaseAddress, "/api/incidents/" + id), new Uri(statusUrl));
        Assert.Equal(statusUrl, response.Headers.Location?.ToString());
    }

    [Fact]
    public async Task Submit_ByReadOnlyRole_Returns403AndStartsNothing()
    {
        var before = fixture.Incidents.Submitted.Count;
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/referrals") { Content = TestData.Json(TestData.SampleReferralJson) }
            .AsDevUser("Ali Reader", "read-only");

        var response = await _client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(before, fixture.Incidents.Submitted.Count);
    }

    [Fact]
    public async Task Submit_ForgedHostHeader_StatusUrlAndLocationUseTheConfiguredAddress()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/referrals") { Content = TestData.Json(TestData.SampleReferralJson) };
        request.Headers.Host = "attacker.example";

        var response = await _client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var statusUrl = (await response.ReadJsonAsync()).GetProperty("statusUrl").GetString()!;
        Assert.StartsWith(fixture.Host.BaseAddress.GetLeftPart(UriPartial.Authority) + "/api/incidents/", statusUrl, StringComparison.Ordinal);
        Assert.Equal(statusUrl, response.Headers.Location?.ToString());
    }

    [Fact]
    public async Task Submit_TwoDevelopmentUserHeaders_Returns401AndStartsNothing()
    {
        var before = fixture.Incidents.Submitted.Count;
        var body = TestData.SampleReferralJson;
        var raw = "POST /api/referrals HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n" +
                  "X-Csp-Dev-User: Ali Reader;read-only\r\nX-Csp-Dev-User: Sam Example;business-unit\r\n" +
                  $"Content-Length: {Encoding.UTF8.GetByteCount(body)}\r\nConnection: close\r\n\r\n{body}";

        var status = await RawStatusAsync(raw);

        Assert.Equal(401, status);
        Assert.Equal(before, fixture.Incidents.Submitted.Count);
    }

    /// <summary>Sends a request exactly as written (HttpClient would fold repeated headers into one) and reads the status code.</summary>
    private async Task<int> RawStatusAsync(string request)
    {
        using var tcp = new System.Net.Sockets.TcpClient();
        await tcp.ConnectAsync(fixture.Host.BaseAddress.Host, fixture.Host.BaseAddress.Port);
        await using var stream = tcp.GetStream();
        await stream.WriteAsync(Encoding.UTF8.GetBytes(request));
        using var reader = new StreamReader(stream);
        var statusLine = await reader.ReadLineAsync() ?? "";
        return int.Parse(statusLine.Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
    }

    [Fact]
    public async Task Submit_EmptyObject_ListsEveryMissingSection()
    {
        var response = await _client.PostAsync("/api/referrals", TestData.Json("{}"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var fields = await response.ProblemFieldsAsync();
        Assert.Equal(["child", "incident", "involvedAgencies", "referrer", "signOff", "referrerRationale"], fields);
    }

    [Fact]
    public async Task Submit_ManyInvalidFields_ListsEveryOneWithPointersInFormOrder()
    {
        var referral = TestData.SampleReferral();
        referral["child"]!["firstName"] = "";
        referral["child"]!["dateOfBirth"] = "2018-02-31";     // not a date: unreadable
        referral["child"]!["gender"] = "Unknown";             // not an enum value: unreadable
        referral["child"]!["lookedAfter"] = "yes";            // not a boolean: unreadable
        referral["incident"]!["outcome"] = 7;                 // a number outside the enum
        referral["involvedAgencies"]![1]!["contactEmail"] = "not-an-email";
        referral["involvedAgencies"]![2]!["agencyType"] = "Council";
        referral["referrer"]!["phone"] = "call me";
        referral["criteriaReferrerThinksApply"] = new JsonArray("ImprovementsNeeded", "Bogus");

        var response = await _client.PostAsync("/api/referrals", TestData.Json(referral));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.ReadJsonAsync();
        Assert.Equal(400, problem.GetProperty("status").GetInt32());
        var errors = problem.GetProperty("errors").EnumerateArray().ToList();
        var fields = errors.Select(e => e.GetProperty("field").GetString()).ToList();
        Assert.Equal(
            [
                "child.firstName", "child.dateOfBirth", "child.gender", "child.lookedAfter",
                "incident.outcome", "involvedAgencies[1].contactEmail", "involvedAgencies[2].agencyType",
                "referrer.phone", "criteriaReferrerThinksApply[1]",
            ],
            fields);
        var dateError = errors.Single(e => e.GetProperty("field").GetString() == "child.dateOfBirth");
        Assert.Equal("#/child/dateOfBirth", dateError.GetProperty("pointer").GetString());
        Assert.Equal("Enter a real date, written YYYY-MM-DD", dateError.GetProperty("message").GetString());
        Assert.Equal("Enter one of: Female, Male, Other, NotKnown", errors.Single(e => e.GetProperty("field").GetString() == "child.gender").GetProperty("message").GetString());
        Assert.Equal("#/involvedAgencies/1/contactEmail", errors[5].GetProperty("pointer").GetString());
    }

    [Fact]
    public async Task Submit_SameIdempotencyKeyTwice_ReturnsTheFirstIncident()
    {
        var key = Guid.NewGuid().ToString();
        async Task<(HttpResponseMessage, string)> SendAsync()
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/referrals") { Content = TestData.Json(TestData.SampleReferralJson) };
            request.Headers.Add("Idempotency-Key", key);
            var response = await _client.SendAsync(request);
            return (response, (await response.ReadJsonAsync()).GetProperty("incidentId").GetString()!);
        }

        var (first, firstId) = await SendAsync();
        var (second, secondId) = await SendAsync();

        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, second.StatusCode);
        Assert.Equal(firstId, secondId);
        Assert.True(second.Headers.Contains("Idempotent-Replayed"));
        Assert.Single(fixture.Incidents.Submitted, s => s.Key == key);
    }

    [Theory]
    [InlineData("")]
    [InlineData("has space")]
    [InlineData("tab\tinside")]
    [InlineData("0123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901")]
    public async Task Submit_MalformedIdempotencyKey_Returns400(string key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/referrals") { Content = TestData.Json(TestData.SampleReferralJson) };
        request.Headers.TryAddWithoutValidation("Idempotency-Key", key);

        var response = await _client.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("Idempotency-Key", (await response.ReadJsonAsync()).GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Submit_OverTheSizeLimit_Returns413WithoutReadingIt()
    {
        var referral = TestData.SampleReferral();
        referral["referrerRationale"] = new string('x', 256 * 1024);

        var response = await _client.PostAsync("/api/referrals", TestData.Json(referral));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Submit_ChunkedBodyOverTheLimit_Returns413()
    {
        var referral = TestData.SampleReferral();
        referral["referrerRationale"] = new string('x', 300 * 1024);
        var bytes = Encoding.UTF8.GetBytes(referral.ToJsonString());
        var content = new StreamContent(new NonSeekableStream(bytes));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/referrals") { Content = content };
        request.Headers.TransferEncodingChunked = true;

        var response = await _client.SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task Submit_JustUnderTheLimit_IsRead()
    {
        var referral = TestData.SampleReferral();
        var padding = 256 * 1024 - Encoding.UTF8.GetByteCount(referral.ToJsonString()) - 100;
        referral["padding"] = new string(' ', padding); // an unknown field: ignored

        var response = await _client.PostAsync("/api/referrals", TestData.Json(referral));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/x-www-form-urlencoded")]
    [InlineData("application/xml")]
    [InlineData("application/json; charset=utf-16")]
    public async Task Submit_NonJsonContentType_Returns415(string contentType)
    {
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(TestData.SampleReferralJson));
        content.Headers.TryAddWithoutValidation("Content-Type", contentType);

        var response = await _client.PostAsync("/api/referrals", content);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Submit_NoContentType_Returns415()
    {
        var response = await _client.PostAsync("/api/referrals", new ByteArrayContent(Encoding.UTF8.GetBytes("{}")));

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
    }

    [Theory]
    [InlineData("{\"child\": ")]
    [InlineData("not json at all")]
    [InlineData("{\"child\": {\"firstName\": \"a\",}}")]
    [InlineData("")]
    public async Task Submit_MalformedJson_Returns400WithoutEchoingTheBody(string body)
    {
        var response = await _client.PostAsync("/api/referrals", TestData.Json(body));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var text = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain("not json", text);
        Assert.DoesNotContain("firstName", text);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("null")]
    [InlineData("42")]
    public async Task Submit_JsonThatIsNotAnObject_Returns400(string body)
    {
        var response = await _client.PostAsync("/api/referrals", TestData.Json(body));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("JSON object", (await response.ReadJsonAsync()).GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Submit_DeeplyNestedJson_Returns400()
    {
        var body = new string('[', 100) + new string(']', 100);

        var response = await _client.PostAsync("/api/referrals", TestData.Json(body));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Submit_InDevelopmentMode_NeedsNoSignIn_AndRecordsTheDevelopmentUser()
    {
        var referral = TestData.SampleReferral();
        referral["referrerRationale"] = "development submitter " + Guid.NewGuid();

        var response = await _client.PostAsync("/api/referrals", TestData.Json(referral));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var submitted = fixture.Incidents.Submitted.Single(s => s.Referral.ReferrerRationale == referral["referrerRationale"]!.GetValue<string>());
        Assert.Equal("Development user", submitted.By.Name);
    }

    [Fact]
    public async Task Submit_WithDevUserHeader_RecordsThatUser()
    {
        var referral = TestData.SampleReferral();
        referral["referrerRationale"] = "header submitter " + Guid.NewGuid();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/referrals") { Content = TestData.Json(referral) };
        request.AsDevUser("Pat Chair", "chair");

        var response = await _client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var submitted = fixture.Incidents.Submitted.Single(s => s.Referral.ReferrerRationale == referral["referrerRationale"]!.GetValue<string>());
        Assert.Equal(("Pat Chair", "chair"), (submitted.By.Name, submitted.By.Role));
    }

    [Fact]
    public async Task Submit_WithMalformedDevUserHeader_Returns401SayingWhy()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/referrals") { Content = TestData.Json(TestData.SampleReferralJson) };
        request.Headers.Add("X-Csp-Dev-User", "Someone;superuser");

        var response = await _client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("unknown role", (await response.ReadJsonAsync()).GetProperty("detail").GetString());
    }

    /// <summary>Forces chunked transfer: the length is unknown to the client.</summary>
    private sealed class NonSeekableStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;
    }
}
