using Hl7.Fhir.Model;
using InfoSharing.Contracts;
using InfoSharing.Domain.Ingest;
using InfoSharing.Fhir.Reading;

namespace InfoSharing.Fhir.Feeds;

/// <summary>Who is a mother: the subject of an expected-delivery-date Observation, the mother named for an infant, or (midwifery only) the one plausible mother of decision 0004.</summary>
internal sealed partial class FeedMapper
{
    private bool _eddWithoutMother;

    private void FindPregnancies()
    {
        foreach (var observation in Index.OfType<Observation>().Where(IsExpectedDeliveryDate))
        {
            if (observation.Status is ObservationStatus.EnteredInError or ObservationStatus.Cancelled)
            {
                continue;
            }

            var motherKey = PatientKey(observation.Subject);
            if (motherKey is null || _infants.Contains(motherKey))
            {
                _eddWithoutMother = true;
                _ignored.Add($"{Where(observation)}: expected delivery date whose subject is not a Patient in the message");
                continue;
            }

            _mothers.Add(motherKey);
            SetRole(motherKey, PersonRoles.Mother);
            if (DateOf(observation.Value) is { } edd && !_pregnancies.Any(p => p.MotherKey == motherKey && p.ExpectedDeliveryDate == edd))
            {
                _pregnancies.Add(new Pregnancy(motherKey, edd));
            }
        }
    }

    /// <summary>
    /// A birth: an infant Patient whose mother is named by a RelatedPerson (patient = the infant, v3 NMTH or MTH, or NPRN
    /// for a woman) or by the infant's Patient.contact with such a code. A RelatedPerson that is the same person as a
    /// Patient in the message (Patient.link, or the same valid NHS number) gives that Patient as the mother.
    /// </summary>
    private void FindBirths()
    {
        foreach (var related in Index.OfType<RelatedPerson>())
        {
            if (Index.Resolve<Patient>(related.Patient) is { } infant
                && _infants.Contains(_message.Keys[infant])
                && NamesMother(related.Relationship, PersonReader.FromRelatedPerson(related).Sex))
            {
                AddBirth(KeyOf(related), infant);
            }
        }

        foreach (var entry in _message.Entries.Where(e => e.Resource is Patient && _infants.Contains(e.Key)))
        {
            var infant = (Patient)entry.Resource;
            for (var i = 0; i < infant.Contact.Count; i++)
            {
                var contact = infant.Contact[i];
                var details = PersonReader.FromContact(contact);
                if (NamesMother(contact.Relationship, details.Sex))
                {
                    var key = ContactKey(entry.Key, i);
                    AddPerson(key, details, PersonRoles.Mother);
                    AddBirth(key, infant);
                }
            }
        }
    }

    private bool NamesMother(IEnumerable<CodeableConcept> relationship, Domain.People.AdministrativeSex sex) =>
        CodesOf(relationship).Any(c => _relationships.IdentifiesMother(c, sex));

    private void AddBirth(string motherKey, Patient infant)
    {
        var infantKey = _message.Keys[infant];
        if (_births.Any(b => b.InfantKey == infantKey) || motherKey == infantKey)
        {
            return;
        }

        _mothers.Add(motherKey);
        SetRole(motherKey, PersonRoles.Mother);
        SetRole(infantKey, PersonRoles.Infant);
        var edd = _pregnancies.FirstOrDefault(p => p.MotherKey == motherKey)?.ExpectedDeliveryDate;
        _births.Add(new Birth(motherKey, infantKey, PersonReader.ParseDate(infant.BirthDate), edd));
    }

    /// <summary>
    /// Midwifery messages about a pregnancy or a birth must identify the mother (decision 0004): every infant needs its
    /// mother, an expected delivery date needs its subject, and partners need the woman they are recorded against.
    /// Without an expected-delivery-date Observation only a plausible mother is taken: a living, human, female, adult
    /// Patient who is the one patient the RelatedPersons point at, or the only such Patient. Never a guess.
    /// </summary>
    private void RequireMidwiferyMother()
    {
        foreach (var entry in _message.Entries.Where(e => e.Resource is Patient && _infants.Contains(e.Key)))
        {
            if (!_births.Any(b => b.InfantKey == entry.Key))
            {
                throw new MessageRejectedException(
                    RejectionCodes.MotherMissing,
                    $"The infant Patient at entry {entry.Number} has no identifiable mother: name her with a RelatedPerson (patient = the infant, v3 RoleCode NMTH or MTH) or a Patient.contact with that code.");
            }
        }

        if (_mothers.Count > 0 || !(_eddWithoutMother || HasPartnerEvidence()))
        {
            return;
        }

        var mother = PlausibleMother() ?? throw new MessageRejectedException(
            RejectionCodes.MotherMissing,
            "The message names no mother: expected a Patient who is the subject of the expected-delivery-date Observation (LOINC 11778-8), or the patient of the partner's RelatedPerson, or a single female Patient.");
        var key = _message.Keys[mother];
        _mothers.Add(key);
        SetRole(key, PersonRoles.Mother);
    }

    private bool HasPartnerEvidence() =>
        Index.OfType<RelatedPerson>().Any(r => CodesOf(r.Relationship).Any(IsAboutMotherOrFetus))
        || Index.OfType<Patient>().Any(p => p.Contact.Any(c => CodesOf(c.Relationship).Any(IsAboutMotherOrFetus)));

    private bool IsAboutMotherOrFetus(Domain.Relationships.RelationshipCode code) =>
        _relationships.AnchorOf(code) is Domain.Relationships.RelationshipAnchor.Mother or Domain.Relationships.RelationshipAnchor.Fetus;

    private Patient? PlausibleMother()
    {
        var relatedTo = Index.OfType<RelatedPerson>()
            .Select(r => Index.Resolve<Patient>(r.Patient))
            .OfType<Patient>()
            .Distinct()
            .ToList();
        if (relatedTo.Count == 1)
        {
            return IsPlausibleMother(relatedTo[0]) ? relatedTo[0] : null;
        }

        var women = Index.OfType<Patient>().Where(IsPlausibleMother).ToList();
        return women.Count == 1 ? women[0] : null;
    }

    private bool IsPlausibleMother(Patient patient) =>
        IsPerson(patient) && patient.Gender == AdministrativeGender.Female && !IsDeceased(patient) && !_infants.Contains(_message.Keys[patient]);

    private static bool IsDeceased(Patient patient) => patient.Deceased switch
    {
        FhirBoolean deceased => deceased.Value == true,
        FhirDateTime => true,
        _ => false,
    };

    private static bool IsExpectedDeliveryDate(Observation observation) =>
        observation.Code?.Coding.Any(c => FhirCodes.ExpectedDeliveryDate.Any(e => e.System == c.System && e.Code == c.Code)) == true;

    private static string ContactKey(string patientKey, int index) => $"{patientKey}#contact-{index + 1}";
}
