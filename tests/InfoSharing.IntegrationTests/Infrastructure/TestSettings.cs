namespace InfoSharing.IntegrationTests.Infrastructure;

/// <summary>
/// Where the real PostgreSQL and RabbitMQ are. deploy/local/test.sh starts them from Debian's packages and sets
/// these variables; without them, Testcontainers starts both where a Docker engine answers, and otherwise the
/// local defaults of deploy/local/services.sh are tried.
/// </summary>
internal sealed record TestSettings(string PostgresServer, Uri RabbitMq, Uri RabbitMqManagement)
{
    public const string PostgresVariable = "INFOSHARING_TEST_POSTGRES";
    public const string RabbitMqVariable = "INFOSHARING_TEST_RABBITMQ";
    public const string RabbitMqManagementVariable = "INFOSHARING_TEST_RABBITMQ_MANAGEMENT";

    public static TestSettings? FromEnvironment()
    {
        var postgres = Environment.GetEnvironmentVariable(PostgresVariable);
        var rabbit = Environment.GetEnvironmentVariable(RabbitMqVariable);
        var management = Environment.GetEnvironmentVariable(RabbitMqManagementVariable);
        if (string.IsNullOrWhiteSpace(postgres) || string.IsNullOrWhiteSpace(rabbit) || string.IsNullOrWhiteSpace(management))
        {
            return null;
        }

        return new TestSettings(postgres, new Uri(rabbit), new Uri(management));
    }

    public static TestSettings LocalDefaults { get; } = new(
        "Host=127.0.0.1;Port=5433;Username=postgres",
        new Uri("amqp://guest:guest@127.0.0.1:5672"),
        new Uri("http://guest:guest@127.0.0.1:15672"));
}
