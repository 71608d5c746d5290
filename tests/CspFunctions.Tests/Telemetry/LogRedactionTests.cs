using CspFunctions.Telemetry;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Logs;

namespace CspFunctions.Tests.Telemetry;

public sealed class LogRedactionTests
{
    [Fact]
    public void OnEnd_RequestLineWithLinkAddress_ExportsTheRouteWithoutTheToken()
    {
        const string token = "Zm9vYmFyYmF6cXV4cXV1eDEyMzQ1Njc4OTAxMjM0NTY";
        var exported = new List<LogRecord>();
        using (var logging = LoggerFactory.Create(builder => builder.AddOpenTelemetry(o =>
               {
                   o.IncludeFormattedMessage = true;
                   o.AddProcessor(new LogRedaction());
                   o.AddInMemoryExporter(exported);
               })))
        {
            logging.CreateLogger("Microsoft.AspNetCore.Hosting.Diagnostics")
                .LogInformation("Request starting {Method} {Path} for {Scoping}", "POST", "https://csp.example/a/" + token, "/s/" + token + "?x=1");
        }

        var record = Assert.Single(exported);
        Assert.Equal("Request starting POST https://csp.example/a/{token} for /s/{token}?x=1", record.FormattedMessage);
        Assert.Contains(record.Attributes!, a => a.Key == "Path" && (string?)a.Value == "https://csp.example/a/{token}");
        Assert.DoesNotContain(record.Attributes!, a => a.Value?.ToString()?.Contains(token, StringComparison.Ordinal) == true);
    }
}
