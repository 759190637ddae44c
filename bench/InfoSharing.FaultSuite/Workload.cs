using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace InfoSharing.FaultSuite;

/// <summary>
/// One message as an agency publishes it. <c>ExpectedCode</c> is null for a valid message, else its rejection code.
/// <c>AfterBirth</c>: it tells of the baby after its birth, so in the world it comes after the booking was made.
/// </summary>
internal sealed record AgencyMessage(int Unit, string Agency, string RoutingKey, string MessageId, string ContentType, string? Type, byte[] Body, string? ExpectedCode, bool AfterBirth = false);

/// <summary>
/// The traffic: families ("units") of new synthetic people, each told by all five agencies (the contract examples'
/// demo story, with every NHS number, local identifier, surname, adult birth date, phone, postcode and address made
/// the unit's own, so units never match each other), a share of bad messages with known rejection codes, and a share
/// of valid messages sent twice with the same id (an agency retrying). Deterministic for a seed.
/// </summary>
internal static partial class Workload
{
    private static readonly (string Agency, string RoutingKey, string File, string ContentType, string? Type, bool AfterBirth)[] Story =
    [
        ("midwifery", "midwifery.fhir", "contracts/examples/midwifery/booking-with-partner.json", "application/fhir+json", null, false),
        ("health-visiting", "health-visiting.fhir", "contracts/examples/health-visiting/new-birth-visit.json", "application/fhir+json", null, true),
        ("gp", "gp.fhir", "contracts/examples/gp/man-registration-with-indicators.json", "application/fhir+json", null, false),
        ("housing", "housing.household", "contracts/examples/housing/household-mother-baby-non-resident-carer.json", "application/json", "housing.household-changed.v1", true),
        ("marac", "marac.case", "contracts/examples/marac/case-listed-victim-pregnant.json", "application/json", "marac.case-listed.v1", false),
    ];

    public static int UnitSize => Story.Length;

    /// <summary>
    /// The messages in publishing order (units interleaved), the duplicates to send again later, and every NHS number
    /// a unit's people were given (to tell which unit a flag is about).
    /// </summary>
    public static (List<AgencyMessage> Messages, List<AgencyMessage> Duplicates, Dictionary<string, int> UnitOfNhs) Build(
        string root, int total, double badShare, double duplicateShare, int seed)
    {
        var random = new Random(seed);
        var templates = Story.Select(s => File.ReadAllText(Path.Combine(root, s.File))).ToArray();
        var bad = (int)Math.Round(total * badShare);
        var units = (total - bad) / Story.Length;
        bad = total - (units * Story.Length);
        var nhs = new NhsNumbers(999_400_000);
        var messages = new List<AgencyMessage>(total);
        var unitOfNhs = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var unit = 0; unit < units; unit++)
        {
            var replace = UnitReplacements(templates, unit, nhs, unitOfNhs);
            for (var s = 0; s < Story.Length; s++)
            {
                var (agency, routingKey, _, contentType, type, afterBirth) = Story[s];
                var body = Encoding.UTF8.GetBytes(replace(templates[s]));
                messages.Add(new AgencyMessage(unit, agency, routingKey, $"{agency}-u{unit:D5}", contentType, type, body, null, afterBirth));
            }
        }

        for (var b = 0; b < bad; b++)
        {
            messages.Add(BadMessage(b, templates));
        }

        // Units' messages spread over the run, so that a unit's story is often told across a fault; what tells of
        // the birth comes after the bookings (the order of the world, not of the queues).
        Shuffle(messages, random);
        messages = [.. messages.Where(m => !m.AfterBirth), .. messages.Where(m => m.AfterBirth)];
        var duplicates = messages.Where(m => m.ExpectedCode is null && random.NextDouble() < duplicateShare).ToList();
        return (messages, duplicates, unitOfNhs);
    }

    /// <summary>Known-bad messages, one kind per index: each must be rejected with exactly this code and never block the queue.</summary>
    private static AgencyMessage BadMessage(int index, string[] templates) => (index % 5) switch
    {
        0 => new(-1, "midwifery", "midwifery.fhir", $"bad-json-{index}", "application/fhir+json", null, Encoding.UTF8.GetBytes("{\"resourceType\": \"Bundle\", \"type\": \"message\", \"entry\": ["), "invalid-json"),
        1 => new(-1, "gp", "gp.fhir", $"bad-content-type-{index}", "text/plain", null, Encoding.UTF8.GetBytes(templates[2]), "unsupported-content-type"),
        2 => new(-1, "housing", "housing.household", $"bad-schema-{index}", "application/json", "housing.household-changed.v1", Encoding.UTF8.GetBytes("{\"householdRef\": \"HSG-BAD-" + index.ToString(CultureInfo.InvariantCulture) + "\", \"recordedAt\": \"2027-04-02T10:15:00Z\"}"), "schema-violation"),
        3 => new(-1, "marac", "marac.case", $"bad-type-{index}", "application/json", "marac.case-exploded.v1", Encoding.UTF8.GetBytes(templates[4]), "unknown-message-type"),
        _ => new(-1, "health-visiting", "health-visiting.fhir", $"bad-fhir-{index}", "application/fhir+json", null, Encoding.UTF8.GetBytes("{\"resourceType\": \"Patient\", \"birthDate\": \"13/03/2027\"}"), "invalid-fhir"),
    };

    /// <summary>A function that rewrites a template into this unit's people and records, the same way in every feed.</summary>
    private static Func<string, string> UnitReplacements(string[] templates, int unit, NhsNumbers nhs, Dictionary<string, int> unitOfNhs)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        var all = string.Join('\n', templates);
        foreach (var number in NhsNumber().Matches(all).Select(m => m.Value).Distinct())
        {
            map[number] = nhs.Next();
            unitOfNhs[map[number]] = unit;
        }

        foreach (var uuid in Uuid().Matches(all).Select(m => m.Value).Distinct())
        {
            map[uuid] = UnitUuid(uuid, unit);
        }

        foreach (var id in LocalId().Matches(all).Select(m => m.Groups[1].Value).Distinct())
        {
            map[id] = $"{id}-u{unit:D5}";
        }

        var tag = Syllables(unit);
        foreach (var surname in new[] { "Testwood", "Samplesby" })
        {
            map[surname] = surname[..3] + tag;
            map[surname.ToLowerInvariant()] = (surname[..3] + tag).ToLowerInvariant();
        }

        // Adults' birth dates move by up to about 13 years (babies' dates and the pregnancy stay as in the story).
        foreach (var dob in new[] { "1999-04-12", "1997-08-30" })
        {
            map[dob] = DateOnly.ParseExact(dob, "yyyy-MM-dd", CultureInfo.InvariantCulture).AddDays(-(unit % 4801)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        }

        map["07700 900001"] = string.Create(CultureInfo.InvariantCulture, $"07700 9{unit % 100000:D5}");
        map["999000000101"] = string.Create(CultureInfo.InvariantCulture, $"9991{unit:D8}");
        map["1 Synthetic Row"] = string.Create(CultureInfo.InvariantCulture, $"{(unit % 500) + 1} {tag} Row");
        foreach (var postcode in Postcode().Matches(all).Select(m => m.Value).Distinct())
        {
            map[postcode] = string.Create(CultureInfo.InvariantCulture, $"ZZ99 {unit % 10}{(char)('A' + (unit / 10 % 26))}{(char)('A' + (unit / 260 % 26))}");
        }

        var pattern = new Regex(string.Join('|', map.Keys.OrderByDescending(k => k.Length).Select(Regex.Escape)), RegexOptions.CultureInvariant);
        return text => pattern.Replace(text, m => map[m.Value]);
    }

    private static string UnitUuid(string uuid, int unit) =>
        string.Create(CultureInfo.InvariantCulture, $"{unit:x8}{uuid[8..]}");

    /// <summary>A pronounceable tag unique to the unit (three syllables from twenty: 8,000 per letter of the alphabet).</summary>
    private static string Syllables(int unit)
    {
        string[] s = ["ka", "lo", "mi", "ne", "ru", "so", "ta", "vi", "xe", "zo", "ba", "de", "fi", "go", "hu", "ja", "ke", "li", "mo", "nu"];
        return $"{s[unit % 20]}{s[unit / 20 % 20]}{s[unit / 400 % 20]}{(char)('a' + (unit / 8000 % 26))}";
    }

    private static void Shuffle<T>(List<T> list, Random random)
    {
        for (var i = list.Count - 1; i > 0; i--)
        {
            var j = random.Next(i + 1);
            (list[i], list[j]) = (list[j], list[i]);
        }
    }

    [GeneratedRegex(@"(?<!\d)999\d{7}(?!\d)")]
    private static partial Regex NhsNumber();

    [GeneratedRegex(@"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")]
    private static partial Regex Uuid();

    [GeneratedRegex(@"""((?:mw|hv|gp)-[a-z]+-\d+|HSG-[PT]-[0-9-]+|MRC-P-\d+|MARAC-EX-[0-9-]+|EX/\d+/\d+)""")]
    private static partial Regex LocalId();

    [GeneratedRegex(@"ZZ99 \d[A-Z]{2}")]
    private static partial Regex Postcode();

    /// <summary>Valid synthetic NHS numbers (999 range, mod-11 check digit), each handed out once.</summary>
    private sealed class NhsNumbers(long start)
    {
        private long _next = start;

        public string Next()
        {
            while (true)
            {
                var nine = (_next++).ToString(CultureInfo.InvariantCulture);
                var sum = 0;
                for (var d = 0; d < 9; d++)
                {
                    sum += (nine[d] - '0') * (10 - d);
                }

                var check = 11 - (sum % 11);
                check = check == 11 ? 0 : check;
                if (check != 10)
                {
                    return nine + check.ToString(CultureInfo.InvariantCulture);
                }
            }
        }
    }
}
