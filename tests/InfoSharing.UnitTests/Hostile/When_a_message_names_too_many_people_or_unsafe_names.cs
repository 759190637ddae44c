using InfoSharing.Domain.Terminology;
using InfoSharing.Domain.Ingest;
using InfoSharing.Domain.Ingest.Limits;
using InfoSharing.Fhir.Feeds;
using InfoSharing.Tests.Shared;

namespace InfoSharing.UnitTests.Hostile;

public sealed class When_a_message_names_too_many_people_or_unsafe_names
{
    private static MessageRejectedException Rejection(byte[] body, MessageLimits? limits = null) =>
        Assert.Throws<MessageRejectedException>(() =>
            FhirFeedReader.Extract(FhirFeedReader.Read(body, "application/fhir+json", limits ?? MessageLimits.Default), FhirFeed.Gp, new DateOnly(2027, 3, 20), IndicatorTerminology.BuiltIn, limits ?? MessageLimits.Default));

    private static byte[] OnePatient(string family, string given = "Sam") => HostileBodies.BundleOf(1, n => HostileBodies.Patient(n, family, given));

    [Fact]
    public void A_bundle_of_more_people_than_the_limit_is_refused_as_too_many_persons()
    {
        var rejection = Rejection(HostileBodies.BundleOf(101));

        Assert.Equal("too-many-persons", rejection.Code);
        Assert.Contains("101", rejection.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_bundle_at_the_limit_is_read()
    {
        var extract = FhirFeedReader.Extract(FhirFeedReader.Read(HostileBodies.BundleOf(100), "application/fhir+json"), FhirFeed.Gp, new DateOnly(2027, 3, 20), IndicatorTerminology.BuiltIn, MessageLimits.Default);

        Assert.Equal(100, extract.People.Count);
    }

    [Fact]
    public void The_limit_is_configurable() =>
        Assert.Equal("too-many-persons", Rejection(HostileBodies.BundleOf(3), MessageLimits.Default with { MaxPersons = 2 }).Code);

    [Theory]
    [InlineData("Sm\u0456th", "Cyrillic i inside a Latin word")]
    [InlineData("\u0405mith", "Cyrillic capital dze for S")]
    [InlineData("J\u03bfnes", "Greek omicron for o")]
    [InlineData("Smith\u200b", "zero-width space")]
    [InlineData("\u202eHtims", "right-to-left override")]
    [InlineData("\uff33mith", "fullwidth S")]
    [InlineData("\U0001d412mith", "mathematical bold S")]
    [InlineData("Smi\u0000th", "NUL")]
    public void A_name_built_to_look_like_another_is_refused_as_suspicious_characters(string family, string why)
    {
        var rejection = Rejection(OnePatient(family));

        Assert.True(rejection.Code is "suspicious-characters" or "invalid-encoding", $"{why}: {rejection.Code}");
        Assert.DoesNotContain("mith", rejection.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("O'Brien")]
    [InlineData("Anne-Marie")]
    [InlineData("Zo\u00eb")]
    [InlineData("Nguy\u1ec5n")]
    [InlineData("\u0418\u0432\u0430\u043d\u043e\u0432")]
    [InlineData("\u039a\u03c9\u03bd\u03c3\u03c4\u03b1\u03bd\u03c4\u03af\u03bd\u03bf\u03c5")]
    [InlineData("Mc Donald Jr.")]
    [InlineData("Jose\u0301")]
    public void Real_names_in_one_script_per_word_are_read(string family)
    {
        var extract = FhirFeedReader.Extract(FhirFeedReader.Read(OnePatient(family), "application/fhir+json"), FhirFeed.Gp, new DateOnly(2027, 3, 20), IndicatorTerminology.BuiltIn, MessageLimits.Default);

        Assert.Equal(family, Assert.Single(extract.People).Details.FamilyName);
    }

    [Fact]
    public void A_name_longer_than_the_text_limit_is_refused_as_field_too_long()
    {
        var rejection = Rejection(OnePatient(new string('a', 201)));

        Assert.Equal("field-too-long", rejection.Code);
        Assert.Contains("201", rejection.Message, StringComparison.Ordinal);
    }
}
