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
        // Runs of non-whitespace (what Split(null) separates) with a letter or digit in them: "-", "#" or
        // "|" alone (markdown punctuation) is not a word. Counted in place: every create and replace
        // counts its content, and splitting allocated a string per word.
        var words = 0;
        var inWord = false;
        var hasLetterOrDigit = false;
        foreach (var c in text)
        {
            if (char.IsWhiteSpace(c))
            {
                if (inWord && hasLetterOrDigit)
                {
                    words++;
                }

                inWord = false;
                hasLetterOrDigit = false;
                continue;
            }

            inWord = true;
            hasLetterOrDigit |= char.IsLetterOrDigit(c);
        }

        return inWord && hasLetterOrDigit ? words + 1 : words;
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
