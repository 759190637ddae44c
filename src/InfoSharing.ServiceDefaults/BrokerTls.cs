using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Configuration;

namespace InfoSharing.ServiceDefaults;

/// <summary>
/// TLS to RabbitMQ (an <c>amqps://</c> connection string). The broker's certificate is checked against the system's
/// trust store, or, with <c>RabbitMq:CaCertificateFile</c> (a PEM file: a partnership's own CA, or the local
/// scripts' generated one), against that CA alone; the host name must match either way. No setting turns the check
/// off. PostgreSQL needs nothing here: Npgsql takes <c>SSL Mode=VerifyFull;Root Certificate=FILE</c> in its
/// connection string.
/// </summary>
public sealed class BrokerTls
{
    public const string CaFileKey = "RabbitMq:CaCertificateFile";

    private readonly X509Certificate2Collection? _roots;

    public BrokerTls(string? caFile)
    {
        if (string.IsNullOrWhiteSpace(caFile))
        {
            return;
        }

        if (!File.Exists(caFile))
        {
            throw new InvalidOperationException($"{CaFileKey} names '{caFile}', which does not exist.");
        }

        _roots = [];
        _roots.ImportFromPemFile(caFile);
        if (_roots.Count == 0)
        {
            throw new InvalidOperationException($"{CaFileKey} ('{caFile}') holds no PEM certificate.");
        }
    }

    public static BrokerTls FromConfiguration(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return new BrokerTls(configuration[CaFileKey]);
    }

    /// <summary>Null (the platform's own check against the system trust store) unless a CA file was given.</summary>
    public RemoteCertificateValidationCallback? Validation => _roots is null ? null : Validate;

    private bool Validate(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        // The name and the presence of a certificate are checked by the platform as always; only the chain's root is ours.
        if (certificate is null || errors.HasFlag(SslPolicyErrors.RemoteCertificateNotAvailable) || errors.HasFlag(SslPolicyErrors.RemoteCertificateNameMismatch))
        {
            return false;
        }

        using var custom = new X509Chain();
        custom.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        custom.ChainPolicy.CustomTrustStore.AddRange(_roots!);
        custom.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        if (chain is not null)
        {
            foreach (var element in chain.ChainElements.Skip(1))
            {
                custom.ChainPolicy.ExtraStore.Add(element.Certificate);
            }
        }

        using var leaf = new X509Certificate2(certificate);
        return custom.Build(leaf);
    }
}
