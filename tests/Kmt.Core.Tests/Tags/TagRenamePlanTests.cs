using Kmt.Core.Tags;

namespace Kmt.Core.Tests.Tags;

public sealed class TagRenamePlanTests
{
    [Fact]
    public void The_subtree_moves_look_alikes_stay_and_names_passed_within_the_subtree_need_not_be_free()
    {
        var plan = TagRenamePlan.Create([("1", "a"), ("2", "a/x"), ("3", "a/x/x"), ("4", "ab"), ("5", "b")], "a", "a/x");

        Assert.Equal([new TagMove("1", "a", "a/x"), new TagMove("2", "a/x", "a/x/x"), new TagMove("3", "a/x/x", "a/x/x/x")], plan.Moves);
        Assert.Equal(["a/x/x/x"], plan.NewNames);
        Assert.Equal([new TagMove("1", "a", "a/x")], plan.ReleasedNames);
        Assert.True(plan.IsMoving("a/x"));
        Assert.False(plan.IsMoving("ab"));
    }

    [Fact]
    public void Renaming_to_the_same_name_moves_nothing()
    {
        Assert.Empty(TagRenamePlan.Create([("1", "a")], "a", "a").Moves);
    }

    [Fact]
    public void An_items_tags_keep_their_order_and_lose_the_duplicate_a_merge_makes()
    {
        Assert.Equal(["machine-learning", "other", "machine-learning/nlp"], TagRenamePlan.RenameAll(["ml", "other", "machine-learning", "ml/nlp"], "ml", "machine-learning"));
    }

    [Fact]
    public void Removing_a_tag_keeps_its_descendants_and_the_order_of_the_rest()
    {
        Assert.Equal(["other", "ml/nlp"], TagRenamePlan.RemoveOne(["ml", "other", "ml/nlp"], "ml"));
    }
}
