using System.Text.Json.Nodes;

namespace InfoSharing.IntegrationTests.Infrastructure;

/// <summary>The contract examples, and synthetic variations of them.</summary>
public static class Examples
{
    public const string MotherNhs = "9990000018";
    public const string FatherNhs = "9990000026";

    public static string Path(string relative)
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(System.IO.Path.Combine(dir.FullName, "InfoSharing.sln")))
        {
            dir = dir.Parent;
        }

        return System.IO.Path.Combine(dir?.FullName ?? throw new DirectoryNotFoundException("Repository root not found."), relative);
    }

    public static byte[] Booking() => File.ReadAllBytes(Path("contracts/examples/midwifery/booking-with-partner.json"));

    /// <summary>The booking example with other NHS numbers (both must be valid for the test's purpose).</summary>
    public static byte[] Booking(string motherNhs, string fatherNhs)
    {
        var node = JsonNode.Parse(Booking())!;
        foreach (var entry in node["entry"]!.AsArray())
        {
            var resource = entry!["resource"]!;
            var type = resource["resourceType"]!.GetValue<string>();
            if (type is "Patient")
            {
                resource["identifier"]![0]!["value"] = motherNhs;
            }
            else if (type is "RelatedPerson")
            {
                resource["identifier"]![0]!["value"] = fatherNhs;
            }
        }

        return System.Text.Encoding.UTF8.GetBytes(node.ToJsonString());
    }

    /// <summary>Valid synthetic NHS numbers (999 range, mod-11 check digit) for tests that need many people.</summary>
    public static string SyntheticNhs(int index)
    {
        for (var candidate = 999_100_000L + (index * 10L); ; candidate++)
        {
            var nine = candidate.ToString(System.Globalization.CultureInfo.InvariantCulture);
            var sum = 0;
            for (var i = 0; i < 9; i++)
            {
                sum += (nine[i] - '0') * (10 - i);
            }

            var check = 11 - (sum % 11);
            if (check == 11)
            {
                check = 0;
            }

            if (check != 10)
            {
                return nine + check.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }
        }
    }
}
