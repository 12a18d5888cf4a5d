using System.Globalization;
using System.Text;
using Kmt.Core.Common;
using Kmt.Core.Knowledge;

namespace Kmt.Core.Uploads;

/// <summary>Rules shared by the upload use cases: file names, titles and tags.</summary>
public static class UploadRules
{
    public const int FileNameMaxLength = 200;

    public const string FallbackFileName = "upload";

    private const int MaxKeptExtensionLength = 20;

    /// <summary>
    /// Reduces a client's file name to one safe path segment: directories stripped ("C:\docs\a.pdf" and
    /// "../a.pdf" become "a.pdf"), control characters dropped, characters some file systems reject
    /// (&lt; &gt; : " | ? *) replaced by "_", surrounding spaces and trailing dots trimmed, at most
    /// <see cref="FileNameMaxLength"/> characters (the extension kept); "upload" when nothing is left.
    /// </summary>
    public static string SanitizeFileName(string? raw)
    {
        if (string.IsNullOrWhiteSpace(raw))
        {
            return FallbackFileName;
        }

        var name = raw;
        var slash = name.LastIndexOfAny(['/', '\\']);
        if (slash >= 0)
        {
            name = name[(slash + 1)..];
        }

        try
        {
            name = name.Normalize(NormalizationForm.FormC);
        }
        catch (ArgumentException)
        {
            // Invalid UTF-16 (a lone surrogate): the filter below drops it.
        }

        var builder = new StringBuilder(name.Length);
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (char.IsHighSurrogate(c) && i + 1 < name.Length && char.IsLowSurrogate(name[i + 1]))
            {
                builder.Append(c).Append(name[i + 1]);
                i++;
                continue;
            }

            var category = char.GetUnicodeCategory(c);
            if (char.IsControl(c) || char.IsSurrogate(c) || category is UnicodeCategory.Format or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator)
            {
                continue;
            }

            builder.Append(c is '<' or '>' or ':' or '"' or '|' or '?' or '*' ? '_' : char.IsWhiteSpace(c) ? ' ' : c);
        }

        name = builder.ToString().Trim().TrimEnd('.', ' ');
        if (name.Length == 0 || name.All(c => c == '.'))
        {
            return FallbackFileName;
        }

        if (name.Length > FileNameMaxLength)
        {
            var dot = name.LastIndexOf('.');
            var extension = dot > 0 && name.Length - dot <= MaxKeptExtensionLength ? name[dot..] : "";
            name = TextCut.Head(name, FileNameMaxLength - extension.Length).TrimEnd('.', ' ') + extension;
        }

        return name;
    }

    /// <summary>The optional title (trimmed, blank is none) and tags (normalized, distinct) of an upload.</summary>
    internal static (string? Title, IReadOnlyList<string> Tags) Details(string? title, IReadOnlyList<string>? tags, KmtLimits limits, Validation validation)
    {
        var trimmed = title?.Trim();
        if (string.IsNullOrEmpty(trimmed))
        {
            trimmed = null;
        }
        else if (trimmed.Length > limits.TitleMaxLength)
        {
            validation.Add("title", $"title must be at most {limits.TitleMaxLength} characters.");
        }

        return (trimmed, KnowledgeInputValidator.Tags(tags, limits, validation));
    }

    internal static string Megabytes(long bytes) =>
        (bytes / (1024d * 1024d)).ToString(bytes % (1024 * 1024) == 0 ? "0" : "0.#", CultureInfo.InvariantCulture) + " MB";

    /// <summary>PAYLOAD_TOO_LARGE for a file over <paramref name="maxBytes"/> (the multipart reader stops at it too).</summary>
    public static KmtException TooLarge(long maxBytes) =>
        new(ErrorCode.PayloadTooLarge, $"The file is larger than the {Megabytes(maxBytes)} limit.", new Dictionary<string, object> { ["max_bytes"] = maxBytes });

    /// <summary>The reason an upload over <paramref name="maxBytes"/> fails with.</summary>
    public static string TooLargeReason(long maxBytes) => $"The file is larger than the {Megabytes(maxBytes)} limit.";
}
