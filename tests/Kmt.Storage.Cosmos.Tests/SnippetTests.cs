using Kmt.Storage.Cosmos.Knowledge;

namespace Kmt.Storage.Cosmos.Tests;

public class SnippetTests
{
    private static readonly HighlightTerm[] Quantum = [new("quantum", false)];

    [Fact]
    public void Marks_whole_words_case_insensitively_and_escapes_the_rest()
    {
        var snippet = SearchSnippets.Build("Title", "A <b>Quantum</b> & quantumness \"quantum\"", Quantum);
        Assert.Equal("A &lt;b&gt;<mark>Quantum</mark>&lt;/b&gt; &amp; quantumness &quot;<mark>quantum</mark>&quot;", snippet);
    }

    [Fact]
    public void A_prefix_marks_every_word_starting_with_it()
    {
        var snippet = SearchSnippets.Build("", "programming programs pro", [new HighlightTerm("progr", true)]);
        Assert.Equal("<mark>programming</mark> <mark>programs</mark> pro", snippet);
    }

    [Fact]
    public void A_late_match_gets_a_window_with_ellipses()
    {
        var words = Enumerable.Range(0, 100).Select(i => "w" + i).ToList();
        words[50] = "quantum";
        var snippet = SearchSnippets.Build("", string.Join(' ', words), Quantum);

        Assert.StartsWith("…w46 w47 w48 w49 <mark>quantum</mark> w51", snippet);
        Assert.EndsWith("w69…", snippet);
    }

    [Fact]
    public void Falls_back_to_the_title_when_only_it_matches_then_to_the_content_start_then_the_title()
    {
        Assert.Equal("<mark>Quantum</mark> &amp; more", SearchSnippets.Build("Quantum & more", "nothing here", Quantum));
        Assert.Equal("stemmed &lt;text&gt;", SearchSnippets.Build("Title", "stemmed <text>", Quantum));
        Assert.Equal("Only &#x27;title&#x27;", SearchSnippets.Build("Only 'title'", "", Quantum));
    }

    [Fact]
    public void Stored_mark_tags_are_escaped_so_mark_is_the_only_markup()
    {
        var snippet = SearchSnippets.Build("", "<mark>quantum</mark>", Quantum);
        Assert.Equal("&lt;mark&gt;<mark>quantum</mark>&lt;/mark&gt;", snippet);
    }
}
