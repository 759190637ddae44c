namespace InfoSharing.Matching.Clustering;

/// <summary>Disjoint sets with path halving and union by size: connected components of matched pairs.</summary>
public sealed class UnionFind
{
    private readonly int[] _parent;
    private readonly int[] _size;

    public UnionFind(int count)
    {
        _parent = new int[count];
        _size = new int[count];
        for (var i = 0; i < count; i++)
        {
            _parent[i] = i;
            _size[i] = 1;
        }
    }

    public int Count => _parent.Length;

    public int Find(int item)
    {
        while (_parent[item] != item)
        {
            _parent[item] = _parent[_parent[item]];
            item = _parent[item];
        }

        return item;
    }

    /// <summary>Joins the sets of two items; false when they were already one set.</summary>
    public bool Union(int a, int b)
    {
        var ra = Find(a);
        var rb = Find(b);
        if (ra == rb)
        {
            return false;
        }

        if (_size[ra] < _size[rb])
        {
            (ra, rb) = (rb, ra);
        }

        _parent[rb] = ra;
        _size[ra] += _size[rb];
        return true;
    }

    /// <summary>
    /// A cluster number for every item: the lowest item index in its set, so that the numbering does not depend
    /// on the order in which pairs were joined.
    /// </summary>
    public int[] Clusters()
    {
        var lowest = new int[_parent.Length];
        Array.Fill(lowest, int.MaxValue);
        for (var i = 0; i < _parent.Length; i++)
        {
            var root = Find(i);
            lowest[root] = Math.Min(lowest[root], i);
        }

        var clusters = new int[_parent.Length];
        for (var i = 0; i < _parent.Length; i++)
        {
            clusters[i] = lowest[Find(i)];
        }

        return clusters;
    }
}
