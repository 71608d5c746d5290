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

    /// <summary>Every field of a page's forms as a browser would send it unchanged: inputs with their values, selects with the chosen option.</summary>
    public static IReadOnlyList<(string Name, string Value)> FormFields(string html)
    {
        var fields = new List<(string, string)>();
        foreach (Match input in InputPattern().Matches(html))
        {
            var tag = input.Value;
            var name = AttributePattern("name").Match(tag);
            if (!name.Success || name.Groups[1].Value == "__csp_form_token" || tag.Contains("type=\"submit\"", StringComparison.Ordinal)) continue;
            var value = AttributePattern("value").Match(tag);
            fields.Add((System.Net.WebUtility.HtmlDecode(name.Groups[1].Value), value.Success ? System.Net.WebUtility.HtmlDecode(value.Groups[1].Value) : ""));
        }
        foreach (Match select in SelectPattern().Matches(html))
        {
            var chosen = SelectedPattern().Match(select.Groups["options"].Value);
            fields.Add((System.Net.WebUtility.HtmlDecode(select.Groups["name"].Value), chosen.Success ? System.Net.WebUtility.HtmlDecode(chosen.Groups[1].Value) : ""));
        }
        return fields;
    }

    private static Regex AttributePattern(string attribute) => new($@"\b{attribute}=""([^""]*)""");

    [GeneratedRegex(@"<input\b[^>]*>")]
    private static partial Regex InputPattern();

    [GeneratedRegex(@"<select\b[^>]*\bname=""(?<name>[^""]+)""[^>]*>(?<options>.*?)</select>", RegexOptions.Singleline)]
    private static partial Regex SelectPattern();

    [GeneratedRegex(@"<option value=""([^""]*)"" selected")]
    private static partial Regex SelectedPattern();

    [GeneratedRegex(@"<input type=""hidden"" name=""(?<name>[^""]+)"" value=""(?<value>[^""]*)""")]
    private static partial Regex HiddenFieldPattern();

    [GeneratedRegex(@"name=""__csp_form_token"" value=""(?<value>[^""]+)""")]
    private static partial Regex FormTokenPattern();
}
