using System.Collections.Frozen;
using InfoSharing.Domain.People;
using InfoSharing.Matching.Names;
using InfoSharing.Matching.Similarity;

namespace InfoSharing.Matching;

/// <summary>
/// A <see cref="PersonRecord"/> normalised once, with what every comparison needs worked out in advance
/// (phonetic codes, alias groups, postcode parts, tokens), so that comparing two records allocates nothing.
/// </summary>
public sealed class PreparedPerson
{
    private static readonly FrozenSet<string> StreetTypes = new[]
    {
        "street", "st", "road", "rd", "avenue", "ave", "lane", "ln", "close", "cl", "drive", "dr", "place", "pl",
        "court", "ct", "crescent", "cres", "way", "grove", "gardens", "terrace", "square", "hill", "circuit",
        "parade", "highway", "walk", "view", "park", "north", "south", "east", "west", "the", "of", "flat", "house",
    }.ToFrozenSet(StringComparer.Ordinal);

    private PreparedPerson(PersonRecord record, NameAliases aliases)
    {
        Record = record;
        var given = TextNormaliser.Name(record.GivenName);
        var family = TextNormaliser.Name(record.FamilyName);
        var givenIsPlaceholder = Placeholders.IsPlaceholderName(given);
        var familyIsPlaceholder = Placeholders.IsPlaceholderName(family);
        IsPlaceholder = givenIsPlaceholder || familyIsPlaceholder ||
            Placeholders.IsPlaceholderName(given is null || family is null ? null : given + " " + family);
        GivenName = givenIsPlaceholder ? null : given;
        FamilyName = familyIsPlaceholder ? null : family;
        GivenMetaphone = DoubleMetaphone.Encode(GivenName);
        FamilyMetaphone = DoubleMetaphone.Encode(FamilyName);
        GivenAliasGroups = aliases.GroupsOf(GivenName);
        GivenFirstToken = FirstToken(GivenName);
        FamilyTokens = TextNormaliser.Tokens(FamilyName);
        BirthDate = Matching.BirthDate.Parse(record.BirthDate);
        Sex = TextNormaliser.Name(record.Sex) switch
        {
            "m" or "male" or "man" or "boy" => 'm',
            "f" or "female" or "woman" or "girl" => 'f',
            _ => '\0',
        };
        Postcode = Matching.Postcode.Parse(record.Postcode);
        Street = TextNormaliser.Text(record.Street);
        HouseNumber = TextNormaliser.Text(record.HouseNumber);
        if (HouseNumber is null && Street is not null && char.IsAsciiDigit(Street[0]))
        {
            // UK address lines carry the number: "12 high street".
            var space = Street.IndexOf(' ', StringComparison.Ordinal);
            if (space > 0)
            {
                HouseNumber = Street[..space];
                Street = Street[(space + 1)..];
            }
        }

        StreetWords = TextNormaliser.Tokens(Street).Where(t => !StreetTypes.Contains(t)).ToArray();
        Locality = TextNormaliser.Text(record.Locality);
        Town = TextNormaliser.Text(record.Town);
        Region = TextNormaliser.Text(record.Region);
        Phone = TextNormaliser.Digits(record.Phone) is { Length: >= 6 } phone ? phone : null;
        Email = TextNormaliser.Email(record.Email);
        NhsNumber = record.NhsNumber is { } nhs && Domain.People.NhsNumber.Parse(nhs) is { IsValid: true } parsed ? parsed.Value : null;
        OtherId = TextNormaliser.Text(record.OtherId)?.Replace(" ", string.Empty, StringComparison.Ordinal);
    }

    public PersonRecord Record { get; }

    public string Id => Record.Id;

    /// <summary>True when the name stands for "not known": such a record is matched on a trusted NHS number only.</summary>
    public bool IsPlaceholder { get; }

    public string? GivenName { get; }

    public string? FamilyName { get; }

    internal MetaphoneCodes GivenMetaphone { get; }

    internal MetaphoneCodes FamilyMetaphone { get; }

    internal int[] GivenAliasGroups { get; }

    internal string? GivenFirstToken { get; }

    internal string[] FamilyTokens { get; }

    public BirthDate? BirthDate { get; }

    /// <summary>'m', 'f', or '\0' when not known.</summary>
    public char Sex { get; }

    public Postcode? Postcode { get; }

    public string? HouseNumber { get; }

    public string? Street { get; }

    /// <summary>Words of the street that tell streets apart (not "street", "road", "north").</summary>
    internal string[] StreetWords { get; }

    public string? Locality { get; }

    public string? Town { get; }

    public string? Region { get; }

    public string? Phone { get; }

    public string? Email { get; }

    /// <summary>The NHS number only when it is valid (mod 11, not a placeholder such as 0000000000).</summary>
    public string? NhsNumber { get; }

    public string? OtherId { get; }

    public static PreparedPerson Prepare(PersonRecord record) => Prepare(record, NameAliases.Default);

    public static PreparedPerson Prepare(PersonRecord record, NameAliases aliases)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(aliases);
        return new PreparedPerson(record, aliases);
    }

    /// <summary>Prepares many records on all cores.</summary>
    public static PreparedPerson[] PrepareAll(IReadOnlyList<PersonRecord> records, NameAliases? aliases = null)
    {
        ArgumentNullException.ThrowIfNull(records);
        aliases ??= NameAliases.Default;
        var prepared = new PreparedPerson[records.Count];
        Parallel.For(0, records.Count, i => prepared[i] = new PreparedPerson(records[i], aliases));
        return prepared;
    }

    public override string ToString() => $"PreparedPerson(Id={Id})";

    private static string? FirstToken(string? name)
    {
        if (name is null)
        {
            return null;
        }

        var space = name.IndexOf(' ', StringComparison.Ordinal);
        return space < 0 ? name : name[..space];
    }
}
