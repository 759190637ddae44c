using InfoSharing.Worker;

var migrateOnly = args.Contains("migrate");
var app = WorkerApp.Build(args.Where(a => a != "migrate").ToArray());
if (migrateOnly)
{
    await WorkerApp.MigrateAsync(app.Services);
    var role = app.Configuration["Database:ApplicationRole"];
    Console.WriteLine(string.IsNullOrWhiteSpace(role)
        ? "Database migrations applied. Database:ApplicationRole is not set, so no role was granted: hosts connecting as the owner could rewrite the audit log."
        : $"Database migrations applied; role {role} granted what the hosts need (audit: SELECT and INSERT only).");
    return;
}

await app.RunAsync();
