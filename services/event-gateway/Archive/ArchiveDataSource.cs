using Npgsql;

namespace Fleet.EventGateway.Archive;

/// <summary>The archive's one <see cref="NpgsqlDataSource"/>, with the defaults below where the connection string sets nothing.</summary>
internal static class ArchiveDataSource
{
    /// <summary>A data source named <c>archive</c> on <paramref name="connectionString"/> (checked at start already).</summary>
    public static NpgsqlDataSource Create(string connectionString, ILoggerFactory? loggers = null)
    {
        var builder = new NpgsqlDataSourceBuilder(connectionString);
        if (!ArchiveConnectionString.Sets(connectionString, "Max Auto Prepare"))
        {
            // The API asks the same few statements thousands of times a second (GET /events by correlation id):
            // prepared once per connection, PostgreSQL stops parsing and planning them each time, which cost it more
            // than running them (a warm plan ~0.2 ms against ~0.07 ms of execution).
            builder.ConnectionStringBuilder.MaxAutoPrepare = ArchiveOptions.DefaultMaxAutoPrepare;
        }

        if (!ArchiveConnectionString.Sets(connectionString, "No Reset On Close"))
        {
            // A connection back in the pool is not reset: with prepared statements Npgsql's reset is a batch of seven
            // statements (RESET ALL, CLOSE ALL, UNLISTEN *, …) that PostgreSQL parses and runs on every return, a quarter
            // of its CPU per GET /events. Nothing here leaves session state behind but the archive writer's temporary
            // tables, which it creates IF NOT EXISTS; an open transaction is still rolled back on return.
            builder.ConnectionStringBuilder.NoResetOnClose = true;
        }

        if (loggers is not null)
        {
            builder.UseLoggerFactory(loggers);
        }

        builder.Name = "archive";
        return builder.Build();
    }
}
