namespace Kmt.Core.Notifications;

/// <summary>How often a person gets an e-mail digest of notifications they have not had by mail.</summary>
public static class DigestFrequencies
{
    public const string Off = "off";
    public const string Daily = "daily";
    public const string Weekly = "weekly";

    public static readonly IReadOnlyList<string> All = [Off, Daily, Weekly];
}
