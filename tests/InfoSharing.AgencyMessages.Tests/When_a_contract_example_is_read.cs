using System.Text.Json;
using System.Text.Json.Nodes;
using InfoSharing.AgencyMessages.Tests.Support;
using Json.Schema;

namespace InfoSharing.AgencyMessages.Tests;

public class When_a_contract_example_is_read
{
    public static TheoryData<string> Examples => ContractExamples.Paths();

    [Theory]
    [MemberData(nameof(Examples))]
    public void It_validates_against_the_schema_file_its_type_names(string path)
    {
        var example = ContractExamples.Named(path);
        var schema = JsonSchema.FromText(
            RepoFiles.Text($"contracts/schemas/{example.MessageType}.schema.json"),
            new BuildOptions { SchemaRegistry = new SchemaRegistry() });
        using var instance = JsonDocument.Parse(RepoFiles.Text(path));

        var result = schema.Evaluate(instance.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List, RequireFormatValidation = true });

        Assert.True(result.IsValid, $"{path} fails {example.MessageType}: " + string.Join("; ",
            (result.Details ?? []).Where(d => d.Errors is not null).Select(d => $"{d.InstanceLocation} {string.Join(",", d.Errors!.Keys)}")));
    }

    [Theory]
    [MemberData(nameof(Examples))]
    public void The_reader_maps_it_with_every_person_keyed(string path)
    {
        var example = ContractExamples.Named(path);

        var extract = AgencyMessageReader.Read(example.RoutingKey, example.MessageType, File.ReadAllBytes(RepoFiles.PathOf(path)));

        Assert.NotEmpty(extract.People);
        Assert.Equal(extract.People.Count, extract.People.Select(p => p.Key).Distinct().Count());
        Assert.All(extract.People, p =>
        {
            Assert.Equal(p.Key, p.Details.LocalId);
            Assert.True(p.Details.TrustedNhsNumber is not null || (p.Details.FamilyName is not null && p.Details.BirthDate is not null));
        });
    }

    [Fact]
    public void Every_example_file_is_in_its_readme_table_and_every_row_has_a_file()
    {
        foreach (var folder in ContractExamples.RoutingKeyByFolder.Keys)
        {
            var listed = ContractExamples.FromReadmes().Where(e => e.Folder == folder).Select(e => e.File).Order().ToList();
            Assert.Equal(ContractExamples.FilesOnDisk(folder).Order().ToList(), listed);
        }
    }

    [Fact]
    public void Every_message_type_of_the_two_feeds_has_a_schema_and_an_example()
    {
        var examples = ContractExamples.FromReadmes();
        foreach (var (folder, routingKey) in ContractExamples.RoutingKeyByFolder)
        {
            foreach (var type in AgencyMessageReader.MessageTypes(routingKey))
            {
                Assert.True(File.Exists(RepoFiles.PathOf($"contracts/schemas/{type}.schema.json")), $"no schema for {type}");
                Assert.Contains(examples, e => e.Folder == folder && e.MessageType == type);
            }
        }
    }

    [Fact]
    public void Each_schema_id_and_title_name_its_amqp_type()
    {
        var files = Directory.GetFiles(RepoFiles.PathOf("contracts/schemas"), "*.schema.json");
        Assert.Equal(4, files.Length);
        foreach (var file in files)
        {
            var type = Path.GetFileName(file)[..^".schema.json".Length];
            using var schema = JsonDocument.Parse(File.ReadAllText(file));
            Assert.Equal($"https://infosharing.uk/schemas/{type}.schema.json", schema.RootElement.GetProperty("$id").GetString());
            Assert.Equal(type, schema.RootElement.GetProperty("title").GetString());
            Assert.Equal("https://json-schema.org/draft/2020-12/schema", schema.RootElement.GetProperty("$schema").GetString());
        }
    }

    [Fact]
    public void The_person_definition_is_the_same_in_every_schema()
    {
        var people = Directory.GetFiles(RepoFiles.PathOf("contracts/schemas"), "*.schema.json")
            .Select(file => JsonNode.Parse(File.ReadAllText(file))!["$defs"]!["person"]!)
            .ToList();

        Assert.Equal(4, people.Count);
        Assert.All(people, person => Assert.True(JsonNode.DeepEquals(people[0], person)));
    }
}
