using Kmt.Core.Knowledge;

namespace Kmt.Core.Tests.Knowledge;

public class SearchQueryParserTests
{
    /// <summary>A compact rendering: terms joined by space, "quotes" for phrases, * prefix, - negated, | OR.</summary>
    private static string Render(string input) => string.Join(" ", SearchQueryParser.Parse(input).Clauses.Select(c =>
        (c.OrWithPrevious ? "| " : "") + (c.Negated ? "-" : "") +
        (c.IsPhrase ? "\"" + string.Join(" ", c.Terms) + "\"" : c.Terms.Single()) + (c.IsPrefix ? "*" : "")));

    [Theory]
    [InlineData("machine learning", "machine learning")]
    [InlineData("  Machine   LEARNING  ", "machine learning")]
    [InlineData("\"machine learning\" basics", "\"machine learning\" basics")]
    [InlineData("\"single\"", "single")]
    [InlineData("learn*", "learn*")]
    [InlineData("le*", "le*")]
    [InlineData("l*", "l")]
    [InlineData("learn**", "learn*")]
    [InlineData("\"learn*\"", "learn")]
    [InlineData("-draft notes", "-draft notes")]
    [InlineData("notes NOT draft", "notes -draft")]
    [InlineData("notes -\"first draft\"", "notes -\"first draft\"")]
    [InlineData("cats OR dogs", "cats | dogs")]
    [InlineData("cats OR dogs OR birds", "cats | dogs | birds")]
    [InlineData("cats or dogs", "cats or dogs")]
    [InlineData("cats AND dogs", "cats dogs")]
    [InlineData("OR cats", "cats")]
    [InlineData("cats OR", "cats")]
    [InlineData("cats OR OR dogs", "cats | dogs")]
    [InlineData("cats OR -dogs", "cats -dogs")]
    [InlineData("-cats OR dogs", "-cats dogs")]
    [InlineData("c++", "c")]
    [InlineData("e-mail", "\"e mail\"")]
    [InlineData("e-mail*", "\"e mail\"")]
    [InlineData("don't", "\"don t\"")]
    [InlineData("foo\"bar baz\"", "foo \"bar baz\"")]
    [InlineData("café Straße", "café straße")]
    [InlineData("cafe\u0301 x", "cafe\u0301 x")]
    [InlineData("\u0301abc", "abc")]
    [InlineData("東京 タワー", "東京 タワー")]
    [InlineData("ΑΘΗΝΑ", "αθηνα")]
    [InlineData("𝐀bc", "𝐀bc")]
    public void Parses(string input, string expected)
    {
        Assert.Equal(expected, Render(input));
    }

    [Theory]
    [InlineData("\"unbalanced quote", "unbalanced quote")]
    [InlineData("one \"two three", "one two three")]
    [InlineData("\"a b\" \"c d", "\"a b\" c d")]
    [InlineData("-\"unbalanced words", "-unbalanced words")]
    [InlineData("\"", "")]
    [InlineData("\"\"", "")]
    [InlineData("\"\"\"", "")]
    public void Unbalanced_quotes_read_the_rest_as_plain_words(string input, string expected)
    {
        Assert.Equal(expected, Render(input));
    }

    [Theory]
    [InlineData("*")]
    [InlineData("***")]
    [InlineData("-")]
    [InlineData("- - -")]
    [InlineData("^")]
    [InlineData(":")]
    [InlineData("()")]
    [InlineData("{}[]")]
    [InlineData("😀🎉")]
    [InlineData("   ")]
    [InlineData("")]
    [InlineData("OR AND NOT")]
    [InlineData("\0\u0001\u200b")]
    [InlineData("\ud800")]
    public void Input_without_words_gives_an_empty_query(string input)
    {
        var parsed = SearchQueryParser.Parse(input);

        Assert.Empty(parsed.Clauses);
        Assert.True(parsed.IsEmpty);
    }

    [Theory]
    [InlineData("title:secret", "\"title secret\"")]
    [InlineData("NEAR(", "near")]
    [InlineData("NEAR(a b)", "\"near a\" b")]
    [InlineData("a^2", "\"a 2\"")]
    [InlineData("col:{title content}:x", "\"col title\" \"content x\"")]
    [InlineData("'; DROP TABLE items; --", "drop table items")]
    [InlineData("😀rocket🚀science", "\"rocket science\"")]
    public void Store_syntax_becomes_plain_words(string input, string expected)
    {
        Assert.Equal(expected, Render(input));
    }

    [Fact]
    public void Only_negated_clauses_is_an_empty_query()
    {
        var parsed = SearchQueryParser.Parse("-draft NOT spam");

        Assert.Equal(2, parsed.Clauses.Count);
        Assert.True(parsed.IsEmpty);
    }

    [Fact]
    public void Pending_OR_carries_over_a_clause_with_no_words()
    {
        Assert.Equal("cats | dogs", Render("cats OR ^ dogs"));
    }

    [Fact]
    public void Terms_hold_only_letters_and_digits()
    {
        var hostile = "a\"b*c-d(e)f:g^h'i`j~k;l&m|n\\o/p<q>r{s}t[u]v,w.x?y!z@1#2$3%4 😀 \t\r\n NEAR/2 x*y";

        var parsed = SearchQueryParser.Parse(hostile);

        Assert.NotEmpty(parsed.Clauses);
        Assert.All(parsed.Clauses.SelectMany(c => c.Terms), term =>
        {
            Assert.NotEmpty(term);
            Assert.All(term.EnumerateRunes(), r => Assert.True(System.Text.Rune.IsLetterOrDigit(r)));
            Assert.Equal(term.ToLowerInvariant(), term);
        });
    }

    [Fact]
    public void Clause_count_is_capped()
    {
        var input = string.Join(" ", Enumerable.Range(0, 100).Select(i => $"word{i}"));

        var parsed = SearchQueryParser.Parse(input);

        Assert.Equal(SearchQueryParser.MaxClauses, parsed.Clauses.Count);
        Assert.Equal("word0", parsed.Clauses[0].Terms[0]);
    }

    [Fact]
    public void Terms_per_phrase_are_capped()
    {
        var parsed = SearchQueryParser.Parse("\"" + string.Join(" ", Enumerable.Repeat("w", 100)) + "\"");

        Assert.Equal(SearchQueryParser.MaxTermsPerClause, Assert.Single(parsed.Clauses).Terms.Count);
    }

    [Fact]
    public void Very_long_input_is_parsed_quickly()
    {
        var input = string.Concat(Enumerable.Repeat("\"ab -cd OR ef* ", 20_000)) + new string('x', 100_000);
        var watch = System.Diagnostics.Stopwatch.StartNew();

        var parsed = SearchQueryParser.Parse(input);

        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(2), $"took {watch.Elapsed}");
        Assert.Equal(SearchQueryParser.MaxClauses, parsed.Clauses.Count);
    }

    [Fact]
    public void Null_input_is_empty()
    {
        Assert.True(SearchQueryParser.Parse(null).IsEmpty);
    }
}
