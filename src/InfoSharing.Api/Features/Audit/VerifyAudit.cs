using System.Diagnostics;
using System.Globalization;
using InfoSharing.Api.Auditing;
using InfoSharing.Api.Auth;
using InfoSharing.Data;
using InfoSharing.Data.Audit;
using Microsoft.AspNetCore.Http.HttpResults;

namespace InfoSharing.Api.Features.Audit;

/// <summary>GET /api/audit/verify, and the <c>verify-audit</c> command: walk the hash chain and name the first entry that fails.</summary>
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
            .WithSummary("Walks the whole hash chain; names the first entry that was changed, removed or reordered; counts the entries not yet sealed and the oldest one's age.");
        return api;
    }

    private static async Task<Ok<AuditVerification>> HandleAsync(InfoSharingDbContext db, TimeProvider time, CancellationToken cancellationToken) =>
        TypedResults.Ok(await AuditChain.VerifyAsync(db, time, cancellationToken));

    /// <summary>`verify-audit`: prints the result; exit code 0 when the chain is intact, 1 when it is broken.</summary>
    public static async Task<int> RunCommandAsync(IServiceProvider services, TextWriter output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(output);
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<InfoSharingDbContext>();
        var watch = Stopwatch.StartNew();
        var result = await AuditChain.VerifyAsync(db, scope.ServiceProvider.GetRequiredService<TimeProvider>(), cancellationToken);
        var seconds = watch.Elapsed.TotalSeconds.ToString("0.000", CultureInfo.InvariantCulture);
        if (result.Valid)
        {
            await output.WriteLineAsync(string.Create(
                CultureInfo.InvariantCulture,
                $"Audit log intact: {result.EntriesChecked} entries verified in {seconds} s; head seq {result.HeadSeq?.ToString(CultureInfo.InvariantCulture) ?? "-"} hash {result.HeadHash ?? "-"}; {Unsealed(result)}."));
            return 0;
        }

        await output.WriteLineAsync(string.Create(
            CultureInfo.InvariantCulture,
            $"Audit log BROKEN at seq {result.FirstInvalidSeq} (entry {result.FirstInvalidId}): {result.Reason} ({result.EntriesChecked} entries read in {seconds} s; {Unsealed(result)})."));
        return 1;
    }

    private static string Unsealed(AuditVerification result) => result.UnsealedEntries == 0
        ? "no entries waiting to be sealed"
        : string.Create(CultureInfo.InvariantCulture, $"{result.UnsealedEntries} entries not yet sealed, the oldest recorded {result.OldestUnsealedAgeSeconds:0.0} s ago");
}
