using InfoSharing.Data;
using InfoSharing.Worker.Features.Ingest;
using Polly.Registry;

namespace InfoSharing.Worker.Features.Terminology;

/// <summary>Loads the value sets in force when the worker starts, and says in the log which versions they are.</summary>
public sealed partial class TerminologyStartup(
    IServiceScopeFactory scopes,
    TerminologyState state,
    ResiliencePipelineProvider<string> pipelines,
    ILogger<TerminologyStartup> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            await pipelines.GetPipeline(TransientFailures.DatabasePipeline).ExecuteAsync(
                async token =>
                {
                    await using var scope = scopes.CreateAsyncScope();
                    await state.RefreshAsync(scope.ServiceProvider.GetRequiredService<InfoSharingDbContext>(), token);
                },
                cancellationToken);
        }
        catch (Exception ex) when (TransientFailures.IsTransient(ex))
        {
            // Not fatal: every message refreshes them before it is mapped.
            LogNotYet(ex.GetType().Name);
        }

        LogInForce(state.Generation, TerminologyState.Describe(state.Current));
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "Worker starts with indicator value sets (import {Generation}): {ValueSets}")]
    private partial void LogInForce(long generation, string valueSets);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Imported value sets could not be read at start ({ExceptionType}); the built-in ones are in force until the database answers")]
    private partial void LogNotYet(string exceptionType);
}
