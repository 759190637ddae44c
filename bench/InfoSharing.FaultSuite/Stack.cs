using System.Diagnostics;
using System.Globalization;
using Npgsql;

namespace InfoSharing.FaultSuite;

/// <summary>
/// The suite's own stack: PostgreSQL and RabbitMQ started by deploy/local/services.sh on private ports and a private
/// state directory (so they can be restarted without touching anyone else's), the worker replicas and the API as
/// separate processes built from the repository, killed with SIGKILL when the schedule says so.
/// </summary>
internal sealed class Stack(SuiteOptions options, string root, TextWriter log) : IDisposable
{
    private readonly Process?[] _workers = new Process?[options.Replicas];
    private readonly SemaphoreSlim _workerGate = new(1, 1);
    private Process? _api;

    /// <summary>Worker processes that exited without being killed by the schedule (each one a defect), restarted as a supervisor would.</summary>
    public List<string> UnexpectedExits { get; } = [];

    public const string Database = "infosharing_faults";

    public string PostgresServer => $"Host=127.0.0.1;Port={options.PostgresPort};Username=postgres;Timeout=5;Command Timeout=60";

    public string PostgresDatabase => $"{PostgresServer};Database={Database}";

    /// <summary>The broker's administrator (the local services keep guest): the suite's own observer of every queue.</summary>
    public Uri Amqp => new($"amqp://guest:guest@127.0.0.1:{options.AmqpPort}");

    /// <summary>
    /// A broker user of deploy/rabbitmq/definitions.json (an agency, infosharing-worker, infosharing-api), with the
    /// password deploy/rabbitmq/apply.py generated into the run's secrets file when the services started.
    /// </summary>
    public Uri AmqpFor(string user)
    {
        _passwords ??= ReadPasswords(Path.Combine(options.StateDir, "secrets", "rabbitmq.json"));
        var password = _passwords.TryGetValue(user, out var p) ? p : throw new InvalidOperationException($"No broker password for {user} in the run's secrets file.");
        return new Uri($"amqp://{Uri.EscapeDataString(user)}:{Uri.EscapeDataString(password)}@127.0.0.1:{options.AmqpPort}");
    }

    private static Dictionary<string, string> ReadPasswords(string file)
    {
        using var json = System.Text.Json.JsonDocument.Parse(File.ReadAllText(file));
        return json.RootElement.GetProperty("users").EnumerateObject().ToDictionary(u => u.Name, u => u.Value.GetString() ?? string.Empty, StringComparer.Ordinal);
    }

    private Dictionary<string, string>? _passwords;

    // The audit chain key of this run (not in the database, as in production) and where its checkpoints go.
    private readonly string _auditKey = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));

    public Uri Management => new($"http://127.0.0.1:{options.ManagementPort}/");

    public Uri ApiUrl => new($"http://127.0.0.1:{options.ApiPort}/");

    public int Replicas => options.Replicas;

    private string HostBin(string project) => Path.Combine(root, "src", project, "bin", options.Configuration, "net10.0");

    public async Task BuildAsync()
    {
        foreach (var project in new[] { "InfoSharing.Worker", "InfoSharing.Api" })
        {
            await RunAsync("dotnet", $"build src/{project} -c {options.Configuration} -v q -nologo", root, TimeSpan.FromMinutes(15));
        }
    }

    public Task StartServicesAsync() => ServicesAsync("start all");

    public Task RestartBrokerAsync() => ServicesAsync("restart rabbitmq");

    public Task RestartDatabaseAsync() => ServicesAsync("restart postgres");

    public Task StopDatabaseAsync() => ServicesAsync("stop postgres");

    public Task StartDatabaseAsync() => ServicesAsync("start postgres");

    public async Task CreateDatabaseAsync()
    {
        await using (var admin = new NpgsqlConnection(PostgresServer))
        {
            await admin.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {Database} WITH (FORCE)", admin);
            await drop.ExecuteNonQueryAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE {Database}", admin);
            await create.ExecuteNonQueryAsync();
        }

        await RunAsync("dotnet", "InfoSharing.Worker.dll migrate", HostBin("InfoSharing.Worker"), TimeSpan.FromMinutes(5), HostEnvironment(null));
    }

    public async Task StartWorkerAsync(int replica)
    {
        var port = options.WorkerPorts[replica];
        var env = HostEnvironment($"http://127.0.0.1:{port}");
        env["ConnectionStrings__RabbitMq"] = AmqpFor("infosharing-worker").ToString().TrimEnd('/');
        _workers[replica] = StartHost("InfoSharing.Worker", $"worker-{replica}", env);
        await WaitReadyAsync(new Uri($"http://127.0.0.1:{port}/health/ready"), _workers[replica]!);
    }

    /// <summary>SIGKILL, then a new process: no shutdown hooks, no acknowledgements, no lease given up, exactly like a crash.</summary>
    public async Task KillAndRestartWorkerAsync(int replica)
    {
        await _workerGate.WaitAsync();
        try
        {
            var process = _workers[replica] ?? throw new InvalidOperationException($"Worker {replica} is not running.");
            _workers[replica] = null;
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            await StartWorkerAsync(replica);
        }
        finally
        {
            _workerGate.Release();
        }
    }

    /// <summary>Plays the process supervisor (systemd, Kubernetes): a worker that exits on its own is noted and started again.</summary>
    public async Task SuperviseAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            await Task.Delay(500, cancellationToken);
            await _workerGate.WaitAsync(cancellationToken);
            try
            {
                for (var replica = 0; replica < _workers.Length; replica++)
                {
                    if (_workers[replica] is { HasExited: true } exited)
                    {
                        var what = string.Create(CultureInfo.InvariantCulture, $"worker {replica} (pid {exited.Id}) exited on its own with code {exited.ExitCode} at {DateTimeOffset.UtcNow:HH:mm:ss}; see worker-{replica}.log");
                        UnexpectedExits.Add(what);
                        await log.WriteLineAsync(what);
                        Console.WriteLine($"  {what}; restarting it");
                        _workers[replica] = null;
                        await StartWorkerAsync(replica);
                    }
                }
            }
            catch (Exception ex) when (ex is InvalidOperationException or TimeoutException)
            {
                await log.WriteLineAsync($"supervisor: {ex.Message}");
            }
            finally
            {
                _workerGate.Release();
            }
        }
    }

    public async Task StartApiAsync()
    {
        var env = HostEnvironment($"http://127.0.0.1:{options.ApiPort}");
        env["ASPNETCORE_ENVIRONMENT"] = "Development";
        env["ConnectionStrings__RabbitMq"] = AmqpFor("infosharing-api").ToString().TrimEnd('/');
        _api = StartHost("InfoSharing.Api", "api", env);
        await WaitReadyAsync(new Uri(ApiUrl, "health/ready"), _api);
    }

    /// <summary>A development auditor token from the API's own mint-token command.</summary>
    public async Task<string> MintAuditorTokenAsync()
    {
        var env = HostEnvironment(null);
        env["ASPNETCORE_ENVIRONMENT"] = "Development";
        var output = await RunAsync("dotnet", "InfoSharing.Api.dll mint-token --sub fault-suite --role auditor", HostBin("InfoSharing.Api"), TimeSpan.FromMinutes(2), env);
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)[^1];
    }

    private Dictionary<string, string?> HostEnvironment(string? urls)
    {
        var env = new Dictionary<string, string?>
        {
            ["ConnectionStrings__Postgres"] = $"Host=127.0.0.1;Port={options.PostgresPort};Username=postgres;Database={Database}",
            ["ConnectionStrings__RabbitMq"] = Amqp.ToString().TrimEnd('/'),
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
            ["Logging__LogLevel__Default"] = "Information",
            ["Audit__ChainKeyId"] = "fault-suite",
            ["Audit__ChainKeys__fault-suite"] = _auditKey,
            ["Audit__CheckpointDirectory"] = Path.Combine(options.StateDir, "audit-checkpoints"),
        };
        if (urls is not null)
        {
            env["Urls"] = urls;
        }

        return env;
    }

    private Process StartHost(string project, string name, Dictionary<string, string?> env)
    {
        var info = new ProcessStartInfo("dotnet", $"{project}.dll")
        {
            WorkingDirectory = HostBin(project),
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var (key, value) in env)
        {
            info.Environment[key] = value;
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException($"Could not start {project}.");
        var file = new StreamWriter(Path.Combine(options.StateDir, $"{name}.log"), append: true) { AutoFlush = true };
        file.WriteLine(string.Create(CultureInfo.InvariantCulture, $"--- started {DateTimeOffset.UtcNow:O} pid {process.Id}"));
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) { lock (file) { file.WriteLine(e.Data); } } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { lock (file) { file.WriteLine(e.Data); } } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static async Task WaitReadyAsync(Uri ready, Process process)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(3);
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"The host behind {ready} exited with code {process.ExitCode} while starting.");
            }

            try
            {
                using var response = await http.GetAsync(ready);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                // Not listening yet.
            }

            await Task.Delay(250);
        }

        throw new TimeoutException($"{ready} was not ready within 3 minutes.");
    }

    private async Task ServicesAsync(string arguments)
    {
        var env = new Dictionary<string, string?>
        {
            ["INFOSHARING_STATE_DIR"] = options.StateDir,
            ["INFOSHARING_PG_PORT"] = options.PostgresPort.ToString(CultureInfo.InvariantCulture),
            ["INFOSHARING_AMQP_PORT"] = options.AmqpPort.ToString(CultureInfo.InvariantCulture),
            ["INFOSHARING_RABBITMQ_MGMT_PORT"] = options.ManagementPort.ToString(CultureInfo.InvariantCulture),
            ["INFOSHARING_RABBITMQ_DIST_PORT"] = options.DistributionPort.ToString(CultureInfo.InvariantCulture),
            ["INFOSHARING_EPMD_PORT"] = options.EpmdPort.ToString(CultureInfo.InvariantCulture),
            ["INFOSHARING_RABBITMQ_NODENAME"] = options.NodeName,
            // A database that claims durability: fsync on, as in production.
            ["INFOSHARING_PG_OPTIONS"] = string.Empty,
        };
        await RunAsync("bash", $"deploy/local/services.sh {arguments}", root, TimeSpan.FromMinutes(5), env);
    }

    private async Task<string> RunAsync(string file, string arguments, string directory, TimeSpan timeout, Dictionary<string, string?>? env = null)
    {
        var info = new ProcessStartInfo(file, arguments) { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var (key, value) in env ?? [])
        {
            info.Environment[key] = value;
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException($"Could not run {file}.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {arguments} did not finish within {timeout}.");
        }

        var output = await stdout + await stderr;
        await log.WriteAsync(output);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {arguments} failed with exit code {process.ExitCode}:\n{output}");
        }

        return await stdout;
    }

    public void Dispose() => _workerGate.Dispose();

    /// <summary>Kills the hosts, stops the services, and removes the state directory unless it is to be kept.</summary>
    public async Task DisposeAsync(bool keepState)
    {
        foreach (var process in _workers.Append(_api))
        {
            if (process is { HasExited: false })
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
            }
        }

        try
        {
            await ServicesAsync("stop all");
        }
        catch (Exception ex) when (ex is InvalidOperationException or TimeoutException)
        {
            await log.WriteLineAsync($"stopping the services failed: {ex.Message}");
        }

        if (!keepState && options.StateDir.StartsWith("/var/tmp/infosharing-faults/", StringComparison.Ordinal))
        {
            Directory.Delete(options.StateDir, recursive: true);
        }
    }
}
