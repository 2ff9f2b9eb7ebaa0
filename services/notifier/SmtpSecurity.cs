namespace Fleet.Notifier;

/// <summary>How the SMTP connection is secured (<c>Notifier:Smtp:Security</c>).</summary>
internal enum SmtpSecurity
{
    /// <summary>Plain text (a local relay or a test sink).</summary>
    None,

    /// <summary>STARTTLS, required: a server that does not offer it is an error.</summary>
    StartTls,

    /// <summary>STARTTLS when the server offers it, else plain text (the default).</summary>
    StartTlsWhenAvailable,

    /// <summary>TLS from the first byte (port 465).</summary>
    SslOnConnect,
}
