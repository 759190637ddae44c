using System.Globalization;
using InfoSharing.Api.Features.Reviews;

namespace InfoSharing.Api.Web;

/// <summary>How the pages write times, NHS numbers, agreement levels and field values.</summary>
public static class Display
{
    public static string Time(DateTimeOffset? time) =>
        time is { } t ? t.ToUniversalTime().ToString("d MMM yyyy, HH:mm:ss 'UTC'", CultureInfo.InvariantCulture) : "–";

    public static string Date(DateOnly? date) => date is { } d ? d.ToString("d MMM yyyy", CultureInfo.InvariantCulture) : "–";

    /// <summary>The round-trip form used in as-of links.</summary>
    public static string Iso(DateTimeOffset time) => time.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);

    public static string Nhs(string? nhs) => nhs is { Length: 10 } n ? $"{n[..3]} {n[3..6]} {n[6..]}" : nhs ?? "–";

    public static string Percent(double probability) => probability.ToString("0.0%", CultureInfo.InvariantCulture);

    public static string Percent(decimal confidence) => ((double)confidence).ToString("0.0%", CultureInfo.InvariantCulture);

    public static string Agreement(string level) => level switch
    {
        "null" => "Not compared: missing on one side",
        "exact" or "same-full" => "Agrees exactly",
        "else" => "Disagrees",
        _ => $"Partly agrees ({level})",
    };

    public static string AgreementCss(string level) => level switch
    {
        "exact" or "same-full" => "app-agree-exact",
        "else" => "app-agree-none",
        "null" => string.Empty,
        _ => "app-agree-partial",
    };

    /// <summary>The value a record holds for a comparison, where the record keeps it.</summary>
    public static string Field(RecordFields? record, string comparison) => record is null ? "–" : comparison switch
    {
        "given_name" => record.GivenName ?? "–",
        "family_name" => record.FamilyName ?? "–",
        "birth_date" => Date(record.BirthDate),
        "sex" => record.Sex,
        "postcode" => record.Postcode ?? "–",
        "nhs_number" => record.NhsNumber is null ? "–" : Nhs(record.NhsNumber) + (record.NhsNumberValid ? string.Empty : " (fails check)"),
        _ => "not kept",
    };
}
