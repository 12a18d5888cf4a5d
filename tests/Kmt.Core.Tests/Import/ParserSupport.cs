using System.Text;
using Kmt.Core.Import;
using Kmt.Core.Import.Formats;

namespace Kmt.Core.Tests.Import;

internal static class ParserSupport
{
    public static readonly DateTimeOffset Now = new(2025, 6, 1, 12, 0, 0, TimeSpan.Zero);

    public static ImportParseContext Context(Action<ImportOptions>? configure = null)
    {
        var options = new ImportOptions();
        configure?.Invoke(options);
        return new ImportParseContext(options, Now);
    }

    public static List<ImportRecord> Parse(Func<Stream, ImportParseContext, IEnumerable<ImportRecord>> parser, string text, ImportParseContext? context = null)
    {
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(text));
        return parser(stream, context ?? Context()).ToList();
    }
}
