namespace Fleet.EventGateway.Archive;

/// <summary>
/// The archive's schema cannot be brought up to date: an applied migration was changed afterwards (its checksum differs),
/// or a migration's SQL failed. Not transient: the start fails with this message instead of retrying.
/// </summary>
internal sealed class ArchiveMigrationException(string message, Exception? innerException = null) : Exception(message, innerException);
