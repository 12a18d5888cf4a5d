using Kmt.Core.Common;

namespace Kmt.Core.Tests.Common;

public class TextCutTests
{
    private const string Emoji = "\U0001F600"; // one code point, two UTF-16 chars

    [Fact]
    public void Text_that_fits_is_returned_as_is()
    {
        Assert.Same("abc", TextCut.Head("abc", 3));
        Assert.Equal("", TextCut.Head("", 0));
    }

    [Fact]
    public void Cuts_at_the_limit_counted_in_utf16_chars()
    {
        Assert.Equal("ab", TextCut.Head("abcdef", 2));
        Assert.Equal("a" + Emoji, TextCut.Head("a" + Emoji + "b", 3));
    }

    [Fact]
    public void Never_keeps_half_of_a_surrogate_pair()
    {
        // "a" + high + low: a cut at 2 would keep the lone high surrogate.
        var cut = TextCut.Head("a" + Emoji + "b", 2);
        Assert.Equal("a", cut);
        Assert.All(cut, c => Assert.False(char.IsSurrogate(c)));
    }

    [Fact]
    public void Cuts_text_made_only_of_pairs_at_an_even_length()
    {
        var text = string.Concat(Enumerable.Repeat(Emoji, 300));
        var cut = TextCut.Head(text, 501);
        Assert.Equal(500, cut.Length);
        Assert.True(char.IsLowSurrogate(cut[^1]));
    }

    [Fact]
    public void Null_stays_null_and_negative_limits_are_refused()
    {
        Assert.Null(TextCut.HeadOrNull(null, 5));
        Assert.Throws<ArgumentOutOfRangeException>(() => TextCut.Head("abc", -1));
    }
}
