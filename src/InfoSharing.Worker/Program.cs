using InfoSharing.Worker;
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

if (TerminologyCommands.IsCommand(args))
{
    var admin = WorkerApp.Build([]);
    return await TerminologyCommands.RunAsync(args, admin.Services, Console.Out);
}

var migrateOnly = args.Contains("migrate");
var app = WorkerApp.Build(args.Where(a => a != "migrate").ToArray());
if (migrateOnly)
{
    await WorkerApp.MigrateAsync(app.Services);
    var role = app.Configuration["Database:ApplicationRole"];
    Console.WriteLine(string.IsNullOrWhiteSpace(role)
        ? "Database migrations applied. Database:ApplicationRole is not set, so no role was granted: hosts connecting as the owner could rewrite the audit log."
        : $"Database migrations applied; role {role} granted what the hosts need (audit: SELECT and INSERT only).");
    return 0;
}

await app.RunAsync();
return 0;
