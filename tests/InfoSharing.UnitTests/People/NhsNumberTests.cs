using InfoSharing.Domain.People;

namespace InfoSharing.UnitTests.People;

// Every number here is from the 999 range, which the NHS never issues.
public sealed class When_an_nhs_number_has_the_right_check_digit
{
    [Theory]
    [InlineData("9990000018")]
    [InlineData("9990000026")]
    [InlineData("9990000034")]
    [InlineData("9990000042")]
    [InlineData("9990000050")]
    public void Is_valid(string raw) => Assert.True(NhsNumber.Parse(raw).IsValid);

    [Theory]
    [InlineData("999 000 0018", "9990000018")]
    [InlineData("999-000-0026", "9990000026")]
    [InlineData(" 999 000 0034 ", "9990000034")]
    [InlineData("999-000 - 0042", "9990000042")]
    public void Is_valid_after_spaces_and_hyphens_are_removed(string raw, string digits)
    {
        var number = NhsNumber.Parse(raw);

        Assert.True(number.IsValid);
        Assert.Equal(digits, number.Value);
    }

    [Fact]
    public void Equals_the_same_number_written_another_way() =>
        Assert.Equal(NhsNumber.Parse("9990000018"), NhsNumber.Parse("999 000-0018"));
}

public sealed class When_an_nhs_number_has_a_wrong_check_digit
{
    [Theory]
    [InlineData("9990000019")]
    [InlineData("9990000010")]
    [InlineData("9990000027")]
    [InlineData("9990000033")]
    public void Is_invalid(string raw) => Assert.False(NhsNumber.Parse(raw).IsValid);

    [Fact]
    public void Keeps_the_digits_for_audit() => Assert.Equal("9990000019", NhsNumber.Parse("999 000 0019").Value);

    [Fact]
    public void Is_not_trusted_on_a_person_record()
    {
        var person = new PersonDetails { NhsNumber = NhsNumber.Parse("9990000019") };

        Assert.Null(person.TrustedNhsNumber);
    }
}

public sealed class When_the_check_digit_would_be_ten
{
    // 999000000 weighs to 243 = 22 * 11 + 1, so the check digit would be 11 - 1 = 10: no such number is ever issued.
    [Theory]
    [InlineData("9990000000")]
    [InlineData("9990000001")]
    [InlineData("9990000002")]
    [InlineData("9990000003")]
    [InlineData("9990000004")]
    [InlineData("9990000005")]
    [InlineData("9990000006")]
    [InlineData("9990000007")]
    [InlineData("9990000008")]
    [InlineData("9990000009")]
    public void No_final_digit_makes_it_valid(string raw) => Assert.False(NhsNumber.HasValidCheckDigit(raw));

    [Theory]
    [InlineData("9990000140")]
    [InlineData("9990000280")]
    public void Other_prefixes_that_give_ten_are_invalid_too(string raw) => Assert.False(NhsNumber.Parse(raw).IsValid);
}

public sealed class When_an_nhs_number_is_not_ten_digits
{
    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("999000001")]
    [InlineData("99900000180")]
    [InlineData("999000001A")]
    [InlineData("999O000018")]
    [InlineData("999.000.0018")]
    [InlineData("999\t000\t0018")]
    [InlineData("+999000001")]
    [InlineData("９９９０００００１８")]
    [InlineData("٩٩٩٠٠٠٠٠١٨")]
    public void Is_invalid(string raw) => Assert.False(NhsNumber.Parse(raw).IsValid);

    [Fact]
    public void A_null_is_refused() => Assert.Throws<ArgumentNullException>(() => NhsNumber.Parse(null!));

    [Fact]
    public void A_null_fails_the_check() => Assert.False(NhsNumber.HasValidCheckDigit(null!));
}

public sealed class When_an_nhs_number_is_a_placeholder_of_repeated_digits
{
    // Modulus 11 alone accepts 0000000000 (sum 0, check 0). Systems send it for "unknown": it must never join people.
    [Theory]
    [InlineData("0000000000")]
    [InlineData("000 000 0000")]
    public void Is_never_trusted(string raw) => Assert.False(NhsNumber.Parse(raw).IsValid);
}

public sealed class When_an_nhs_number_is_printed
{
    [Theory]
    [InlineData("9990000018", "NhsNumber(valid)")]
    [InlineData("9990000019", "NhsNumber(invalid)")]
    [InlineData("999 000 0026", "NhsNumber(valid)")]
    public void Shows_only_whether_it_is_valid(string raw, string expected) => Assert.Equal(expected, NhsNumber.Parse(raw).ToString());

    [Fact]
    public void Shows_none_of_the_digits_when_interpolated()
    {
        var number = NhsNumber.Parse("9990000034");

        Assert.DoesNotContain("9990000034", $"{number}", StringComparison.Ordinal);
        Assert.DoesNotContain("000", $"{number}", StringComparison.Ordinal);
    }

    [Fact]
    public void A_default_number_prints_as_invalid() => Assert.Equal("NhsNumber(invalid)", default(NhsNumber).ToString());

    [Fact]
    public void A_person_record_prints_neither_the_number_nor_the_name()
    {
        var person = new PersonDetails
        {
            LocalId = "local-1",
            NhsNumber = NhsNumber.Parse("9990000018"),
            GivenName = "Testina",
            FamilyName = "Fakeperson",
            BirthDate = new DateOnly(1999, 4, 12),
            Postcode = "ZZ99 1AA",
        };

        var printed = person.ToString();

        Assert.DoesNotContain("9990000018", printed, StringComparison.Ordinal);
        Assert.DoesNotContain("Testina", printed, StringComparison.Ordinal);
        Assert.DoesNotContain("Fakeperson", printed, StringComparison.Ordinal);
        Assert.DoesNotContain("1999", printed, StringComparison.Ordinal);
        Assert.DoesNotContain("ZZ99", printed, StringComparison.Ordinal);
    }
}
