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

    [Theory]
    [InlineData("Dr Chris Chair;chair;panel.chair@partnership.example", "panel.chair@partnership.example")]
    [InlineData("Dr Chris Chair;chair", null)]
    public void TryParseNameAndRole_AnEmailAfterTheRole_SaysWhichPersonIsSignedIn(string value, string? email)
    {
        Assert.True(StaffClaims.TryParseNameAndRole(value, out var user, out _));
        Assert.Equal(("Dr Chris Chair", "chair", email), (user!.Name, user.Role, user.Email));
    }

    [Theory]
    [InlineData("Jo;chair;@partnership.example")]
    [InlineData("Jo;chair;jo@")]
    [InlineData("Jo;chair;jo @x.example")]
    public void TryParseNameAndRole_AnEmailThatIsNotOne_IsRefused(string value) =>
        Assert.False(StaffClaims.TryParseNameAndRole(value, out _, out _));

    [Fact]
    public void TryRead_ObjectIdClaim_SaysWhichAccountIsSignedIn()
    {
        var json = """{"auth_typ":"aad","claims":[{"typ":"name","val":"Jo Chair"},{"typ":"roles","val":"chair"},{"typ":"http://schemas.microsoft.com/identity/claims/objectidentifier","val":"6f1c0a52-0000-4000-8000-000000000001"}]}""";

        Assert.Equal(AppServicePrincipal.Outcome.SignedIn, AppServicePrincipal.TryRead(Convert.ToBase64String(Encoding.UTF8.GetBytes(json)), null, out var user));
        Assert.Equal("6f1c0a52-0000-4000-8000-000000000001", user!.ObjectId);
        Assert.Equal("6f1c0a52-0000-4000-8000-000000000001", StaffClaims.Principal(user, "app-service").ToStaffUser()!.ObjectId);
    }
}
