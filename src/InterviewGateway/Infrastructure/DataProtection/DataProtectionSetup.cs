using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using InterviewGateway.Infrastructure.Redis;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.StackExchangeRedis;
using StackExchange.Redis;

namespace InterviewGateway.Infrastructure.DataProtection;

/// Data Protection in Redis mode: one key ring for every instance, kept in Redis
/// (`{prefix}dataprotection-keys`), its keys encrypted at rest with a certificate when
/// `DataProtection:CertificatePath` (a PKCS#12 file) is set, and the first key created by exactly one
/// instance (KeyRingBootstrap) so instances starting together on an empty Redis agree on it.
internal static class DataProtectionSetup
{
    public const string CertificatePathKey = "DataProtection:CertificatePath";
    public const string CertificatePasswordKey = "DataProtection:CertificatePassword";

    public static void AddGatewayDataProtection(this IServiceCollection services, IConfiguration configuration)
    {
        var dataProtection = services.AddDataProtection().SetApplicationName("InterviewGateway");
        services.AddOptions<KeyManagementOptions>().Configure<IConnectionMultiplexer, RedisKeys>((o, redis, keys) =>
            o.XmlRepository = new RedisXmlRepository(() => redis.GetDatabase(), keys.DataProtectionKeys));
        if (configuration[CertificatePathKey] is { Length: > 0 } path)
        {
            // Also registered for decryption, so keys it encrypted are readable without a certificate store.
            dataProtection.ProtectKeysWithCertificate(Load(path, configuration[CertificatePasswordKey]));
        }

        // First of all hosted services: Data Protection's own one loads (and would create) the key ring.
        services.Insert(0, ServiceDescriptor.Singleton<IHostedService, KeyRingBootstrap>());
    }

    private static X509Certificate2 Load(string path, string? password)
    {
        try
        {
            var certificate = X509CertificateLoader.LoadPkcs12FromFile(path, password);
            return certificate.HasPrivateKey
                ? certificate
                : throw new InvalidOperationException(
                    $"{CertificatePathKey}: the certificate in '{path}' has no private key.");
        }
        catch (Exception ex) when (ex is CryptographicException or IOException or UnauthorizedAccessException)
        {
            throw new InvalidOperationException(
                $"{CertificatePathKey}: '{path}' could not be read as a PKCS#12 certificate ({ex.GetType().Name}); "
                + $"check it and {CertificatePasswordKey}.", ex);
        }
    }
}
