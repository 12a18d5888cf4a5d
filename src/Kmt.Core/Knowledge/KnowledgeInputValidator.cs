using Kmt.Core.Common;
using Kmt.Core.Tags;

namespace Kmt.Core.Knowledge;

/// <summary>An item's fields after validation and normalization, ready to store.</summary>
internal sealed record ValidKnowledgeInput(
    string Title,
    string Content,
    string ContentType,
    string? SourceUrl,
    string? SourceType,
    IReadOnlyList<string> Tags,
    string MetadataJson,
    bool IsArchived,
    int WordCount);

/// <summary>
/// The rules of the seed's 6.3.1 for POST and PUT knowledge. Reports every problem at once, with
/// field names as they are on the wire.
/// </summary>
internal static class KnowledgeInputValidator
{
    public const int SourceTypeMaxLength = 50;
    public const string DefaultContentType = "text";

    public static ValidKnowledgeInput Validate(KnowledgeInput input, KmtLimits limits)
    {
        ArgumentNullException.ThrowIfNull(input);
        var validation = new Validation();

        var title = input.Title?.Trim();
        if (string.IsNullOrEmpty(title))
        {
            validation.Add("title", "title is required.");
        }
        else if (title.Length > limits.TitleMaxLength)
        {
            validation.Add("title", $"title must be at most {limits.TitleMaxLength} characters.");
        }

        var content = input.Content ?? "";
        validation.Require(content.Length <= limits.ContentMaxLength, "content", $"content must be at most {limits.ContentMaxLength} characters.");

        var contentType = ContentType(input.ContentType, validation);
        var sourceUrl = SourceUrl(input.SourceUrl, limits, validation);

        var sourceType = input.SourceType?.Trim();
        if (string.IsNullOrEmpty(sourceType))
        {
            sourceType = null;
        }
        else
        {
            validation.Require(sourceType.Length <= SourceTypeMaxLength, "source_type", $"source_type must be at most {SourceTypeMaxLength} characters.");
        }

        var tags = Tags(input.Tags, limits, validation);
        var metadata = JsonObjects.Validate(input.Metadata, limits.MetadataMaxBytes, "metadata", validation);

        validation.ThrowIfInvalid();

        // Sanitized after the length check: the limit applies to what the client sent, which it can
        // see; sanitizing may shorten it (or lengthen it slightly by escaping a bare "&").
        if (contentType == ContentTypes.Html)
        {
            content = KnowledgeContent.Sanitize(content);
        }

        return new ValidKnowledgeInput(
            title!,
            content,
            contentType!,
            sourceUrl,
            sourceType,
            tags,
            metadata!,
            input.IsArchived ?? false,
            KnowledgeContent.CountWords(content, contentType!));
    }

    /// <summary>Lower-cased; null when it is not one of <see cref="ContentTypes.All"/>. Blank means the default.</summary>
    public static string? ContentType(string? raw, Validation validation, bool blankMeansDefault = true)
    {
        var contentType = raw?.Trim().ToLowerInvariant();
        if (string.IsNullOrEmpty(contentType))
        {
            return blankMeansDefault ? DefaultContentType : null;
        }

        if (!ContentTypes.All.Contains(contentType))
        {
            validation.Add("content_type", $"content_type must be one of: {string.Join(", ", ContentTypes.All.Order(StringComparer.Ordinal))}.");
            return null;
        }

        return contentType;
    }

    /// <summary>Normalized tag paths, duplicates dropped (first occurrence kept), errors as "{field}[i]".</summary>
    public static IReadOnlyList<string> Tags(IReadOnlyList<string>? raw, KmtLimits limits, Validation validation, string field = "tags")
    {
        if (raw is null || raw.Count == 0)
        {
            return [];
        }

        if (raw.Count > limits.MaxTagsPerItem)
        {
            validation.Add(field, $"An item can have at most {limits.MaxTagsPerItem} tags.");
            return [];
        }

        var tags = new List<string>(raw.Count);
        for (var i = 0; i < raw.Count; i++)
        {
            if (!TagPath.TryNormalize(raw[i], limits.TagMaxLength, out var path, out var problem))
            {
                validation.Add($"{field}[{i}]", problem);
            }
            else if (!tags.Contains(path, StringComparer.Ordinal))
            {
                tags.Add(path);
            }
        }

        return tags;
    }

    private static string? SourceUrl(string? raw, KmtLimits limits, Validation validation)
    {
        var url = raw?.Trim();
        if (string.IsNullOrEmpty(url))
        {
            return null;
        }

        if (url.Length > limits.SourceUrlMaxLength)
        {
            validation.Add("source_url", $"source_url must be at most {limits.SourceUrlMaxLength} characters.");
            return null;
        }

        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)
            || string.IsNullOrEmpty(uri.Host))
        {
            validation.Add("source_url", "source_url must be an absolute http or https URL.");
            return null;
        }

        return url;
    }
}
