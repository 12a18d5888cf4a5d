using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using Kmt.Core.Documents;

namespace Kmt.Documents.Extraction;

// Inside the namespace so it wins over the DocumentFormat.OpenXml root namespace.
using DocumentFormat = Kmt.Core.Documents.DocumentFormat;

/// <summary>
/// HTML through AngleSharp (an HTML5-conformant parser): only the text a reader would see. Dropped:
/// script, style, noscript, template, svg, iframe/object/embed, select, the whole head (except that
/// &lt;title&gt; becomes the title), comments, elements hidden with the hidden attribute,
/// aria-hidden="true" or an inline display:none / visibility:hidden style. Attributes (event handlers,
/// URLs) never reach the text. Block elements produce paragraph breaks, &lt;br&gt; and list items line
/// breaks, &lt;pre&gt; keeps its lines; entities are decoded by the parser.
/// Encoding: a BOM, else a &lt;meta charset&gt; / http-equiv declaration in the first 1 KB, else UTF-8.
/// </summary>
public sealed partial class HtmlExtractor : IDocumentExtractor
{
    private static readonly HashSet<string> Skipped = new(StringComparer.OrdinalIgnoreCase)
    {
        "script", "style", "noscript", "template", "head", "svg", "iframe", "object", "embed", "canvas",
        "select", "datalist", "audio", "video", "map", "title",
    };

    private static readonly HashSet<string> Blocks = new(StringComparer.OrdinalIgnoreCase)
    {
        "p", "div", "section", "article", "header", "footer", "nav", "aside", "main", "h1", "h2", "h3", "h4",
        "h5", "h6", "ul", "ol", "dl", "table", "thead", "tbody", "tfoot", "blockquote", "pre", "figure",
        "figcaption", "address", "hr", "form", "fieldset", "legend", "details", "summary", "caption", "body",
        "center", "dialog", "hgroup", "menu",
    };

    private static readonly HashSet<string> Lines = new(StringComparer.OrdinalIgnoreCase)
    {
        "li", "tr", "dt", "dd", "option",
    };

    public DocumentFormat Format => DocumentFormat.Html;

    public async Task<ExtractedDocument> ExtractAsync(Stream content, ExtractionLimits limits, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentNullException.ThrowIfNull(limits);

        var bytes = await ExtractionIo.ReadAllAsync(content, limits.MaxUncompressedBytes, cancellationToken).ConfigureAwait(false);
        var html = Decode(bytes.Span);
        cancellationToken.ThrowIfCancellationRequested();

        var parser = new HtmlParser(new HtmlParserOptions { IsScripting = false });
        using var document = parser.ParseDocument(html);
        cancellationToken.ThrowIfCancellationRequested();

        var text = new TextBuilder(limits.MaxTextCharacters);
        var headings = new List<string>();
        Walk(document.Body ?? (INode?)document.DocumentElement, text, headings, cancellationToken);

        var title = NullIfEmpty(document.Title)
                    ?? NullIfEmpty(Meta(document, "meta[property='og:title']"))
                    ?? NullIfEmpty(Meta(document, "meta[name='twitter:title']"));
        var author = NullIfEmpty(Meta(document, "meta[name='author']"))
                     ?? NullIfEmpty(Meta(document, "meta[property='article:author']"));
        var dateText = Meta(document, "meta[property='article:published_time']")
                       ?? Meta(document, "meta[name='date']")
                       ?? Meta(document, "meta[name='dcterms.created']");
        DateTimeOffset? created = DateTimeOffset.TryParse(dateText, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var d)
            ? d
            : null;

        return new ExtractedDocument
        {
            Text = text.ToString(),
            Title = title is null ? null : Collapse(title),
            Author = author is null ? null : Collapse(author),
            CreatedAt = created,
            Headings = headings,
        };
    }

    private static string? Meta(IDocument document, string selector) => document.QuerySelector(selector)?.GetAttribute("content");

    private static string? NullIfEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;

    private static string Collapse(string value)
    {
        var builder = new TextBuilder(int.MaxValue);
        builder.Append(value);
        return builder.ToString();
    }

    /// <summary>Depth-first walk with an explicit stack: hostile pages nest elements deeply enough to overflow recursion.</summary>
    private static void Walk(INode? root, TextBuilder text, List<string> headings, CancellationToken cancellationToken)
    {
        if (root is null)
        {
            return;
        }

        // (node, exiting): exiting entries close an element (break after blocks, heading capture, pre).
        var stack = new Stack<(INode Node, bool Exiting)>();
        stack.Push((root, false));
        var preDepth = 0;
        TextBuilder? heading = null;
        IElement? headingElement = null;
        var visited = 0;

        while (stack.Count > 0)
        {
            if (++visited % 1024 == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            var (node, exiting) = stack.Pop();
            if (node is IElement element)
            {
                var name = element.LocalName;
                if (exiting)
                {
                    if (name.Equals("pre", StringComparison.OrdinalIgnoreCase))
                    {
                        preDepth--;
                    }

                    if (ReferenceEquals(element, headingElement) && heading is not null)
                    {
                        var value = heading.ToString();
                        if (value.Length > 0)
                        {
                            headings.Add(value);
                        }

                        heading = null;
                        headingElement = null;
                    }

                    Separate(name, text);
                    continue;
                }

                if (Skipped.Contains(name) || IsHidden(element))
                {
                    continue;
                }

                if (name.Equals("br", StringComparison.OrdinalIgnoreCase))
                {
                    text.LineBreak();
                    heading?.Space();
                    continue;
                }

                if (name.Equals("img", StringComparison.OrdinalIgnoreCase) || name.Equals("input", StringComparison.OrdinalIgnoreCase))
                {
                    continue;
                }

                Separate(name, text);
                if (name.Equals("td", StringComparison.OrdinalIgnoreCase) || name.Equals("th", StringComparison.OrdinalIgnoreCase))
                {
                    text.Space();
                }

                if (name.Equals("pre", StringComparison.OrdinalIgnoreCase))
                {
                    preDepth++;
                }

                if (heading is null && name.Length == 2 && (name[0] is 'h' or 'H') && name[1] is >= '1' and <= '6')
                {
                    heading = new TextBuilder(int.MaxValue);
                    headingElement = element;
                }

                stack.Push((node, true));
                for (var child = node.LastChild; child is not null; child = child.PreviousSibling)
                {
                    stack.Push((child, false));
                }
            }
            else if (node is IText textNode)
            {
                text.Append(textNode.Data, keepLineBreaks: preDepth > 0);
                heading?.Append(textNode.Data);
            }
            else if (node.NodeType is NodeType.Document or NodeType.DocumentFragment)
            {
                for (var child = node.LastChild; child is not null; child = child.PreviousSibling)
                {
                    stack.Push((child, false));
                }
            }

            // Comments, processing instructions, doctype: nothing visible.
        }
    }

    private static void Separate(string name, TextBuilder text)
    {
        if (Blocks.Contains(name))
        {
            text.ParagraphBreak();
        }
        else if (Lines.Contains(name))
        {
            text.LineBreak();
        }
    }

    private static bool IsHidden(IElement element)
    {
        if (element.HasAttribute("hidden"))
        {
            return true;
        }

        if (string.Equals(element.GetAttribute("aria-hidden"), "true", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        var style = element.GetAttribute("style");
        return style is not null && HiddenStyle().IsMatch(style);
    }

    [GeneratedRegex(@"(display\s*:\s*none|visibility\s*:\s*hidden)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex HiddenStyle();

    [GeneratedRegex(@"<meta[^>]+charset\s*=\s*[""']?\s*([A-Za-z0-9_\-:.]+)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex MetaCharset();

    /// <summary>BOM, else the meta charset in the first 1 KB (the HTML prescan window), else UTF-8.</summary>
    internal static string Decode(ReadOnlySpan<byte> bytes)
    {
        if (ExtractionIo.DetectBom(bytes) is not null)
        {
            return ExtractionIo.Decode(bytes);
        }

        var head = Encoding.Latin1.GetString(bytes[..Math.Min(bytes.Length, 1024)]);
        var match = MetaCharset().Match(head);
        var encoding = Encoding.UTF8;
        if (match.Success)
        {
            try
            {
                encoding = Encoding.GetEncoding(match.Groups[1].Value);
                // A page that claims UTF-16 in ASCII-compatible bytes is really ASCII-compatible (HTML spec).
                if (encoding is UnicodeEncoding || encoding.CodePage is 1200 or 1201)
                {
                    encoding = Encoding.UTF8;
                }
            }
            catch (ArgumentException)
            {
                encoding = Encoding.UTF8;
            }
        }

        return ExtractionIo.Decode(bytes, encoding);
    }
}
