using System.Text;

namespace InfoSharing.Domain.Terminology.Build;

/// <summary>
/// A published code list as saved in Terminology/sources/: CSV with a <c>code,term</c> header, one SNOMED CT UK code
/// per row (GM-SDE lists repeat a code once per synonym). Terms may be quoted and contain commas.
/// </summary>
public sealed class CodeList
{
    private readonly Dictionary<string, List<string>> _terms = new(StringComparer.Ordinal);
    private readonly List<string> _order = [];

    private CodeList(string name) => Name = name;

    public string Name { get; }

    /// <summary>Codes in the order the list first gives them.</summary>
    public IReadOnlyList<string> Codes => _order;

    public int Rows { get; private set; }

    public IReadOnlyList<string> TermsOf(string code) => _terms.TryGetValue(code, out var terms) ? terms : [];

    public static CodeList Parse(string name, string csv)
    {
        ArgumentNullException.ThrowIfNull(csv);
        var list = new CodeList(name);
        var lines = csv.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        var header = Fields(lines[0]);
        if (header.Count < 2 || header[0].Trim() != "code" || header[1].Trim() != "term")
        {
            throw new FormatException($"{name}: the first line must be the header code,term.");
        }

        for (var i = 1; i < lines.Length; i++)
        {
            if (lines[i].Length == 0)
            {
                continue;
            }

            var fields = Fields(lines[i]);
            var code = fields[0].Trim();
            if (!SnomedIdentifier.IsValid(code))
            {
                throw new FormatException($"{name} line {i + 1}: '{code}' is not a SNOMED CT identifier.");
            }

            var term = fields.Count > 1 ? fields[1].Trim() : string.Empty;
            list.Rows++;
            if (!list._terms.TryGetValue(code, out var terms))
            {
                list._terms[code] = terms = [];
                list._order.Add(code);
            }

            if (term.Length > 0 && !terms.Contains(term, StringComparer.Ordinal))
            {
                terms.Add(term);
            }
        }

        return list;
    }

    private static List<string> Fields(string line)
    {
        var fields = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < line.Length && line[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    field.Append(c);
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == ',')
            {
                fields.Add(field.ToString());
                field.Clear();
            }
            else
            {
                field.Append(c);
            }
        }

        fields.Add(field.ToString());
        return fields;
    }
}
