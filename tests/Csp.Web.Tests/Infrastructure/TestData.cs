using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Csp.Web.Tests.Infrastructure;

public static partial class TestData
{
    /// <summary>tests/data/referral.sample.json, the fictional sample referral.</summary>
    public static string SampleReferralJson => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "data", "referral.sample.json"));

    public static JsonObject SampleReferral() => JsonNode.Parse(SampleReferralJson)!.AsObject();

    public static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    public static StringContent Json(JsonNode node) => Json(node.ToJsonString());

    public static async Task<JsonElement> ReadJsonAsync(this HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>The field names listed in a problem's <c>errors</c>.</summary>
    public static async Task<List<string>> ProblemFieldsAsync(this HttpResponseMessage response)
    {
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.ReadJsonAsync();
        return problem.GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("field").GetString()!).ToList();
    }

    public static HttpRequestMessage AsDevUser(this HttpRequestMessage request, string name = "Test Business Unit", string role = "business-unit")
    {
        request.Headers.Add("X-Csp-Dev-User", $"{name};{role}");
        return request;
    }

    /// <summary>The anti-forgery field of a rendered page.</summary>
    public static string FormToken(string html)
    {
        var match = FormTokenPattern().Match(html);
        Assert.True(match.Success, "The page has no anti-forgery field.");
        return System.Net.WebUtility.HtmlDecode(match.Groups["value"].Value);
    }

    public static FormUrlEncodedContent Form(string html, params (string Name, string Value)[] fields) =>
        new(fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value)).Append(new("__csp_form_token", FormToken(html))));

    /// <summary>The hidden inputs of a page's forms other than the anti-forgery token, as a browser would send them.</summary>
    public static IReadOnlyList<(string Name, string Value)> HiddenFields(string html) =>
        HiddenFieldPattern().Matches(html).Select(m => (System.Net.WebUtility.HtmlDecode(m.Groups["name"].Value), System.Net.WebUtility.HtmlDecode(m.Groups["value"].Value)))
            .Where(f => f.Item1 != "__csp_form_token").ToList();

    [GeneratedRegex(@"<input type=""hidden"" name=""(?<name>[^""]+)"" value=""(?<value>[^""]*)""")]
    private static partial Regex HiddenFieldPattern();

    [GeneratedRegex(@"name=""__csp_form_token"" value=""(?<value>[^""]+)""")]
    private static partial Regex FormTokenPattern();
}
