namespace Kmt.Core.Import;

/// <summary>The histories POST import reads (docs/api.md, "Import"). Wire names: <see cref="ImportFormats"/>.</summary>
public enum ImportFormat
{
    /// <summary>KMT's own history: JSON lines of capture, read and search events.</summary>
    KmtHistory,

    /// <summary>Readwise's CSV export (one highlight a row).</summary>
    ReadwiseCsv,

    /// <summary>Kindle's "My Clippings.txt".</summary>
    KindleClippings,

    /// <summary>A Markdown / Obsidian vault as a zip.</summary>
    MarkdownVault,

    /// <summary>Browser bookmarks exported as HTML (the Netscape bookmark file format).</summary>
    Bookmarks,
}
