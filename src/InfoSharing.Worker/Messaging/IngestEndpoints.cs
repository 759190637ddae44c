using InfoSharing.ServiceDefaults;
using InfoSharing.Contracts;
using InfoSharing.Worker.Features.Ingest;
using MassTransit;
using Microsoft.Extensions.Options;

namespace InfoSharing.Worker.Messaging;

/// <summary>
/// MassTransit carries the worker's consumption of the agency feeds (docs/decisions/0014): one receive endpoint per
/// ingest queue (ingest.&lt;agency&gt; and ingest.unrouted), a quorum queue bound from infosharing.ingest by the
/// agency's routing keys, the pass-through deserializer, a batch consumer, a retry policy that waits out outages, a
/// kill switch, and faults returned to the broker (which counts deliveries) instead of MassTransit's error queue.
/// </summary>
public static class IngestEndpoints
{
    public static IServiceCollection AddIngestMessaging(this IServiceCollection services, Uri broker, string clientName)
    {
        ArgumentNullException.ThrowIfNull(broker);
        services.AddSingleton<FeedConsumerHealth>();
        services.AddReceiveEndpointObserver(sp => sp.GetRequiredService<FeedConsumerHealth>());
        services.AddHealthChecks().AddCheck<FeedConsumerHealth>("agency-feeds", tags: ["ready"]);
        services.AddMassTransit(x =>
        {
            // MassTransit would otherwise report usage to its vendor over the internet: nothing leaves the partnership.
            x.DisableUsageTelemetry();
            x.AddConsumer<IngestBatchConsumer>();
            x.UsingRabbitMq((context, cfg) =>
            {
                var options = context.GetRequiredService<IOptions<MessagingOptions>>().Value;
                ConfigureHost(cfg, broker, clientName, context.GetRequiredService<BrokerTls>());

                if (!options.ConsumeIngest)
                {
                    return;
                }

                foreach (var agency in options.Agencies.Keys)
                {
                    cfg.ReceiveEndpoint(BrokerTopology.IngestQueue(agency), e =>
                        ConfigureFeed(e, context, options, Exchanges.Ingest, "topic", $"{agency}.#"));
                }

                cfg.ReceiveEndpoint(BrokerTopology.UnroutedQueue, e =>
                    ConfigureFeed(e, context, options, Exchanges.IngestUnrouted, "fanout", string.Empty));
            });
        });
        services.AddOptions<MassTransitHostOptions>().Configure<IOptions<MessagingOptions>>((host, messaging) =>
        {
            // Stopping waits for batches in flight to finish (then unacknowledged deliveries return to the queue).
            host.WaitUntilStarted = false;
            host.StopTimeout = messaging.Value.ShutdownTimeout;
        });
        return services;
    }

    /// <summary>The broker connection of the worker's bus: credentials from the URI, TLS for amqps (checked as <see cref="BrokerTls"/> says).</summary>
    internal static void ConfigureHost(IRabbitMqBusFactoryConfigurator cfg, Uri broker, string clientName, BrokerTls tls)
    {
        var vhost = Uri.UnescapeDataString(broker.AbsolutePath.TrimStart('/'));
        var port = broker.IsDefaultPort || broker.Port <= 0 ? (broker.Scheme == "amqps" ? 5671 : 5672) : broker.Port;
        cfg.Host(broker.Host, (ushort)port, vhost.Length == 0 ? "/" : vhost, clientName, h =>
        {
            var credentials = broker.UserInfo.Split(':', 2);
            if (credentials[0].Length > 0)
            {
                h.Username(Uri.UnescapeDataString(credentials[0]));
                h.Password(credentials.Length > 1 ? Uri.UnescapeDataString(credentials[1]) : string.Empty);
            }

            if (broker.Scheme == "amqps")
            {
                h.UseSsl(ssl =>
                {
                    ssl.ServerName = broker.Host;

                    // MassTransit's own default accepts a certificate whose chain or name does not check out: never here.
                    ssl.EnforcePolicyErrors(System.Net.Security.SslPolicyErrors.RemoteCertificateChainErrors | System.Net.Security.SslPolicyErrors.RemoteCertificateNameMismatch | System.Net.Security.SslPolicyErrors.RemoteCertificateNotAvailable);
                    if (tls.Validation is { } validation)
                    {
                        ssl.CertificateValidationCallback = validation;
                    }
                });
            }

            h.Heartbeat(TimeSpan.FromSeconds(30));
        });
    }

    private static void ConfigureFeed(
        IRabbitMqReceiveEndpointConfigurator e, IBusRegistrationContext context, MessagingOptions options, string exchange, string exchangeType, string routingKey)
    {
        // The queue: quorum (replicated when the broker is a cluster), with a delivery limit the broker keeps for every
        // replica; a message delivered that many times without an outcome is dead-lettered to the rejected exchange.
        BrokerTopology.ApplyIngestQueueArguments(e, options);
        e.ConfigureConsumeTopology = false;
        e.Bind(exchange, b =>
        {
            b.ExchangeType = exchangeType;
            b.RoutingKey = routingKey;
        });

        // Every delivery reaches our code as the agency sent it, whatever its content type.
        e.ClearSerialization();
        var passThrough = new PassThroughSerializerFactory();
        e.AddSerializer(new MassTransit.Configuration.SystemTextJsonMessageSerializerFactory());
        e.AddDeserializer(passThrough, isDefault: true);

        var capacity = options.BatchSize * options.ConsumerConcurrency;
        e.PrefetchCount = Math.Max(capacity, options.Prefetch);
        e.ConcurrentMessageLimit = capacity;

        // A fault (what an outage leaves after the retries) returns the message to the queue: never MassTransit's
        // _error queue, whose format is not the wire contract's. Too many faults in a row stop the endpoint a while.
        e.RethrowFaultedMessages();
        e.UseKillSwitch(k => k.SetActivationThreshold(10).SetTripThreshold(0.5).SetRestartTimeout(TimeSpan.FromSeconds(30)));
        e.ConfigureConsumer<IngestBatchConsumer>(context, c =>
        {
            c.Options<BatchOptions>(b => b
                .SetMessageLimit(options.BatchSize)
                .SetTimeLimit(options.BatchTimeLimit)
                .SetConcurrencyLimit(options.ConsumerConcurrency));
            c.UseMessageRetry(r =>
            {
                r.Handle<Exception>(TransientFailures.IsTransient);
                r.Exponential(options.OutageRetryLimit, TimeSpan.FromMilliseconds(200), options.OutageRetryMaxInterval, TimeSpan.FromMilliseconds(400));
            });
        });
    }
}
