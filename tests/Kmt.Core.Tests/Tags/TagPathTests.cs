using Kmt.Core.Tags;

namespace Kmt.Core.Tests.Tags;

public class TagPathTests
{
    [Theory]
    [InlineData("science", "science")]
    [InlineData("  Science  ", "science")]
    [InlineData("Machine Learning", "machine-learning")]
    [InlineData("machine \t  learning", "machine-learning")]
    [InlineData("Science / Quantum  Physics", "science/quantum-physics")]
    [InlineData("C++", "c++")]
    [InlineData("C#", "c#")]
    [InlineData(".NET", ".net")]
    [InlineData("snake_case", "snake_case")]
    [InlineData("Über/Straße", "über/straße")]
    [InlineData("日本語", "日本語")]
    public void Normalizes(string raw, string expected)
    {
        Assert.Equal(expected, TagPath.Normalize(raw));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("/science")]
    [InlineData("science/")]
    [InlineData("a//b")]
    [InlineData("a/ /b")]
    [InlineData("..")]
    [InlineData("a/../b")]
    [InlineData("a,b")]
    [InlineData("quote\"d")]
    [InlineData("semi;colon")]
    [InlineData("tab\u0000null")]
    [InlineData("emoji😀")]
    [InlineData("<script>")]
    public void Rejects(string raw)
    {
        Assert.False(TagPath.TryNormalize(raw, 50, out var path, out var problem));
        Assert.Equal("", path);
        Assert.NotEmpty(problem);
    }

    [Fact]
    public void Length_is_checked_after_normalizing()
    {
        Assert.True(TagPath.TryNormalize("  " + new string('a', 50) + "  ", 50, out _, out _));
        Assert.False(TagPath.TryNormalize(new string('a', 51), 50, out _, out var problem));
        Assert.Contains("50", problem);
    }

    [Theory]
    [InlineData("science", "science", true)]
    [InlineData("science/physics", "science", true)]
    [InlineData("science/physics/quantum", "science", true)]
    [InlineData("sciences", "science", false)]
    [InlineData("science", "science/physics", false)]
    [InlineData("art/science", "science", false)]
    public void Descendants(string path, string ancestor, bool expected)
    {
        Assert.Equal(expected, TagPath.IsSameOrDescendant(path, ancestor));
    }
}
