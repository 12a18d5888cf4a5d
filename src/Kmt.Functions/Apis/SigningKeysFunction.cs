using Kmt.Core.Accounts;
using Kmt.Core.Common;
using Kmt.Functions.Http;
using Kmt.Functions.OpenApi;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Options;

namespace Kmt.Functions.Apis;

/// <summary>
/// GET api/v1/auth/keys: the public keys access tokens are signed with, as a JSON Web Key Set
/// (RFC 7517), so another service can verify KMT's tokens by their kid and follow a key rotation
/// (docs/api.md, "Signing keys"). A standard document, so it is the one answer not in the envelope.
/// </summary>
public sealed class SigningKeysFunction(AccessTokenService accessTokens, IOptions<AuthOptions> authOptions)
{
    [ApiResponse(200, RawContentType = "application/jwk-set+json", Description = "The JSON Web Key Set that verifies access tokens.")]
    [Function("Auth_Keys"), PublicEndpoint, RateLimited(RateLimitPolicy.Health)]
    public IActionResult Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/auth/keys")] HttpRequest req)
    {
        if (authOptions.Value.IsEntraMode)
        {
            throw new KmtException(ErrorCode.Forbidden, AuthModes.EntraOnlyMessage);
        }

        // Short enough that a verifier sees a new key well within one access-token lifetime.
        req.HttpContext.Response.Headers.CacheControl = "public, max-age=300";
        var keys = accessTokens.PublicKeys().Select(k => new { kty = "RSA", use = "sig", alg = "RS256", kid = k.KeyId, n = k.Modulus, e = k.Exponent });
        return new JsonResult(new { keys }) { ContentType = "application/jwk-set+json" };
    }
}
