using System.Text;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using UglyToad.PdfPig.Core;
using UglyToad.PdfPig.Fonts.Standard14Fonts;
using UglyToad.PdfPig.Writer;

namespace Kmt.EndToEnd.Tests.Uploads;

/// <summary>Real documents, built by the tests, with known text in known places.</summary>
public static class TestDocuments
{
    public static readonly string[] Paragraphs =
    [
        "Photosynthesis converts light energy into chemical energy stored in glucose molecules.",
        "Chlorophyll absorbs red and blue light while reflecting green wavelengths back to the observer.",
        "The Calvin cycle fixes carbon dioxide from the atmosphere into organic compounds inside the stroma.",
        "Researchers at the University of Oxford measured how leaves respond to changing light conditions.",
        "Water splitting in photosystem two releases oxygen as a by-product of the light reactions.",
        "Plants in shaded forests adapt by increasing the size of their light harvesting antenna complexes.",
    ];

    /// <summary>A PDF of <paramref name="pages"/> pages; <paramref name="secret"/> appears once, on the last page.</summary>
    public static byte[] Pdf(int pages, string secret, string title = "Light and Leaves")
    {
        var builder = new PdfDocumentBuilder();
        builder.DocumentInformation.Title = title;
        builder.DocumentInformation.Author = "Test Author";
        var font = builder.AddStandard14Font(Standard14Font.Helvetica);
        for (var p = 1; p <= pages; p++)
        {
            var page = builder.AddPage(UglyToad.PdfPig.Content.PageSize.A4);
            var y = 780.0;
            foreach (var line in PageLines(p, pages, secret))
            {
                page.AddText(line, 10, new PdfPoint(40, y), font);
                y -= 14;
            }
        }

        return builder.Build();
    }

    public static byte[] Docx(string secret, string title = "Notes on Photosynthesis")
    {
        using var stream = new MemoryStream();
        using (var document = WordprocessingDocument.Create(stream, WordprocessingDocumentType.Document))
        {
            document.PackageProperties.Title = title;
            document.PackageProperties.Creator = "Test Author";
            var main = document.AddMainDocumentPart();
            var body = new Body();
            body.Append(Heading(title));
            foreach (var text in Paragraphs.Concat([secret]).Concat(Paragraphs))
            {
                body.Append(new Paragraph(new Run(new Text(text))));
            }

            main.Document = new Document(body);
            main.Document.Save();
        }

        return stream.ToArray();
    }

    public static byte[] Html(string secret) => Encoding.UTF8.GetBytes($$"""
        <!DOCTYPE html>
        <html><head><title>Forest Light</title><style>body { color: red }</style>
        <script>var leaked = "script-text-must-not-appear";</script></head>
        <body><h1>Forest Light</h1>
        {{string.Join("\n", Paragraphs.Select(p => $"<p onclick=\"steal()\">{p}</p>"))}}
        <p>{{secret}}</p>
        <script>document.write("more-script-text")</script>
        </body></html>
        """);

    public static byte[] Markdown(string secret) => Encoding.UTF8.GetBytes(
        "# Understanding Chlorophyll\n\n" + string.Join("\n\n", Paragraphs) + "\n\n- " + secret + "\n\n## Further reading\n\nSee [the notes](https://example.com).\n");

    private static IEnumerable<string> PageLines(int page, int pages, string secret)
    {
        yield return $"Chapter {page}";
        for (var i = 0; i < 4; i++)
        {
            foreach (var paragraph in Paragraphs)
            {
                yield return paragraph;
            }
        }

        if (page == pages)
        {
            yield return secret;
        }
    }

    private static Paragraph Heading(string text) =>
        new(new ParagraphProperties(new ParagraphStyleId { Val = "Heading1" }), new Run(new Text(text)));
}
