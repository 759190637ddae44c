using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using InfoSharing.Contracts;

namespace InfoSharing.Domain.Terminology.Build;

/// <summary>Writes a built value set as FHIR R4 ValueSet JSON with its expansion, in a fixed order (the same input gives the same bytes).</summary>
internal static class ValueSetWriter
{
    private const string Copyright =
        "This value set includes content from SNOMED CT, which is copyright IHTSDO (SNOMED International), distributed in the UK by NHS England under the SNOMED CT UK licence. "
        + "The code lists it draws on are published under their own terms (see SOURCE.md in Terminology/sources).";

    public static string Write(ValueSetRecipe recipe, ValueSetPlan plan, string description, IReadOnlyList<ValueSetCode> codes)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            json.WriteString("resourceType", "ValueSet");
            json.WriteString("id", $"indicator-{plan.Kind}");
            json.WriteString("url", $"{FhirUrls.IndicatorValueSetBase}/indicator-{plan.Kind}");
            json.WriteString("version", recipe.Version);
            json.WriteString("name", "InfoSharingIndicator" + string.Concat(plan.Kind.Split('-').Select(w => char.ToUpperInvariant(w[0]) + w[1..])));
            json.WriteString("title", plan.Title);
            json.WriteString("status", "active");
            json.WriteBoolean("experimental", false);
            json.WriteString("date", recipe.Date);
            json.WriteString("publisher", recipe.Publisher);
            json.WriteString("description", description);
            json.WriteString("purpose", plan.Purpose);
            json.WriteString("copyright", Copyright);
            json.WriteStartObject("expansion");
            json.WriteString("identifier", $"urn:infosharing:valueset:indicator-{plan.Kind}:{recipe.Version}");
            json.WriteString("timestamp", recipe.Date);
            json.WriteNumber("total", codes.Count);
            // FHIR forbids an empty array: a value set with no national codes has no contains.
            if (codes.Count > 0)
            {
                json.WriteStartArray("contains");
            }

            foreach (var code in codes)
            {
                json.WriteStartObject();
                json.WriteString("system", code.System);
                json.WriteString("code", code.Code);
                if (!string.IsNullOrEmpty(code.Display))
                {
                    json.WriteString("display", code.Display);
                }

                json.WriteEndObject();
            }

            if (codes.Count > 0)
            {
                json.WriteEndArray();
            }

            json.WriteEndObject();
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray()) + "\n";
    }
}
