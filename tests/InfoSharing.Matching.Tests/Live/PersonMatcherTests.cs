using InfoSharing.Matching.Live;
using InfoSharing.Matching.Model;
using InfoSharing.Matching.Tests.Support;

namespace InfoSharing.Matching.Tests.Live;

public sealed class When_a_new_record_is_matched_against_candidates
{
    private static readonly PersonMatcher Matcher = new(Trained.SyntheticDedup.Model);

    private static PersonRecord Incoming => Trained.Person("in", "Rebecca", "Hartley", "1990-05-01", sex: "female");

    [Fact]
    public void Joins_the_one_person_who_reaches_the_match_threshold()
    {
        var result = Matcher.Match(Incoming,
        [
            MatchCandidate.From("p-1", Trained.Person("c1", "Becky", "Hartley", "1990-05-01", sex: "female"), "given-family"),
            MatchCandidate.From("p-2", Trained.Person("c2", "Olivia", "Price", "1990-05-01", postcode: "M1 1AE", sex: "female"), "birth-date"),
        ]);

        Assert.Equal(MatchDecision.Match, result.Decision);
        Assert.Equal(MatchRules.Probabilistic, result.Rule);
        Assert.Equal("p-1", result.PersonId);
        Assert.Equal(Trained.SyntheticDedup.Model.Version, result.ModelVersion);
    }

    [Fact]
    public void Explains_every_comparison_and_names_the_blocking_rule_and_model()
    {
        var result = Matcher.Match(Incoming, [MatchCandidate.From("p-1", Trained.Person("c1", "Becky", "Hartley", "1990-05-01"), "given-family")]);
        var score = result.Best!.Score;

        Assert.Equal(Trained.SyntheticDedup.Model.Comparisons.Items.Select(c => c.Name), score.Contributions.Select(c => c.Comparison));
        Assert.Equal(score.Weight, Trained.SyntheticDedup.Model.PriorWeight + score.Contributions.Sum(c => c.Weight), 9);
        Assert.Equal("alias", score.Contributions.Single(c => c.Comparison == "given_name").Level);
        Assert.Equal("given-family", score.BlockingRule);
        Assert.Equal(Trained.SyntheticDedup.Model.Version, score.ModelVersion);
    }

    [Fact]
    public void Asks_for_review_when_two_persons_both_match()
    {
        var result = Matcher.Match(Incoming,
        [
            MatchCandidate.From("p-1", Trained.Person("c1", "Rebecca", "Hartley", "1990-05-01", sex: "female")),
            MatchCandidate.From("p-2", Trained.Person("c2", "Rebecca", "Hartley", "1990-05-01", sex: "female")),
        ]);

        Assert.Equal(MatchDecision.PossibleMatch, result.Decision);
        Assert.Equal(MatchRules.Ambiguous, result.Rule);
        Assert.Null(result.PersonId);
        Assert.Equal(2, result.Candidates.Count);
    }

    [Fact]
    public void Treats_several_records_of_one_person_as_one_candidate()
    {
        var result = Matcher.Match(Incoming,
        [
            MatchCandidate.From("p-1", Trained.Person("c1", "Rebecca", "Hartley", "1990-05-01", sex: "female")),
            MatchCandidate.From("p-1", Trained.Person("c2", "Becky", "Hartley", "1990-05-01", sex: "female")),
        ]);

        Assert.Equal(MatchDecision.Match, result.Decision);
        Assert.Equal("p-1", Assert.Single(result.Candidates).PersonId);
        Assert.Equal("c1", result.Candidates[0].Score.RightId); // the closer of the person's two records
    }

    [Fact]
    public void Creates_a_new_person_when_nobody_is_close()
    {
        var result = Matcher.Match(Incoming, [MatchCandidate.From("p-2", Trained.Person("c2", "Olivia", "Price", "1971-11-30", postcode: "M1 1AE"))]);

        Assert.Equal(MatchDecision.NoMatch, result.Decision);
        Assert.Null(result.PersonId);
    }

    [Fact]
    public void Reports_no_candidate_when_blocking_found_none()
    {
        var result = Matcher.Match(Incoming, []);

        Assert.Equal(MatchDecision.NoMatch, result.Decision);
        Assert.Equal(MatchRules.NoCandidate, result.Rule);
    }

    [Fact]
    public void Sends_a_score_between_the_thresholds_to_review()
    {
        var candidate = MatchCandidate.From("p-1", Trained.Person("c1", "Becky", "Hartley", "1990-01-05", postcode: "LS12 3XY", sex: "female"));
        var probability = Matcher.Match(Incoming, [candidate]).Best!.Score.Probability;
        var thresholds = new MatchThresholds { MatchProbability = probability + ((1 - probability) / 2), ReviewProbability = probability / 2 };

        var result = new PersonMatcher(Trained.SyntheticDedup.Model, thresholds).Match(Incoming, [candidate]);

        Assert.Equal(MatchDecision.PossibleMatch, result.Decision);
        Assert.Equal(MatchRules.Probabilistic, result.Rule);
        Assert.Null(result.PersonId);
    }

    [Fact]
    public void Rejects_thresholds_in_the_wrong_order() =>
        Assert.Throws<ArgumentException>(() => new PersonMatcher(Trained.SyntheticDedup.Model, new MatchThresholds { MatchProbability = 0.5, ReviewProbability = 0.9 }));
}

public sealed class When_the_live_index_holds_a_synthetic_population
{
    [Fact]
    public void Finds_most_people_again_and_links_almost_nobody_wrongly()
    {
        var population = Trained.Synthetic;
        var index = new InMemoryPersonIndex();
        var indexed = population.Take(5000).ToList();
        foreach (var r in indexed)
        {
            index.Add(r.Person.ToString(System.Globalization.CultureInfo.InvariantCulture), PreparedPerson.Prepare(r.Record));
        }

        var known = indexed.Select(r => r.Person).ToHashSet();
        var matcher = new PersonMatcher(Trained.SyntheticDedup.Model);
        int right = 0, wrong = 0, shouldHaveMatched = 0;
        foreach (var r in population.Skip(5000))
        {
            var record = PreparedPerson.Prepare(r.Record);
            var result = matcher.Match(record, index.Candidates(record));
            if (result.Decision == MatchDecision.Match)
            {
                if (result.PersonId == r.Person.ToString(System.Globalization.CultureInfo.InvariantCulture))
                {
                    right++;
                }
                else
                {
                    wrong++;
                }
            }
            else if (known.Contains(r.Person))
            {
                shouldHaveMatched++;
            }
        }

        Assert.True(wrong <= (right + wrong) / 50, $"{wrong} wrong links of {right + wrong}");
        Assert.True(right >= 4 * shouldHaveMatched, $"{right} found, {shouldHaveMatched} missed");
    }
}
