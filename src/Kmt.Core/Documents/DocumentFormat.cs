namespace Kmt.Core.Documents;

/// <summary>The document formats KMT ingests, recognised by their bytes (<see cref="DocumentFormatSniffer"/>).</summary>
public enum DocumentFormat
{
    Pdf,
    Docx,
    Html,
    Markdown,
    PlainText,
}
