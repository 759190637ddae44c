using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using InfoSharing.IntegrationTests.Infrastructure;

namespace InfoSharing.IntegrationTests.Operations;

/// <summary>
/// Issue 12: deploy/local/run.sh once failed right after a stop ("RabbitMQ did not answer within 120 s", a stale
/// epmd), and a crash or a reboot leaves pid files that name processes which are gone or are somebody else's. The
/// scripts' own instance (a private state directory, ports, node name and epmd) is started, crashed with SIGKILL
/// (PostgreSQL, RabbitMQ and epmd), given a postmaster.pid and a RabbitMQ pid file naming a live process that is not
/// theirs, as after a reboot, and started again: both answer. A port held by something else is named, not waited on.
/// </summary>
public sealed class When_the_local_services_start_after_a_crash : IAsyncLifetime
{
    private readonly PrivateServices _services = new("scripts");

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    [Fact]
    public async Task A_crash_and_stale_pid_files_are_cleared_and_both_services_answer_again()
    {
        await _services.ServicesAsync("start all");

        // A crash: every process of the instance killed, its pid files left behind.
        var pidFile = Path.Combine(_services.State, "pg", "data", "postmaster.pid");
        var postmaster = int.Parse(File.ReadLines(pidFile).First(), CultureInfo.InvariantCulture);
        var rabbitPidFile = Directory.GetFiles(Path.Combine(_services.State, "rabbitmq"), "*.pid").Single();
        var beam = int.Parse(File.ReadAllText(rabbitPidFile).Trim(), CultureInfo.InvariantCulture);
        await _services.RunAsync("bash", $"-c \"kill -9 {postmaster} {beam}; pkill -9 -f '[e]pmd -port {_services.EpmdPort}' || true; sleep 1\"");

        // After a reboot the PIDs in those files belong to whoever got them: here, this test's own process.
        var someoneElse = Environment.ProcessId.ToString(CultureInfo.InvariantCulture);
        var lines = File.ReadAllLines(pidFile);
        lines[0] = someoneElse;
        File.WriteAllLines(pidFile, lines);
        File.WriteAllText(rabbitPidFile, someoneElse);

        var output = await _services.ServicesAsync("start all");

        Assert.Contains("stale postmaster.pid", output, StringComparison.Ordinal);
        Assert.True(await PrivateServices.AnswersAsync(_services.PgPort), "PostgreSQL does not answer after the restart.");
        Assert.True(await PrivateServices.AnswersAsync(_services.AmqpPort), "RabbitMQ does not answer after the restart.");
        Assert.False(Process.GetProcessById(Environment.ProcessId).HasExited, "The start killed a process that was not the instance's own.");

        // A stop and a start straight after it (the case that once failed with a stale epmd).
        await _services.ServicesAsync("stop all");
        await _services.ServicesAsync("start all");
        Assert.True(await PrivateServices.AnswersAsync(_services.AmqpPort), "RabbitMQ does not answer after a stop and a start.");
    }

    [Fact]
    public async Task A_port_held_by_something_else_is_named_and_the_start_stops()
    {
        using var squatter = new TcpListener(IPAddress.Loopback, _services.PgPort);
        squatter.Start();

        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => _services.ServicesAsync("start postgres"));

        Assert.Contains(_services.PgPort.ToString(CultureInfo.InvariantCulture), refused.Message, StringComparison.Ordinal);
        Assert.Contains("INFOSHARING_PG_PORT", refused.Message, StringComparison.Ordinal);
    }

    public async ValueTask DisposeAsync() => await _services.RemoveAsync();
}
