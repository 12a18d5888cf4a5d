using System.Text.Json;

namespace Kmt.Azure.Email;

/// <summary>The body of emails:send and emails/operations/{id}: the operation's id, status (NotStarted, Running, Succeeded, Failed, Canceled) and error.</summary>
internal sealed class AcsSendStatus
{
    public string? Id { get; set; }

    public string? Status { get; set; }

    public JsonElement? Error { get; set; }
}
