namespace InfoSharing.Api.Web;

/// <summary>The API's purpose-of-use problems, in the words of the form rather than of its headers.</summary>
internal static class PurposeText
{
    public static string ForPeople(string problem) => problem
        .Replace("the X-Purpose-Of-Use-Detail header", "the enquiry, review or request", StringComparison.Ordinal)
        .Replace("The X-Purpose-Of-Use-Detail header", "The enquiry, review or request", StringComparison.Ordinal)
        .Replace("the X-Purpose-Of-Use header takes one of", "choose one of", StringComparison.Ordinal)
        .Replace("The X-Purpose-Of-Use header must be one of", "Choose one of", StringComparison.Ordinal)
        .Replace(" (free text goes in X-Purpose-Of-Use-Detail)", string.Empty, StringComparison.Ordinal);
}
