using Hl7.Fhir.Model;
using InfoSharing.Domain.Ingest;
using InfoSharing.Domain.Relationships;

namespace InfoSharing.Fhir.Feeds;

/// <summary>
/// Coded Observations, Conditions and Flags become risk indicators (codes from Terminology/indicator-codes.json);
/// Appointments that were kept or missed become appointment statements (a missed one for an infant: was not brought);
/// Encounters that took place become contacts with who was present.
/// </summary>
internal sealed partial class FeedMapper
{
    private static readonly RelationshipCode NoShow = new(FhirCodes.AppointmentStatusSystem, "noshow");

    private void MapIndicators()
    {
        foreach (var entry in _message.Entries)
        {
            var found = entry.Resource switch
            {
                Observation o when !IsExpectedDeliveryDate(o) && o.Status is not (ObservationStatus.EnteredInError or ObservationStatus.Cancelled) =>
                    Indicator(CodesOf([o.Code, o.Value as CodeableConcept]), FocusKey(o.Focus) ?? PatientKey(o.Subject), DateOf(o.Effective), EndOf(o.Effective as Period), true),
                Condition c when !IsVoid(c) =>
                    Indicator(CodesOf([c.Code]), PatientKey(c.Subject), DateOf(c.Onset) ?? Reading.PersonReader.ParseDate(c.RecordedDate), DateOf(c.Abatement), IsActive(c)),
                Flag f when f.Status != Flag.FlagStatus.EnteredInError =>
                    Indicator(CodesOf([f.Code]), PatientKey(f.Subject), DateOf(f.Period), EndOf(f.Period), f.Status != Flag.FlagStatus.Inactive),
                _ => (Outcome?)null,
            };

            switch (found)
            {
                case { Statement: { } statement }:
                    _indicatorStatements.Add(statement);
                    break;
                case { Problem: { } problem }:
                    _ignored.Add($"{Where(entry.Resource)}: {problem}");
                    break;
            }
        }
    }

    private Outcome Indicator(IEnumerable<RelationshipCode> codes, string? personKey, DateOnly? from, DateOnly? to, bool active)
    {
        foreach (var code in codes)
        {
            if (_indicators.Find(code) is { } indicator)
            {
                return personKey is null
                    ? new Outcome(null, "the person it is about is not in the message")
                    : new Outcome(new RiskIndicatorStatement(personKey, indicator.Kind, code, indicator.Display, from, to, active), null);
            }
        }

        return new Outcome(null, "code not an indicator InfoSharing maps");
    }

    /// <summary>Observation.focus names the person an observation is about when it is not the subject of record (e.g. the father advised).</summary>
    private string? FocusKey(IEnumerable<ResourceReference> focus) => focus.Select(PersonKey).FirstOrDefault(k => k is not null);

    private void MapAppointments()
    {
        foreach (var appointment in Index.OfType<Appointment>())
        {
            if (appointment.Status is not (Appointment.AppointmentStatus.Noshow or Appointment.AppointmentStatus.Fulfilled))
            {
                _ignored.Add($"{Where(appointment)}: status is neither fulfilled nor noshow");
                continue;
            }

            var notAttended = appointment.Status == Appointment.AppointmentStatus.Noshow;
            var date = appointment.Start is { } start ? DateOnly.FromDateTime(start.DateTime) : (DateOnly?)null;
            var subjects = appointment.Participant.Select(p => Index.Resolve<Patient>(p.Actor) is not null || p.Actor?.Identifier is not null ? PatientKey(p.Actor) : null)
                .OfType<string>()
                .Distinct(StringComparer.Ordinal)
                .ToList();
            if (subjects.Count == 0)
            {
                _ignored.Add($"{Where(appointment)}: no participant is a Patient in the message");
                continue;
            }

            foreach (var subject in subjects)
            {
                _appointments.Add(new AppointmentStatement(subject, date, notAttended ? "noshow" : "fulfilled", notAttended));
                if (notAttended && _infants.Contains(subject))
                {
                    _indicatorStatements.Add(new RiskIndicatorStatement(subject, IndicatorKinds.WasNotBrought, NoShow, "Not brought to appointment", date, null));
                }
            }
        }
    }

    private void MapEncounters()
    {
        foreach (var encounter in Index.OfType<Encounter>())
        {
            if (encounter.Status is not (Encounter.EncounterStatus.Finished or Encounter.EncounterStatus.InProgress or Encounter.EncounterStatus.Arrived
                or Encounter.EncounterStatus.Triaged or Encounter.EncounterStatus.Onleave))
            {
                _ignored.Add($"{Where(encounter)}: the contact did not take place");
                continue;
            }

            if (PatientKey(encounter.Subject) is not { } subject)
            {
                _ignored.Add($"{Where(encounter)}: its subject is not in the message");
                continue;
            }

            var present = encounter.Participant
                .Select(p => PersonKey(p.Individual))
                .OfType<string>()
                .Distinct(StringComparer.Ordinal)
                .ToList();
            var kind = encounter.Class?.Code == "HH" ? "home-visit" : "contact";
            _contacts.Add(new ContactStatement(subject, DateOf(encounter.Period), kind, present));
        }

        foreach (var episode in Index.OfType<EpisodeOfCare>())
        {
            _ignored.Add($"{Where(episode)}: episodes of care are stored, not mapped");
        }
    }

    private static bool IsVoid(Condition condition) =>
        CodesOf([condition.VerificationStatus]).Any(c => c.Code is "entered-in-error" or "refuted");

    private static bool IsActive(Condition condition) =>
        !CodesOf([condition.ClinicalStatus]).Any(c => c.Code is "inactive" or "resolved" or "remission");

    private static DateOnly? EndOf(Period? period) => Reading.PersonReader.ParseDate(period?.End);

    private sealed record Outcome(RiskIndicatorStatement? Statement, string? Problem);
}
