using InfoSharing.Worker;

var migrateOnly = args.Contains("migrate");
var app = WorkerApp.Build(args.Where(a => a != "migrate").ToArray());
if (migrateOnly)
{
    await WorkerApp.MigrateAsync(app.Services);
    Console.WriteLine("Database migrations applied.");
    return;
}

await app.RunAsync();
