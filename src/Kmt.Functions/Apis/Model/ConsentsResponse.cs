using Kmt.Core.Privacy;

namespace Kmt.Functions.Apis.Model;

/// <summary>GET/PUT users/consents: one entry per purpose with its state and instants.</summary>
public sealed record ConsentsResponse(IReadOnlyDictionary<string, ConsentPurposeResponse> Purposes, DateTimeOffset UpdatedAt)
{
    public static ConsentsResponse From(UserConsents consents)
    {
        ArgumentNullException.ThrowIfNull(consents);
        return new(
            consents.Purposes.ToDictionary(p => p.Purpose, p => new ConsentPurposeResponse(p.Granted, p.GivenAt, p.WithdrawnAt)),
            consents.UpdatedAt);
    }
}
