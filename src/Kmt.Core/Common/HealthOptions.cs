namespace Kmt.Core.Common;

/// <summary>Section "Kmt:Health": how long GET api/health reuses one store check (docs/api.md, "Health").</summary>
public sealed class HealthOptions
{
    public const string Section = "Kmt:Health";

    /// <summary>Probes and a flood of anonymous calls share one store round trip per period; zero checks every time.</summary>
    public TimeSpan CacheDuration { get; set; } = TimeSpan.FromSeconds(5);
}
