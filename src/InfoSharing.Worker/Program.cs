using InfoSharing.Worker;
using InfoSharing.Worker.Features.Outbox;

if (args.Length > 0 && args[0] == "outbox")
{
    // Operators' commands run against the configured database, without starting the worker's services.
    var admin = WorkerApp.Build([]);
    return await OutboxCommand.RunAsync(admin.Services, args[1..], Console.Out);
}

var migrateOnly = args.Contains("migrate");
var app = WorkerApp.Build(args.Where(a => a != "migrate").ToArray());
if (migrateOnly)
{
    await WorkerApp.MigrateAsync(app.Services);
    Console.WriteLine("Database migrations applied.");
    return 0;
}

await app.RunAsync();
return 0;
