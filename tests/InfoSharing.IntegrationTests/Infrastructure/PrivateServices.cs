using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace InfoSharing.IntegrationTests.Infrastructure;

/// <summary>
/// A PostgreSQL and RabbitMQ instance of a test's own, run by deploy/local/services.sh exactly as the local scripts
/// run theirs: its own state directory under /var/tmp, free ports, node name and epmd, so that it can be crashed,
/// restarted or reconfigured without touching the instance the other tests share.
/// </summary>
public sealed class PrivateServices
{
    private static readonly HashSet<int> Taken = [];

    public PrivateServices(string name, bool tls = false)
    {
        State = Path.Combine("/var/tmp", $"infosharing-{name}-{Guid.NewGuid().ToString("N")[..8]}");
        PgPort = FreePort();
        AmqpPort = FreePort();
        AmqpsPort = FreePort();
        EpmdPort = FreePort();
        Environment = new Dictionary<string, string>
        {
            ["INFOSHARING_STATE_DIR"] = State,
            ["INFOSHARING_PG_PORT"] = Text(PgPort),
            ["INFOSHARING_AMQP_PORT"] = Text(AmqpPort),
            ["INFOSHARING_AMQPS_PORT"] = Text(AmqpsPort),
            ["INFOSHARING_RABBITMQ_MGMT_PORT"] = Text(FreePort()),
            ["INFOSHARING_RABBITMQ_DIST_PORT"] = Text(FreePort()),
            ["INFOSHARING_EPMD_PORT"] = Text(EpmdPort),
            ["INFOSHARING_RABBITMQ_NODENAME"] = name + Path.GetFileName(State)[^8..] + "@localhost",
            ["INFOSHARING_PG_OPTIONS"] = "-c fsync=off",
        };
        if (tls)
        {
            Environment["INFOSHARING_TLS"] = "1";
        }
    }

    public string State { get; }

    public int PgPort { get; }

    public int AmqpPort { get; }

    public int AmqpsPort { get; }

    public int EpmdPort { get; }

    /// <summary>The CA the scripts generate when TLS is on.</summary>
    public string CaFile => Path.Combine(State, "tls", "ca.pem");

    public Dictionary<string, string> Environment { get; }

    /// <summary>services.sh with these arguments; its output, or InvalidOperationException with it when it fails.</summary>
    public Task<string> ServicesAsync(string arguments) => RunAsync("bash", $"deploy/local/services.sh {arguments}");

    /// <summary>Any command from the repository's root with this instance's environment.</summary>
    public async Task<string> RunAsync(string file, string arguments)
    {
        var info = new ProcessStartInfo(file, arguments) { WorkingDirectory = RepositoryRoot(), RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var (key, value) in Environment)
        {
            info.Environment[key] = value;
        }

        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        await process.WaitForExitAsync(timeout.Token);
        var output = await stdout + await stderr;
        return process.ExitCode == 0 ? output : throw new InvalidOperationException($"{file} {arguments} exited {process.ExitCode}:\n{output}");
    }

    /// <summary>Stops both services (whatever is left of them) and removes the state directory.</summary>
    public async Task RemoveAsync()
    {
        try
        {
            await ServicesAsync("stop all");
        }
        catch (InvalidOperationException)
        {
            // Nothing was running.
        }

        if (Directory.Exists(State))
        {
            Directory.Delete(State, recursive: true);
        }
    }

    public static async Task<bool> AnswersAsync(int port)
    {
        using var client = new TcpClient();
        try
        {
            await client.ConnectAsync(IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    public static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "InfoSharing.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new DirectoryNotFoundException("Repository root not found.");
    }

    /// <summary>A port free now and not handed out before in this test run (the kernel may give a closed listener's port again).</summary>
    private static int FreePort()
    {
        lock (Taken)
        {
            while (true)
            {
                using var listener = new TcpListener(IPAddress.Loopback, 0);
                listener.Start();
                var port = ((IPEndPoint)listener.LocalEndpoint).Port;
                if (Taken.Add(port))
                {
                    return port;
                }
            }
        }
    }

    private static string Text(int port) => port.ToString(CultureInfo.InvariantCulture);
}
