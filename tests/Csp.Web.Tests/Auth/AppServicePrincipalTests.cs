using System.Text;
using Csp.Web.Auth;

namespace Csp.Web.Tests.Auth;

public sealed class AppServicePrincipalTests
{
    [Fact]
    public void TryRead_TwoRoles_TakesTheOneWithMostResponsibility()
    {
        var outcome = AppServicePrincipal.TryRead(ProductionModeAuthTests.Principal("Jo Chair", "read-only", "chair"), null, out var user);

        Assert.Equal(AppServicePrincipal.Outcome.SignedIn, outcome);
        Assert.Equal("chair", user!.Role);
    }

    [Fact]
    public void TryRead_NoNameClaim_FallsBackToTheNameHeader()
    {
        var json = """{"auth_typ":"aad","claims":[{"typ":"roles","val":"scrutineer"}]}""";

        var outcome = AppServicePrincipal.TryRead(Convert.ToBase64String(Encoding.UTF8.GetBytes(json)), "jo@nhs.example", out var user);

        Assert.Equal(AppServicePrincipal.Outcome.SignedIn, outcome);
        Assert.Equal(("jo@nhs.example", "scrutineer"), (user!.Name, user.Role));
    }

    [Theory]
    [InlineData("not base64!")]
    [InlineData("bm90IGpzb24=")] // "not json"
    public void TryRead_Garbage_IsMalformed(string header) =>
        Assert.Equal(AppServicePrincipal.Outcome.Malformed, AppServicePrincipal.TryRead(header, null, out _));

    [Fact]
    public void TryRead_NoHeader_IsAbsent() =>
        Assert.Equal(AppServicePrincipal.Outcome.Absent, AppServicePrincipal.TryRead(null, "someone", out _));

    [Theory]
    [InlineData("Alex;chair", true)]
    [InlineData("Alex Smith ; business-unit", true)]
    [InlineData("Alex;admin", false)]
    [InlineData("chair", false)]
    [InlineData(";chair", false)]
    public void TryParseNameAndRole_AcceptsOnlyKnownRoles(string value, bool ok) =>
        Assert.Equal(ok, StaffClaims.TryParseNameAndRole(value, out _, out _));
}
