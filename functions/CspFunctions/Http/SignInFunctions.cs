using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace CspFunctions.Http;

/// <summary>
/// The development sign-in (Csp.Web's <c>PageEndpoints</c>). In Azure people sign in through App
/// Service authentication; these pages then only say that development sign-in is off.
/// </summary>
public sealed class SignInFunctions(CspWebPipeline web)
{
    [Function(nameof(SignInForm))]
    public Task<IResult> SignInForm(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "sign-in")] HttpRequest request) => web.HandleAsync(request);

    [Function(nameof(SignIn))]
    public Task<IResult> SignIn(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "sign-in")] HttpRequest request) => web.HandleAsync(request);

    [Function(nameof(SignOut))]
    public Task<IResult> SignOut(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "sign-out")] HttpRequest request) => web.HandleAsync(request);
}
