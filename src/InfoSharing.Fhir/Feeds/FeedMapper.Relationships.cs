using Hl7.Fhir.Model;
using InfoSharing.Domain.Ingest;
using InfoSharing.Domain.People;
using InfoSharing.Domain.Relationships;
using InfoSharing.Fhir.Reading;

namespace InfoSharing.Fhir.Feeds;

/// <summary>
/// Relationships stated by RelatedPerson (to its patient) and Patient.contact (to the patient), read against who the
/// patient is: an infant (child-anchored codes: FTH, NFTH...), a mother (her partner, or the father of her fetus: to
/// her unborn child), or another adult (partner and household codes only, as a fact about two adults).
/// </summary>
internal sealed partial class FeedMapper
{
    private void MapRelationships()
    {
        foreach (var related in Index.OfType<RelatedPerson>())
        {
            var where = Where(related);
            var patientKey = PatientKey(related.Patient);
            if (patientKey is null)
            {
                _ignored.Add($"{where}: its patient is not in the message");
                continue;
            }

            var fromKey = KeyOf(related);
            var sex = PersonReader.FromRelatedPerson(related).Sex;
            if (fromKey == patientKey || (_infants.Contains(patientKey) && NamesMother(related.Relationship, sex)))
            {
                continue;
            }

            if (Relate(fromKey, patientKey, CodesOf(related.Relationship)) is { } stated)
            {
                _statedRelationships.Add(stated);
                if (_roles[fromKey] == PersonRoles.RelatedPerson)
                {
                    SetRole(fromKey, stated.Type.ToCode());
                }
            }
            else
            {
                _ignored.Add($"{where}: relationship code not one InfoSharing maps for this patient");
            }
        }

        foreach (var entry in _message.Entries.Where(e => e.Resource is Patient))
        {
            var patient = (Patient)entry.Resource;
            for (var i = 0; i < patient.Contact.Count; i++)
            {
                var contact = patient.Contact[i];
                var details = PersonReader.FromContact(contact);
                if (_infants.Contains(entry.Key) && NamesMother(contact.Relationship, details.Sex))
                {
                    continue;
                }

                var key = ContactKey(entry.Key, i);
                if (Relate(key, entry.Key, CodesOf(contact.Relationship)) is { } stated)
                {
                    AddPerson(key, details, stated.Type.ToCode());
                    _statedRelationships.Add(stated);
                }
                else
                {
                    _ignored.Add($"Patient.contact {i + 1} of {Where(patient)}: relationship code not one InfoSharing maps for this patient");
                }
            }
        }
    }

    private StatedRelationship? Relate(string fromKey, string patientKey, IEnumerable<RelationshipCode> codes)
    {
        foreach (var code in codes)
        {
            if (_infants.Contains(patientKey))
            {
                if (_relationships.ToChildRelationship(code, RelationshipAnchor.Child) is { } toInfant)
                {
                    return new StatedRelationship(fromKey, patientKey, RelationshipTarget.Infant, toInfant, code);
                }
            }
            else if (_mothers.Contains(patientKey))
            {
                if (_relationships.ToChildRelationship(code, RelationshipAnchor.Mother) is { } toUnborn)
                {
                    return new StatedRelationship(fromKey, patientKey, RelationshipTarget.UnbornChildOf, toUnborn, code);
                }
            }
            else if (_relationships.AnchorOf(code) is RelationshipAnchor.Mother or RelationshipAnchor.Household
                && _relationships.ToChildRelationship(code, RelationshipAnchor.Mother) is { } toAdult)
            {
                // A partner or household member of an adult not known to be pregnant: a fact about two adults. A
                // fetus-anchored code (NFTHF) on a woman not known to be pregnant is not read as a pregnancy: never guess.
                return new StatedRelationship(fromKey, patientKey, RelationshipTarget.Adult, toAdult, code);
            }
        }

        return null;
    }
}
