using InfoSharing.Data.Audit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace InfoSharing.ServiceDefaults;

/// <summary>The audit chain's keys and checkpoint directory, validated when the host starts.</summary>
public static class AuditChainSetup
{
    /// <param name="builder">The host.</param>
    /// <param name="requireCheckpointDirectory">True on a host that seals (it writes the checkpoints).</param>
    public static TBuilder AddAuditChain<TBuilder>(this TBuilder builder, bool requireCheckpointDirectory)
        where TBuilder : IHostApplicationBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        var development = builder.Environment.IsDevelopment();
        builder.Services.AddOptions<AuditOptions>().BindConfiguration(AuditOptions.SectionName).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<AuditOptions>>(new Validator(development, requireCheckpointDirectory));
        builder.Services.AddSingleton(services => AuditKeyRing.From(services.GetRequiredService<IOptions<AuditOptions>>().Value));
        return builder;
    }

    private sealed class Validator(bool development, bool requireCheckpointDirectory) : IValidateOptions<AuditOptions>
    {
        public ValidateOptionsResult Validate(string? name, AuditOptions options)
        {
            var problems = options.Problems(development, requireCheckpointDirectory).ToList();
            return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
        }
    }
}
