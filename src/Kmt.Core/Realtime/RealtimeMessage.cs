namespace Kmt.Core.Realtime;

/// <summary>
/// One real-time message as a client receives it: {type, channel, data, at} (docs/api.md, "Real-time").
/// <paramref name="Data"/> is serialized as JSON with the API's snake_case names.
/// </summary>
public sealed record RealtimeMessage(string Type, string Channel, object Data, DateTimeOffset At);
