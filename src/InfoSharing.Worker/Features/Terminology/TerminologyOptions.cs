using System.ComponentModel.DataAnnotations;

namespace InfoSharing.Worker.Features.Terminology;

/// <summary>Indicator value sets: how many unmapped codes are kept per agency.</summary>
public sealed class TerminologyOptions
{
    public const string SectionName = "Terminology";

    /// <summary>Distinct unmapped (system, code) rows kept per agency; later new codes are counted under "(other)".</summary>
    [Range(10, 1_000_000)]
    public int MaxUnmappedCodesPerAgency { get; set; } = 5000;
}
