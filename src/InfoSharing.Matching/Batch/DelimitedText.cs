using System.Text;

namespace InfoSharing.Matching.Batch;

/// <summary>
/// RFC 4180 CSV: comma-separated, fields in double quotes may hold commas, quotes ("") and line breaks.
/// Unquoted fields are trimmed (FEBRL puts a space after each comma). Reads from a reader; opens no file.
/// </summary>
public static class DelimitedText
{
    public static IEnumerable<string[]> Rows(TextReader reader, char separator = ',')
    {
        ArgumentNullException.ThrowIfNull(reader);
        var fields = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        var inQuotes = false;
        var any = false;
        int next;
        while ((next = reader.Read()) != -1)
        {
            var c = (char)next;
            any = true;
            if (inQuotes)
            {
                if (c == '"')
                {
                    if (reader.Peek() == '"')
                    {
                        reader.Read();
                        field.Append('"');
                    }
                    else
                    {
                        inQuotes = false;
                    }
                }
                else
                {
                    field.Append(c);
                }

                continue;
            }

            if (c == '"' && field.ToString().Trim().Length == 0)
            {
                field.Clear();
                inQuotes = true;
                quoted = true;
            }
            else if (c == separator)
            {
                fields.Add(Finish(field, quoted));
                quoted = false;
            }
            else if (c is '\n' or '\r')
            {
                if (c == '\r' && reader.Peek() == '\n')
                {
                    reader.Read();
                }

                fields.Add(Finish(field, quoted));
                quoted = false;
                if (fields.Count > 1 || fields[0].Length > 0)
                {
                    yield return fields.ToArray();
                }

                fields.Clear();
                any = false;
            }
            else if (!quoted)
            {
                field.Append(c);
            }
        }

        if (inQuotes)
        {
            throw new FormatException("The file ends inside a quoted field.");
        }

        if (any)
        {
            fields.Add(Finish(field, quoted));
            if (fields.Count > 1 || fields[0].Length > 0)
            {
                yield return fields.ToArray();
            }
        }
    }

    /// <summary>Quotes a field when it holds a separator, quote or line break.</summary>
    public static string Escape(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return value.AsSpan().IndexOfAny(",\"\r\n") < 0 ? value : "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
    }

    private static string Finish(StringBuilder field, bool quoted)
    {
        var value = quoted ? field.ToString() : field.ToString().Trim();
        field.Clear();
        return value;
    }
}
