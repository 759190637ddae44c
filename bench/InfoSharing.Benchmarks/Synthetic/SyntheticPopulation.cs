using System.Globalization;
using System.Text;
using InfoSharing.Matching;

namespace InfoSharing.Benchmarks.Synthetic;

/// <summary>A synthetic record and the person it truly belongs to (for scoring only).</summary>
public sealed record SyntheticRecord(PersonRecord Record, int Person);

/// <summary>How much goes wrong between two records of one person. Shares are probabilities per record.</summary>
public sealed record SyntheticOptions
{
    /// <summary>Share of records that are a further record of a person who already has one.</summary>
    public double DuplicateShare { get; init; } = 0.3;

    public double NhsNumberPresent { get; init; } = 0.5;

    public double NhsNumberMistyped { get; init; } = 0.02;

    public double Nickname { get; init; } = 0.08;

    public double NameTypo { get; init; } = 0.08;

    public double FieldMissing { get; init; } = 0.04;

    public double FamilyNameChanged { get; init; } = 0.03;

    public double DayMonthSwapped { get; init; } = 0.02;

    public double BirthDateTypo { get; init; } = 0.04;

    public double BirthYearSlip { get; init; } = 0.02;

    public double Moved { get; init; } = 0.12;

    public double PostcodeTypo { get; init; } = 0.04;

    public double Placeholder { get; init; } = 0.001;
}

/// <summary>
/// A made-up population of UK-like people living in households (shared surname and address, siblings, the odd
/// pair of twins), and records about them with the errors agencies make: typos, nicknames, swapped day and
/// month, one-year slips, missing fields, moves, name changes, mistyped NHS numbers (999 range, valid check
/// digits). The same size and seed always give the same records.
/// </summary>
public sealed class SyntheticPopulation
{
    private const string UnitLetters = "ABDEFGHJLNPQRSTUWXYZ";
    private readonly Random _random;
    private readonly SyntheticOptions _options;
    private readonly double[] _maleWeights;
    private readonly double[] _femaleWeights;
    private readonly double[] _surnameWeights;
    private readonly List<Person> _persons = [];
    private readonly Queue<int> _nhsBases;
    private readonly HashSet<string> _householdNames = new(StringComparer.Ordinal);
    private Address? _lastAddress;

    private SyntheticPopulation(int seed, SyntheticOptions options)
    {
        _random = new Random(seed);
        _options = options;
        _maleWeights = Zipf(UkNames.Male.Length, offset: 8);
        _femaleWeights = Zipf(UkNames.Female.Length, offset: 8);
        _surnameWeights = Zipf(UkNames.CommonSurnames.Length, offset: 12);
        var bases = Enumerable.Range(0, 1_000_000).ToArray();
        _random.Shuffle(bases);
        _nhsBases = new Queue<int>(bases);
    }

    /// <summary>Makes <paramref name="records"/> records about (1 - duplicate share) x records people.</summary>
    public static List<SyntheticRecord> Generate(int records, int seed = 1, SyntheticOptions? options = null)
    {
        var population = new SyntheticPopulation(seed, options ?? new SyntheticOptions());
        return population.Make(records);
    }

    private List<SyntheticRecord> Make(int count)
    {
        var people = Math.Max(1, (int)Math.Round(count * (1 - _options.DuplicateShare)));
        var result = new List<SyntheticRecord>(count);
        while (_persons.Count < people)
        {
            AddHousehold(people - _persons.Count);
        }

        for (var p = 0; p < people && result.Count < count; p++)
        {
            result.Add(new SyntheticRecord(First(_persons[p], $"syn-{result.Count}"), p));
        }

        while (result.Count < count)
        {
            var p = _random.Next(people);
            result.Add(new SyntheticRecord(Corrupt(_persons[p], $"syn-{result.Count}", null), p));
        }

        // Shuffle so that a person's records are not next to each other.
        var order = result.ToArray();
        _random.Shuffle(order);
        return [.. order];
    }

    private void AddHousehold(int room)
    {
        var address = NewAddress();
        var surname = Surname();
        var adults = Math.Min(room, _random.NextDouble() < 0.6 ? 2 : 1);
        var parentYear = 1940 + _random.Next(70);
        for (var a = 0; a < adults; a++)
        {
            var sex = adults == 2 ? (a == 0 ? 'f' : 'm') : (_random.NextDouble() < 0.5 ? 'f' : 'm');
            AddPerson(sex, surname, BirthDate(parentYear + _random.Next(-4, 5)), address);
        }

        var children = Math.Min(room - adults, _random.Next(0, 4));
        DateOnly? twinDate = null;
        for (var c = 0; c < children; c++)
        {
            var year = parentYear + 18 + _random.Next(24);
            if (year > 2025)
            {
                break;
            }

            var date = twinDate ?? BirthDate(year);
            twinDate = c == 0 && _random.NextDouble() < 0.03 ? date : null;
            AddPerson(_random.NextDouble() < 0.5 ? 'f' : 'm', surname, date, address);
        }

        _householdNames.Clear();
    }

    private void AddPerson(char sex, string surname, DateOnly birthDate, Address address)
    {
        // Parents do not give two of their children the same name.
        string given;
        do
        {
            given = sex == 'f' ? UkNames.Female[Pick(_femaleWeights)] : UkNames.Male[Pick(_maleWeights)];
        }
        while (!_householdNames.Add(given));

        string? nhs = null;
        while (nhs is null && _nhsBases.Count > 0)
        {
            nhs = NhsNumber(_nhsBases.Dequeue());
        }

        var phone = _random.NextDouble() < 0.6 ? "07" + _random.NextInt64(100_000_000, 999_999_999).ToString(CultureInfo.InvariantCulture) : null;
        var email = _random.NextDouble() < 0.4
            ? $"{given.ToLowerInvariant()}.{surname.ToLowerInvariant().Replace("'", "", StringComparison.Ordinal)}{_random.Next(1, 999)}@example.{(_random.Next(3) switch { 0 => "org", 1 => "com", _ => "net" })}"
            : null;
        _persons.Add(new Person(given, surname, sex, birthDate, address, nhs, phone, email));
    }

    /// <summary>The first record of a person: right, though not complete.</summary>
    private PersonRecord First(Person p, string id) => new()
    {
        Id = id,
        GivenName = p.Given,
        FamilyName = p.Family,
        BirthDate = p.BirthDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        Sex = p.Sex == 'f' ? "female" : "male",
        Postcode = p.Address.Postcode,
        HouseNumber = p.Address.Number,
        Street = p.Address.Street,
        Town = p.Address.Town,
        Phone = Maybe(0.5) ? p.Phone : null,
        Email = Maybe(0.5) ? p.Email : null,
        NhsNumber = Maybe(_options.NhsNumberPresent) ? p.NhsNumber : null,
    };

    /// <summary>Another record of a person, as a different agency or a later visit might have it.</summary>
    private PersonRecord Corrupt(Person p, string id, PersonRecord? template)
    {
        var o = _options;
        var given = p.Given;
        if (Maybe(o.Nickname) && UkNames.Nicknames.TryGetValue(given, out var nicknames))
        {
            given = nicknames[_random.Next(nicknames.Length)];
        }
        else if (Maybe(o.NameTypo))
        {
            given = Typo(given);
        }

        var family = p.Family;
        if (p.Sex == 'f' && Maybe(o.FamilyNameChanged))
        {
            family = Maybe(0.3) ? $"{p.Family}-{Surname()}" : Surname();
        }
        else if (Maybe(o.NameTypo))
        {
            family = Typo(family);
        }

        var date = p.BirthDate;
        var dateText = date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        if (Maybe(o.DayMonthSwapped) && date.Day <= 12 && date.Day != date.Month)
        {
            dateText = new DateOnly(date.Year, date.Day, date.Month).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        }
        else if (Maybe(o.BirthYearSlip))
        {
            dateText = date.AddYears(Maybe(0.5) ? 1 : -1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        }
        else if (Maybe(o.BirthDateTypo))
        {
            dateText = DigitTypo(dateText);
        }

        if (Maybe(0.3))
        {
            // Another system writes dates the British way.
            dateText = DateOnly.TryParseExact(dateText, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)
                ? d.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture)
                : dateText;
        }

        var address = Maybe(o.Moved) ? NewAddress() : p.Address;
        var postcode = address.Postcode;
        if (Maybe(o.PostcodeTypo))
        {
            postcode = PostcodeTypo(postcode);
        }

        if (Maybe(0.3))
        {
            postcode = postcode.Replace(" ", "", StringComparison.Ordinal).ToLowerInvariant();
        }

        string? nhs = Maybe(o.NhsNumberPresent) ? p.NhsNumber : null;
        if (nhs is not null && Maybe(o.NhsNumberMistyped))
        {
            nhs = DigitTypo(nhs);
        }

        if (Maybe(o.Placeholder))
        {
            given = Maybe(0.5) ? "Baby" : "Unknown";
        }

        if (Maybe(0.2))
        {
            given = given.ToUpperInvariant();
            family = family.ToUpperInvariant();
        }

        return new PersonRecord
        {
            Id = id,
            GivenName = Missing(given),
            FamilyName = Missing(family),
            BirthDate = Missing(dateText),
            Sex = Missing(p.Sex == 'f' ? "female" : "male"),
            Postcode = Missing(postcode),
            HouseNumber = Missing(address.Number),
            Street = Missing(Maybe(o.NameTypo / 2) ? Typo(address.Street) : address.Street),
            Town = Missing(address.Town),
            Phone = Maybe(0.5) ? template?.Phone ?? p.Phone : null,
            Email = Maybe(0.4) ? template?.Email ?? p.Email : null,
            NhsNumber = template is null ? nhs : template.NhsNumber,
        };
    }

    private Address NewAddress()
    {
        // Neighbours: a new address is often in the same postcode sector as the last one made.
        if (_lastAddress is { } last && Maybe(0.5))
        {
            var unit = $"{UnitLetters[_random.Next(UnitLetters.Length)]}{UnitLetters[_random.Next(UnitLetters.Length)]}";
            var sameStreet = Maybe(0.5);
            _lastAddress = last with
            {
                Postcode = last.Postcode[..^2] + unit,
                Number = (_random.Next(1, 200)).ToString(CultureInfo.InvariantCulture),
                Street = sameStreet ? last.Street : StreetName(),
            };
            return _lastAddress;
        }

        var (area, town) = UkNames.Areas[_random.Next(UkNames.Areas.Length)];
        var postcode = $"{area}{_random.Next(1, 30)} {_random.Next(10)}{UnitLetters[_random.Next(UnitLetters.Length)]}{UnitLetters[_random.Next(UnitLetters.Length)]}";
        _lastAddress = new Address(_random.Next(1, 200).ToString(CultureInfo.InvariantCulture), StreetName(), town, postcode);
        return _lastAddress;
    }

    private string StreetName() =>
        $"{UkNames.StreetNames[_random.Next(UkNames.StreetNames.Length)]} {UkNames.StreetTypes[_random.Next(UkNames.StreetTypes.Length)]}";

    private string Surname() =>
        Maybe(0.6)
            ? UkNames.CommonSurnames[Pick(_surnameWeights)]
            : UkNames.SurnameStems[_random.Next(UkNames.SurnameStems.Length)] + UkNames.SurnameEndings[_random.Next(UkNames.SurnameEndings.Length)];

    private DateOnly BirthDate(int year) =>
        new DateOnly(Math.Clamp(year, 1925, 2025), 1, 1).AddDays(_random.Next(365));

    private string Typo(string text)
    {
        if (text.Length < 3)
        {
            return text;
        }

        var chars = new StringBuilder(text);
        var at = _random.Next(1, text.Length - 1);
        switch (_random.Next(4))
        {
            case 0: chars.Remove(at, 1); break;
            case 1: chars.Insert(at, (char)('a' + _random.Next(26))); break;
            case 2: chars[at] = (char)('a' + _random.Next(26)); break;
            default: (chars[at], chars[at + 1]) = (chars[at + 1], chars[at]); break;
        }

        return chars.ToString();
    }

    private string DigitTypo(string text)
    {
        var digits = Enumerable.Range(0, text.Length).Where(i => char.IsAsciiDigit(text[i])).ToArray();
        var chars = text.ToCharArray();
        var at = digits[_random.Next(digits.Length)];
        var replacement = (char)('0' + _random.Next(10));
        chars[at] = replacement == chars[at] ? (char)('0' + ((chars[at] - '0' + 1) % 10)) : replacement;
        return new string(chars);
    }

    private string PostcodeTypo(string postcode)
    {
        var chars = postcode.ToCharArray();
        var at = _random.Next(chars.Length);
        if (char.IsAsciiDigit(chars[at]))
        {
            chars[at] = (char)('0' + ((chars[at] - '0' + 1 + _random.Next(8)) % 10));
        }
        else if (char.IsAsciiLetter(chars[at]))
        {
            chars[at] = UnitLetters[_random.Next(UnitLetters.Length)];
        }

        return new string(chars);
    }

    private string? Missing(string? value) => Maybe(_options.FieldMissing) ? null : value;

    private bool Maybe(double probability) => _random.NextDouble() < probability;

    private int Pick(double[] cumulative)
    {
        var x = _random.NextDouble();
        var at = Array.BinarySearch(cumulative, x);
        return Math.Min(at < 0 ? ~at : at, cumulative.Length - 1);
    }

    /// <summary>
    /// Cumulative Zipf-Mandelbrot weights 1 / (rank + offset) over n items: the offset flattens the head so that the
    /// commonest name has a few percent, as in England and Wales (not the 20% a plain Zipf curve would give).
    /// </summary>
    private static double[] Zipf(int n, int offset)
    {
        var weights = Enumerable.Range(1, n).Select(k => 1.0 / (k + offset)).ToArray();
        var total = weights.Sum();
        var cumulative = new double[n];
        var sum = 0.0;
        for (var i = 0; i < n; i++)
        {
            sum += weights[i] / total;
            cumulative[i] = sum;
        }

        return cumulative;
    }

    /// <summary>999 + six digits + the mod 11 check digit; null when that check digit would be 10.</summary>
    internal static string? NhsNumber(int serial)
    {
        var nine = "999" + serial.ToString("D6", CultureInfo.InvariantCulture);
        var sum = 0;
        for (var i = 0; i < 9; i++)
        {
            sum += (nine[i] - '0') * (10 - i);
        }

        var check = 11 - (sum % 11);
        return check switch
        {
            11 => nine + "0",
            10 => null,
            _ => nine + check.ToString(CultureInfo.InvariantCulture),
        };
    }

    private sealed record Address(string Number, string Street, string Town, string Postcode);

    private sealed record Person(string Given, string Family, char Sex, DateOnly BirthDate, Address Address, string? NhsNumber, string? Phone, string? Email);
}
