using InfoSharing.Matching.Batch;

namespace InfoSharing.Matching.Tests.Batch;

public sealed class When_csv_text_is_read
{
    private static List<string[]> Rows(string text) => DelimitedText.Rows(new StringReader(text)).ToList();

    [Fact]
    public void Reads_quoted_fields_with_commas_quotes_and_line_breaks()
    {
        var rows = Rows("id,name,note\r\n1,\"Smith, Ann\",\"said \"\"hi\"\"\"\n2,\"two\nlines\",\n");

        Assert.Equal(3, rows.Count);
        Assert.Equal(["1", "Smith, Ann", "said \"hi\""], rows[1]);
        Assert.Equal(["2", "two\nlines", ""], rows[2]);
    }

    [Fact]
    public void Trims_unquoted_fields_but_keeps_spaces_inside_quotes() =>
        Assert.Equal(["rec-1-org", "michaela", " padded "], Rows("rec-1-org, michaela, \" padded \"")[0]);

    [Fact]
    public void Reads_a_last_line_without_a_line_break() => Assert.Equal(2, Rows("a,b\n1,2").Count);

    [Fact]
    public void Fails_on_a_quote_that_is_never_closed() => Assert.Throws<FormatException>(() => Rows("a,b\n1,\"open\n"));

    [Theory]
    [InlineData("plain", "plain")]
    [InlineData("a,b", "\"a,b\"")]
    [InlineData("say \"x\"", "\"say \"\"x\"\"\"")]
    public void Escapes_what_needs_quotes(string value, string expected) => Assert.Equal(expected, DelimitedText.Escape(value));
}

public sealed class When_columns_are_mapped_to_record_fields
{
    private const string Csv = "ref,first,last,dob,postcode\nA1,Ann,Lee,1980-01-02,LS1 1AA\nA2,,Ray,,\n";

    [Fact]
    public void Reads_mapped_and_same_named_columns()
    {
        var records = ColumnMapping.Parse("given_name=first, surname=last, birth_date=dob").Read(new StringReader(Csv), "ref").ToList();

        Assert.Equal(2, records.Count);
        Assert.Equal(("A1", "Ann", "Lee", "1980-01-02", "LS1 1AA"), (records[0].Id, records[0].GivenName, records[0].FamilyName, records[0].BirthDate, records[0].Postcode));
        Assert.Null(records[1].GivenName);
        Assert.Null(records[1].Postcode);
    }

    [Theory]
    [InlineData("given_name")]
    [InlineData("nickname=first")]
    [InlineData("given_name=")]
    public void Rejects_a_mapping_it_cannot_use(string mapping) => Assert.Throws<FormatException>(() => ColumnMapping.Parse(mapping));

    [Fact]
    public void Names_a_mapped_column_that_is_missing()
    {
        var error = Assert.Throws<FormatException>(() => ColumnMapping.Parse("given_name=forename").Read(new StringReader(Csv), "ref").ToList());

        Assert.Contains("forename", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Names_a_missing_id_column() =>
        Assert.Throws<FormatException>(() => ColumnMapping.Parse(null).Read(new StringReader(Csv), "rec_id").ToList());
}
