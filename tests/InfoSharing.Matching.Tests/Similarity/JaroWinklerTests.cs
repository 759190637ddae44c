using InfoSharing.Matching.Similarity;

namespace InfoSharing.Matching.Tests.Similarity;

public sealed class When_two_strings_are_compared_with_jaro_winkler
{
    // Winkler's published examples (also in the Wikipedia article and most libraries' tests).
    [Theory]
    [InlineData("MARTHA", "MARHTA", 0.9611)]
    [InlineData("DWAYNE", "DUANE", 0.8400)]
    [InlineData("DIXON", "DICKSONX", 0.8133)]
    [InlineData("JELLYFISH", "SMELLYFISH", 0.8963)]
    public void Gives_the_published_similarity(string left, string right, double expected) =>
        Assert.Equal(expected, JaroWinkler.Similarity(left, right), 4);

    [Fact]
    public void Gives_the_jaro_score_without_the_prefix_bonus() =>
        Assert.Equal(0.9444, JaroWinkler.Jaro("MARTHA", "MARHTA"), 4);

    [Theory]
    [InlineData("smith", "smith", 1.0)]
    [InlineData("", "", 1.0)]
    [InlineData("abc", "", 0.0)]
    [InlineData("abc", "xyz", 0.0)]
    public void Handles_identical_empty_and_disjoint_strings(string left, string right, double expected) =>
        Assert.Equal(expected, JaroWinkler.Similarity(left, right), 6);

    [Fact]
    public void Is_symmetric() =>
        Assert.Equal(JaroWinkler.Similarity("catherine", "kathryn"), JaroWinkler.Similarity("kathryn", "catherine"), 10);

    [Fact]
    public void The_quick_bound_never_hides_a_similarity_that_reaches_the_threshold()
    {
        var random = new Random(3);
        const string letters = "aeinrstlmhbc";
        for (var i = 0; i < 20_000; i++)
        {
            var a = new string(Enumerable.Range(0, random.Next(1, 9)).Select(_ => letters[random.Next(letters.Length)]).ToArray());
            var b = new string(Enumerable.Range(0, random.Next(1, 9)).Select(_ => letters[random.Next(letters.Length)]).ToArray());
            var exact = JaroWinkler.Similarity(a, b);
            var bounded = JaroWinkler.SimilarityIfAtLeast(a, b, 0.8);
            Assert.True(exact < 0.8 ? bounded is 0 || bounded == exact : bounded == exact, $"{a} / {b}: {exact} vs {bounded}");
        }
    }
}

public sealed class When_two_strings_are_compared_by_edit_distance
{
    [Theory]
    [InlineData("kitten", "sitting", 3)]
    [InlineData("19650310", "19651030", 2)]
    [InlineData("19650310", "19653010", 1)]
    [InlineData("4223", "4232", 1)]
    [InlineData("smith", "smtih", 1)]
    [InlineData("ca", "abc", 3)]
    [InlineData("", "abc", 3)]
    [InlineData("same", "same", 0)]
    public void Counts_a_swap_of_neighbours_as_one_edit(string left, string right, int expected) =>
        Assert.Equal(expected, DamerauLevenshtein.Distance(left, right));

    [Fact]
    public void Stops_at_the_maximum_plus_one() =>
        Assert.Equal(3, DamerauLevenshtein.Distance("abcdefgh", "zyxwvuts", max: 2));
}

public sealed class When_an_edit_distance_is_asked_within_a_bound
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void The_quick_answers_agree_with_the_full_table(int max)
    {
        var random = new Random(17);
        const string alphabet = "0123ab";
        for (var i = 0; i < 50_000; i++)
        {
            var a = new string(Enumerable.Range(0, random.Next(0, 9)).Select(_ => alphabet[random.Next(alphabet.Length)]).ToArray());
            var b = random.Next(3) == 0
                ? Mutate(a, random, alphabet)
                : new string(Enumerable.Range(0, random.Next(0, 9)).Select(_ => alphabet[random.Next(alphabet.Length)]).ToArray());
            var full = Math.Min(DamerauLevenshtein.Distance(a, b), max + 1);
            Assert.True(full == DamerauLevenshtein.Distance(a, b, max), $"'{a}' / '{b}' within {max}: {full} vs {DamerauLevenshtein.Distance(a, b, max)}");
        }
    }

    private static string Mutate(string text, Random random, string alphabet)
    {
        var chars = text.ToList();
        for (var edits = random.Next(1, 3); edits > 0; edits--)
        {
            var at = chars.Count == 0 ? 0 : random.Next(chars.Count);
            switch (random.Next(4))
            {
                case 0 when chars.Count > 0: chars.RemoveAt(at); break;
                case 1: chars.Insert(at, alphabet[random.Next(alphabet.Length)]); break;
                case 2 when chars.Count > 0: chars[at] = alphabet[random.Next(alphabet.Length)]; break;
                case 3 when at + 1 < chars.Count: (chars[at], chars[at + 1]) = (chars[at + 1], chars[at]); break;
            }
        }

        return new string(chars.ToArray());
    }
}
