using System.Text;

namespace InfoSharing.Tests.Shared;

/// <summary>Bodies an attacker with one agency's credentials could send, each built to break a parser or starve the worker.</summary>
internal static class HostileBodies
{
    public const string NhsSystem = "https://fhir.nhs.uk/Id/nhs-number";

    /// <summary>About 880 KB of FHIR XML whose elements nest 20,000 deep: before the depth limit this overflowed the stack.</summary>
    public static byte[] DeepXml(int depth = 20_000)
    {
        var builder = new StringBuilder("<Patient xmlns=\"http://hl7.org/fhir\">");
        for (var i = 0; i < depth; i++)
        {
            builder.Append("<extension url=\"http://e.org/x\">");
        }

        for (var i = 0; i < depth; i++)
        {
            builder.Append("</extension>");
        }

        return Encoding.UTF8.GetBytes(builder.Append("</Patient>").ToString());
    }

    public static byte[] DeepJson(int depth = 100_000) => Encoding.UTF8.GetBytes(
        "{\"resourceType\":\"Patient\",\"extension\":" + new string('[', depth) + new string(']', depth) + "}");

    /// <summary>One object with many members: wide rather than deep.</summary>
    public static byte[] WideJson(int members) => Encoding.UTF8.GetBytes(
        "{\"resourceType\":\"Patient\"," + string.Join(',', Enumerable.Range(0, members).Select(i => $"\"m{i}\":1")) + "}");

    /// <summary>Many values in arrays each shorter than the entry limit, so that only the element count catches them.</summary>
    public static byte[] ManyValuesJson(int values) => Encoding.UTF8.GetBytes(
        "{\"resourceType\":\"Patient\",\"extension\":["
        + string.Join(',', Enumerable.Range(0, (values + 499) / 500).Select(_ => "[" + string.Join(',', Enumerable.Repeat('1', 500)) + "]"))
        + "]}");

    /// <summary>Many sibling elements with alternating names, so that no run is longer than the entry limit.</summary>
    public static byte[] ManyElementsXml(int elements) => Encoding.UTF8.GetBytes(
        "<Patient xmlns=\"http://hl7.org/fhir\">" + string.Concat(Enumerable.Range(0, elements).Select(i => i % 2 == 0 ? "<a/>" : "<b/>")) + "</Patient>");

    public static byte[] WideXml(int attributes) => Encoding.UTF8.GetBytes(
        "<Patient xmlns=\"http://hl7.org/fhir\" " + string.Join(' ', Enumerable.Range(0, attributes).Select(i => $"a{i}=\"1\"")) + "/>");

    /// <summary>The "billion laughs": ten levels of entities each ten times the one before.</summary>
    public static byte[] EntityExpansionXml()
    {
        var builder = new StringBuilder("<?xml version=\"1.0\"?>\n<!DOCTYPE Patient [\n  <!ENTITY lol \"lol\">\n");
        for (var i = 1; i <= 9; i++)
        {
            builder.Append($"  <!ENTITY lol{i} \"{string.Concat(Enumerable.Repeat($"&lol{(i == 1 ? string.Empty : (i - 1).ToString(System.Globalization.CultureInfo.InvariantCulture))};", 10))}\">\n");
        }

        return Encoding.UTF8.GetBytes(builder.Append("]>\n<Patient xmlns=\"http://hl7.org/fhir\"><id value=\"&lol9;\"/></Patient>").ToString());
    }

    public static byte[] ExternalEntityXml() => Encoding.UTF8.GetBytes(
        "<?xml version=\"1.0\"?>\n<!DOCTYPE Patient [ <!ENTITY secret SYSTEM \"file:///etc/passwd\"> ]>\n"
        + "<Patient xmlns=\"http://hl7.org/fhir\"><id value=\"&secret;\"/></Patient>");

    public static string Patient(int n, string family = "Testperson", string given = "Sam") =>
        $$"""
        { "resourceType": "Patient", "id": "p{{n}}",
          "name": [ { "family": {{Json(family)}}, "given": [ {{Json(given)}} ] } ], "gender": "male", "birthDate": "1990-01-{{(n % 28) + 1:00}}" }
        """;

    private static string Json(string value) => System.Text.Json.JsonSerializer.Serialize(value);

    /// <summary>A collection Bundle of <paramref name="patients"/> Patients (the 7,750-Patient bundle took 165 s before the cap).</summary>
    public static byte[] BundleOf(int patients, Func<int, string>? patient = null) => Encoding.UTF8.GetBytes(
        "{\"resourceType\":\"Bundle\",\"type\":\"collection\",\"entry\":["
        + string.Join(',', Enumerable.Range(1, patients).Select(i => $"{{\"fullUrl\":\"urn:uuid:00000000-0000-4000-8000-{i:000000000000}\",\"resource\":{(patient ?? (n => Patient(n)))(i)}}}"))
        + "]}");

    public static byte[] XmlBundleOf(int entries) => Encoding.UTF8.GetBytes(
        "<Bundle xmlns=\"http://hl7.org/fhir\"><type value=\"collection\"/>"
        + string.Concat(Enumerable.Range(1, entries).Select(i => $"<entry><resource><Basic><id value=\"b{i}\"/><code><text value=\"x\"/></code></Basic></resource></entry>"))
        + "</Bundle>");
}
