using Kmt.Core.Accounts;
using Kmt.Core.Common;

namespace Kmt.Core.Privacy;

/// <summary>
/// GET/PUT users/consents, and the check every use of personal data for a purpose makes first
/// (<see cref="RequireAsync"/>). An account without a stored record has the defaults of
/// <see cref="ConsentPurposes.DefaultGranted"/>, given when the account was created.
/// </summary>
public sealed class ConsentService(IPrivacyStore store, IUserStore users, IAuditLog audit, TimeProvider timeProvider)
{
    public const string ConsentRequiredMessage = "You have withdrawn consent to activity tracking; nothing was recorded. Grant it again at PUT /api/v1/users/consents.";

    public async Task<UserConsents> GetAsync(AuthenticatedUser caller, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var user = await users.GetAsync(caller.UserId, cancellationToken) ?? throw KmtException.Unauthorized();
        return await store.GetConsentsAsync(user.Id, cancellationToken) ?? Defaults(user);
    }

    /// <summary>
    /// PUT replaces: every purpose must be given as true or false. A purpose whose state changes gets
    /// a new given_at or withdrawn_at; one that stays keeps its instants. If-Match is honoured when sent.
    /// </summary>
    public async Task<UserConsents> ReplaceAsync(AuthenticatedUser caller, IReadOnlyDictionary<string, bool?>? input, string? ifMatch, ClientInfo? client, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var validation = new Validation();
        if (input is null)
        {
            throw new ValidationException("consents", "The body must be an object of purpose: true|false.");
        }

        foreach (var key in input.Keys.Where(k => !ConsentPurposes.All.Contains(k)))
        {
            validation.Add(key, $"Unknown purpose. Known purposes: {string.Join(", ", ConsentPurposes.All)}.");
        }

        foreach (var purpose in ConsentPurposes.All.Where(p => !input.TryGetValue(p, out var v) || v is null))
        {
            validation.Add(purpose, $"{purpose} is required (true or false): PUT replaces every purpose.");
        }

        validation.ThrowIfInvalid();

        UserConsents? changed = null;
        List<string> changes = [];
        await ConcurrencyRetry.RunAsync(async () =>
        {
            var user = await users.GetAsync(caller.UserId, cancellationToken) ?? throw KmtException.Unauthorized();
            var stored = await store.GetConsentsAsync(user.Id, cancellationToken);
            var current = stored ?? Defaults(user);
            if (!string.IsNullOrWhiteSpace(ifMatch) && !ETags.Matches(current.ETag, ifMatch))
            {
                throw KmtException.PreconditionFailed();
            }

            var now = timeProvider.GetUtcNow();
            changes = [];
            var purposes = ConsentPurposes.All.Select(purpose =>
            {
                var was = current.Purposes.First(p => p.Purpose == purpose);
                var wanted = input[purpose]!.Value;
                if (wanted == was.Granted)
                {
                    return was;
                }

                changes.Add($"{purpose}={(wanted ? "granted" : "withdrawn")}");
                return wanted ? was with { Granted = true, GivenAt = now } : was with { Granted = false, WithdrawnAt = now };
            }).ToList();

            if (changes.Count == 0 && stored is not null)
            {
                changed = stored;
                return;
            }

            changed = new UserConsents { UserId = user.Id, Purposes = purposes, UpdatedAt = now, ETag = ETags.New() };
            await store.SaveConsentsAsync(changed, stored?.ETag, cancellationToken);
        });

        if (changes.Count > 0)
        {
            await audit.AppendAsync(AuditEvents.Create(caller.UserId, AuditEvents.ConsentChanged, changed!.UpdatedAt, client, details: new Dictionary<string, string> { ["changes"] = string.Join(",", changes) }), cancellationToken);
        }

        return changed!;
    }

    /// <summary>Whether the user has granted <paramref name="purpose"/> (the documented default when nothing is stored): for records made on the side, which are simply not made without it.</summary>
    public async Task<bool> IsGrantedAsync(string userId, string purpose, CancellationToken cancellationToken)
    {
        var consents = await store.GetConsentsAsync(userId, cancellationToken);
        return consents?.IsGranted(purpose) ?? ConsentPurposes.DefaultGranted(purpose);
    }

    /// <summary>Throws 403 CONSENT_REQUIRED unless the user has granted <paramref name="purpose"/>.</summary>
    public async Task RequireAsync(string userId, string purpose, CancellationToken cancellationToken)
    {
        if (!await IsGrantedAsync(userId, purpose, cancellationToken))
        {
            throw new KmtException(ErrorCode.ConsentRequired, ConsentRequiredMessage.Replace("activity tracking", purpose.Replace('_', ' '), StringComparison.Ordinal), new { purpose });
        }
    }

    /// <summary>The defaults, given (or not) when the account was created; the ETag is stable until a first change.</summary>
    public static UserConsents Defaults(User user)
    {
        ArgumentNullException.ThrowIfNull(user);
        return new UserConsents
        {
            UserId = user.Id,
            Purposes = ConsentPurposes.All
                .Select(p => ConsentPurposes.DefaultGranted(p) ? new ConsentState(p, true, user.CreatedAt, null) : new ConsentState(p, false, null, null))
                .ToList(),
            UpdatedAt = user.CreatedAt,
            ETag = "\"defaults\"",
        };
    }
}
