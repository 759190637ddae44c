using InfoSharing.Matching.Similarity;

namespace InfoSharing.Matching.Tests.Similarity;

public sealed class When_a_name_is_encoded_with_double_metaphone
{
    // Examples from Philips' article and the reference implementations' tests: primary and alternate codes.
    [Theory]
    [InlineData("Smith", "SM0", "XMT")]
    [InlineData("Schmidt", "XMT", "SMT")]
    [InlineData("Thomas", "TMS", "TMS")]
    [InlineData("Jose", "HS", "HS")]
    [InlineData("Xavier", "SF", "SFR")]
    [InlineData("Michael", "MKL", "MXL")]
    [InlineData("Catherine", "K0RN", "KTRN")]
    [InlineData("Katherine", "K0RN", "KTRN")]
    [InlineData("Philip", "FLP", "FLP")]
    [InlineData("Caesar", "SSR", "SSR")]
    [InlineData("Knight", "NT", "NT")]
    [InlineData("Cough", "KF", "KF")]
    [InlineData("Dumb", "TM", "TM")]
    [InlineData("Edge", "AJ", "AJ")]
    [InlineData("Hugh", "H", "H")]
    [InlineData("Czerny", "SRN", "XRN")]
    [InlineData("Arnow", "ARN", "ARNF")]
    [InlineData("Gallegos", "KLKS", "KKS")]
    [InlineData("Bacchus", "PKS", "PKS")]
    [InlineData("Biaggi", "PJ", "PK")]
    [InlineData("Wright", "RT", "RT")]
    public void Gives_the_published_codes(string name, string primary, string alternate)
    {
        var codes = DoubleMetaphone.Encode(name);

        Assert.Equal(primary, codes.Primary);
        Assert.Equal(alternate, codes.Alternate);
    }

    [Theory]
    [InlineData("Smith", "Smyth")]
    [InlineData("Smith", "Schmidt")]
    [InlineData("Catherine", "Kathryn")]
    [InlineData("Stephen", "Steven")]
    public void Gives_names_that_sound_alike_a_shared_code(string left, string right) =>
        Assert.True(DoubleMetaphone.Encode(left).SharesCodeWith(DoubleMetaphone.Encode(right)));

    [Fact]
    public void Gives_different_names_no_shared_code() =>
        Assert.False(DoubleMetaphone.Encode("Smith").SharesCodeWith(DoubleMetaphone.Encode("Jones")));

    [Fact]
    public void Keeps_codes_to_four_characters() =>
        Assert.True(DoubleMetaphone.Encode("Wolfeschlegelsteinhausenbergerdorff").Primary.Length <= 4);

    [Fact]
    public void Gives_nothing_for_no_name() => Assert.Equal(MetaphoneCodes.Empty, DoubleMetaphone.Encode("  "));
}
