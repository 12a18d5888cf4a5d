using System.Text;
using Kmt.Core.Documents;

namespace Kmt.Documents.Extraction;

/// <summary>
/// Accumulates extracted text with the normalisation every extractor shares: runs of spaces and tabs
/// collapse to one space, lines are trimmed, paragraph breaks become exactly "\n\n", NUL and other
/// control characters (C0 and C1, except line breaks) and lone surrogates are dropped, and the
/// <see cref="ExtractionLimits.MaxTextCharacters"/> limit is enforced while appending (so a huge
/// document is rejected early rather than after it has all been read).
/// </summary>
internal sealed class TextBuilder(int maxCharacters)
{
    private enum Break
    {
        None = 0,
        Space = 1,
        Line = 2,
        Paragraph = 3,
    }

    private readonly StringBuilder _text = new();
    private Break _pending;
    private int _newlinesInRun;
    private bool _lastWasCarriageReturn;

    public int Length => _text.Length;

    /// <summary>Appends text. With <paramref name="keepLineBreaks"/>, "\n" stays a line break and a blank line a paragraph break; otherwise all whitespace is one space.</summary>
    public void Append(ReadOnlySpan<char> text, bool keepLineBreaks = false)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c is '\n' or '\r' or '\u2028' or '\u2029' or '\u0085')
            {
                if (c == '\n' && _lastWasCarriageReturn)
                {
                    _lastWasCarriageReturn = false;
                    continue;
                }

                _lastWasCarriageReturn = c == '\r';
                if (keepLineBreaks)
                {
                    _newlinesInRun++;
                    Raise(_newlinesInRun >= 2 || c == '\u2029' ? Break.Paragraph : Break.Line);
                }
                else
                {
                    Raise(Break.Space);
                }

                continue;
            }

            _lastWasCarriageReturn = false;
            if (char.IsWhiteSpace(c))
            {
                Raise(Break.Space);
                continue;
            }

            if (char.IsControl(c) || c == '\uFEFF' || c == '\uFFFE' || c == '\uFFFF')
            {
                continue;
            }

            if (char.IsHighSurrogate(c))
            {
                if (i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
                {
                    Flush();
                    _text.Append(c).Append(text[i + 1]);
                    i++;
                    CheckLimit();
                }

                continue;
            }

            if (char.IsLowSurrogate(c))
            {
                continue; // lone low surrogate
            }

            Flush();
            _text.Append(c);
            CheckLimit();
        }
    }

    public void Append(string? text, bool keepLineBreaks = false) => Append(text.AsSpan(), keepLineBreaks);

    public void Space() => Raise(Break.Space);

    public void LineBreak() => Raise(Break.Line);

    public void ParagraphBreak() => Raise(Break.Paragraph);

    public override string ToString() => _text.ToString();

    private void Raise(Break value)
    {
        if (value > _pending)
        {
            _pending = value;
        }
    }

    private void Flush()
    {
        if (_pending != Break.None && _text.Length > 0)
        {
            _text.Append(_pending switch
            {
                Break.Space => " ",
                Break.Line => "\n",
                _ => "\n\n",
            });
        }

        _pending = Break.None;
        _newlinesInRun = 0;
    }

    private void CheckLimit()
    {
        if (_text.Length > maxCharacters)
        {
            throw new DocumentRejectedException(
                $"The document has more than {maxCharacters:N0} characters of text; the limit is {maxCharacters:N0}.");
        }
    }
}
