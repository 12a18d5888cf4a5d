using System.Collections.Concurrent;
using Azure.Core;

namespace Kmt.Storage.Gremlin.Tests;

/// <summary>Hands out the given tokens in order (the last one again when they run out) and records the scopes asked for.</summary>
internal sealed class SequenceTokenCredential : TokenCredential
{
    private readonly AccessToken[] _tokens;
    private int _calls;

    public SequenceTokenCredential(params AccessToken[] tokens) => _tokens = tokens;

    public ConcurrentQueue<string> Scopes { get; } = new();

    public int Calls => Volatile.Read(ref _calls);

    public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken)
    {
        foreach (var scope in requestContext.Scopes)
        {
            Scopes.Enqueue(scope);
        }

        var i = Interlocked.Increment(ref _calls) - 1;
        return _tokens[Math.Min(i, _tokens.Length - 1)];
    }

    public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
        ValueTask.FromResult(GetToken(requestContext, cancellationToken));
}
