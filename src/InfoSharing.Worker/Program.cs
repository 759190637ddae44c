using InfoSharing.Worker;
using InfoSharing.Worker.Features.Terminology;

// Admin commands run against the configured database and exit; without one the worker runs.
if (TerminologyCommands.IsCommand(args))
{
    var admin = WorkerApp.Build([]);
    Environment.ExitCode = await TerminologyCommands.RunAsync(args, admin.Services, Console.Out);
    return;
}

var migrateOnly = args.Contains("migrate");
var app = WorkerApp.Build(args.Where(a => a != "migrate").ToArray());
if (migrateOnly)
{
    await WorkerApp.MigrateAsync(app.Services);
    Console.WriteLine("Database migrations applied.");
    return;
}

await app.RunAsync();
