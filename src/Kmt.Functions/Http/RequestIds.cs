using System.Security.Cryptography;
using Microsoft.AspNetCore.Http;

namespace Kmt.Functions.Http;

/// <summary>
/// The request id ties a response, its envelope's meta.request_id and the server's log lines
/// together. A client may send its own X-Request-Id (kept when it is short and plain); otherwise
/// one is made up.
/// </summary>
public static class RequestIds
{
    public const string HeaderName = "X-Request-Id";
    private const string ItemKey = "kmt.request_id";

    public static string Assign(HttpContext http)
    {
        var incoming = http.Request.Headers[HeaderName].ToString();
        var id = IsAcceptable(incoming) ? incoming : "req_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));
        http.Items[ItemKey] = id;
        http.Response.Headers[HeaderName] = id;
        return id;
    }

    public static string Get(HttpContext http) => http.Items[ItemKey] as string ?? Assign(http);

    private static bool IsAcceptable(string value) =>
        value.Length is > 0 and <= 64 && value.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.');
}
