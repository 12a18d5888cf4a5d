namespace Kmt.Core.Accounts;

/// <summary>The roles and permissions of the seed's 6.1.2.</summary>
public static class Roles
{
    public const string User = "user";
    public const string PremiumUser = "premium_user";
    public const string Admin = "admin";

    public static readonly IReadOnlySet<string> All = new HashSet<string>(StringComparer.Ordinal) { User, PremiumUser, Admin };

    private static readonly string[] UserPermissions = ["knowledge:read", "knowledge:write", "analytics:read", "insights:read"];
    private static readonly string[] PremiumPermissions = [.. UserPermissions, "insights:advanced", "analytics:export", "api:unlimited"];

    public static bool HasPermission(string role, string permission) => role switch
    {
        Admin => true,
        PremiumUser => PremiumPermissions.Contains(permission, StringComparer.Ordinal),
        User => UserPermissions.Contains(permission, StringComparer.Ordinal),
        _ => false,
    };
}

public static class Permissions
{
    /// <summary>Exempts the caller from the per-user rate limits.</summary>
    public const string Unlimited = "api:unlimited";

    /// <summary>Reads every user's insight runs and their failures (administrators only).</summary>
    public const string InsightsAdmin = "insights:admin";
}
