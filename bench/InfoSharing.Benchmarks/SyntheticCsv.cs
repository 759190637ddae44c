using System.Text;
using InfoSharing.Benchmarks.Synthetic;
using InfoSharing.Matching.Batch;

namespace InfoSharing.Benchmarks;

/// <summary>Writes a synthetic population as CSV for the link command (with the true person, for scoring only).</summary>
internal static class SyntheticCsv
{
    public static void Write(int records, int seed, string path)
    {
        var population = SyntheticPopulation.Generate(records, seed);
        using var writer = new StreamWriter(path, append: false, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
        writer.WriteLine("id,true_person,given_name,family_name,birth_date,sex,postcode,house_number,street,town,phone,email,nhs_number");
        foreach (var (r, person) in population)
        {
            string?[] fields = [r.Id, person.ToString(System.Globalization.CultureInfo.InvariantCulture), r.GivenName, r.FamilyName, r.BirthDate, r.Sex, r.Postcode, r.HouseNumber, r.Street, r.Town, r.Phone, r.Email, r.NhsNumber];
            writer.WriteLine(string.Join(',', fields.Select(f => DelimitedText.Escape(f ?? string.Empty))));
        }

        Console.WriteLine($"wrote {population.Count:N0} synthetic records (seed {seed}) to {path}");
    }
}
