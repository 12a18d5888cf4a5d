using Kmt.Core.Knowledge;

namespace Kmt.Core.Tests.Knowledge;

/// <summary>Core's one rule for snippet HTML, which both store adapters call.</summary>
public sealed class SnippetHtmlTests
{
    [Fact]
    public void Stored_text_never_becomes_markup()
    {
        Assert.Equal(
            "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; &amp; &quot;q&quot; &lt;mark&gt;",
            SnippetHtml.Escape("<script>alert('x')</script> & \"q\" <mark>"));
    }

    [Fact]
    public void Letters_of_every_script_pass_through_and_astral_characters_become_references()
    {
        Assert.Equal("Café 日本語 Ünïcödé", SnippetHtml.Escape("Café 日本語 Ünïcödé"));
        Assert.Equal("ok &#x1F600;", SnippetHtml.Escape("ok 😀"));
        Assert.Equal("", SnippetHtml.Escape(null));
    }

    [Fact]
    public void A_lone_surrogate_cannot_break_the_output()
    {
        var html = SnippetHtml.Escape("a\ud800b");

        Assert.DoesNotContain('\ud800', html);
        Assert.StartsWith("a", html, StringComparison.Ordinal);
        Assert.EndsWith("b", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Mark_escapes_inside_the_only_markup()
    {
        Assert.Equal("<mark>R&amp;D</mark>", SnippetHtml.Mark("R&D"));
    }

    [Theory]
    [InlineData("a \u0001b<i>\u0002 c", "a <mark>b&lt;i&gt;</mark> c")]
    [InlineData("\u0001x\u0002 and \u0001y\u0002", "<mark>x</mark> and <mark>y</mark>")]
    [InlineData("no marks <b>", "no marks &lt;b&gt;")]
    [InlineData("open \u0001to the end", "open <mark>to the end</mark>")]
    [InlineData("\u0001\u0002empty", "empty")]
    public void MarkBetween_marks_only_the_spans_between_placeholders(string raw, string html) =>
        Assert.Equal(html, SnippetHtml.MarkBetween(raw, '\u0001', '\u0002'));
}
