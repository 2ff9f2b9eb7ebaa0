using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Fleet.Testing.Tls;

/// <summary>
/// Generates a throw-away CA and a server certificate it signs, in .NET, so no <c>openssl</c> CLI is needed.
/// </summary>
internal static class TestCertificateAuthority
{
    private static readonly TimeSpan Validity = TimeSpan.FromDays(7);

    // Servers and clients in the test may run a few minutes apart from the generating clock.
    private static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(5);

    /// <summary>Writes <c>ca.crt</c>, <c>server.crt</c> and <c>server.key</c> (PEM) into <paramref name="directory"/>.</summary>
    public static TlsFiles WritePemFiles(string directory, TimeProvider timeProvider)
    {
        var notBefore = timeProvider.GetUtcNow() - ClockSkew;
        var notAfter = notBefore + Validity;

        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var ca = CreateCa(caKey, notBefore, notAfter);
        using var serverKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var server = CreateServerCertificate(serverKey, ca, notBefore, notAfter);

        var files = new TlsFiles(
            Path.Combine(directory, "ca.crt"),
            Path.Combine(directory, "server.crt"),
            Path.Combine(directory, "server.key"));
        File.WriteAllText(files.CaCertificatePath, ca.ExportCertificatePem() + "\n");
        File.WriteAllText(files.CertificatePath, server.ExportCertificatePem() + "\n");
        File.WriteAllText(files.KeyPath, serverKey.ExportPkcs8PrivateKeyPem() + "\n");
        return files;
    }

    private static X509Certificate2 CreateCa(ECDsa key, DateTimeOffset notBefore, DateTimeOffset notAfter)
    {
        var request = new CertificateRequest("CN=Fleet.Testing CA", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        return request.CreateSelfSigned(notBefore, notAfter);
    }

    private static X509Certificate2 CreateServerCertificate(ECDsa key, X509Certificate2 ca, DateTimeOffset notBefore, DateTimeOffset notAfter)
    {
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1", "Server Authentication")], false));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(ca, true, false));

        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        names.AddDnsName("localhost");
        request.CertificateExtensions.Add(names.Build());

        // RFC 5280: a positive serial number of at most 20 octets.
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7f;
        return request.Create(ca, notBefore, notAfter, serial);
    }
}
