using Hl7.Fhir.Model;
using InfoSharing.Domain.Ingest;
using InfoSharing.Domain.Relationships;
using InfoSharing.Domain.Terminology;

namespace InfoSharing.Fhir.Feeds;

/// <summary>
/// Coded Observations, Conditions and Flags become risk indicator statements (ClinicalStatements: what the codes and
/// statuses mean); Appointments that were kept or missed become appointment statements (a missed one for an infant:
/// was not brought); Encounters that took place become contacts with who was present.
/// </summary>
internal sealed partial class FeedMapper
{
    private static readonly RelationshipCode NoShow = new(FhirCodes.AppointmentStatusSystem, "noshow");

    private void MapIndicators()
    {
        foreach (var entry in _message.Entries)
        {
            var statement = entry.Resource switch
            {
                Observation o when !IsExpectedDeliveryDate(o) => ClinicalStatements.Of(o, FocusKey(o.Focus) ?? PatientKey(o.Subject)),
                Condition c => ClinicalStatements.Of(c, PatientKey(c.Subject)),
                Flag f => ClinicalStatements.Of(f, PatientKey(f.Subject)),
                _ => null,
            };
            if (statement is not null)
            {
                Record(entry, statement);
            }
        }
    }

    private void Record(FeedEntry entry, ClinicalStatement statement)
    {
        var matches = _indicators.Match(statement.Elements.SelectMany(e => e));
        if (matches.Count == 0)
        {
            // Counted (agency, system, code only) so that the partnership sees what its value sets miss.
            _unmapped.AddRange(statement.Elements.SelectMany(e => e));
        }

        if (statement.PersonKey is not { } person)
        {
            if (matches.Count > 0)
            {
                _ignored.Add($"{Where(entry.Resource)}: the person it is about is not in the message");
            }

            return;
        }

        // An injury or a missed appointment means something only about a child: on someone known to be two or older
        // it is not a safeguarding indicator, and InfoSharing keeps no more about them than it needs.
        var adult = _details.TryGetValue(person, out var details) && details.BirthDate is { } born && born <= _messageDate.AddYears(-InfantAgeLimitYears);
        var kinds = matches.Where(m => !adult || !IndicatorKinds.ChildOnly.Contains(m.Kind)).ToList();
        var ends = !statement.Counts || statement.EnteredInError;
        if (kinds.Count == 0 && !(ends && statement.SourceResource is not null))
        {
            if (matches.Count == 0)
            {
                _ignored.Add($"{Where(entry.Resource)}: code not an indicator InfoSharing maps");
            }
            else
            {
                _ignored.Add($"{Where(entry.Resource)}: an indicator about a child, recorded for someone two or older");
            }

            return;
        }

        var first = kinds.Count > 0 ? kinds[0] : (KindMatch?)null;
        _indicatorStatements.Add(new RiskIndicatorStatement(
            person,
            first?.Kind,
            first?.Coding ?? default,
            first is { } m ? m.Display ?? statement.DisplayOf(m.Coding) : null,
            statement.From,
            statement.To,
            statement.Counts)
        {
            // A statement that gives no kind and only ends an earlier one keeps no clinical code.
            Codings = kinds.Count > 0 ? statement.Elements.SelectMany(e => e).Distinct().ToList() : null,
            SourceResource = statement.SourceResource,
            StatedAt = statement.StatedAt ?? _messageTime,
            EnteredInError = statement.EnteredInError,
            Certainty = statement.Certainty,
        });
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

}
