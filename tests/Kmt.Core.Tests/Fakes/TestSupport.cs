using System.Security.Cryptography;
using System.Text.Json;
using Kmt.Core.Accounts;
using Kmt.Core.Common;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Kmt.Core.Tests.Fakes;

internal static class TestSupport
{
    public static readonly DateTimeOffset Start = new(2024, 1, 15, 10, 30, 0, TimeSpan.Zero);

    // RSA key generation costs ~100 ms: one key for the whole test run.
    public static readonly string SigningKeyPem = NewKeyPem();

    public static FakeTimeProvider Clock() => new(Start);

    public static AuthOptions AuthOptions(Action<AuthOptions>? configure = null)
    {
        var options = new AuthOptions { PasswordIterations = PasswordHasher.MinimumIterations, SigningKeyPem = SigningKeyPem };
        configure?.Invoke(options);
        return options;
    }

    public static IOptions<T> Options<T>(T value) where T : class => Microsoft.Extensions.Options.Options.Create(value);

    public static IOptions<KmtLimits> Limits(Action<KmtLimits>? configure = null)
    {
        var limits = new KmtLimits();
        configure?.Invoke(limits);
        return Options(limits);
    }

    public static string NewKeyPem()
    {
        using var rsa = RSA.Create(2048);
        return rsa.ExportPkcs8PrivateKeyPem();
    }

    public static AuthenticatedUser Caller(string? userId = null) => new(userId ?? Ids.New(), Roles.User, Ids.New());

    public static JsonElement Json(string json) => JsonDocument.Parse(json).RootElement.Clone();

    public static async Task<T> Throws<T>(Func<Task> action) where T : Exception => await Assert.ThrowsAsync<T>(action);

    public static async Task<KmtException> ThrowsKmt(ErrorCode code, Func<Task> action)
    {
        var exception = await Assert.ThrowsAnyAsync<KmtException>(action);
        Assert.Equal(code, exception.Code);
        return exception;
    }

    public static async Task<ValidationException> ThrowsValidation(Func<Task> action) => await Assert.ThrowsAsync<ValidationException>(action);

    public static void HasError(ValidationException exception, string field, string? reasonContains = null)
    {
        Assert.Contains(exception.Errors, e => e.Field == field && (reasonContains is null || e.Reason.Contains(reasonContains, StringComparison.OrdinalIgnoreCase)));
    }
}
