using System.Net;
using System.Net.Sockets;

namespace InfoSharing.IntegrationTests.Infrastructure;

/// <summary>
/// A TCP relay in front of the real broker, so that a test can hold back what the broker says to one host (its
/// confirms, for instance) while the broker itself, and every other client, carry on. It counts the bytes the host
/// sent through it.
/// </summary>
public sealed class TcpRelay : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly string _targetHost;
    private readonly int _targetPort;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<TcpClient> _clients = [];
    private readonly Lock _gate = new();
    private TaskCompletionSource _flowing = NewGate(open: true);
    private long _sentByClient;
    private long _refused;
    private volatile bool _severed;

    public TcpRelay(Uri target)
        : this(target.Host, target.Port)
    {
    }

    public TcpRelay(string host, int port)
    {
        _targetHost = host;
        _targetPort = port;
        _listener.Start();
        _ = AcceptAsync();
    }

    /// <summary>Connections turned away while severed (the host trying to get back).</summary>
    public long Refused => Interlocked.Read(ref _refused);

    /// <summary>Cuts every connection through the relay and turns new ones away, as a server that went down would.</summary>
    public void Sever()
    {
        _severed = true;
        lock (_gate)
        {
            foreach (var client in _clients)
            {
                client.Dispose();
            }

            _clients.Clear();
        }
    }

    public void Restore() => _severed = false;

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>Bytes the relayed host has sent towards the broker so far.</summary>
    public long SentByClient => Interlocked.Read(ref _sentByClient);

    /// <summary>The same URI (user, vhost) through this relay.</summary>
    public string Through(string uri) => new UriBuilder(uri) { Host = "127.0.0.1", Port = Port }.Uri.ToString();

    /// <summary>Stops passing on what the broker sends; what the host sends still goes through.</summary>
    public void HoldBrokerReplies()
    {
        lock (_gate)
        {
            if (_flowing.Task.IsCompleted)
            {
                _flowing = NewGate(open: false);
            }
        }
    }

    public void ResumeBrokerReplies()
    {
        lock (_gate)
        {
            _flowing.TrySetResult();
        }
    }

    private static TaskCompletionSource NewGate(bool open)
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (open)
        {
            gate.SetResult();
        }

        return gate;
    }

    private async Task AcceptAsync()
    {
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                var client = await _listener.AcceptTcpClientAsync(_stop.Token);
                if (_severed)
                {
                    Interlocked.Increment(ref _refused);
                    client.Dispose();
                    continue;
                }

                var server = new TcpClient();
                await server.ConnectAsync(_targetHost, _targetPort, _stop.Token);
                lock (_gate)
                {
                    _clients.Add(client);
                    _clients.Add(server);
                }

                _ = PumpAsync(client.GetStream(), server.GetStream(), fromClient: true);
                _ = PumpAsync(server.GetStream(), client.GetStream(), fromClient: false);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException or SocketException)
        {
            // Stopped.
        }
    }

    private async Task PumpAsync(NetworkStream from, NetworkStream to, bool fromClient)
    {
        var buffer = new byte[64 * 1024];
        try
        {
            while (true)
            {
                var read = await from.ReadAsync(buffer, _stop.Token);
                if (read == 0)
                {
                    break;
                }

                if (fromClient)
                {
                    Interlocked.Add(ref _sentByClient, read);
                }
                else
                {
                    Task gate;
                    lock (_gate)
                    {
                        gate = _flowing.Task;
                    }

                    await gate.WaitAsync(_stop.Token);
                }

                await to.WriteAsync(buffer.AsMemory(0, read), _stop.Token);
            }
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException or ObjectDisposedException or SocketException)
        {
            // Either side went away.
        }
        finally
        {
            try
            {
                to.Socket.Shutdown(SocketShutdown.Send);
            }
            catch (Exception ex) when (ex is ObjectDisposedException or SocketException)
            {
                // Already closed.
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        lock (_gate)
        {
            foreach (var client in _clients)
            {
                client.Dispose();
            }
        }

        _stop.Dispose();
    }
}
