using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace InfoSharing.IntegrationTests.Operations;

/// <summary>
/// Logs are for operators: at the levels the hosts ship with (their appsettings.json), libraries say nothing per
/// message or per request at Information (Polly's per-attempt lines, EF Core's commands, MassTransit's receive
/// transport), while InfoSharing's own lines still show. Found by the fault suite: every database transaction wrote
/// two Polly Information lines.
/// </summary>
public sealed class When_the_hosts_log_at_their_shipped_levels
{
    public static TheoryData<string> Hosts => new() { "src/InfoSharing.Worker/appsettings.json", "src/InfoSharing.Api/appsettings.json" };

    [Theory]
    [MemberData(nameof(Hosts))]
    public void Libraries_are_quiet_at_information_and_InfoSharing_is_not(string settings)
    {
        var configuration = new ConfigurationBuilder().AddJsonFile(RepositoryPath(settings)).Build();
        using var factory = LoggerFactory.Create(logging => logging.AddConfiguration(configuration.GetSection("Logging")).AddProvider(new NullProvider()));

        foreach (var category in new[] { "Polly", "Microsoft.EntityFrameworkCore.Database.Command", "Microsoft.AspNetCore.Hosting.Diagnostics" })
        {
            Assert.False(factory.CreateLogger(category).IsEnabled(LogLevel.Information), $"{category} logs at Information with {settings}");
            Assert.True(factory.CreateLogger(category).IsEnabled(LogLevel.Warning), $"{category} does not log warnings with {settings}");
        }

        Assert.True(factory.CreateLogger("InfoSharing.Worker.Features.Audit.AuditSealingService").IsEnabled(LogLevel.Information));
    }

    [Fact]
    public void MassTransit_per_message_lines_are_quiet_in_the_worker()
    {
        var configuration = new ConfigurationBuilder().AddJsonFile(RepositoryPath("src/InfoSharing.Worker/appsettings.json")).Build();
        using var factory = LoggerFactory.Create(logging => logging.AddConfiguration(configuration.GetSection("Logging")).AddProvider(new NullProvider()));

        Assert.False(factory.CreateLogger("MassTransit.ReceiveTransport").IsEnabled(LogLevel.Information));
    }

    private static string RepositoryPath(string relative) => Path.Combine(Infrastructure.PrivateServices.RepositoryRoot(), relative);

    private sealed class NullProvider : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new EverythingLogger();

        public void Dispose()
        {
        }

        /// <summary>Enabled for every level: what is enabled is then only what the configuration's filters let through.</summary>
        private sealed class EverythingLogger : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
            }
        }
    }
}
