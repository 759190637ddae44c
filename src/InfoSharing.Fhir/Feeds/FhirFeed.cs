namespace InfoSharing.Fhir.Feeds;

/// <summary>The FHIR feeds agencies send (routing keys <c>midwifery.fhir</c>, <c>health-visiting.fhir</c>, <c>gp.fhir</c>).</summary>
public enum FhirFeed
{
    Midwifery,
    HealthVisiting,
    Gp,
}
