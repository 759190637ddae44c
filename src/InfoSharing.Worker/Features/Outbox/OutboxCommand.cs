using System.Globalization;

namespace InfoSharing.Worker.Features.Outbox;

/// <summary>
/// <c>InfoSharing.Worker outbox parked</c> lists parked rows; <c>outbox release ID|--all [--by NAME]</c> releases
/// their streams once the cause is fixed (e.g. the subscriber's queue declared again). Exit code 0 on success.
/// </summary>
public static class OutboxCommand
{
    public const string Usage = "usage: InfoSharing.Worker outbox parked | outbox release <outbox-id>|--all [--by <operator>]";

    public static async Task<int> RunAsync(IServiceProvider services, string[] args, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        var admin = services.GetRequiredService<OutboxAdmin>();
        switch (args.FirstOrDefault())
        {
            case "parked":
                var parked = await admin.ListParkedAsync(CancellationToken.None);
                await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{parked.Count} parked outbox row(s)"));
                foreach (var p in parked)
                {
                    await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                        $"{p.Id}\t{p.Stream}\t{p.MessageId}\t{p.MessageType}\tattempts {p.Attempts}\tparked {p.ParkedAt:u}\t{p.Waiting} waiting behind it\t{p.LastError}"));
                }

                return 0;
            case "release" when args.Length >= 2:
                long? id = args[1] == "--all" ? null
                    : long.TryParse(args[1], NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) ? parsed : -1;
                if (id == -1)
                {
                    await output.WriteLineAsync(Usage);
                    return 2;
                }

                var by = ValueOf(args, "--by") ?? Environment.UserName;
                var released = await admin.ReleaseAsync(id, by, CancellationToken.None);
                await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"released {released} outbox row(s)"));
                return released > 0 ? 0 : 1;
            default:
                await output.WriteLineAsync(Usage);
                return 2;
        }
    }

    private static string? ValueOf(string[] args, string name)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }
}
