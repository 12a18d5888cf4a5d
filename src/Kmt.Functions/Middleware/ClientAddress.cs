using Microsoft.AspNetCore.Http;

namespace Kmt.Functions.Middleware;

/// <summary>
/// The caller's IP for per-IP limits. Behind Azure's front end the socket peer is the front end,
/// so production names the header it sets (Kmt:RateLimits:ClientIpHeader = X-Forwarded-For) and
/// the last entry, the one the trusted proxy appended, is used. Locally the socket peer is the client.
/// </summary>
public static class ClientAddress
{
    public static string Of(HttpContext http, string? clientIpHeader)
    {
        if (!string.IsNullOrEmpty(clientIpHeader) && http.Request.Headers.TryGetValue(clientIpHeader, out var values))
        {
            var last = values.ToString().Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).LastOrDefault();
            if (!string.IsNullOrEmpty(last))
            {
                return StripPort(last);
            }
        }

        return http.Connection.RemoteIpAddress?.ToString() ?? "unknown";
    }

    private static string StripPort(string address)
    {
        // "1.2.3.4:5678" and "[::1]:5678" carry a port; a bare IPv6 address has several colons and none.
        if (address.StartsWith('['))
        {
            var end = address.IndexOf(']');
            return end > 0 ? address[1..end] : address;
        }

        return address.Count(c => c == ':') == 1 ? address[..address.IndexOf(':')] : address;
    }
}
