using System.Data.Common;
using DbUp;
using DbUp.Builder;
using DbUp.Engine;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace ClubGrains.Hosting;

/// <summary>
/// Brings the database to the schema under <c>db/</c> (embedded in this assembly), with DbUp: each
/// script runs once, in name order, in its own transaction, and is journalled. Migrations are held
/// under a lock so that silos starting together never race: a PostgreSQL advisory lock across
/// processes, and on SQLite the data-folder lock (one process) plus an in-process gate.
/// </summary>
public static class SchemaMigrator
{
    // An arbitrary constant naming "ClubGrains schema migration" among advisory locks.
    private const long PostgreSqlMigrationLockKey = 0x436C_7562_4772_6E73;
    private static readonly SemaphoreSlim SqliteGate = new(1, 1);

    public static async Task Migrate(ClubGrainsOptions options, ILogger logger, CancellationToken cancellationToken)
    {
        switch (options.Storage)
        {
            case StorageProvider.Sqlite:
                await MigrateSqlite(options.Sqlite, logger, cancellationToken);
                break;
            case StorageProvider.PostgreSql:
                await MigratePostgreSql(options.PostgreSql.ConnectionString!, logger, cancellationToken);
                break;
            default:
                throw new ClubGrainsStartupException($"Unknown storage provider {options.Storage}.");
        }
    }

    private static async Task MigrateSqlite(SqliteSettings settings, ILogger logger, CancellationToken cancellationToken)
    {
        await SqliteGate.WaitAsync(cancellationToken);
        try
        {
            await using (var connection = new SqliteConnection(settings.ConnectionString))
            {
                await connection.OpenAsync(cancellationToken);

                // WAL is a property of the file and persists; it lets readers run beside the writer and
                // makes each commit one append to the log.
                var journal = await Scalar(connection, "PRAGMA journal_mode=WAL;", cancellationToken);
                var synchronous = await Scalar(connection, "PRAGMA synchronous;", cancellationToken);
                logger.LogInformation(
                    "SQLite database {Path}: journal_mode={Journal}, synchronous={Synchronous} (2 = FULL: each commit is synced before it is acknowledged)",
                    settings.FullPath, journal, synchronous);
                if (!string.Equals(journal?.ToString(), "wal", StringComparison.OrdinalIgnoreCase))
                {
                    throw new ClubGrainsStartupException($"SQLite database {settings.FullPath} refused WAL mode (journal_mode={journal}).");
                }
            }

            Run(DeployChanges.To.SqliteDatabase(settings.ConnectionString), "sqlite", $"SQLite database {settings.FullPath}", logger);
        }
        catch (SqliteException e)
        {
            throw new ClubGrainsStartupException($"The SQLite database {settings.FullPath} cannot be used: {e.Message}", e);
        }
        finally
        {
            SqliteGate.Release();
        }
    }

    private static async Task MigratePostgreSql(string connectionString, ILogger logger, CancellationToken cancellationToken)
    {
        var target = Describe(connectionString);
        try
        {
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync(cancellationToken);
            await using (var take = new NpgsqlCommand($"SELECT pg_advisory_lock({PostgreSqlMigrationLockKey})", connection))
            {
                await take.ExecuteNonQueryAsync(cancellationToken);
            }

            try
            {
                Run(DeployChanges.To.PostgresqlDatabase(connectionString), "postgresql", $"PostgreSQL database {target}", logger);
            }
            finally
            {
                await using var release = new NpgsqlCommand($"SELECT pg_advisory_unlock({PostgreSqlMigrationLockKey})", connection);
                await release.ExecuteNonQueryAsync(CancellationToken.None);
            }
        }
        catch (Exception e) when (e is NpgsqlException or PostgresException or ArgumentException or TimeoutException)
        {
            throw new ClubGrainsStartupException($"Cannot use the PostgreSQL database {target}: {e.Message}", e);
        }
    }

    private static void Run(UpgradeEngineBuilder builder, string folder, string target, ILogger logger)
    {
        var prefix = $"db/{folder}/";
        var engine = builder
            .WithScriptsEmbeddedInAssembly(typeof(SchemaMigrator).Assembly, name => name.StartsWith(prefix, StringComparison.Ordinal))
            .WithVariablesDisabled()
            .WithTransactionPerScript()
            .LogToNowhere()
            .Build();

        var result = engine.PerformUpgrade();
        if (!result.Successful)
        {
            var script = result.ErrorScript?.Name ?? "(before any script)";
            throw new ClubGrainsStartupException($"Migrating the {target} failed at {script}: {result.Error?.Message}", result.Error!);
        }

        foreach (var applied in result.Scripts)
        {
            logger.LogInformation("Applied schema script {Script} to the {Target}", applied.Name, target);
        }
    }

    private static async Task<object?> Scalar(DbConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteScalarAsync(cancellationToken);
    }

    /// <summary>Names the server and database without the password, for messages.</summary>
    public static string Describe(string connectionString)
    {
        try
        {
            var builder = new NpgsqlConnectionStringBuilder(connectionString);
            return $"'{builder.Database}' on {builder.Host}:{builder.Port} as {builder.Username}";
        }
        catch (ArgumentException)
        {
            return "(unreadable connection string)";
        }
    }
}
