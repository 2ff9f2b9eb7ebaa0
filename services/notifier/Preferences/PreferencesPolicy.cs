namespace Fleet.Notifier.Preferences;

/// <summary>The rules an update must pass before notifier keeps it.</summary>
internal static class PreferencesPolicy
{
    /// <summary>
    /// Why <paramref name="webhookUrl"/> cannot be used, or null when it can (or is not set). The contract's [Url] also
    /// lets ftp through; notifier POSTs, so only an absolute http or https URL with a host is kept. The URL itself is
    /// not repeated (it may carry credentials), only its scheme.
    /// </summary>
    public static string? WebhookUrlProblem(string? webhookUrl)
    {
        if (string.IsNullOrEmpty(webhookUrl))
        {
            return null;
        }

        if (!Uri.TryCreate(webhookUrl, UriKind.Absolute, out var uri))
        {
            return "The webhook URL is not an absolute URL; it must be http:// or https://.";
        }

        if (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)
        {
            return $"The webhook URL's scheme is '{uri.Scheme}'; it must be http or https.";
        }

        return string.IsNullOrEmpty(uri.Host) ? "The webhook URL has no host." : null;
    }

    /// <summary>
    /// Whether an update published at <paramref name="timestamp"/> is older than the one kept (a late redelivery or a
    /// replay): it must not roll the preferences back. An update with the same timestamp is applied again (harmless).
    /// </summary>
    public static bool IsStale(UserPreferences stored, DateTimeOffset timestamp) =>
        stored.UpdatedAt is { } kept && timestamp < kept;
}
