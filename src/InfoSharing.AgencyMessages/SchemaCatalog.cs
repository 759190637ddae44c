using System.Collections.Concurrent;
using System.Text.Json;
using InfoSharing.Contracts;
using InfoSharing.Domain.Ingest;
using Json.Schema;

namespace InfoSharing.AgencyMessages;

/// <summary>
/// The JSON Schemas of contracts/schemas, embedded at build time (linked, not copied), one per AMQP type:
/// resource <c>InfoSharing.AgencyMessages.Schemas.&lt;type&gt;.schema.json</c>.
/// </summary>
internal static class SchemaCatalog
{
    private const int ReportedFailures = 3;

    private static readonly ConcurrentDictionary<string, Lazy<JsonSchema>> Schemas = new(StringComparer.Ordinal);

    private static readonly EvaluationOptions Options = new()
    {
        OutputFormat = OutputFormat.List,
        RequireFormatValidation = true,
    };

    public static void Validate(string messageType, JsonElement message)
    {
        var schema = Schemas.GetOrAdd(messageType, type => new Lazy<JsonSchema>(() => Load(type))).Value;
        var result = schema.Evaluate(message, Options);
        if (result.IsValid)
        {
            return;
        }

        var failures = SchemaFailures.Describe(result).Take(ReportedFailures + 1).ToList();
        var shown = string.Join("; ", failures.Take(ReportedFailures));
        var more = failures.Count > ReportedFailures ? "; and more" : string.Empty;
        throw new MessageRejectedException(
            RejectionCodes.SchemaViolation,
            $"The message breaks schema {messageType}: {shown}{more}.");
    }

    private static JsonSchema Load(string messageType)
    {
        var name = $"InfoSharing.AgencyMessages.Schemas.{messageType}.schema.json";
        using var stream = typeof(SchemaCatalog).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"Schema resource {name} is missing from the build.");
        using var reader = new StreamReader(stream);

        // A registry of its own: the global one refuses a second registration of the same $id.
        return JsonSchema.FromText(reader.ReadToEnd(), new BuildOptions { SchemaRegistry = new SchemaRegistry() });
    }
}
