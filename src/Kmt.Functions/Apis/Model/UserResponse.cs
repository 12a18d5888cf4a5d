using Kmt.Core.Accounts;

namespace Kmt.Functions.Apis.Model;

public sealed record UserResponse(
    string Id,
    string Email,
    string? FirstName,
    string? LastName,
    string Role,
    bool IsActive,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? LastLogin,
    string Etag)
{
    public static UserResponse From(User user) => new(
        user.Id, user.Email, user.FirstName, user.LastName, user.Role, user.IsActive, user.CreatedAt, user.UpdatedAt, user.LastLogin, user.ETag);
}

public sealed record AuthResponse(UserResponse User, string AccessToken, string RefreshToken, int ExpiresIn, string TokenType)
{
    public static AuthResponse From(AuthResult result) =>
        new(UserResponse.From(result.User), result.AccessToken, result.RefreshToken, result.ExpiresIn, "Bearer");
}
