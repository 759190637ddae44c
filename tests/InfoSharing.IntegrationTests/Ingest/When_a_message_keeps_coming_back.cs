using System.Text;
using InfoSharing.IntegrationTests.Infrastructure;
using RabbitMQ.Client;

namespace InfoSharing.IntegrationTests.Ingest;

public sealed class When_a_message_keeps_coming_back(InfraFixture infra) : IntegrationTest(infra)
{
    [Fact]
    public async Task The_broker_counts_its_deliveries_for_every_replica_and_sets_it_aside_at_the_limit()
    {
        // The worker declares the queues (quorum, x-delivery-limit 20) and goes; two "replicas" that crash on the
        // message (return it unacknowledged) take turns. The count is the broker's, not either one's memory.
        await StopAsync(await StartWorkerAsync());

        // Not until the broker has let go of the stopped worker's consumer: it would otherwise take the message.
        await Agency.WaitForNoConsumerAsync("ingest.midwifery", Patience);
        await Agency.PublishAsync("midwifery.fhir", Examples.Booking(), "crashes-every-worker");
        var replicas = new List<(IConnection Connection, IChannel Channel)>();
        for (var i = 0; i < 2; i++)
        {
            var connection = await new ConnectionFactory { Uri = new Uri(Infra.RabbitMqUri) }.CreateConnectionAsync();
            replicas.Add((connection, await connection.CreateChannelAsync()));
        }

        try
        {
            var deliveries = 0;
            var counts = new List<string>();
            for (var attempt = 0; attempt < 40; attempt++)
            {
                var channel = replicas[attempt % 2].Channel;
                var got = await channel.BasicGetAsync("ingest.midwifery", autoAck: false);

                // A returned message reaches a quorum queue's head again a moment later (through its Raft log): look
                // again for a while before concluding that the broker has taken it away.
                var until = DateTime.UtcNow + TimeSpan.FromSeconds(3);
                while (got is null && DateTime.UtcNow < until)
                {
                    await Task.Delay(50);
                    got = await channel.BasicGetAsync("ingest.midwifery", autoAck: false);
                }

                if (got is null)
                {
                    break;
                }

                deliveries++;
                counts.Add(got.BasicProperties.Headers?.TryGetValue("x-delivery-count", out var c) == true ? Convert.ToString(c is byte[] b ? Encoding.UTF8.GetString(b) : c, System.Globalization.CultureInfo.InvariantCulture)! : "0");
                await channel.BasicNackAsync(got.DeliveryTag, multiple: false, requeue: true);
            }

            Assert.InRange(deliveries, 20, 22);
            Assert.Equal(counts.Count - 1, int.Parse(counts[^1], System.Globalization.CultureInfo.InvariantCulture));
            var deadLettered = await Agency.ReceiveAsync("ingest.rejected.midwifery", Patience);
            Assert.NotNull(deadLettered);
            Assert.Equal("crashes-every-worker", deadLettered.MessageId);
            Assert.Equal(0u, await Agency.CountAsync("ingest.midwifery"));
        }
        finally
        {
            foreach (var (connection, channel) in replicas)
            {
                await channel.DisposeAsync();
                await connection.DisposeAsync();
            }
        }
    }
}
