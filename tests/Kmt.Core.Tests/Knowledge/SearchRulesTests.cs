using Kmt.Core.Knowledge;
using Kmt.Core.Knowledge.Search;

namespace Kmt.Core.Tests.Knowledge;

public sealed class SearchRulesTests
{
    [Fact]
    public void Reciprocal_rank_fusion_adds_weighted_reciprocals_and_keeps_first_appearance_on_ties()
    {
        var fused = SearchFusion.Fuse(60, (["a", "b", "c"], 1.0), (["c", "d"], 1.0));

        Assert.Equal(["c", "a", "b", "d"], fused.Select(f => f.Id));
        Assert.Equal((1.0 / 63) + (1.0 / 61), fused[0].Score, 12);
        Assert.Equal(1.0 / 62, fused.Single(f => f.Id == "d").Score, 12);
    }

    [Fact]
    public void Any_term_query_ors_positive_clauses_adds_adjacent_word_phrases_and_keeps_exclusions()
    {
        var query = AnyTermQuery.From(SearchQueryParser.Parse("fast sqlite \"full text\" search -draft"));

        Assert.Equal(
            ["fast", "sqlite", "full text", "search", "fast sqlite", "-draft"],
            query.Clauses.Select(c => (c.Negated ? "-" : "") + string.Join(' ', c.Terms)));
        Assert.All(query.Clauses.Skip(1).Where(c => !c.Negated), c => Assert.True(c.OrWithPrevious));
        Assert.True(query.Clauses[4].IsPhrase);
    }

    [Fact]
    public void Any_term_query_adds_a_repeated_word_or_phrase_once()
    {
        var query = AnyTermQuery.From(SearchQueryParser.Parse("add and remove users and groups system bus system-bus \"users\" users*"));

        Assert.Equal(
            ["add", "and", "remove", "users", "groups", "system", "bus", "system bus", "users*", "add and", "and remove", "remove users", "users and", "and groups", "groups system"],
            query.Clauses.Select(c => string.Join(' ', c.Terms) + (c.IsPrefix ? "*" : "")));
    }

    [Fact]
    public void Any_term_query_also_counts_the_words_of_a_punctuation_split_term_but_not_of_a_quoted_phrase()
    {
        var query = AnyTermQuery.From(SearchQueryParser.Parse("real-time \"full text\" engine"), adjacentPhrases: false);

        Assert.Equal(
            ["real time", "full text", "engine", "real", "time"],
            query.Clauses.Select(c => string.Join(' ', c.Terms)));
        Assert.All(query.Clauses.Skip(1), c => Assert.True(c.OrWithPrevious));
    }

    [Fact]
    public void Any_term_query_without_adjacent_phrases_keeps_only_what_was_typed()
    {
        var query = AnyTermQuery.From(SearchQueryParser.Parse("fast sqlite search -draft"), adjacentPhrases: false);

        Assert.Equal(["fast", "sqlite", "search", "-draft"], query.Clauses.Select(c => (c.Negated ? "-" : "") + string.Join(' ', c.Terms)));
    }

    [Fact]
    public void A_passage_marks_the_query_words_it_holds_and_escapes_the_rest()
    {
        var content = "Intro. Cats <b>purr</b> when content; catalogues differ. End.";
        var snippet = PassageSnippet.Build(content, 7, 49, SearchQueryParser.Parse("cat purr"), 200);

        Assert.Equal("…Cats &lt;b&gt;<mark>purr</mark>&lt;/b&gt; when content; catalogues differ.…", snippet);
    }
}
