using Kmt.Core.TextAnalysis;
using Kmt.Documents.Analysis;

namespace Kmt.Documents.Tests;

public class InProcessTextAnalyzerTests
{
    private readonly InProcessTextAnalyzer _analyzer = new();

    private Task<TextAnalysisResult> Analyze(string text, TextAnalysisRequest? request = null) =>
        _analyzer.AnalyzeAsync(text, request ?? new TextAnalysisRequest(), CancellationToken.None);

    private const string Curie = """
        Marie Curie was born in Warsaw in 1867. She moved to France and studied physics at the University of Paris.
        In 1895 she married Pierre Curie, a physicist who shared her passion for research. Together the couple studied radioactivity.
        Dr. Marie Curie later became the first woman to win a Nobel Prize. Curie also founded the Radium Institute in Paris.
        Her work on radioactivity changed physics and medicine. The IAEA still cites her research on radioactivity.
        """;

    [Fact]
    public async Task Finds_people_organizations_and_places_with_offsets()
    {
        var result = await Analyze(Curie);
        var entities = result.Entities.ToDictionary(e => e.Text);

        Assert.Equal(EntityCategories.Person, entities["Marie Curie"].Category);
        Assert.Equal(2, entities["Marie Curie"].Count);
        Assert.All(entities["Marie Curie"].Offsets, o => Assert.Equal("Marie Curie", Curie.Substring(o, "Marie Curie".Length)));

        Assert.Equal(EntityCategories.Person, entities["Pierre Curie"].Category);
        Assert.Equal(EntityCategories.Person, entities["Curie"].Category); // the surname alone
        Assert.Equal(EntityCategories.Organization, entities["University of Paris"].Category);
        Assert.Equal(EntityCategories.Organization, entities["Radium Institute"].Category);
        Assert.Equal(EntityCategories.Organization, entities["IAEA"].Category);
        Assert.Equal(EntityCategories.Location, entities["Warsaw"].Category);
        Assert.Equal(EntityCategories.Location, entities["France"].Category);
        Assert.Equal(EntityCategories.Location, entities["Paris"].Category);
        Assert.Equal(Curie.IndexOf("Warsaw", StringComparison.Ordinal), entities["Warsaw"].Offsets[0]);
        Assert.Equal(EntityCategories.Concept, entities["Nobel Prize"].Category);

        // Sentence-initial function words are not names.
        Assert.DoesNotContain("She", entities.Keys);
        Assert.DoesNotContain("In", entities.Keys);
        Assert.DoesNotContain("The IAEA", entities.Keys);
        Assert.DoesNotContain("Dr", entities.Keys);
        Assert.DoesNotContain("Together", entities.Keys);
    }

    [Fact]
    public async Task Honorific_marks_a_person_and_suffixes_mark_organizations()
    {
        var result = await Analyze("Yesterday Dr. Okonkwo met Mr Tanaka at Acme Corp in Springfield River valley. Later, Prof. Lindqvist joined Globex GmbH.");
        var entities = result.Entities.ToDictionary(e => e.Text, e => e.Category);
        Assert.Equal(EntityCategories.Person, entities["Okonkwo"]);
        Assert.Equal(EntityCategories.Person, entities["Tanaka"]);
        Assert.Equal(EntityCategories.Person, entities["Lindqvist"]);
        Assert.Equal(EntityCategories.Organization, entities["Acme Corp"]);
        Assert.Equal(EntityCategories.Organization, entities["Globex GmbH"]);
        Assert.Equal(EntityCategories.Location, entities["Springfield River"]);
    }

    [Fact]
    public async Task Summary_sentences_come_from_the_text_in_document_order()
    {
        var text = string.Join(' ', Fixtures.ProseSentences());
        var result = await Analyze(text, new TextAnalysisRequest { SummarySentences = 3 });

        Assert.Equal(3, result.Summary.Count);
        var positions = result.Summary.Select(s => text.IndexOf(s, StringComparison.Ordinal)).ToList();
        Assert.All(positions, p => Assert.True(p >= 0, "summary sentence not found verbatim in the text"));
        Assert.Equal(positions.Order(), positions);
        Assert.Equal(result.Summary.Count, result.Summary.Distinct().Count());
    }

    [Fact]
    public async Task Summary_of_a_topic_text_prefers_on_topic_sentences()
    {
        const string text = """
            Spaced repetition is a learning technique that schedules reviews of notes at increasing intervals.
            The weather was pleasant on the day the conference opened downtown.
            Each spaced repetition review strengthens memory of the notes and delays the next review.
            Lunch was served at noon with sandwiches, salads and fresh fruit for everyone.
            Learners using spaced repetition remember notes longer than learners who cram before exams.
            """;
        var result = await Analyze(text, new TextAnalysisRequest { SummarySentences = 2 });
        Assert.Equal(2, result.Summary.Count);
        Assert.All(result.Summary, s => Assert.Contains("spaced repetition", s, StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task Sentences_do_not_break_after_abbreviations_or_decimals()
    {
        const string text = "Dr. Smith measured 3.14 units, e.g. in the U.S. lab of Acme Inc. today. The second sentence is here now. A third one follows right after it.";
        var result = await Analyze(text, new TextAnalysisRequest { SummarySentences = 3 });
        Assert.Contains("Dr. Smith measured 3.14 units, e.g. in the U.S. lab of Acme Inc. today.", result.Summary);
    }

    [Fact]
    public async Task Key_phrases_contain_the_topic_phrase_lowercased_with_counts()
    {
        var text = string.Join(' ', Fixtures.ProseSentences()) + " " +
                   "Spaced repetition works best with short notes. Many apps implement spaced repetition for knowledge workers. " +
                   "Knowledge graph tools link notes. The knowledge graph grows with every review.";
        var result = await Analyze(text);

        Assert.NotEmpty(result.KeyPhrases);
        Assert.True(result.KeyPhrases.Count <= 15);
        var spaced = Assert.Single(result.KeyPhrases, k => k.Text == "spaced repetition");
        Assert.Equal(3, spaced.Count);
        Assert.Contains(result.KeyPhrases, k => k.Text == "knowledge graph");
        Assert.All(result.KeyPhrases, k => Assert.Equal(k.Text.ToLowerInvariant(), k.Text));
        Assert.All(result.KeyPhrases, k => Assert.InRange(k.Score, 0, 1));
        // The longer phrase wins over its parts when they mostly occur inside it.
        Assert.DoesNotContain(result.KeyPhrases, k => k.Text == "spaced" || k.Text == "repetition");
        Assert.Equal(result.KeyPhrases.Count, result.KeyPhrases.Select(k => k.Text).Distinct().Count());
    }

    [Theory]
    [InlineData("en", "The quick brown fox jumps over the lazy dog while the farmer is watching from his house and the children are playing.")]
    [InlineData("de", "Der schnelle braune Fuchs springt über den faulen Hund, während der Bauer aus seinem Haus zusieht und die Kinder spielen.")]
    [InlineData("fr", "Le renard brun rapide saute par-dessus le chien paresseux pendant que le fermier regarde depuis sa maison et que les enfants jouent.")]
    [InlineData("es", "El rápido zorro marrón salta sobre el perro perezoso mientras el granjero mira desde su casa y los niños juegan en el jardín.")]
    [InlineData("it", "La volpe marrone veloce salta sopra il cane pigro mentre il contadino guarda dalla sua casa e i bambini giocano nel giardino.")]
    [InlineData("pt", "A rápida raposa marrom pula sobre o cão preguiçoso enquanto o fazendeiro observa da sua casa e as crianças brincam no jardim.")]
    [InlineData("nl", "De snelle bruine vos springt over de luie hond terwijl de boer vanuit zijn huis kijkt en de kinderen in de tuin spelen.")]
    [InlineData("ru", "Быстрая коричневая лиса прыгает через ленивую собаку, пока фермер смотрит из своего дома, а дети играют во дворе.")]
    [InlineData("zh", "敏捷的棕色狐狸跳过了懒狗，农夫在他的房子里看着，孩子们在院子里玩耍。")]
    [InlineData("ja", "素早い茶色の狐が怠け者の犬を飛び越え、農夫は家から見ていて、子供たちは庭で遊んでいる。")]
    [InlineData("ar", "الثعلب البني السريع يقفز فوق الكلب الكسول بينما المزارع يراقب من منزله والأطفال يلعبون في الحديقة.")]
    public async Task Detects_language(string expected, string text)
    {
        var result = await Analyze(text);
        Assert.Equal(expected, result.Language);
    }

    [Theory]
    [InlineData("ok")]
    [InlineData("12345 678 90")]
    [InlineData("Kubernetes Terraform Grafana Prometheus")]
    public async Task Language_is_null_when_unsure(string text)
    {
        var result = await Analyze(text);
        Assert.Null(result.Language);
    }

    [Fact]
    public async Task Empty_text_gives_an_empty_result()
    {
        var result = await Analyze("   ");
        Assert.Null(result.Language);
        Assert.Empty(result.Summary);
        Assert.Empty(result.KeyPhrases);
        Assert.Empty(result.Entities);
    }

    [Fact]
    public async Task Chinese_text_is_summarised_by_sentence()
    {
        const string text = "机器学习是人工智能的一个分支。机器学习算法从数据中学习规律。今天天气很好。深度学习是机器学习的一种方法。";
        var result = await Analyze(text, new TextAnalysisRequest { SummarySentences = 2 });
        Assert.Equal("zh", result.Language);
        Assert.Equal(2, result.Summary.Count);
        Assert.All(result.Summary, s => Assert.Contains(s, text));
        Assert.All(result.Summary, s => Assert.EndsWith("。", s));
    }

    [Fact]
    public async Task Is_deterministic()
    {
        var text = string.Join(' ', Fixtures.ProseSentences()) + " " + Curie;
        var a = await Analyze(text);
        var b = await Analyze(text);
        Assert.Equal(a.Summary, b.Summary);
        Assert.Equal(a.KeyPhrases, b.KeyPhrases);
        Assert.Equal(a.Entities.Select(e => (e.Text, e.Category, e.Count)), b.Entities.Select(e => (e.Text, e.Category, e.Count)));
    }

    [Fact]
    public async Task Respects_the_requested_sizes()
    {
        var text = string.Join(' ', Enumerable.Repeat(string.Join(' ', Fixtures.ProseSentences()), 3)) + Curie;
        var result = await Analyze(text, new TextAnalysisRequest { SummarySentences = 1, MaxKeyPhrases = 4, MaxEntities = 3 });
        Assert.Single(result.Summary);
        Assert.Equal(4, result.KeyPhrases.Count);
        Assert.Equal(3, result.Entities.Count);
    }

    [Fact]
    public async Task Cancellation_is_honoured()
    {
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => _analyzer.AnalyzeAsync(Curie, new TextAnalysisRequest(), cts.Token));
    }
}
