using System.Text;

namespace Kmt.Core.Import.Formats;

/// <summary>
/// RFC 4180 records: comma-separated, fields in double quotes may hold commas, line breaks and ""
/// for a quote. Each record reports the line it starts on; a record longer than the limit is
/// reported as too long (null fields) and skipped to its end.
/// </summary>
internal sealed class CsvRecordReader(TextReader reader, int maxCharacters)
{
    private int _line = 1;
    private bool _first = true;

    /// <summary>False at the end; otherwise the record's first line and its fields (null when it was too long).</summary>
    public bool TryRead(out int line, out IReadOnlyList<string>? fields)
    {
        line = _line;
        fields = null;
        if (reader.Peek() == -1)
        {
            return false;
        }

        var result = new List<string>();
        var field = new StringBuilder();
        var length = 0;
        var quoted = false;
        var tooLong = false;
        while (true)
        {
            var c = reader.Read();
            if (_first)
            {
                _first = false;
                if (c == '\uFEFF')
                {
                    continue;
                }
            }

            if (c == -1)
            {
                result.Add(field.ToString());
                break;
            }

            if (c == '\n' || (c == '\r' && reader.Peek() != '\n'))
            {
                _line++;
            }

            if (quoted)
            {
                if (c == '"')
                {
                    if (reader.Peek() == '"')
                    {
                        reader.Read();
                        Append('"');
                    }
                    else
                    {
                        quoted = false;
                    }
                }
                else
                {
                    Append((char)c);
                }

                continue;
            }

            if (c == '"' && field.Length == 0)
            {
                quoted = true;
            }
            else if (c == ',')
            {
                result.Add(field.ToString());
                field.Clear();
            }
            else if (c == '\r' && reader.Peek() == '\n')
            {
                // the \n that follows ends the record
            }
            else if (c is '\n' or '\r')
            {
                result.Add(field.ToString());
                break;
            }
            else
            {
                Append((char)c);
            }
        }

        fields = tooLong ? null : result;
        return true;

        void Append(char c)
        {
            if (++length > maxCharacters)
            {
                tooLong = true;
                return;
            }

            field.Append(c);
        }
    }
}
