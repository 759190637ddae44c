using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Xml;
using System.Xml.Linq;

namespace InfoSharing.Fuzz;

/// <summary>
/// A seeded mutator over the seed corpus, for when afl-fuzz is not there (and for the unit test that keeps the
/// guarantee). Input <c>i</c> of seed <c>s</c> depends on nothing else, so <c>--only i</c> makes it again. Each input
/// is one seed with one to five stacked mutations: bit flips, interesting bytes, byte insert and delete, truncation,
/// splice of two seeds, a chunk repeated, deep nesting, invalid UTF-8, huge numbers, duplicate keys, tokens of JSON,
/// XML and FHIR, odd values in string and attribute slots, and edits of the JSON tree (a node removed, retyped or copied).
/// </summary>
public sealed class Mutator
{
    private static readonly string[] Tokens =
    [
        "{", "}", "[", "]", "\"", ":", ",", "null", "true", "false", "-0", "1e999", "\"\"", "{}", "[]",
        "<", ">", "/>", "</", "=\"\"", "&amp;", "&#0;", "&#xD800;", "<![CDATA[", "]]>", "<!-- -->", "<?xml version=\"1.0\"?>",
        "<!DOCTYPE x>", "xmlns=\"http://hl7.org/fhir\"", "\\u0000", "\\ud800", "\\udc00", "\\\"", "\\\\",
        "\"resourceType\"", "\"Bundle\"", "\"Patient\"", "\"RelatedPerson\"", "\"Observation\"", "\"Flag\"", "\"Condition\"",
        "\"entry\"", "\"resource\"", "\"contact\"", "\"extension\"", "\"url\"", "\"valueString\"", "\"valueBoolean\"",
        "\"identifier\"", "\"system\"", "\"value\"", "\"birthDate\"", "\"name\"", "\"family\"", "\"given\"", "\"address\"",
        "\"postalCode\"", "\"relationship\"", "\"code\"", "\"coding\"", "\"subject\"", "\"patient\"", "\"reference\"",
        "\"timestamp\"", "\"meta\"", "\"lastUpdated\"", "\"type\"", "\"message\"", "\"gender\"", "\"period\"", "\"start\"", "\"end\"",
        "\"https://fhir.nhs.uk/Id/nhs-number\"", "\"urn:uuid:\"", "\"#\"", "\"Patient/\"",
        "<Patient xmlns=\"http://hl7.org/fhir\">", "</Patient>", "<entry>", "</entry>", "<resource>", "</resource>",
        "<extension url=\"\">", "<value value=\"\"/>", "<birthDate value=\"\"/>",
        "\"members\"", "\"person\"", "\"personId\"", "\"nhsNumber\"", "\"dateOfBirth\"", "\"caresFor\"", "\"role\"",
        "\"victim\"", "\"allegedPerpetrators\"", "\"children\"", "\"unbornChildren\"", "\"expectedDeliveryDate\"",
        "\"motherIsVictim\"", "\"relationshipToVictim\"", "\"current-partner\"", "\"child\"", "\"non-resident-carer\"",
        "\"regular-visitor\"", "\"female\"", "\"male\"", "\"unknown\"",
    ];

    private static readonly string[] Values =
    [
        "", " ", "0", "-1", "1e400", "-1e400", "1.7976931348623157e309", "99999999999999999999999999999999",
        "0.000000000000000000000000000000001", "9990000018", "999000001", "99900000180", "NaN", "Infinity",
        "2026-02-30", "2026-13-01", "0000-01-01", "0001-01-01", "9999-12-31", "10000-01-01", "2026", "2026-12",
        "0001-01-01T00:00:00+14:00", "9999-12-31T23:59:59-14:00", "2026-12-01T25:61:61Z", "2026-12-01T00:00:00.9999999999Z",
        "2026-12-01T00:00:00+99:99", "-2026-01-01", "P1D", "Z", "ZZ99 1AA", "zz991aa", "ZZ9", "A", "\u0130", "\u212A",
        "Sm\u0456th", "\u200B", "\u202E", "\uFF33", "\U0001D400", "Test\u00ADwood", "\u0000", "\uFFFD", "\uFFFF",
        "urn:uuid:00000000-0000-0000-0000-000000000000", "#", "Patient/", "Patient/1/_history/", "http://", "..",
        "female", "male", "other", "unknown", "child", "tenant", "current-partner", "MTH", "FTH", "MTHFTH", "NMTH",
        new string('a', 201), new string('9', 300), new string('\'', 50), "'", "''", "%", "{0}", "\\", "\"",
    ];

    private readonly IReadOnlyList<FuzzInput> _seeds;
    private readonly int _seed;

    public Mutator(IReadOnlyList<FuzzInput> seeds, int seed)
    {
        ArgumentNullException.ThrowIfNull(seeds);
        if (seeds.Count == 0)
        {
            throw new ArgumentException("The mutator needs at least one seed.", nameof(seeds));
        }

        _seeds = seeds;
        _seed = seed;
    }

    /// <summary>Input number <paramref name="index"/> of this seed: the same every time, on every machine.</summary>
    public FuzzInput Make(long index)
    {
        var random = new Random(unchecked((int)((_seed * 1_000_003L) ^ (index * 2_654_435_761L) ^ (index >> 32))));
        var original = _seeds[random.Next(_seeds.Count)];
        var body = new List<byte>(original.Body);
        var selector = original.Selector;

        // One input in 32 goes to another reader than its seed's: a FHIR body on the housing reader and so on.
        if (random.Next(32) == 0)
        {
            selector = (byte)random.Next(256);
        }

        // Half the inputs get only edits of the JSON or XML tree, which keep the body well formed (a node removed, retyped,
        // copied or given an odd value, an entry repeated), so that they get past the parsers to the schema, Firely's model and the mappers; the other half anything.
        var wellFormed = random.Next(2) == 0;
        var mutations = 1 + random.Next(5);
        for (var m = 0; m < mutations; m++)
        {
            if (wellFormed)
            {
                MutateKeepingSyntax(random, body);
            }
            else
            {
                Mutate(random, body, original);
            }
        }

        return new FuzzInput(selector, [.. body], original.Name);
    }

    private void Mutate(Random random, List<byte> body, FuzzInput original)
    {
        switch (random.Next(20))
        {
            case 0: FlipBits(random, body); break;
            case 1: SetInterestingByte(random, body); break;
            case 2: InsertRandomBytes(random, body); break;
            case 3: DeleteRange(random, body); break;
            case 4: Truncate(random, body); break;
            case 5: Splice(random, body, original); break;
            case 6: RepeatChunk(random, body); break;
            case 7: Nest(random, body); break;
            case 8: InsertInvalidUtf8(random, body); break;
            case 9: HugeNumber(random, body); break;
            case 10: DuplicateKey(random, body); break;
            case 11: InsertToken(random, body); break;
            case 12 or 13 or 14: ReplaceValue(random, body); break;
            default: EditTree(random, body); break;
        }
    }

    private static void MutateKeepingSyntax(Random random, List<byte> body) => EditTree(random, body);

    private static int Position(Random random, List<byte> body) => random.Next(body.Count + 1);

    private static void FlipBits(Random random, List<byte> body)
    {
        for (var n = 1 + random.Next(8); n > 0 && body.Count > 0; n--)
        {
            var at = random.Next(body.Count);
            // The high bit rarely: flipped on ASCII it makes invalid UTF-8, which the first check refuses.
            body[at] ^= (byte)(1 << (random.Next(16) == 0 ? 7 : random.Next(7)));
        }
    }

    private static void SetInterestingByte(Random random, List<byte> body)
    {
        byte[] interesting = [0x00, 0x01, 0x7F, 0x80, 0xFF, (byte)'"', (byte)'<', (byte)'>', (byte)'{', (byte)'}', (byte)'[', (byte)']', (byte)',', (byte)':', (byte)'\\', (byte)'&', (byte)'-', (byte)'9'];
        if (body.Count > 0)
        {
            body[random.Next(body.Count)] = interesting[random.Next(interesting.Length)];
        }
    }

    private static void InsertRandomBytes(Random random, List<byte> body)
    {
        var bytes = new byte[1 + random.Next(16)];
        random.NextBytes(bytes);
        if (random.Next(4) != 0)
        {
            // Mostly printable ASCII, which gets past the UTF-8 check.
            for (var i = 0; i < bytes.Length; i++)
            {
                bytes[i] = (byte)(0x20 + (bytes[i] % 0x5F));
            }
        }
        body.InsertRange(Position(random, body), bytes);
    }

    private static void DeleteRange(Random random, List<byte> body)
    {
        if (body.Count == 0)
        {
            return;
        }

        var at = random.Next(body.Count);
        body.RemoveRange(at, Math.Min(body.Count - at, 1 + random.Next(random.Next(4) == 0 ? 512 : 16)));
    }

    private static void Truncate(Random random, List<byte> body)
    {
        if (body.Count > 0)
        {
            var cut = random.Next(body.Count);
            body.RemoveRange(cut, body.Count - cut);
        }
    }

    // The front of this body and the back of another seed's (the same reader's when there is one).
    private void Splice(Random random, List<byte> body, FuzzInput original)
    {
        var sameReader = _seeds.Where(s => s.Reader == original.Reader).ToList();
        var pool = sameReader.Count > 1 && random.Next(4) != 0 ? sameReader : _seeds;
        var other = pool[random.Next(pool.Count)].Body;
        var cut = Position(random, body);
        var from = random.Next(other.Length + 1);
        body.RemoveRange(cut, body.Count - cut);
        body.AddRange(other.AsSpan(from).ToArray());
    }

    // Repeated chunks reach the entries and elements limits (and the person cap) when the chunk is an entry or a member.
    private static void RepeatChunk(Random random, List<byte> body)
    {
        if (body.Count == 0)
        {
            return;
        }

        var at = random.Next(body.Count);
        var length = Math.Min(body.Count - at, 1 + random.Next(256));
        var chunk = body.GetRange(at, length).ToArray();
        var times = random.Next(4) switch { 0 => 2 + random.Next(1_200), 1 => 100 + random.Next(20), _ => 1 + random.Next(8) };
        times = Math.Min(times, 2_000_000 / Math.Max(1, chunk.Length));
        var repeated = new byte[chunk.Length * times];
        for (var t = 0; t < times; t++)
        {
            chunk.CopyTo(repeated, t * chunk.Length);
        }

        body.InsertRange(at, repeated);
    }

    // Openers (and sometimes their closers) around the limit of 64 and far past it.
    private static void Nest(Random random, List<byte> body)
    {
        (string Open, string Close)[] shapes = [("[", "]"), ("{\"a\":", "}"), ("{\"extension\":[", "]}"), ("<a>", "</a>"), ("<extension url=\"x\">", "</extension>")];
        var (open, close) = shapes[random.Next(shapes.Length)];
        var depth = random.Next(3) switch { 0 => 60 + random.Next(10), 1 => 1 + random.Next(200), _ => 1_000 + random.Next(50_000) };
        var text = new StringBuilder();
        text.Insert(0, open, depth);
        if (random.Next(2) == 0)
        {
            text.Append('1');
            text.Insert(text.Length, close, depth);
        }

        body.InsertRange(Position(random, body), Encoding.UTF8.GetBytes(text.ToString()));
    }

    private static void InsertInvalidUtf8(Random random, List<byte> body)
    {
        byte[][] bad =
        [
            [0x80], [0xBF], [0xC0, 0x80], [0xC1, 0xBF], [0xE0, 0x80, 0x80], [0xED, 0xA0, 0x80], [0xED, 0xBF, 0xBF],
            [0xF4, 0x90, 0x80, 0x80], [0xF5], [0xFE], [0xFF], [0xE2, 0x82], [0xF0, 0x9F, 0x98], [0xEF, 0xBB, 0xBF], [0x00],
        ];
        body.InsertRange(Position(random, body), bad[random.Next(bad.Length)]);
    }

    // A run of digits (a number, a date part, an NHS number) becomes a huge or odd number.
    private static void HugeNumber(Random random, List<byte> body)
    {
        string[] numbers = ["1e400", "-1e400", "99999999999999999999999999999999999999", "1.7976931348623157e309", "-0", "0.0000000000000000000000001e-400", "18446744073709551616", "2147483648", "-9223372036854775809", "1E+2147483648"];
        var digits = FindAll(body, b => b is >= (byte)'0' and <= (byte)'9');
        if (digits.Count == 0)
        {
            body.InsertRange(Position(random, body), Encoding.UTF8.GetBytes(numbers[random.Next(numbers.Length)]));
            return;
        }

        var start = digits[random.Next(digits.Count)];
        var end = start;
        while (end < body.Count && body[end] is >= (byte)'0' and <= (byte)'9' or (byte)'.')
        {
            end++;
        }

        body.RemoveRange(start, end - start);
        body.InsertRange(start, Encoding.UTF8.GetBytes(numbers[random.Next(numbers.Length)]));
    }

    // "key": value, again before itself: the same property twice in one object (or an XML attribute given twice).
    private static void DuplicateKey(Random random, List<byte> body)
    {
        var quotes = FindAll(body, b => b == (byte)'"');
        if (quotes.Count < 2)
        {
            return;
        }

        var start = quotes[random.Next(quotes.Count)];
        var end = start + 1;
        var depth = 0;
        var inString = true;
        for (; end < body.Count; end++)
        {
            var b = body[end];
            if (inString)
            {
                if (b == (byte)'\\')
                {
                    end++;
                }
                else if (b == (byte)'"')
                {
                    inString = false;
                }

                continue;
            }

            if (b == (byte)'"')
            {
                inString = true;
            }
            else if (b is (byte)'{' or (byte)'[')
            {
                depth++;
            }
            else if (b is (byte)'}' or (byte)']')
            {
                if (depth-- == 0)
                {
                    break;
                }
            }
            else if (b == (byte)',' && depth == 0)
            {
                break;
            }
            else if (b is (byte)'>' or (byte)'/' && depth == 0)
            {
                // XML: an attribute ends where the tag does.
                break;
            }
        }

        var property = body.GetRange(start, Math.Min(end, body.Count) - start);
        var separator = property.Contains((byte)':') ? (byte)',' : (byte)' ';
        body.InsertRange(start, [.. property, separator]);
    }

    private static void InsertToken(Random random, List<byte> body) =>
        body.InsertRange(Position(random, body), Encoding.UTF8.GetBytes(Tokens[random.Next(Tokens.Length)]));

    // The text between two quotes (a JSON string, an XML attribute value) replaced by an odd value.
    private static void ReplaceValue(Random random, List<byte> body)
    {
        var quotes = FindAll(body, b => b == (byte)'"');
        if (quotes.Count < 2)
        {
            return;
        }

        var q = random.Next(quotes.Count - 1);
        var (start, end) = (quotes[q] + 1, quotes[q + 1]);
        var value = Values[random.Next(Values.Length)];
        var encoded = random.Next(2) == 0 ? JsonEncodedText.Encode(value).ToString() : value;
        body.RemoveRange(start, end - start);
        body.InsertRange(start, Encoding.UTF8.GetBytes(encoded));
    }

    private static void EditTree(Random random, List<byte> body)
    {
        var first = body.FindIndex(b => b is not ((byte)' ' or (byte)'\n' or (byte)'\r' or (byte)'\t' or 0xEF or 0xBB or 0xBF));
        if (first >= 0 && body[first] == (byte)'<')
        {
            EditXmlTree(random, body);
        }
        else
        {
            EditJsonTree(random, body);
        }
    }

    // Structure-aware XML: an element removed, repeated or moved into another, or an attribute given an odd value.
    private static void EditXmlTree(Random random, List<byte> body)
    {
        XDocument document;
        try
        {
            using var stream = new MemoryStream(body.ToArray());
            using var reader = XmlReader.Create(stream, new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null });
            document = XDocument.Load(reader);
        }
        catch (Exception ex) when (ex is XmlException or DecoderFallbackException or ArgumentException or InvalidOperationException)
        {
            InsertToken(random, body);
            return;
        }

        var elements = document.Descendants().ToList();
        var target = elements[random.Next(elements.Count)];
        var donor = elements[random.Next(elements.Count)];
        switch (random.Next(5))
        {
            case 0 when target.Parent is not null:
                target.Remove();
                break;
            case 1 when target.Parent is not null:
                target.AddAfterSelf(new XElement(target));
                break;
            case 2 when !donor.AncestorsAndSelf().Contains(target):
                target.Add(new XElement(donor));
                break;
            default:
                var attributes = target.Attributes().Where(a => !a.IsNamespaceDeclaration).ToList();
                var value = Values[random.Next(Values.Length)];
                if (attributes.Count > 0 && value.All(XmlConvert.IsXmlChar))
                {
                    attributes[random.Next(attributes.Count)].Value = value;
                }

                break;
        }

        string text;
        try
        {
            text = document.ToString(SaveOptions.DisableFormatting);
        }
        catch (Exception ex) when (ex is XmlException or ArgumentException or InvalidOperationException)
        {
            return;
        }

        body.Clear();
        body.AddRange(Encoding.UTF8.GetBytes(text));
    }

    // Structure-aware: a node of the JSON tree removed, made null, retyped, or replaced by a copy of another node, so that
    // mutated messages still pass the parser and the schema often enough to reach the mappers.
    private static void EditJsonTree(Random random, List<byte> body)
    {
        try
        {
            EditParsedJson(random, body);
        }
        catch (Exception ex) when (ex is JsonException or ArgumentException or InvalidOperationException)
        {
            // Not JSON, or JSON that JsonNode will not hold (a key given twice): a token instead.
            InsertToken(random, body);
        }
    }

    private static void EditParsedJson(Random random, List<byte> body)
    {
        var root = JsonNode.Parse(body.ToArray(), documentOptions: new JsonDocumentOptions { MaxDepth = 256 });
        if (root is null)
        {
            return;
        }

        var nodes = new List<JsonNode>();
        Collect(root, nodes);
        var arrays = nodes.OfType<JsonArray>().Where(a => a.Count > 0).ToList();
        if (arrays.Count > 0 && random.Next(4) == 0)
        {
            // An item of a list (an entry, a member, a name) repeated: past the person and entry caps now and then.
            var list = arrays[random.Next(arrays.Count)];
            var item = random.Next(list.Count);
            var copies = random.Next(4) == 0 ? 90 + random.Next(20) : 1 + random.Next(4);
            for (var c = 0; c < copies; c++)
            {
                list.Insert(item, list[item]?.DeepClone());
            }

            Replace(body, root);
            return;
        }

        var target = nodes[random.Next(nodes.Count)];
        var donor = nodes[random.Next(nodes.Count)];
        JsonNode? replacement = random.Next(9) switch
        {
            0 => null,
            1 => JsonValue.Create(Values[random.Next(Values.Length)]),
            2 => JsonValue.Create(random.Next(3) - 1),
            3 => JsonValue.Create(random.Next(2) == 0),
            4 => new JsonObject(),
            5 => new JsonArray(),
            6 => donor.DeepClone(),
            7 => new JsonArray(target.DeepClone(), target.DeepClone()),
            _ => JsonValue.Create(1e300),
        };

        var removeInstead = random.Next(5) == 0;
        switch (target.Parent)
        {
            case JsonObject parent:
                var name = target.GetPropertyName();
                if (removeInstead)
                {
                    parent.Remove(name);
                }
                else
                {
                    parent[name] = replacement;
                }

                break;
            case JsonArray array:
                var index = target.GetElementIndex();
                if (removeInstead)
                {
                    array.RemoveAt(index);
                }
                else if (random.Next(3) == 0)
                {
                    array.Insert(index, target.DeepClone());
                }
                else
                {
                    array[index] = replacement;
                }

                break;
            default:
                return;
        }

        Replace(body, root);
    }

    private static void Replace(List<byte> body, JsonNode root)
    {
        var text = root.ToJsonString();
        body.Clear();
        body.AddRange(Encoding.UTF8.GetBytes(text));
    }

    private static void Collect(JsonNode node, List<JsonNode> nodes)
    {
        nodes.Add(node);
        switch (node)
        {
            case JsonObject obj:
                foreach (var (_, child) in obj)
                {
                    if (child is not null)
                    {
                        Collect(child, nodes);
                    }
                }

                break;
            case JsonArray array:
                foreach (var child in array)
                {
                    if (child is not null)
                    {
                        Collect(child, nodes);
                    }
                }

                break;
        }
    }

    private static List<int> FindAll(List<byte> body, Func<byte, bool> match)
    {
        var found = new List<int>();
        for (var i = 0; i < body.Count; i++)
        {
            if (match(body[i]))
            {
                found.Add(i);
            }
        }

        return found;
    }
}
