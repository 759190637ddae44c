using InfoSharing.Matching.Clustering;

namespace InfoSharing.Matching.Tests.Blocking;

public sealed class When_matched_pairs_are_clustered
{
    [Fact]
    public void Records_joined_through_others_are_one_cluster_named_by_its_lowest_member()
    {
        var components = new UnionFind(7);
        components.Union(5, 3);
        components.Union(3, 1);
        components.Union(4, 6);

        var clusters = components.Clusters();

        Assert.Equal([0, 1, 2, 1, 4, 1, 4], clusters);
    }

    [Fact]
    public void Joining_records_already_together_changes_nothing()
    {
        var components = new UnionFind(3);

        Assert.True(components.Union(0, 1));
        Assert.False(components.Union(1, 0));
        Assert.Equal([0, 0, 2], components.Clusters());
    }
}
