using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace InfoSharing.IntegrationTests.Operations;

/// <summary>
/// Issue 12: deploy/local/run.sh once failed right after a stop ("RabbitMQ did not answer within 120 s", a stale
/// epmd), and a crash or a reboot leaves pid files that name processes which are gone or are somebody else's. The
/// scripts' own instance (a private state directory, ports, node name and epmd) is started, crashed with SIGKILL
/// (PostgreSQL, RabbitMQ and epmd), given a postmaster.pid and a RabbitMQ pid file naming a live process that is not
/// theirs, as after a reboot, and started again: both answer. A port held by something else is named, not waited on.
/// </summary>
public sealed class When_the_local_services_start_after_a_crash : IDisposable
{
    private readonly string _state = Path.Combine("/var/tmp", "infosharing-scripts-" + Guid.NewGuid().ToString("N")[..8]);
    private readonly Dictionary<string, string> _env;

    public When_the_local_services_start_after_a_crash()
    {
        var amqp = FreePort();
        _env = new Dictionary<string, string>
        {
            ["INFOSHARING_STATE_DIR"] = _state,
            ["INFOSHARING_PG_PORT"] = FreePort().ToString(CultureInfo.InvariantCulture),
            ["INFOSHARING_AMQP_PORT"] = amqp.ToString(CultureInfo.InvariantCulture),
            ["INFOSHARING_RABBITMQ_MGMT_PORT"] = FreePort().ToString(CultureInfo.InvariantCulture),
            ["INFOSHARING_RABBITMQ_DIST_PORT"] = FreePort().ToString(CultureInfo.InvariantCulture),
            ["INFOSHARING_EPMD_PORT"] = FreePort().ToString(CultureInfo.InvariantCulture),
            ["INFOSHARING_RABBITMQ_NODENAME"] = "scripts" + Path.GetFileName(_state)[^8..] + "@localhost",
            ["INFOSHARING_PG_OPTIONS"] = "-c fsync=off",
        };
    }

    [Fact]
    public async Task A_crash_and_stale_pid_files_are_cleared_and_both_services_answer_again()
    {
        await ServicesAsync("start all", expectSuccess: true);

        // A crash: every process of the instance killed, its pid files left behind.
        var postmaster = int.Parse(File.ReadLines(Path.Combine(_state, "pg", "data", "postmaster.pid")).First(), CultureInfo.InvariantCulture);
        var rabbitPidFile = Directory.GetFiles(Path.Combine(_state, "rabbitmq"), "*.pid").Single();
        var beam = int.Parse(File.ReadAllText(rabbitPidFile).Trim(), CultureInfo.InvariantCulture);
        await RunAsync("bash", $"-c \"kill -9 {postmaster} {beam}; pkill -9 -f '[e]pmd -port {_env["INFOSHARING_EPMD_PORT"]}' || true; sleep 1\"");

        // After a reboot the PIDs in those files belong to whoever got them: here, this test's own process.
        var someoneElse = Environment.ProcessId.ToString(CultureInfo.InvariantCulture);
        var lines = File.ReadAllLines(Path.Combine(_state, "pg", "data", "postmaster.pid"));
        lines[0] = someoneElse;
        File.WriteAllLines(Path.Combine(_state, "pg", "data", "postmaster.pid"), lines);
        File.WriteAllText(rabbitPidFile, someoneElse);

        var output = await ServicesAsync("start all", expectSuccess: true);

        Assert.Contains("stale postmaster.pid", output, StringComparison.Ordinal);
        Assert.True(await AnswersAsync(int.Parse(_env["INFOSHARING_PG_PORT"], CultureInfo.InvariantCulture)), "PostgreSQL does not answer after the restart.");
        Assert.True(await AnswersAsync(int.Parse(_env["INFOSHARING_AMQP_PORT"], CultureInfo.InvariantCulture)), "RabbitMQ does not answer after the restart.");
        Assert.False(Process.GetProcessById(Environment.ProcessId).HasExited, "The start killed a process that was not the instance's own.");

        // A stop and a start straight after it (the case that once failed with a stale epmd).
        await ServicesAsync("stop all", expectSuccess: true);
        await ServicesAsync("start all", expectSuccess: true);
        Assert.True(await AnswersAsync(int.Parse(_env["INFOSHARING_AMQP_PORT"], CultureInfo.InvariantCulture)), "RabbitMQ does not answer after a stop and a start.");
    }

    [Fact]
    public async Task A_port_held_by_something_else_is_named_and_the_start_stops()
    {
        using var squatter = new TcpListener(IPAddress.Loopback, int.Parse(_env["INFOSHARING_PG_PORT"], CultureInfo.InvariantCulture));
        squatter.Start();

        var output = await ServicesAsync("start postgres", expectSuccess: false);

        Assert.Contains(_env["INFOSHARING_PG_PORT"], output, StringComparison.Ordinal);
        Assert.Contains("INFOSHARING_PG_PORT", output, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        try
        {
            RunAsync("bash", "deploy/local/services.sh stop all").GetAwaiter().GetResult();
        }
        catch (InvalidOperationException)
        {
            // Nothing was running.
        }

        if (Directory.Exists(_state))
        {
            Directory.Delete(_state, recursive: true);
        }
    }

    private async Task<string> ServicesAsync(string arguments, bool expectSuccess)
    {
        try
        {
            var output = await RunAsync("bash", $"deploy/local/services.sh {arguments}");
            Assert.True(expectSuccess, $"services.sh {arguments} succeeded but should have stopped:\n{output}");
            return output;
        }
        catch (InvalidOperationException ex)
        {
            Assert.False(expectSuccess, ex.Message);
            return ex.Message;
        }
    }

    private async Task<string> RunAsync(string file, string arguments)
    {
        var info = new ProcessStartInfo(file, arguments) { WorkingDirectory = Root(), RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var (key, value) in _env)
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

    private static async Task<bool> AnswersAsync(int port)
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

    private static string Root()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "InfoSharing.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new DirectoryNotFoundException("Repository root not found.");
    }

    private static readonly HashSet<int> Taken = [];

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
}
