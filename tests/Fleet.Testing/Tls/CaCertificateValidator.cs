using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace Fleet.Testing.Tls;

/// <summary>Validates a server certificate against one trusted CA instead of the system store.</summary>
internal static class CaCertificateValidator
{
    /// <summary>
    /// A callback for <see cref="SslClientAuthenticationOptions.RemoteCertificateValidationCallback"/> that accepts
    /// only certificates chaining to <paramref name="ca"/> and matching the target host.
    /// </summary>
    public static RemoteCertificateValidationCallback Create(X509Certificate2 ca) =>
        (_, certificate, _, errors) =>
        {
            if (certificate is not X509Certificate2 server || (errors & SslPolicyErrors.RemoteCertificateNameMismatch) != 0)
            {
                return false;
            }

            using var chain = new X509Chain();
            chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            chain.ChainPolicy.CustomTrustStore.Add(ca);
            chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            return chain.Build(server);
        };
}
