using System.Diagnostics;
using CspFunctions.Telemetry;

namespace CspFunctions.Tests.Telemetry;

public sealed class TelemetryRedactionTests
{
    [Theory]
    [InlineData("https://csp.example/a/Zm9vYmFyYmF6cXV4cXV1eDEyMzQ1Njc4OTA?x=1", "https://csp.example/a/{token}")]
    [InlineData("/s/abcdefghijklmnopqrstuvwxyz_-0123", "/s/{token}")]
    [InlineData("https://st.table.core.windows.net/CspIncidents()?$filter=PartitionKey%20eq%20'x'", "https://st.table.core.windows.net/CspIncidents()")]
    [InlineData("/api/incidents/CSP-2025-0001", "/api/incidents/CSP-2025-0001")]
    public void Redact_Address_DropsQueryAndCapabilityTokens(string address, string expected) =>
        Assert.Equal(expected, TelemetryRedaction.Redact(address));

    [Fact]
    public void OnEnd_SpanWithTokenAndQuery_KeepsOnlyTheRoute()
    {
        using var source = new ActivitySource("Csp.Tests.Redaction");
        using var listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name == source.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
        };
        ActivitySource.AddActivityListener(listener);
        using var span = source.StartActivity("GET /a/Zm9vYmFyYmF6cXV4cXV1eDEyMzQ1Njc4OTA")!;
        span.SetTag("url.full", "https://csp.example/a/Zm9vYmFyYmF6cXV4cXV1eDEyMzQ1Njc4OTA?ref=mail");
        span.SetTag("url.query", "ref=mail");

        new TelemetryRedaction().OnEnd(span);

        Assert.Equal("https://csp.example/a/{token}", span.GetTagItem("url.full"));
        Assert.Null(span.GetTagItem("url.query"));
        Assert.Equal("GET /a/{token}", span.DisplayName);
    }
}
