namespace Fleet.Testing.Tls;

/// <summary>The PEM files a TLS test server is configured with.</summary>
/// <param name="CaCertificatePath">The CA certificate that signed the server certificate.</param>
/// <param name="CertificatePath">The server certificate (SAN: IP 127.0.0.1, DNS localhost).</param>
/// <param name="KeyPath">The server certificate's private key, PKCS#8.</param>
internal sealed record TlsFiles(string CaCertificatePath, string CertificatePath, string KeyPath);
