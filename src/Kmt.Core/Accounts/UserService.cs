using System.Text.Json;
using Kmt.Core.Common;
using Kmt.Core.Privacy;
using Microsoft.Extensions.Options;

namespace Kmt.Core.Accounts;

/// <summary>The caller's own profile, preferences and account (the seed's 5.1.2).</summary>
public sealed class UserService
{
    private readonly IUserStore _users;
    private readonly AccountErasureService _erasure;
    private readonly PasswordHasher _hasher;
    private readonly KmtLimits _limits;
    private readonly TimeProvider _timeProvider;

    public UserService(IUserStore users, AccountErasureService erasure, PasswordHasher hasher, IOptions<KmtLimits> limits, TimeProvider timeProvider)
    {
        _users = users;
        _erasure = erasure;
        _hasher = hasher;
        _limits = limits.Value;
        _timeProvider = timeProvider;
    }

    public Task<User> GetProfileAsync(AuthenticatedUser caller, CancellationToken cancellationToken) => LoadAsync(caller, cancellationToken);

    public const string ChangeEmailElsewhereMessage =
        "email must be the account's current address: changing it needs the current password and a confirmation, see POST /api/v1/users/email.";

    /// <summary>PUT semantics: email is required (and must be the current one, see <see cref="EmailChangeService"/>), omitted names are cleared.</summary>
    public async Task<User> ReplaceProfileAsync(AuthenticatedUser caller, ProfileInput input, string? ifMatch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        var validation = new Validation();
        var email = AccountRules.Email(input.Email, _limits, validation);
        var firstName = AccountRules.Name(input.FirstName, "first_name", _limits, validation);
        var lastName = AccountRules.Name(input.LastName, "last_name", _limits, validation);
        validation.ThrowIfInvalid();

        var current = await LoadAsync(caller, cancellationToken);
        if (!string.IsNullOrWhiteSpace(ifMatch) && !ETags.Matches(current.ETag, ifMatch))
        {
            throw KmtException.PreconditionFailed();
        }

        // An externally signed-in account keeps its external unique key: its e-mail is for display only.
        // A local account's address changes only through EmailChangeService (password + confirmed code);
        // here it may differ from the stored one in letter case alone.
        if (current.ExternalSubject is null && AccountRules.NormalizeEmail(email!) != current.NormalizedEmail)
        {
            throw new ValidationException("email", ChangeEmailElsewhereMessage);
        }

        var updated = current with
        {
            Email = email!,
            FirstName = firstName,
            LastName = lastName,
            UpdatedAt = _timeProvider.GetUtcNow(),
            ETag = ETags.New(),
        };

        await _users.ReplaceAsync(updated, current.ETag, cancellationToken);
        return updated;
    }

    public async Task<string> GetPreferencesAsync(AuthenticatedUser caller, CancellationToken cancellationToken) =>
        (await LoadAsync(caller, cancellationToken)).PreferencesJson;

    /// <summary>Replaces the whole preferences object; returns it as stored (compact JSON).</summary>
    public async Task<string> ReplacePreferencesAsync(AuthenticatedUser caller, JsonElement preferences, CancellationToken cancellationToken)
    {
        var validation = new Validation();
        if (preferences.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null)
        {
            validation.Add("preferences", "preferences must be a JSON object.");
        }

        var json = JsonObjects.Validate(preferences, _limits.PreferencesMaxBytes, "preferences", validation);
        validation.ThrowIfInvalid();

        // Preferences have no If-Match: last writer wins, so a concurrent profile edit is retried, not reported.
        await ConcurrencyRetry.RunAsync(async () =>
        {
            var current = await LoadAsync(caller, cancellationToken);
            var updated = current with { PreferencesJson = json!, UpdatedAt = _timeProvider.GetUtcNow(), ETag = ETags.New() };
            await _users.ReplaceAsync(updated, current.ETag, cancellationToken);
        });

        return json!;
    }

    /// <summary>
    /// Erases the account and everything it owns once the password is confirmed. A wrong password is a
    /// 400 VALIDATION_ERROR on "password", not a 401: the access token is fine, and a 401 would make
    /// clients refresh or log the user out instead of showing the message next to the field.
    /// </summary>
    /// <remarks>
    /// An account signed in by an external identity provider has no password to confirm: its fresh
    /// bearer token is the proof, and the body's password is ignored.
    /// </remarks>
    public async Task DeleteAccountAsync(AuthenticatedUser caller, DeleteAccountInput input, CancellationToken cancellationToken)
    {
        var user = await LoadAsync(caller, cancellationToken);
        if (user.ExternalSubject is null)
        {
            if (string.IsNullOrEmpty(input?.Password))
            {
                throw new ValidationException("password", "Password is required to delete the account.");
            }

            if (!_hasher.Verify(input.Password, user.PasswordHash))
            {
                throw new ValidationException("password", "Password is incorrect.");
            }
        }

        // Resumable: a job record first, the login keys released last (AccountErasureService).
        await _erasure.EraseAsync(user.Id, cancellationToken);
    }

    private async Task<User> LoadAsync(AuthenticatedUser caller, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);

        // The account was deleted after the token was issued: the token no longer names anyone.
        return await _users.GetAsync(caller.UserId, cancellationToken) ?? throw KmtException.Unauthorized();
    }
}
