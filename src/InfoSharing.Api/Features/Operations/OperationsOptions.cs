namespace InfoSharing.Api.Features.Operations;

/// <summary>Where the operators' view reads queue depths: the RabbitMQ management API of the broker the hosts use.</summary>
public sealed class OperationsOptions
{
    public const string SectionName = "Operations";

    /// <summary>http://user:password@host:15672 (a monitoring user suffices); unset: queue depths are not shown.</summary>
    public Uri? RabbitMqManagement { get; set; }
}
