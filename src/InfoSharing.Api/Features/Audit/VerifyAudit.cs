using System.Diagnostics;
using System.Globalization;
using InfoSharing.Api.Auditing;
using InfoSharing.Api.Auth;
using InfoSharing.Data;
using InfoSharing.Data.Audit;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace InfoSharing.Api.Features.Audit;

/// <summary>
/// GET /api/audit/verify, and the <c>verify-audit</c> command: walk the hash chain, name the first entry that fails,
/// and check the chain against the latest signed checkpoint (from Audit:CheckpointDirectory, or given to the command).
/// </summary>
public static class VerifyAudit
{
    public const string Command = "verify-audit";

    public static IEndpointRouteBuilder MapVerifyAudit(this IEndpointRouteBuilder api)
    {
        api.MapGet("/audit/verify", HandleAsync)
            .RequireAuthorization(Roles.AuditorPolicy)
            .RequirePurposeOfUse()
            .WithName("VerifyAuditLog")
            .WithTags("Audit")
            .WithSummary("Walks the whole hash chain; names the first entry that was changed, removed or reordered; checks the chain against the latest signed checkpoint (entries removed from the end); counts the entries not yet sealed and the oldest one's age.");
        return api;
    }

    private static async Task<Ok<AuditVerification>> HandleAsync(
        InfoSharingDbContext db, AuditKeyRing keys, IOptions<AuditOptions> options, TimeProvider time, CancellationToken cancellationToken) =>
        TypedResults.Ok(await AuditVerifier.VerifyAsync(db, keys, time, AuditVerifier.LatestCheckpoint(options.Value), cancellationToken));

    /// <summary>
    /// `verify-audit [--checkpoint FILE|DIRECTORY|JSON]`: prints the result; exit code 0 when the chain is intact, 1
    /// when it is broken, 2 when the checkpoint given cannot be read. A checkpoint can be the JSON from the sealer's
    /// log line, a checkpoint file, or a directory of them; without one, the configured directory's latest.
    /// </summary>
    public static async Task<int> RunCommandAsync(IServiceProvider services, IReadOnlyList<string> args, TextWriter output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        await using var scope = services.CreateAsyncScope();
        var provider = scope.ServiceProvider;
        var given = Argument(args, "--checkpoint");
        var checkpoint = given is null ? AuditVerifier.LatestCheckpoint(provider.GetRequiredService<IOptions<AuditOptions>>().Value) : ReadCheckpoint(given);
        if (given is not null && checkpoint is null)
        {
            await output.WriteLineAsync($"No audit checkpoint could be read from '{given}' (a checkpoint JSON line, a checkpoint file or a directory of them).");
            return 2;
        }

        var watch = Stopwatch.StartNew();
        var result = await AuditVerifier.VerifyAsync(
            provider.GetRequiredService<InfoSharingDbContext>(), provider.GetRequiredService<AuditKeyRing>(), provider.GetRequiredService<TimeProvider>(), checkpoint, cancellationToken);
        var seconds = watch.Elapsed.TotalSeconds.ToString("0.000", CultureInfo.InvariantCulture);
        if (result.Valid)
        {
            await output.WriteLineAsync(string.Create(
                CultureInfo.InvariantCulture,
                $"Audit log intact: {result.EntriesChecked} entries verified in {seconds} s; head seq {result.HeadSeq?.ToString(CultureInfo.InvariantCulture) ?? "-"} hash {result.HeadHash ?? "-"}; {Checkpoint(result)}; {Unsealed(result)}."));
            return 0;
        }

        await output.WriteLineAsync(string.Create(
            CultureInfo.InvariantCulture,
            $"Audit log BROKEN at seq {result.FirstInvalidSeq} (entry {result.FirstInvalidId?.ToString() ?? "-"}): {result.Reason} ({result.EntriesChecked} entries read in {seconds} s; {Checkpoint(result)}; {Unsealed(result)})."));
        return 1;
    }

    private static (AuditCheckpoint Checkpoint, string Source)? ReadCheckpoint(string given)
    {
        if (Directory.Exists(given))
        {
            return AuditCheckpointFiles.ReadLatest(given);
        }

        if (File.Exists(given))
        {
            return File.ReadAllLines(given).Select(AuditCheckpoint.Parse).Where(c => c is not null).MaxBy(c => c!.Seq) is { } fromFile
                ? (fromFile, given)
                : null;
        }

        return AuditCheckpoint.Parse(given) is { } line ? (line, "command line") : null;
    }

    private static string? Argument(IReadOnlyList<string> args, string name)
    {
        for (var i = 0; i < args.Count - 1; i++)
        {
            if (args[i] == name)
            {
                return args[i + 1];
            }
        }

        return null;
    }

    private static string Checkpoint(AuditVerification result) => result.Checkpoint is { } c
        ? string.Create(CultureInfo.InvariantCulture, $"checked against the checkpoint of {c.At:O} at seq {c.Seq} ({c.Source})")
        : "no checkpoint found: entries removed from the end would not show";

    private static string Unsealed(AuditVerification result) => result.UnsealedEntries == 0
        ? "no entries waiting to be sealed"
        : string.Create(CultureInfo.InvariantCulture, $"{result.UnsealedEntries} entries not yet sealed, the oldest recorded {result.OldestUnsealedAgeSeconds:0.0} s ago");
}
