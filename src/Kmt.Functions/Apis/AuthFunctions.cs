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

/// <summary>POST api/v1/auth/*: sign-up, sign-in, token refresh, sign-out and password reset.</summary>
/// <remarks>
/// In Entra mode (Kmt:Auth:Mode) Microsoft Entra ID signs users in: the local endpoints answer 403
/// before reading the body, and logout is a no-op (the tokens are Entra's to end).
/// </remarks>
[RateLimited(RateLimitPolicy.Auth)]
public sealed class AuthFunctions(AuthService auth, EmailChangeService emailChanges, IOptions<KmtLimits> limits, IOptions<RateLimitOptions> rateLimits, IOptions<AuthOptions> authOptions)
{
    private long MaxBody => limits.Value.MaxRequestBodyBytes;

    // Evaluated as the receiver of each call, so before the body is read.
    private AuthService Local => authOptions.Value.IsEntraMode
        ? throw new KmtException(ErrorCode.Forbidden, AuthModes.EntraOnlyMessage)
        : auth;

    [ApiRequest(typeof(RegisterInput)), ApiResponse(201, typeof(AuthResponse))]
    [Function("Auth_Register"), PublicEndpoint]
    public async Task<IActionResult> Register(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v1/auth/register")] HttpRequest req, FunctionContext context, CancellationToken ct) =>
        ApiResult.Created(AuthResponse.From(await Local.RegisterAsync(await req.ReadJsonAsync<RegisterInput>(MaxBody, ct), Client(context), ct)), "/api/v1/users/profile");

    [ApiRequest(typeof(LoginInput)), ApiResponse(200, typeof(AuthResponse))]
    [Function("Auth_Login"), PublicEndpoint]
    public async Task<IActionResult> Login(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v1/auth/login")] HttpRequest req, FunctionContext context, CancellationToken ct) =>
        ApiResult.Ok(AuthResponse.From(await Local.LoginAsync(await req.ReadJsonAsync<LoginInput>(MaxBody, ct), Client(context), ct)));

    /// <summary>Not in the per-IP auth bucket: counted per token family (AccountThrottle), since many users share a carrier NAT address.</summary>
    [ApiRequest(typeof(RefreshInput)), ApiResponse(200, typeof(AuthResponse))]
    [Function("Auth_Refresh"), PublicEndpoint, RateLimited(RateLimitPolicy.None)]
    public async Task<IActionResult> Refresh(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v1/auth/refresh")] HttpRequest req, FunctionContext context, CancellationToken ct) =>
        ApiResult.Ok(AuthResponse.From(await Local.RefreshAsync(await req.ReadJsonAsync<RefreshInput>(MaxBody, ct), Client(context), ct)));

    /// <summary>
    /// Ends the session of the given refresh token, or every session when the body is empty. Counted
    /// per user, not in the per-IP auth bucket, so signing in often can never block signing out.
    /// </summary>
    [ApiRequest(typeof(LogoutInput), Required = false), ApiResponse(200, Description = "{ logged_out: true }")]
    [Function("Auth_Logout"), RateLimited(RateLimitPolicy.Knowledge)]
    public async Task<IActionResult> Logout(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v1/auth/logout")] HttpRequest req, FunctionContext context, CancellationToken ct)
    {
        if (authOptions.Value.IsEntraMode)
        {
            return ApiResult.Ok(new { logged_out = true });
        }

        var input = req.ContentLength is null or 0 ? new LogoutInput(null) : await req.ReadJsonAsync<LogoutInput>(MaxBody, ct);
        await auth.LogoutAsync(context.GetCaller(), input, ct);
        return ApiResult.Ok(new { logged_out = true });
    }

    /// <summary>Answers the same whether or not the address has an account, so it cannot be used to probe for accounts.</summary>
    [ApiRequest(typeof(ForgotPasswordInput)), ApiResponse(202, Description = "{ message } (the same whether or not the account exists)")]
    [Function("Auth_ForgotPassword"), PublicEndpoint]
    public async Task<IActionResult> ForgotPassword(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v1/auth/forgot-password")] HttpRequest req, FunctionContext context, CancellationToken ct)
    {
        await Local.ForgotPasswordAsync(await req.ReadJsonAsync<ForgotPasswordInput>(MaxBody, ct), ct, Client(context));
        return ApiResult.Accepted(new { message = "If an account exists for this address, instructions to reset the password are on their way." });
    }

    [ApiRequest(typeof(ResetPasswordInput)), ApiResponse(200, Description = "{ message }")]
    [Function("Auth_ResetPassword"), PublicEndpoint]
    public async Task<IActionResult> ResetPassword(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v1/auth/reset-password")] HttpRequest req, FunctionContext context, CancellationToken ct)
    {
        await Local.ResetPasswordAsync(await req.ReadJsonAsync<ResetPasswordInput>(MaxBody, ct), ct, Client(context));
        return ApiResult.Ok(new { message = "Your password was changed. Sign in with the new one; other sessions were signed out." });
    }

    /// <summary>Confirms an e-mail change with the code mailed to the new address; public, since the mail may be opened on another device.</summary>
    [ApiRequest(typeof(ConfirmEmailInput)), ApiResponse(200, typeof(UserResponse))]
    [Function("Auth_ConfirmEmail"), PublicEndpoint]
    public async Task<IActionResult> ConfirmEmail(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v1/auth/email/confirm")] HttpRequest req, FunctionContext context, CancellationToken ct)
    {
        _ = Local;
        var user = await emailChanges.ConfirmAsync(await req.ReadJsonAsync<ConfirmEmailInput>(MaxBody, ct), ct, Client(context));
        return ApiResult.Ok(UserResponse.From(user)).WithETag(user.ETag);
    }

    private ClientInfo Client(FunctionContext context) => context.GetClientInfo(rateLimits.Value.ClientIpHeader);
}
