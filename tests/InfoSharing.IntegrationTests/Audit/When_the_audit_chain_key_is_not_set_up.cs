using InfoSharing.IntegrationTests.Infrastructure;
using Microsoft.Extensions.Options;

namespace InfoSharing.IntegrationTests.Audit;

/// <summary>Outside Development, a host refuses to start without a usable key of its own and, where it seals, a checkpoint directory.</summary>
public sealed class When_the_audit_chain_key_is_not_set_up(InfraFixture infra) : IntegrationTest(infra)
{
    /// <summary>The key published in appsettings.Development.json.</summary>
    private const string DevelopmentKey = "mdqIw6ah5920A1xn2kZ5KWrMOoM40lrqY4iFj84m4GE=";

    [Theory]
    [InlineData("Audit:ChainKeyId", "absent", "there is no Audit:ChainKeys:absent")]
    [InlineData("Audit:ChainKeys:test-run", "c2hvcnQ=", "Audit:ChainKeys:test-run must be base64 of at least 32 random bytes")]
    [InlineData("Audit:ChainKeys:test-run", "not base64!", "Audit:ChainKeys:test-run must be base64")]
    [InlineData("Audit:ChainKeys:test-run", DevelopmentKey, "Audit:ChainKeys:test-run is the published development key")]
    [InlineData("Audit:CheckpointDirectory", "", "Set Audit:CheckpointDirectory")]
    public async Task The_worker_does_not_start_and_names_the_setting(string key, string value, string message)
    {
        var refused = await Assert.ThrowsAsync<OptionsValidationException>(() => Hosts.StartWorkerAsync(Infra, (key, value)));
        Assert.Contains(message, refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_worker_starts_without_a_checkpoint_directory_when_it_does_not_seal()
    {
        var worker = await Hosts.StartWorkerAsync(Infra, ("Audit:CheckpointDirectory", ""), ("Audit:Sealer:Enabled", "false"));
        await worker.StopAsync();
        await worker.DisposeAsync();
    }

    [Fact]
    public async Task The_api_does_not_start_with_the_development_key_outside_development()
    {
        var refused = await Assert.ThrowsAsync<OptionsValidationException>(() => Hosts.StartApiAsync(Infra, "Production", ("Auth:SigningKey", null), ("Auth:Authority", "https://identity.example.invalid"), ("Audit:ChainKeyId", "development"), ("Audit:ChainKeys:development", DevelopmentKey)));
        Assert.Contains("Audit:ChainKeys:development is the published development key", refused.Message, StringComparison.Ordinal);
    }
}
