using Azure.Core;

namespace Csp.Testing.Fakes;

/// <summary>A credential that hands out one fixed token (the seam between the SDK and Entra ID), counting requests.</summary>
public sealed class FixedTokenCredential(string token) : TokenCredential
{
    private int _requests;

    public int Requests => _requests;

    public IReadOnlyList<string> Scopes { get; private set; } = [];

    public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _requests);
        Scopes = requestContext.Scopes;
        return new AccessToken(token, DateTimeOffset.UtcNow.AddHours(1));
    }

    public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
        ValueTask.FromResult(GetToken(requestContext, cancellationToken));
}
