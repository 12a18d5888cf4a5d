using System.Net;
using System.Text.RegularExpressions;
using Ganss.Xss;

namespace Kmt.Core.Knowledge;

/// <summary>Cleans HTML content and counts the words a reader sees.</summary>
internal static partial class KnowledgeContent
{
    // One instance for the process: configuration is fixed here, and Sanitize is safe to call concurrently.
    // Its defaults keep ordinary formatting (p, b, i, lists, tables, links, images) and drop scripts,
    // event-handler attributes and any URL scheme but http and https; mailto links are allowed too.
    private static readonly HtmlSanitizer Sanitizer = CreateSanitizer();

    public static string Sanitize(string html) => Sanitizer.Sanitize(html);

    /// <summary>Words in the visible text: tags are not words, and entities count as the characters they stand for.</summary>
    public static int CountWords(string content, string contentType)
    {
        var text = contentType == ContentTypes.Html ? WebUtility.HtmlDecode(Tag().Replace(content, " ")) : content;
        var words = 0;
        foreach (var word in text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
        {
            // "-", "#" or "|" alone (markdown punctuation) is not a word.
            if (word.Any(char.IsLetterOrDigit))
            {
                words++;
            }
        }

        return words;
    }

    private static HtmlSanitizer CreateSanitizer()
    {
        var sanitizer = new HtmlSanitizer();
        sanitizer.AllowedSchemes.Add("mailto");
        return sanitizer;
    }

    [GeneratedRegex("<[^>]*>")]
    private static partial Regex Tag();
}
