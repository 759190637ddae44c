using InfoSharing.Worker;
using InfoSharing.Worker.Features.Retention;

if (args.FirstOrDefault() == RetentionPurge.Command)
{
    // An admin command: it runs once and exits (its own arguments are not configuration).
    var admin = WorkerApp.Build([]);
    return await RetentionPurge.RunCommandAsync(admin.Services, args.Skip(1).ToList(), Console.Out, CancellationToken.None);
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
