using System.Collections.Concurrent;
using Kmt.Core.Accounts;
using Kmt.Core.Common;

namespace Kmt.Core.Tests.Fakes;

internal sealed class InMemoryUserStore : IUserStore
{
    public ConcurrentDictionary<string, User> Users { get; } = new();

    public int ReplaceCalls { get; private set; }

    public Task<User?> GetAsync(string userId, CancellationToken cancellationToken) => Task.FromResult(Users.GetValueOrDefault(userId));

    public Task<User?> FindByEmailAsync(string normalizedEmail, CancellationToken cancellationToken) =>
        Task.FromResult(Users.Values.FirstOrDefault(u => u.NormalizedEmail == normalizedEmail));

    public Task<User?> FindByExternalSubjectAsync(string externalSubject, CancellationToken cancellationToken) =>
        Task.FromResult(Users.Values.FirstOrDefault(u => u.ExternalSubject is not null && u.ExternalSubject == externalSubject));

    public Task<IReadOnlyList<string>> ListActiveUserIdsAsync(string? afterUserId, int take, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<string>>(Users.Values
            .Where(u => u.IsActive && (afterUserId is null || string.CompareOrdinal(u.Id, afterUserId) > 0))
            .Select(u => u.Id)
            .Order(StringComparer.Ordinal)
            .Take(Math.Max(0, take))
            .ToList());

    public Task CreateAsync(User user, CancellationToken cancellationToken)
    {
        if (Users.Values.Any(u => u.NormalizedEmail == user.NormalizedEmail
            || (user.ExternalSubject is not null && u.ExternalSubject == user.ExternalSubject)))
        {
            throw KmtException.Conflict("taken");
        }

        Users[user.Id] = user;
        return Task.CompletedTask;
    }

    public Task ReplaceAsync(User user, string expectedETag, CancellationToken cancellationToken)
    {
        ReplaceCalls++;
        if (!Users.TryGetValue(user.Id, out var stored) || stored.ETag != expectedETag)
        {
            throw KmtException.PreconditionFailed();
        }

        if (Users.Values.Any(u => u.Id != user.Id && u.NormalizedEmail == user.NormalizedEmail))
        {
            throw KmtException.Conflict("taken");
        }

        Users[user.Id] = user;
        return Task.CompletedTask;
    }
}
