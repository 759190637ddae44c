using System.Globalization;
using System.Net;
using System.Text;
using InfoSharing.Api.Features.Reviews;
using Microsoft.AspNetCore.Html;

namespace InfoSharing.Api.Web;

/// <summary>
/// The match weight as a waterfall chart (as record-linkage tools draw it), in inline SVG: the prior weight, then
/// each field's contribution from where the last one ended (fields that weigh nothing are left out), then the total. Green adds evidence for the same
/// person, red against. The table beside it carries the same numbers for anyone who cannot see the chart.
/// </summary>
public static class Waterfall
{
    private const int Left = 170;
    private const int Width = 640;
    private const int Row = 26;

    public static IHtmlContent Render(string id, double prior, IReadOnlyList<FieldWeight> fields, double total)
    {
        ArgumentNullException.ThrowIfNull(fields);
        var steps = new List<(string Label, double From, double To, string Css)> { ("prior", 0, prior, "app-chart__prior") };
        var at = prior;
        foreach (var field in fields.Where(f => Math.Abs(f.Weight) >= 0.005))
        {
            steps.Add((Label(field), at, at + field.Weight, field.Weight >= 0 ? "app-chart__positive" : "app-chart__negative"));
            at += field.Weight;
        }

        steps.Add(("total", 0, total, "app-chart__total"));
        var min = Math.Min(0, steps.Min(s => Math.Min(s.From, s.To)));
        var max = Math.Max(0, steps.Max(s => Math.Max(s.From, s.To)));
        var span = Math.Max(max - min, 1);
        double X(double w) => Left + ((w - min) / span * (Width - Left - 60));
        var height = (steps.Count * Row) + 30;

        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg class=\"app-chart\" viewBox=\"0 0 {Width} {height}\" width=\"{Width}\" height=\"{height}\" role=\"img\" aria-labelledby=\"{id}-title {id}-desc\" xmlns=\"http://www.w3.org/2000/svg\">");
        svg.Append(CultureInfo.InvariantCulture, $"<title id=\"{id}-title\">Match weight waterfall</title>");
        svg.Append(CultureInfo.InvariantCulture, $"<desc id=\"{id}-desc\">Starts at the prior weight {Bits(prior)} bits; {string.Join("; ", fields.Select(f => $"{f.Comparison} {f.Level} {Bits(f.Weight)}"))}; total {Bits(total)} bits.</desc>");
        svg.Append(CultureInfo.InvariantCulture, $"<line class=\"app-chart__axis\" x1=\"{F(X(0))}\" y1=\"0\" x2=\"{F(X(0))}\" y2=\"{height - 20}\"/>");
        for (var i = 0; i < steps.Count; i++)
        {
            var (label, from, to, css) = steps[i];
            var y = (i * Row) + 4;
            var x = Math.Min(X(from), X(to));
            var w = Math.Max(Math.Abs(X(to) - X(from)), 1.5);
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Left - 8}\" y=\"{y + 15}\" text-anchor=\"end\">{WebUtility.HtmlEncode(label)}</text>");
            svg.Append(CultureInfo.InvariantCulture, $"<rect class=\"{css}\" x=\"{F(x)}\" y=\"{y}\" width=\"{F(w)}\" height=\"{Row - 8}\"/>");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{F(x + w + 4)}\" y=\"{y + 15}\">{Bits(to - from)}</text>");
        }

        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{F(X(0))}\" y=\"{height - 4}\" text-anchor=\"middle\">0 bits (even odds)</text>");
        svg.Append("</svg>");
        return new HtmlString(svg.ToString());
    }

    public static string Bits(double weight) => weight.ToString("+0.00;-0.00;0.00", CultureInfo.InvariantCulture);

    private static string Label(FieldWeight field) => $"{field.Comparison.Replace('_', ' ')}: {field.Level}";

    private static string F(double value) => value.ToString("0.#", CultureInfo.InvariantCulture);
}
