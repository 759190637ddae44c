using InfoSharing.Worker;
using InfoSharing.Worker.Features.Ingest;
using InfoSharing.Worker.Features.Outbox;
using InfoSharing.Worker.Features.Retention;
using InfoSharing.Worker.Features.Terminology;

// Admin commands run once against the configured database and exit (their own arguments are not configuration).
if (args.FirstOrDefault() == "outbox")
{
    var admin = WorkerApp.Build([]);
    return await OutboxCommand.RunAsync(admin.Services, args[1..], Console.Out);
}

if (args.FirstOrDefault() == RetentionPurge.Command)
{
    var admin = WorkerApp.Build([]);
    return await RetentionPurge.RunCommandAsync(admin.Services, args.Skip(1).ToList(), Console.Out, CancellationToken.None);
}

if (args.FirstOrDefault() == HistoryLoad.Command)
{
    var admin = WorkerApp.Build([]);
    using var interrupt = new CancellationTokenSource();
    Console.CancelKeyPress += (_, e) =>
    {
        // The batch in flight commits or rolls back; the checkpoint says where to continue.
        e.Cancel = true;
        interrupt.Cancel();
    };
    return await HistoryLoad.RunCommandAsync(admin.Services, args.Skip(1).ToList(), Console.Out, Console.Error, interrupt.Token);
}

if (TerminologyCommands.IsCommand(args))
{
    var admin = WorkerApp.Build([]);
    return await TerminologyCommands.RunAsync(args, admin.Services, Console.Out);
}

// migrate: apply the database migrations and exit.
// replay [--agency A] [--limit N]: process again the messages set aside as failed (after the fault is fixed), print
// what each gave, and exit. The worker's own hosted services are not started.
var command = args.FirstOrDefault(a => a is "migrate" or "replay");
var options = args.Where(a => a != command).ToArray();
var app = WorkerApp.Build(command == "replay" ? StripReplayOptions(options) : options);
switch (command)
{
    case "migrate":
        await WorkerApp.MigrateAsync(app.Services);
        var role = app.Configuration["Database:ApplicationRole"];
        Console.WriteLine(string.IsNullOrWhiteSpace(role)
            ? "Database migrations applied. Database:ApplicationRole is not set, so no role was granted: hosts connecting as the owner could rewrite the audit log."
            : $"Database migrations applied; role {role} granted what the hosts need (audit: SELECT and INSERT only).");
        return 0;
    case "replay":
        var processor = app.Services.GetRequiredService<IngestProcessor>();
        var results = await processor.ReplayAsync(Option(options, "--agency"), requestedOnly: false, int.Parse(Option(options, "--limit") ?? "10000", System.Globalization.CultureInfo.InvariantCulture), CancellationToken.None);
        foreach (var result in results)
        {
            Console.WriteLine($"{result.Agency}\t{result.MessageId}\t{result.InboundMessageId}\t{result.Outcome.ToString().ToLowerInvariant()}");
        }

        Console.WriteLine($"Replayed {results.Count} failed messages: {results.Count(r => r.Outcome == IngestOutcome.Accepted)} accepted, "
            + $"{results.Count(r => r.Outcome == IngestOutcome.Rejected)} rejected, {results.Count(r => r.Outcome == IngestOutcome.Failed)} failed again.");
        return results.Any(r => r.Outcome == IngestOutcome.Failed) ? 2 : 0;
    default:
        await app.RunAsync();
        return 0;
}

static string? Option(string[] args, string name)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
}

static string[] StripReplayOptions(string[] args)
{
    var rest = new List<string>();
    for (var i = 0; i < args.Length; i++)
    {
        if (args[i] is "--agency" or "--limit")
        {
            i++;
            continue;
        }

        rest.Add(args[i]);
    }

    return [.. rest];
}
