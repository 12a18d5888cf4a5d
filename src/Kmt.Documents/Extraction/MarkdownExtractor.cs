using System.Globalization;
using System.Text.RegularExpressions;
using Kmt.Core.Documents;
using Markdig;
using Markdig.Extensions.Tables;
using Markdig.Extensions.Yaml;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace Kmt.Documents.Extraction;

// Inside the namespace so it wins over the DocumentFormat.OpenXml root namespace.
using DocumentFormat = Kmt.Core.Documents.DocumentFormat;

/// <summary>
/// Markdown (CommonMark + pipe tables + YAML front matter) rendered to plain text: paragraphs, list
/// items, quotes, table rows and code blocks each keep their own paragraph/line, inline markup is
/// dropped (link text kept, image alt text kept), raw HTML loses its tags (script/style content is
/// dropped). Title: front matter "title", else the first H1. Author/date from front matter.
/// </summary>
public sealed partial class MarkdownExtractor : IDocumentExtractor
{
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder()
        .UseYamlFrontMatter()
        .UsePipeTables()
        .UseGridTables()
        .Build();

    public DocumentFormat Format => DocumentFormat.Markdown;

    public async Task<ExtractedDocument> ExtractAsync(Stream content, ExtractionLimits limits, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentNullException.ThrowIfNull(limits);

        // Markup costs characters too: allow twice the text limit in raw Markdown.
        var markdown = await ExtractionIo.ReadTextAsync(content, 2L * limits.MaxTextCharacters, cancellationToken).ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();

        var document = Markdown.Parse(markdown, Pipeline);
        var state = new RenderState(new TextBuilder(limits.MaxTextCharacters), cancellationToken);
        FrontMatter? frontMatter = null;
        foreach (var block in document)
        {
            if (block is YamlFrontMatterBlock yaml)
            {
                frontMatter = ParseFrontMatter(yaml.Lines.ToString());
                continue;
            }

            RenderBlock(block, state);
        }

        return new ExtractedDocument
        {
            Text = state.Text.ToString(),
            Title = frontMatter?.Title ?? state.FirstH1,
            Author = frontMatter?.Author,
            CreatedAt = frontMatter?.Date,
            Headings = state.Headings,
        };
    }

    private sealed class RenderState(TextBuilder text, CancellationToken cancellationToken)
    {
        public TextBuilder Text { get; } = text;
        public CancellationToken CancellationToken { get; } = cancellationToken;
        public List<string> Headings { get; } = [];
        public string? FirstH1 { get; set; }
        public int Blocks { get; set; }
    }

    private static void RenderBlock(Block block, RenderState state)
    {
        if (++state.Blocks % 256 == 0)
        {
            state.CancellationToken.ThrowIfCancellationRequested();
        }

        var text = state.Text;
        switch (block)
        {
            case HeadingBlock heading:
            {
                text.ParagraphBreak();
                var headingText = new TextBuilder(int.MaxValue);
                RenderInlines(heading.Inline, headingText);
                var value = headingText.ToString();
                if (value.Length > 0)
                {
                    state.Headings.Add(value);
                    if (heading.Level == 1)
                    {
                        state.FirstH1 ??= value;
                    }
                }

                text.Append(value);
                text.ParagraphBreak();
                break;
            }

            case ParagraphBlock paragraph:
                text.ParagraphBreak();
                RenderInlines(paragraph.Inline, text);
                text.ParagraphBreak();
                break;

            case YamlFrontMatterBlock: // a CodeBlock too: metadata, not text
                break;

            case CodeBlock code: // fenced and indented
                text.ParagraphBreak();
                text.Append(code.Lines.ToString(), keepLineBreaks: true);
                text.ParagraphBreak();
                break;

            case HtmlBlock html:
                text.ParagraphBreak();
                text.Append(StripHtml(html.Lines.ToString()));
                text.ParagraphBreak();
                break;

            case Table table:
                text.ParagraphBreak();
                foreach (var rowBlock in table)
                {
                    if (rowBlock is not TableRow row)
                    {
                        continue;
                    }

                    var first = true;
                    foreach (var cellBlock in row)
                    {
                        if (!first)
                        {
                            text.Append(" | ");
                        }

                        first = false;
                        if (cellBlock is TableCell cell)
                        {
                            foreach (var inner in cell)
                            {
                                if (inner is LeafBlock { Inline: not null } leaf)
                                {
                                    RenderInlines(leaf.Inline, text);
                                }
                            }
                        }
                    }

                    text.LineBreak();
                }

                text.ParagraphBreak();
                break;

            case ListItemBlock item:
                text.LineBreak();
                foreach (var child in item)
                {
                    if (child is ParagraphBlock p)
                    {
                        // Tight list paragraphs stay on the item's line.
                        RenderInlines(p.Inline, text);
                        text.LineBreak();
                    }
                    else
                    {
                        RenderBlock(child, state);
                    }
                }

                break;

            case ThematicBreakBlock:
            case LinkReferenceDefinitionGroup:
                text.ParagraphBreak();
                break;

            case ContainerBlock container: // lists, quotes, others
                text.ParagraphBreak();
                foreach (var child in container)
                {
                    RenderBlock(child, state);
                }

                text.ParagraphBreak();
                break;

            case LeafBlock leaf when leaf.Inline is not null:
                text.ParagraphBreak();
                RenderInlines(leaf.Inline, text);
                text.ParagraphBreak();
                break;
        }
    }

    private static void RenderInlines(ContainerInline? container, TextBuilder text)
    {
        if (container is null)
        {
            return;
        }

        for (var inline = container.FirstChild; inline is not null; inline = inline.NextSibling)
        {
            switch (inline)
            {
                case LiteralInline literal:
                    text.Append(literal.Content.AsSpan());
                    break;
                case CodeInline code:
                    text.Append(code.Content);
                    break;
                case LineBreakInline lineBreak:
                    if (lineBreak.IsHard)
                    {
                        text.LineBreak();
                    }
                    else
                    {
                        text.Space();
                    }

                    break;
                case HtmlEntityInline entity:
                    text.Append(entity.Transcoded.AsSpan());
                    break;
                case AutolinkInline autolink:
                    text.Append(autolink.Url);
                    break;
                case HtmlInline:
                    break; // tags only; the text between them is in literals
                case ContainerInline nested: // emphasis, links (text), images (alt)
                    RenderInlines(nested, text);
                    break;
            }
        }
    }

    private static string StripHtml(string html)
    {
        var withoutCode = ScriptOrStyle().Replace(html, " ");
        withoutCode = HtmlComment().Replace(withoutCode, " ");
        var withoutTags = HtmlTag().Replace(withoutCode, " ");
        return System.Net.WebUtility.HtmlDecode(withoutTags);
    }

    [GeneratedRegex(@"<(script|style|template|noscript)\b[^>]*>.*?</\1\s*>", RegexOptions.IgnoreCase | RegexOptions.Singleline | RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex ScriptOrStyle();

    [GeneratedRegex(@"<!--.*?-->", RegexOptions.Singleline | RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex HtmlComment();

    [GeneratedRegex(@"<[^>]*>", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex HtmlTag();

    internal sealed record FrontMatter(string? Title, string? Author, DateTimeOffset? Date);

    /// <summary>
    /// A deliberately simple YAML reader: top-level "key: value" lines only (quotes stripped), which is
    /// what title/author/date are in practice. Lists (authors: - a) take the first item.
    /// </summary>
    internal static FrontMatter ParseFrontMatter(string yaml)
    {
        string? title = null, author = null;
        DateTimeOffset? date = null;
        string? pendingListKey = null;
        foreach (var rawLine in yaml.Split('\n'))
        {
            var line = rawLine.TrimEnd('\r');
            if (line.Trim() is "---" or "..." or "")
            {
                continue;
            }

            if (pendingListKey is not null && line.TrimStart().StartsWith("- ", StringComparison.Ordinal))
            {
                var item = Unquote(line.TrimStart()[2..]);
                if (pendingListKey is "author" or "authors")
                {
                    author ??= item;
                }

                pendingListKey = null;
                continue;
            }

            pendingListKey = null;
            if (char.IsWhiteSpace(line[0]))
            {
                continue; // nested mapping
            }

            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                continue;
            }

            var key = line[..colon].Trim().ToLowerInvariant();
            var value = Unquote(line[(colon + 1)..]);
            if (value.Length == 0)
            {
                pendingListKey = key;
                continue;
            }

            switch (key)
            {
                case "title":
                    title ??= value;
                    break;
                case "author" or "authors":
                    author ??= value.TrimStart('[').TrimEnd(']').Split(',')[0].Trim().Trim('"', '\'');
                    break;
                case "date" or "created":
                    if (DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
                    {
                        date ??= parsed;
                    }

                    break;
            }
        }

        return new FrontMatter(NullIfEmpty(title), NullIfEmpty(author), date);
    }

    private static string Unquote(string value)
    {
        value = value.Trim();
        if (value.Length >= 2 && (value[0] == '"' && value[^1] == '"' || value[0] == '\'' && value[^1] == '\''))
        {
            value = value[1..^1];
        }

        return value.Trim();
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
