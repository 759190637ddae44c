using InfoSharing.Data;
using InfoSharing.Data.Terminology;
using InfoSharing.Domain.Terminology;
using Microsoft.EntityFrameworkCore;

namespace InfoSharing.Worker.Features.Terminology;

/// <summary>
/// The worker's terminology admin commands, run against the configured database:
/// <c>terminology import --kind KIND --file VALUESET.json [--version LABEL] [--by NAME]</c> and <c>terminology list</c>.
/// Exit codes: 0 done, 1 the file or the database refused it, 2 the command line is wrong.
/// </summary>
public static class TerminologyCommands
{
    public const string Usage = """
        usage: InfoSharing.Worker terminology import --kind KIND --file VALUESET.json [--version LABEL] [--by NAME]
               InfoSharing.Worker terminology list

          import  stores a FHIR R4 ValueSet with its expansion (the answer of a terminology server's ValueSet/$expand)
                  as the new version of one indicator kind's value set; every worker uses it for the next message,
                  and every child with coded indicators is re-evaluated under it.
          --version LABEL  the version label (default: today's date and a sequence, e.g. 2026-12-01.1)
          --by NAME        who imports it, for the audit log (default: the operating-system user)
          list    prints the value set in force for each kind and every imported version
        """;

    public static bool IsCommand(string[] args) => args.Length > 0 && args[0] == "terminology";

    public static async Task<int> RunAsync(string[] args, IServiceProvider services, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<InfoSharingDbContext>();
        try
        {
            return args switch
            {
                ["terminology", "import", .. var rest] => await ImportAsync(rest, db, scope.ServiceProvider.GetRequiredService<ValueSetImporter>(), output),
                ["terminology", "list"] => await ListAsync(db, output),
                _ => Fail(output, Usage, 2),
            };
        }
        catch (ValueSetFormatException ex)
        {
            return Fail(output, $"import refused: {ex.Message}", 1);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return Fail(output, $"import failed: {ex.Message}", 1);
        }
    }

    private static async Task<int> ImportAsync(string[] args, InfoSharingDbContext db, ValueSetImporter importer, TextWriter output)
    {
        string? kind = null, file = null, version = null, by = null;
        for (var i = 0; i < args.Length; i++)
        {
            var name = args[i];
            if (i + 1 >= args.Length)
            {
                return Fail(output, $"{name} needs a value.\n\n{Usage}", 2);
            }

            var value = args[++i];
            switch (name)
            {
                case "--kind": kind = value; break;
                case "--file": file = value; break;
                case "--version": version = value; break;
                case "--by": by = value; break;
                default: return Fail(output, $"Unknown option {name}.\n\n{Usage}", 2);
            }
        }

        if (kind is null || file is null)
        {
            return Fail(output, $"--kind and --file are required.\n\n{Usage}", 2);
        }

        if (new FileInfo(file).Length > ValueSetJson.MaxBytes)
        {
            return Fail(output, $"import refused: {file} is larger than {ValueSetJson.MaxBytes} bytes.", 1);
        }

        var result = await importer.ImportAsync(db, kind, await File.ReadAllBytesAsync(file), version, by ?? Environment.UserName, CancellationToken.None);
        await output.WriteLineAsync(result.Imported
            ? $"Imported {result.Kind} version {result.Version}: {result.Codes} codes ({result.Added} added, {result.Removed} removed against {result.Previous}); {result.ChildrenToReevaluate} children queued for re-evaluation."
            : $"{result.Kind} version {result.Version} is this file already; nothing imported.");
        return 0;
    }

    private static async Task<int> ListAsync(InfoSharingDbContext db, TextWriter output)
    {
        var inForce = await ValueSetsInForce.LoadAsync(db, CancellationToken.None);
        foreach (var valueSet in inForce.ValueSets.Values)
        {
            await output.WriteLineAsync($"{valueSet.Kind,-28} {valueSet.Version,-16} {valueSet.Origin,-9} {valueSet.Codes.Count,6} codes");
        }

        var versions = await db.ValueSetVersions.AsNoTracking().OrderBy(v => v.Seq).ToListAsync();
        await output.WriteLineAsync(versions.Count == 0 ? "No version has been imported." : "Imported versions, oldest first:");
        foreach (var v in versions)
        {
            await output.WriteLineAsync($"  {v.ImportedAt:yyyy-MM-dd HH:mm}Z {v.Kind,-28} {v.Version,-16} {v.CodeCount,6} codes  by {v.ImportedBy}  {v.Url}");
        }

        return 0;
    }

    private static int Fail(TextWriter output, string message, int code)
    {
        output.WriteLine(message);
        return code;
    }
}
