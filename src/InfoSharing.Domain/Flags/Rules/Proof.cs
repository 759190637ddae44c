using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using InfoSharing.Domain.Relationships;

namespace InfoSharing.Domain.Flags;

/// <summary>One fact a rule found, with what subscribers are shown about it (for the evidence hash).</summary>
internal sealed record Proof(string Kind, Guid Id, IReadOnlyList<string> Agencies, string Detail, decimal? Confidence = null)
{
    public static Proof Of(RelationshipFact r)
    {
        var agencies = r.SourceAgencies.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var detail = string.Create(CultureInfo.InvariantCulture, $"{r.Type.ToCode()}|{r.Confidence:0.0000}|{string.Join(',', agencies)}");
        return new Proof(EvidenceKinds.Relationship, r.RelationshipId, agencies, detail, r.Confidence);
    }

    public static Proof Of(IndicatorFact i) => new(EvidenceKinds.Indicator, i.Id, [i.Agency], i.Kind);

    public static Proof Of(AppointmentFact a) => new(EvidenceKinds.Appointment, a.Id, [a.Agency], "");

    public static Proof Of(ContactFact c) => new(EvidenceKinds.Contact, c.Id, [c.Agency], "");

    public static Proof Of(MotherLinkFact m) => new(EvidenceKinds.MotherLink, m.Id, [m.Agency], m.Kind);
}

/// <summary>A rule's finding: the flag that holds and the facts it rests on.</summary>
internal sealed record Finding(string Code, FlagPerson About, Guid? PersonId, RelationshipType? Relationship, IReadOnlyList<Proof> Proofs)
{
    public FlagKey Key => new(Code, PersonId);

    /// <summary>What the message says besides the code (for non-mobile-infant-bruising: the injury kinds, in catalogue order).</summary>
    public IReadOnlyList<string> Details { get; init; } = [];

    public DesiredFlag ToDesired()
    {
        var proofs = Proofs
            .DistinctBy(p => (p.Kind, p.Id))
            .OrderBy(p => p.Kind, StringComparer.Ordinal)
            .ThenBy(p => p.Id)
            .ToList();
        var canonical = new StringBuilder()
            .Append(Code).Append('\n')
            .Append(PersonId?.ToString("N") ?? "-").Append('\n')
            .Append(Relationship?.ToCode() ?? "-").Append('\n')
            .Append(string.Join(',', Details)).Append('\n');
        foreach (var proof in proofs)
        {
            canonical.Append(proof.Kind).Append(':').Append(proof.Id.ToString("N")).Append(':').Append(proof.Detail).Append('\n');
        }

        var confidences = proofs.Where(p => p.Confidence is not null).Select(p => p.Confidence!.Value).ToList();
        return new DesiredFlag
        {
            Code = Code,
            About = About,
            PersonId = PersonId,
            Relationship = Relationship,
            Details = Details,
            IndicatorKinds = proofs.Where(p => p.Kind == EvidenceKinds.Indicator).Select(p => p.Detail).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList(),
            Evidence = proofs.Select(p => new EvidenceRef(p.Kind, p.Id)).ToList(),
            SourceAgencies = proofs.SelectMany(p => p.Agencies).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList(),
            LinkConfidence = confidences.Count == 0 ? null : confidences.Min(),
            EvidenceHash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical.ToString()))),
        };
    }
}
