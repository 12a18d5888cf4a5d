using System.Text.Json;
using Kmt.Core.Accounts;
using Kmt.Core.Common;
using Kmt.Functions.Apis.Model;
using Kmt.Functions.Http;
using Kmt.Functions.Middleware;
using Kmt.Functions.OpenApi;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Options;

namespace Kmt.Functions.Apis;

/// <summary>api/v1/users/*: the caller's own profile, preferences and account.</summary>
[RateLimited(RateLimitPolicy.Knowledge)]
public sealed class UsersFunctions(UserService users, EmailChangeService emailChanges, IOptions<KmtLimits> limits, IOptions<RateLimitOptions> rateLimits)
{
    private long MaxBody => limits.Value.MaxRequestBodyBytes;

    [ApiResponse(200, typeof(UserResponse))]
    [Function("Users_GetProfile")]
    public async Task<IActionResult> GetProfile(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/users/profile")] HttpRequest req, FunctionContext context, CancellationToken ct) =>
        Profile(await users.GetProfileAsync(context.GetCaller(), ct));

    /// <summary>PUT replaces: email, first_name and last_name are all taken from the body. If-Match is honoured when sent.</summary>
    [ApiRequest(typeof(ProfileInput)), ApiResponse(200, typeof(UserResponse))]
    [Function("Users_ReplaceProfile")]
    public async Task<IActionResult> ReplaceProfile(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "v1/users/profile")] HttpRequest req, FunctionContext context, CancellationToken ct)
    {
        var input = await req.ReadJsonAsync<ProfileInput>(MaxBody, ct);
        return Profile(await users.ReplaceProfileAsync(context.GetCaller(), input, IfMatch.Value(req), ct));
    }

    /// <summary>Starts an e-mail change: 202, the address changes when the code mailed to it is confirmed (POST auth/email/confirm).</summary>
    [ApiRequest(typeof(EmailChangeInput)), ApiResponse(202, Description = "A confirmation link was sent to the new address.")]
    [Function("Users_ChangeEmail")]
    public async Task<IActionResult> ChangeEmail(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v1/users/email")] HttpRequest req, FunctionContext context, CancellationToken ct)
    {
        var input = await req.ReadJsonAsync<EmailChangeInput>(MaxBody, ct);
        var request = await emailChanges.RequestAsync(context.GetCaller(), input, ct, context.GetClientInfo(rateLimits.Value.ClientIpHeader));
        return ApiResult.Accepted(new
        {
            new_email = request.NewEmail,
            expires_at = request.ExpiresAt,
            message = "A confirmation code was sent to the new address; the e-mail changes when it is confirmed.",
        });
    }

    [ApiResponse(200, typeof(object), Description = "The preferences object as stored.")]
    [Function("Users_GetPreferences")]
    public async Task<IActionResult> GetPreferences(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/users/preferences")] HttpRequest req, FunctionContext context, CancellationToken ct) =>
        ApiResult.Ok(JsonText.ToElement(await users.GetPreferencesAsync(context.GetCaller(), ct)));

    /// <summary>The body is the whole preferences object; it replaces the stored one.</summary>
    [ApiRequest(typeof(object)), ApiResponse(200, typeof(object), Description = "The preferences object as stored.")]
    [Function("Users_ReplacePreferences")]
    public async Task<IActionResult> ReplacePreferences(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "v1/users/preferences")] HttpRequest req, FunctionContext context, CancellationToken ct)
    {
        var preferences = await req.ReadJsonAsync<JsonElementBox>(MaxBody, ct);
        return ApiResult.Ok(JsonText.ToElement(await users.ReplacePreferencesAsync(context.GetCaller(), preferences.Value, ct)));
    }

    /// <summary>Erases the account and everything it owns; the password in the body confirms it.</summary>
    [ApiRequest(typeof(DeleteAccountInput)), ApiResponse(200, Description = "{ deleted: true }")]
    [Function("Users_DeleteAccount")]
    public async Task<IActionResult> DeleteAccount(
        [HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "v1/users/account")] HttpRequest req, FunctionContext context, CancellationToken ct)
    {
        await users.DeleteAccountAsync(context.GetCaller(), await req.ReadJsonAsync<DeleteAccountInput>(MaxBody, ct), ct);
        return ApiResult.Ok(new { deleted = true });
    }

    private static ApiResult Profile(User user) => ApiResult.Ok(UserResponse.From(user)).WithETag(user.ETag);
}
