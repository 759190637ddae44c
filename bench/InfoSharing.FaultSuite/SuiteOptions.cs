using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace InfoSharing.FaultSuite;

/// <summary>Command-line options; every port defaults to a free one so that parallel runs never collide.</summary>
internal sealed class SuiteOptions
{
    public int Messages { get; private set; } = 10_000;
    public int Kills { get; private set; } = 3;
    public int BrokerRestarts { get; private set; } = 1;
    public int DatabaseRestarts { get; private set; } = 1;
    public int DatabaseOutageSeconds { get; private set; }
    public int Replicas { get; private set; } = 1;
    public double Rate { get; private set; } = 200;
    public double BadShare { get; private set; } = 0.03;
    public double DuplicateShare { get; private set; } = 0.05;
    public int Seed { get; private set; } = 20261201;
    public string Configuration { get; private set; } = "Release";
    public bool Build { get; private set; } = true;
    public bool Keep { get; private set; }
    public TimeSpan SettleTimeout { get; private set; } = TimeSpan.FromMinutes(10);
    public string StateDir { get; private set; } = string.Empty;
    public int PostgresPort { get; private set; }
    public int AmqpPort { get; private set; }
    public int ManagementPort { get; private set; }
    public int DistributionPort { get; private set; }
    public int EpmdPort { get; private set; }
    public int ApiPort { get; private set; }
    public int[] WorkerPorts { get; private set; } = [];
    public string NodeName { get; private set; } = string.Empty;
    public string RunId { get; } = Guid.NewGuid().ToString("N")[..6];

    public const string Usage = """
        usage: InfoSharing.FaultSuite [--messages 10000] [--kills 3] [--broker-restarts 1] [--db-restarts 1]
               [--db-outage-seconds 0] [--replicas 1] [--rate 200] [--bad-share 0.03] [--duplicate-share 0.05]
               [--seed N] [--configuration Release|Debug] [--no-build] [--keep] [--settle-minutes 10]
               [--state-dir DIR] [--pg-port P] [--amqp-port P] [--mgmt-port P] [--dist-port P] [--epmd-port P]
        """;

    public static SuiteOptions Parse(string[] args)
    {
        var o = new SuiteOptions();
        for (var i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.\n{Usage}");
            int Int() => int.Parse(Next(), CultureInfo.InvariantCulture);
            double Real() => double.Parse(Next(), CultureInfo.InvariantCulture);
            switch (args[i])
            {
                case "--messages": o.Messages = Int(); break;
                case "--kills": o.Kills = Int(); break;
                case "--broker-restarts": o.BrokerRestarts = Int(); break;
                case "--db-restarts": o.DatabaseRestarts = Int(); break;
                case "--db-outage-seconds": o.DatabaseOutageSeconds = Int(); break;
                case "--replicas": o.Replicas = Int(); break;
                case "--rate": o.Rate = Real(); break;
                case "--bad-share": o.BadShare = Real(); break;
                case "--duplicate-share": o.DuplicateShare = Real(); break;
                case "--seed": o.Seed = Int(); break;
                case "--configuration": o.Configuration = Next(); break;
                case "--no-build": o.Build = false; break;
                case "--keep": o.Keep = true; break;
                case "--settle-minutes": o.SettleTimeout = TimeSpan.FromMinutes(Real()); break;
                case "--state-dir": o.StateDir = Next(); break;
                case "--pg-port": o.PostgresPort = Int(); break;
                case "--amqp-port": o.AmqpPort = Int(); break;
                case "--mgmt-port": o.ManagementPort = Int(); break;
                case "--dist-port": o.DistributionPort = Int(); break;
                case "--epmd-port": o.EpmdPort = Int(); break;
                case "--help" or "-h": throw new ArgumentException(Usage);
                default: throw new ArgumentException($"Unknown option {args[i]}.\n{Usage}");
            }
        }

        if (o.Messages < 50 || o.Replicas is < 1 or > 4 || o.Kills < 0 || o.Rate <= 0)
        {
            throw new ArgumentException($"--messages at least 50, --replicas 1 to 4, --kills and --rate positive.\n{Usage}");
        }

        o.StateDir = o.StateDir.Length > 0 ? o.StateDir : $"/var/tmp/infosharing-faults/{o.RunId}";
        o.NodeName = $"faults{o.RunId}@localhost";
        o.PostgresPort = o.PostgresPort > 0 ? o.PostgresPort : FreePort();
        o.AmqpPort = o.AmqpPort > 0 ? o.AmqpPort : FreePort();
        o.ManagementPort = o.ManagementPort > 0 ? o.ManagementPort : FreePort();
        o.DistributionPort = o.DistributionPort > 0 ? o.DistributionPort : FreePort();
        o.EpmdPort = o.EpmdPort > 0 ? o.EpmdPort : FreePort();
        o.ApiPort = FreePort();
        o.WorkerPorts = [.. Enumerable.Range(0, o.Replicas).Select(_ => FreePort())];
        return o;
    }

    private static readonly HashSet<int> Taken = [];

    /// <summary>A port free now and not handed out before in this run (the kernel may give a closed listener's port again).</summary>
    private static int FreePort()
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
