using Azure.Core;

namespace Kmt.Azure.Tests.Infrastructure;

/// <summary>A token credential that hands out a fixed token and records the scopes asked for.</summary>
public sealed class FakeTokenCredential(string token = "fake-entra-token") : TokenCredential
{
    private int _calls;

    public List<string[]> Scopes { get; } = [];

    public int Calls => _calls;

    public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _calls);
        lock (Scopes)
        {
            Scopes.Add(requestContext.Scopes);
        }

        return new AccessToken(token, DateTimeOffset.UtcNow.AddHours(1));
    }

    public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
        ValueTask.FromResult(GetToken(requestContext, cancellationToken));
}
