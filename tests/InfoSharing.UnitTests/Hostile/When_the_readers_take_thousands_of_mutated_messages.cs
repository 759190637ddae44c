using InfoSharing.Fuzz;

namespace InfoSharing.UnitTests.Hostile;

/// <summary>
/// The fuzz run's guarantee kept in the ordinary test command: a few thousand inputs of the seeded mutator
/// (bench/InfoSharing.Fuzz, the same target afl-fuzz runs) through every reader, each either accepted or rejected with
/// a documented code. A reader that throws anything else, or rejects without such a code, fails this test with the
/// input's number, so that <c>InfoSharing.Fuzz.dll --only N --seed S</c> makes it again.
/// </summary>
public sealed class When_the_readers_take_thousands_of_mutated_messages
{
    private const int Seed = 20261201;
    private const int Inputs = 2_000;

    // One run for both facts (three to five seconds on a quiet machine): the inputs depend only on the seed.
    private static readonly Lazy<MutationRunResult> Run = new(() =>
        MutationRun.Run(SeedCorpus.Load(Path.Combine(AppContext.BaseDirectory, "corpus")), Seed, Inputs));

    [Fact]
    public void None_escapes_as_anything_but_a_documented_rejection()
    {
        var result = Run.Value;

        Assert.Equal(Inputs, result.Inputs);
        Assert.True(
            result.Crashes.Count == 0,
            $"{result.Crashes.Count} of {Inputs} inputs crashed a reader: "
            + string.Join("; ", result.Crashes.Take(5).Select(c => $"input {c.Index} (--only {c.Index} --seed {Seed}) on {c.Input.Reader}: {c.Signature}")));
    }

    [Fact]
    public void The_inputs_reach_every_reader_and_get_past_the_parsers()
    {
        var result = Run.Value;

        // A mutator that only made garbage would prove nothing about the mappers behind the parsers.
        Assert.Equal(ReaderTarget.Readers.Order(StringComparer.Ordinal), result.Readers.Keys.Order(StringComparer.Ordinal));
        Assert.True(result.Outcomes.GetValueOrDefault(ReaderTarget.Accepted) > Inputs / 50, $"accepted: {result.Outcomes.GetValueOrDefault(ReaderTarget.Accepted)}");
        Assert.True(result.Outcomes.GetValueOrDefault("schema-violation") > 0, "no input reached the schema");
        Assert.True(result.Outcomes.GetValueOrDefault("invalid-fhir") > 0, "no input reached Firely");
    }
}
