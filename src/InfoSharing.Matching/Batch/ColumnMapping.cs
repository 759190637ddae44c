using System.Collections.Frozen;

namespace InfoSharing.Matching.Batch;

/// <summary>
/// Which CSV column feeds which <see cref="PersonRecord"/> field, written "field=column,field=column" with the
/// field names of <see cref="Fields"/>. A field not mapped is read from a column of the same name if there is one.
/// </summary>
public sealed class ColumnMapping
{
    /// <summary>The record fields that can be mapped.</summary>
    public static readonly IReadOnlyList<string> Fields =
    [
        "given_name", "family_name", "birth_date", "sex", "postcode", "house_number", "street", "locality", "town",
        "region", "phone", "email", "nhs_number", "other_id",
    ];

    private static readonly FrozenDictionary<string, string> Synonyms = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["surname"] = "family_name",
    }.ToFrozenDictionary(StringComparer.Ordinal);

    private ColumnMapping(IReadOnlyDictionary<string, string> fieldToColumn) => FieldToColumn = fieldToColumn;

    /// <summary>Field name to column name.</summary>
    public IReadOnlyDictionary<string, string> FieldToColumn { get; }

    /// <summary>Parses "given_name=first,family_name=last"; throws naming the bad entry.</summary>
    public static ColumnMapping Parse(string? text)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var entry in (text ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var parts = entry.Split('=', 2, StringSplitOptions.TrimEntries);
            if (parts.Length != 2 || parts[0].Length == 0 || parts[1].Length == 0)
            {
                throw new FormatException($"Mapping entry '{entry}' is not field=column.");
            }

            var field = Synonyms.GetValueOrDefault(parts[0], parts[0]);
            if (!Fields.Contains(field))
            {
                throw new FormatException($"Unknown field '{parts[0]}' in mapping; fields are: {string.Join(", ", Fields)}.");
            }

            map[field] = parts[1];
        }

        return new ColumnMapping(map);
    }

    /// <summary>Reads records from CSV text with a header row.</summary>
    public IEnumerable<PersonRecord> Read(TextReader reader, string idColumn)
    {
        ArgumentNullException.ThrowIfNull(reader);
        using var rows = DelimitedText.Rows(reader).GetEnumerator();
        if (!rows.MoveNext())
        {
            yield break;
        }

        var header = rows.Current;
        var columns = header.Select((name, i) => (name, i)).GroupBy(x => x.name, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First().i, StringComparer.Ordinal);
        if (!columns.TryGetValue(idColumn, out var idIndex))
        {
            throw new FormatException($"The id column '{idColumn}' is not in the header.");
        }

        var indexes = new int[Fields.Count];
        for (var f = 0; f < Fields.Count; f++)
        {
            var column = FieldToColumn.GetValueOrDefault(Fields[f], Fields[f]);
            if (columns.TryGetValue(column, out var index))
            {
                indexes[f] = index;
            }
            else if (FieldToColumn.ContainsKey(Fields[f]))
            {
                throw new FormatException($"Column '{column}' mapped to field '{Fields[f]}' is not in the header.");
            }
            else
            {
                indexes[f] = -1;
            }
        }

        var line = 1;
        while (rows.MoveNext())
        {
            line++;
            var row = rows.Current;
            string? Get(int f) => indexes[f] >= 0 && indexes[f] < row.Length && row[indexes[f]].Length > 0 ? row[indexes[f]] : null;
            var id = idIndex < row.Length ? row[idIndex] : string.Empty;
            if (id.Length == 0)
            {
                throw new FormatException($"Row {line} has no id in column '{idColumn}'.");
            }

            yield return new PersonRecord
            {
                Id = id,
                GivenName = Get(0),
                FamilyName = Get(1),
                BirthDate = Get(2),
                Sex = Get(3),
                Postcode = Get(4),
                HouseNumber = Get(5),
                Street = Get(6),
                Locality = Get(7),
                Town = Get(8),
                Region = Get(9),
                Phone = Get(10),
                Email = Get(11),
                NhsNumber = Get(12),
                OtherId = Get(13),
            };
        }
    }
}
