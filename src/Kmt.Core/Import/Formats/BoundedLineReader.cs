using System.Text;

namespace Kmt.Core.Import.Formats;

/// <summary>
/// Reads lines (\n, \r\n or \r) with their 1-based numbers, never holding more than the line limit:
/// a longer line is reported as too long and skipped to its end, so one bad line cannot exhaust memory.
/// </summary>
internal sealed class BoundedLineReader(TextReader reader, int maxCharacters)
{
    private readonly StringBuilder _line = new();

    public int LineNumber { get; private set; }

    /// <summary>False at the end; otherwise the line (null when it was longer than the limit).</summary>
    public bool TryRead(out string? line)
    {
        _line.Clear();
        var tooLong = false;
        var any = false;
        while (true)
        {
            var c = reader.Read();
            if (c == -1)
            {
                break;
            }

            any = true;
            if (c == '\n')
            {
                break;
            }

            if (c == '\r')
            {
                if (reader.Peek() == '\n')
                {
                    reader.Read();
                }

                break;
            }

            if (_line.Length >= maxCharacters)
            {
                tooLong = true;
                continue;
            }

            _line.Append((char)c);
        }

        if (!any)
        {
            line = null;
            return false;
        }

        LineNumber++;
        line = tooLong ? null : _line.ToString();
        if (LineNumber == 1 && line is { Length: > 0 } && line[0] == '\uFEFF')
        {
            line = line[1..];
        }

        return true;
    }
}
