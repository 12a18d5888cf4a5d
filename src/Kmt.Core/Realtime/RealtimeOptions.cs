namespace Kmt.Core.Realtime;

/// <summary>Settings of real-time delivery (Kmt:Realtime).</summary>
public sealed class RealtimeOptions
{
    public const string Section = "Kmt:Realtime";

    /// <summary>How long a negotiated token lets a connection open (the in-process adapter's tickets and Web PubSub's client tokens).</summary>
    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Longest a publish may take before it is given up: real-time is a courtesy, never a reason to slow a write.</summary>
    public TimeSpan PublishTimeout { get; set; } = TimeSpan.FromSeconds(5);
}
