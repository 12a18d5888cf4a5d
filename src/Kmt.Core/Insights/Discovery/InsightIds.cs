using System.Security.Cryptography;
using System.Text;

namespace Kmt.Core.Insights.Discovery;

/// <summary>
/// An insight's id: a hash of (user, kind, subject), so a rerun of a step (same run) and a later run
/// that finds the same item or topic both address the record already stored, and keep its status.
/// </summary>
public static class InsightIds
{
    public const int Length = 32;

    public static string For(string userId, string kind, string subject) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{userId}\n{kind}\n{subject}")))[..Length];
}
