using Kmt.Core.Common;
using Kmt.Core.Knowledge;
using Kmt.Storage.Cosmos.Knowledge;

namespace Kmt.Storage.Cosmos.Tests;

public class SearchQueryBuilderTests
{
    private const string Filters = "c.userId = @u AND c.type = @type AND c.isDeleted = @deleted";

    private static SearchClause Word(string term, bool or = false, bool not = false) => new([term], false, false, not, or);

    private static SearchClause Phrase(params string[] terms) => new(terms, true, false, false, false);

    private static SearchClause Prefix(string term, bool or = false, bool not = false) => new([term], false, true, not, or);

    private static KnowledgeSearchQuery Query(params SearchClause[] clauses) => new()
    {
        UserId = "user-1",
        Query = new ParsedSearchQuery(clauses),
        Skip = 0,
        Take = 10,
    };

    private static string Where(CosmosQueryText count) => count.Text["SELECT VALUE COUNT(1) FROM c WHERE ".Length..];

    [Fact]
    public void One_word_matches_title_or_content_and_ranks_by_full_text_score()
    {
        var built = CosmosSearchQueryBuilder.Build(Query(Word("quantum")));

        Assert.Equal(
            $"SELECT {CosmosItemProjection.WithContent} FROM c WHERE {Filters} AND (FullTextContains(c.title, @t0) OR FullTextContains(c.content, @t0)) ORDER BY RANK FullTextScore(c.content, @s0) OFFSET @skip LIMIT @take",
            built.Page.Text);
        Assert.Equal($"SELECT VALUE COUNT(1) FROM c WHERE {Filters} AND (FullTextContains(c.title, @t0) OR FullTextContains(c.content, @t0))", built.Count.Text);
        Assert.Equal("user-1", built.Page["@u"]);
        Assert.Equal("item", built.Page["@type"]);
        Assert.Equal(false, built.Page["@deleted"]);
        Assert.Equal("quantum", built.Page["@t0"]);
        Assert.Equal("quantum", built.Page["@s0"]);
        Assert.Equal(0, built.Page["@skip"]);
        Assert.Equal(10, built.Page["@take"]);
    }

    [Fact]
    public void Item_ids_restrict_both_queries_with_array_contains_of_a_parameter()
    {
        var built = CosmosSearchQueryBuilder.Build(Query(Word("quantum")) with { ItemIds = ["a", "b"] });

        Assert.Equal(
            $"{Filters} AND ARRAY_CONTAINS(@itemIds, c.id) AND (FullTextContains(c.title, @t0) OR FullTextContains(c.content, @t0))",
            Where(built.Count));
        Assert.Contains("WHERE " + Where(built.Count) + " ORDER BY RANK", built.Page.Text, StringComparison.Ordinal);
        Assert.Equal(["a", "b"], (string[])built.Page["@itemIds"]!);
    }

    [Fact]
    public void Words_are_anded_each_on_title_or_content()
    {
        var built = CosmosSearchQueryBuilder.Build(Query(Word("quantum"), Word("physics")));

        Assert.Equal(
            $"{Filters} AND (FullTextContains(c.title, @t0) OR FullTextContains(c.content, @t0)) AND (FullTextContains(c.title, @t1) OR FullTextContains(c.content, @t1))",
            Where(built.Count));
        Assert.Contains("ORDER BY RANK FullTextScore(c.content, @s0, @s1)", built.Page.Text);
        Assert.Equal("physics", built.Page["@t1"]);
        Assert.Equal("physics", built.Page["@s1"]);
    }

    [Fact]
    public void An_or_group_of_words_is_full_text_contains_any()
    {
        var built = CosmosSearchQueryBuilder.Build(Query(Word("cat"), Word("dog", or: true), Word("pet")));

        Assert.Equal(
            $"{Filters} AND (FullTextContainsAny(c.title, @t0, @t1) OR FullTextContainsAny(c.content, @t0, @t1)) AND (FullTextContains(c.title, @t2) OR FullTextContains(c.content, @t2))",
            Where(built.Count));
        Assert.Equal("cat", built.Count["@t0"]);
        Assert.Equal("dog", built.Count["@t1"]);
        Assert.Equal("pet", built.Count["@t2"]);
        Assert.Contains("FullTextScore(c.content, @s0, @s1, @s2)", built.Page.Text);
    }

    [Fact]
    public void A_phrase_is_one_full_text_contains_of_its_words()
    {
        var built = CosmosSearchQueryBuilder.Build(Query(Phrase("general", "relativity")));

        Assert.Equal($"{Filters} AND (FullTextContains(c.title, @t0) OR FullTextContains(c.content, @t0))", Where(built.Count));
        Assert.Equal("general relativity", built.Count["@t0"]);
        Assert.Contains("FullTextScore(c.content, @s0, @s1)", built.Page.Text);
        Assert.Equal("general", built.Page["@s0"]);
        Assert.Equal("relativity", built.Page["@s1"]);
    }

    [Fact]
    public void A_prefix_is_a_case_insensitive_word_start_regex_and_does_not_score()
    {
        var built = CosmosSearchQueryBuilder.Build(Query(Prefix("progr")));

        Assert.Equal($"{Filters} AND (RegexMatch(c.title, @p0, \"i\") OR RegexMatch(c.content, @p0, \"i\"))", Where(built.Count));
        Assert.Equal(@"\bprogr", built.Count["@p0"]);
        Assert.Contains("ORDER BY c.updatedAt DESC, c.id DESC", built.Page.Text);
        Assert.DoesNotContain("RANK", built.Page.Text);
        Assert.Equal([new HighlightTerm("progr", true)], built.Highlights);
    }

    [Fact]
    public void A_phrase_prefix_matches_the_words_in_order_with_the_last_as_prefix()
    {
        var built = CosmosSearchQueryBuilder.Build(Query(new SearchClause(["machine", "learn"], true, true, false, false), Word("model")));

        Assert.Equal(@"\bmachine\W+learn", built.Count["@p0"]);
        Assert.Contains("FullTextScore(c.content, @s0)", built.Page.Text);
        Assert.Equal("model", built.Page["@s0"]);
        Assert.Equal([new HighlightTerm("machine", false), new HighlightTerm("learn", true), new HighlightTerm("model", false)], built.Highlights);
    }

    [Fact]
    public void A_mixed_or_group_renders_each_member()
    {
        var built = CosmosSearchQueryBuilder.Build(Query(Word("cat"), Prefix("dog", or: true)));

        Assert.Equal(
            $"{Filters} AND (FullTextContains(c.title, @t0) OR FullTextContains(c.content, @t0) OR RegexMatch(c.title, @p0, \"i\") OR RegexMatch(c.content, @p0, \"i\"))",
            Where(built.Count));
    }

    [Fact]
    public void Excluded_clauses_are_not_and_never_score_or_highlight()
    {
        var built = CosmosSearchQueryBuilder.Build(Query(Word("python"), Word("snake", not: true), Prefix("monty", not: true)));

        Assert.Equal(
            $"{Filters} AND (FullTextContains(c.title, @t0) OR FullTextContains(c.content, @t0))"
            + " AND NOT (FullTextContains(c.title, @t1) OR FullTextContains(c.content, @t1))"
            + " AND NOT (RegexMatch(c.title, @p0, \"i\") OR RegexMatch(c.content, @p0, \"i\"))",
            Where(built.Count));
        Assert.Contains("FullTextScore(c.content, @s0)", built.Page.Text);
        Assert.DoesNotContain("@s1", built.Page.Text);
        Assert.Equal([new HighlightTerm("python", false)], built.Highlights);
    }

    [Fact]
    public void An_or_after_an_excluded_clause_starts_a_new_group()
    {
        var built = CosmosSearchQueryBuilder.Build(Query(Word("a"), Word("b", not: true), Word("c", or: true)));

        Assert.Equal(
            $"{Filters} AND (FullTextContains(c.title, @t0) OR FullTextContains(c.content, @t0)) AND (FullTextContains(c.title, @t1) OR FullTextContains(c.content, @t1))"
            + " AND NOT (FullTextContains(c.title, @t2) OR FullTextContains(c.content, @t2))",
            Where(built.Count));
        Assert.Equal("c", built.Count["@t1"]);
        Assert.Equal("b", built.Count["@t2"]);
    }

    [Fact]
    public void Only_excluded_clauses_are_a_validation_error()
    {
        var error = Assert.Throws<ValidationException>(() => CosmosSearchQueryBuilder.Build(Query(Word("x", not: true))));
        Assert.Equal("query", error.Errors[0].Field);
        Assert.Throws<ValidationException>(() => CosmosSearchQueryBuilder.Build(Query(new SearchClause(["\u0001"], false, false, false, false))));
    }

    [Fact]
    public void Filters_are_parameters_and_every_tag_includes_its_descendants()
    {
        var query = Query(Word("x")) with
        {
            ContentType = "note",
            From = new DateTimeOffset(2025, 1, 2, 3, 4, 5, TimeSpan.FromHours(2)),
            To = new DateTimeOffset(2025, 2, 1, 0, 0, 0, TimeSpan.Zero),
            Tags = ["science", "work/projects"],
            Skip = 20,
            Take = 5,
        };

        var built = CosmosSearchQueryBuilder.Build(query);

        Assert.Equal(
            $"{Filters} AND c.contentType = @contentType AND c.createdAt >= @from AND c.createdAt <= @to"
            + " AND ARRAY_CONTAINS(c.tagPrefixes, @tag0) AND ARRAY_CONTAINS(c.tagPrefixes, @tag1)"
            + " AND (FullTextContains(c.title, @t0) OR FullTextContains(c.content, @t0))",
            Where(built.Count));
        Assert.Equal("note", built.Count["@contentType"]);
        Assert.Equal("2025-01-02T01:04:05.0000000Z", built.Count["@from"]);
        Assert.Equal("2025-02-01T00:00:00.0000000Z", built.Count["@to"]);
        Assert.Equal("science", built.Count["@tag0"]);
        Assert.Equal("work/projects", built.Count["@tag1"]);
        Assert.Equal(20, built.Page["@skip"]);
        Assert.Equal(5, built.Page["@take"]);
    }

    [Fact]
    public void With_a_query_vector_the_rank_is_hybrid_rrf()
    {
        float[] vector = [0.1f, 0.2f, 0.3f];
        var built = CosmosSearchQueryBuilder.Build(Query(Word("quantum")), vector);

        Assert.EndsWith(
            "ORDER BY RANK RRF(FullTextScore(c.content, @s0), VectorDistance(c.vector, @vector)) OFFSET @skip LIMIT @take",
            built.Page.Text);
        Assert.Equal(vector, Assert.IsType<float[]>(built.Page["@vector"]));
        Assert.DoesNotContain("@vector", built.Count.Text);
        Assert.DoesNotContain(built.Count.Parameters, p => p.Key == "@vector");
    }

    [Fact]
    public void Prefixes_only_with_a_vector_rank_by_vector_distance()
    {
        var built = CosmosSearchQueryBuilder.Build(Query(Prefix("qua")), new float[] { 1f });

        Assert.Contains("ORDER BY RANK VectorDistance(c.vector, @vector) OFFSET", built.Page.Text);
    }

    [Theory]
    [InlineData("\" OR 1=1 --")]
    [InlineData("') OR true OR ('")]
    [InlineData("x\\\" ; DROP")]
    [InlineData("@evil")]
    public void User_text_never_reaches_the_query_text(string hostile)
    {
        var query = Query(Word(hostile), Phrase(hostile, "b"), Word(hostile, not: true)) with { ContentType = hostile, Tags = [hostile] };

        var built = CosmosSearchQueryBuilder.Build(query);

        foreach (var text in new[] { built.Page.Text, built.Count.Text })
        {
            Assert.DoesNotContain(hostile, text, StringComparison.Ordinal);
            Assert.DoesNotContain("user-1", text, StringComparison.Ordinal);
        }

        Assert.Contains(built.Page.Parameters, p => Equals(p.Value, hostile));
        Assert.Equal(built.Page.Parameters.Count, built.Page.Parameters.Select(p => p.Key).Distinct().Count());
    }

    [Fact]
    public void Prefix_patterns_escape_regex_characters()
    {
        Assert.Equal(@"\ba\.b\*", CosmosSearchQueryBuilder.PrefixPattern(["a.b*"]));
    }

    [Fact]
    public void Every_parameter_in_the_text_is_defined_and_every_defined_one_is_used()
    {
        var built = CosmosSearchQueryBuilder.Build(Query(Word("a"), Word("b", or: true), Phrase("c", "d"), Prefix("e"), Word("f", not: true)) with { Tags = ["t"] }, new float[] { 1f });

        foreach (var text in new[] { built.Page, built.Count })
        {
            var used = System.Text.RegularExpressions.Regex.Matches(text.Text, @"@[A-Za-z]+[0-9]*").Select(m => m.Value).ToHashSet();
            Assert.Equal(used.Order(), text.Parameters.Select(p => p.Key).Order());
        }
    }
}
