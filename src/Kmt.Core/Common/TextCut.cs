namespace Kmt.Core.Common;

/// <summary>
/// Cutting text to a length counted in .NET (UTF-16) chars, the unit every text limit of the API uses
/// (docs/api.md, "Limits"). A cut never splits a surrogate pair: a cut that would keep only the high
/// half of a pair ends one char earlier, so the result is always valid Unicode if the input was.
/// </summary>
public static class TextCut
{
    /// <summary>The index at which to cut <paramref name="text"/> to at most <paramref name="maxLength"/> chars (its length when it fits).</summary>
    public static int SafeLength(string text, int maxLength)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentOutOfRangeException.ThrowIfNegative(maxLength);
        if (text.Length <= maxLength)
        {
            return text.Length;
        }

        return maxLength > 0 && char.IsHighSurrogate(text[maxLength - 1]) && char.IsLowSurrogate(text[maxLength]) ? maxLength - 1 : maxLength;
    }

    /// <summary>At most <paramref name="maxLength"/> chars of <paramref name="text"/> from its start; the text itself when it fits.</summary>
    public static string Head(string text, int maxLength)
    {
        var length = SafeLength(text, maxLength);
        return length == text.Length ? text : text[..length];
    }

    /// <summary><see cref="Head"/> for null-able input: null stays null.</summary>
    public static string? HeadOrNull(string? text, int maxLength) => text is null ? null : Head(text, maxLength);
}
