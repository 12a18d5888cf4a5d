namespace Kmt.Core.Accounts;

// Request bodies as clients send them (snake_case on the wire). Every field is nullable so that a
// missing field is a field-level VALIDATION_ERROR from the use case, not a serializer failure.

public sealed record RegisterInput(string? Email, string? Password, string? FirstName, string? LastName);

public sealed record LoginInput(string? Email, string? Password);

public sealed record RefreshInput(string? RefreshToken);

/// <summary>With a refresh token: ends that login (its token family). Without: ends every login of the user.</summary>
public sealed record LogoutInput(string? RefreshToken);

public sealed record ForgotPasswordInput(string? Email);

public sealed record ResetPasswordInput(string? Token, string? Password);

/// <summary>PUT users/profile replaces all of these.</summary>
public sealed record ProfileInput(string? Email, string? FirstName, string? LastName);

public sealed record DeleteAccountInput(string? Password);

/// <summary>Who made the request, for the session record and per-IP limits.</summary>
public sealed record ClientInfo(string? IpAddress, string? UserAgent);

/// <summary>The caller, as established from a valid access token.</summary>
public sealed record AuthenticatedUser(string UserId, string Role, string SessionFamilyId)
{
    public bool HasPermission(string permission) => Roles.HasPermission(Role, permission);
}

public sealed record AuthResult(User User, string AccessToken, string RefreshToken, int ExpiresIn);

/// <summary>POST users/email: the current password proves it is the owner; the new address gets a confirmation code.</summary>
public sealed record EmailChangeInput(string? CurrentPassword, string? NewEmail);

/// <summary>POST auth/email/confirm: the code mailed to the new address.</summary>
public sealed record ConfirmEmailInput(string? Token);

/// <summary>A requested e-mail change: where the code went and until when it can be confirmed.</summary>
public sealed record EmailChangeRequest(string NewEmail, DateTimeOffset ExpiresAt);
