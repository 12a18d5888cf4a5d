using Kmt.Core.Graph;

namespace Kmt.Core.Tests.Graph;

public class EntityNamesTests
{
    [Theory]
    [InlineData("Kubernetes", "kubernetes")]
    [InlineData("  KUBERNETES ", "kubernetes")]
    [InlineData("K8s", "kubernetes")]
    [InlineData("Zürich", "zurich")]
    [InlineData("The Beatles", "beatles")]
    [InlineData("New   York-City", "new york city")]
    [InlineData("C++", "c++")]
    [InlineData("C#", "c#")]
    [InlineData(".NET", ".net")]
    [InlineData("dotnet", ".net")]
    [InlineData("Node.js.", "node.js")]
    [InlineData("!!!", "")]
    public void Surface_forms_meet_at_one_key(string name, string key) => Assert.Equal(key, EntityNames.Key(name));

    [Fact]
    public void Ids_are_deterministic_short_and_free_of_characters_cosmos_forbids()
    {
        var id = GraphIds.Entity("kubernetes");
        Assert.Equal(id, GraphIds.Entity("kubernetes"));
        Assert.NotEqual(id, GraphIds.Entity("docker"));
        Assert.Equal(35, id.Length);
        Assert.DoesNotContain(id, c => c is '/' or '\\' or '?' or '#');
        Assert.NotEqual(GraphIds.Edge("mentions", "a", "b", DateTimeOffset.UnixEpoch), GraphIds.Edge("mentions", "a", "b", DateTimeOffset.UnixEpoch.AddTicks(1)));
    }
}
