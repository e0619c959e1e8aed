using Microsoft.Data.Sqlite;
using Npgsql;

namespace ClubGrains.Bench;

/// <summary>Durable writes so far: grain state writes per grain type, and reminder row changes.</summary>
internal sealed record WriteCount(IReadOnlyDictionary<string, long> StateWrites, long ReminderWrites)
{
    public long Total => StateWrites.Values.Sum() + ReminderWrites;

    public WriteCount Minus(WriteCount earlier) => new(
        StateWrites.ToDictionary(kv => kv.Key, kv => kv.Value - earlier.StateWrites.GetValueOrDefault(kv.Key), StringComparer.Ordinal)
            .Where(kv => kv.Value != 0).ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal),
        ReminderWrites - earlier.ReminderWrites);

    /// <summary>"room 1.00, booking 1.00, day 1.00, reminders 0.02" per operation.</summary>
    public string PerOperation(long operations) => operations == 0
        ? "no operations"
        : string.Join(", ", StateWrites.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => $"{kv.Key} {kv.Value / (double)operations:0.000}")
            .Append($"reminders {ReminderWrites / (double)operations:0.000}"));
}

/// <summary>
/// Counts durable writes from the database itself. A state write always sets the row's Version to
/// one more than before (an insert starts at 1), so the sum of Versions per grain type counts state
/// writes exactly; reminder rows are also deleted, so a trigger counts their inserts, updates and deletes.
/// </summary>
internal interface IWriteCounter : IAsyncDisposable
{
    Task Install();

    Task<WriteCount> Count();
}

internal sealed class SqliteWriteCounter(string path) : IWriteCounter
{
    private readonly string _connectionString = $"Data Source={path};Pooling=False;Default Timeout=30";

    public async Task Install()
    {
        await using var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = """
            CREATE TABLE IF NOT EXISTS BenchReminderWrites (Id INTEGER PRIMARY KEY CHECK (Id = 1), N INTEGER NOT NULL);
            INSERT OR IGNORE INTO BenchReminderWrites (Id, N) VALUES (1, 0);
            CREATE TRIGGER IF NOT EXISTS BenchReminderInsert AFTER INSERT ON OrleansRemindersTable BEGIN UPDATE BenchReminderWrites SET N = N + 1 WHERE Id = 1; END;
            CREATE TRIGGER IF NOT EXISTS BenchReminderUpdate AFTER UPDATE ON OrleansRemindersTable BEGIN UPDATE BenchReminderWrites SET N = N + 1 WHERE Id = 1; END;
            CREATE TRIGGER IF NOT EXISTS BenchReminderDelete AFTER DELETE ON OrleansRemindersTable BEGIN UPDATE BenchReminderWrites SET N = N + 1 WHERE Id = 1; END;
            """;
        await command.ExecuteNonQueryAsync();
    }

    public async Task<WriteCount> Count()
    {
        await using var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync();
        var states = new Dictionary<string, long>(StringComparer.Ordinal);
        await using (var command = connection.CreateCommand())
        {
            command.CommandText = "SELECT GrainTypeString, SUM(Version) FROM OrleansStorage GROUP BY GrainTypeString";
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                states[reader.GetString(0)] = reader.GetInt64(1);
            }
        }

        await using var reminders = connection.CreateCommand();
        reminders.CommandText = "SELECT COALESCE((SELECT N FROM BenchReminderWrites WHERE Id = 1), 0)";
        return new WriteCount(states, Convert.ToInt64(await reminders.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture));
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}

internal sealed class PostgresWriteCounter(string connectionString, string serviceId) : IWriteCounter
{
    private readonly NpgsqlDataSource _source = NpgsqlDataSource.Create(connectionString);

    public async Task Install()
    {
        await using var command = _source.CreateCommand("""
            CREATE TABLE IF NOT EXISTS bench_reminder_writes (serviceid varchar(150) PRIMARY KEY, n bigint NOT NULL);
            CREATE OR REPLACE FUNCTION bench_count_reminder_write() RETURNS trigger LANGUAGE plpgsql AS $$
            DECLARE sid varchar(150);
            BEGIN
                IF TG_OP = 'DELETE' THEN sid := OLD.serviceid; ELSE sid := NEW.serviceid; END IF;
                INSERT INTO bench_reminder_writes (serviceid, n) VALUES (sid, 1)
                ON CONFLICT (serviceid) DO UPDATE SET n = bench_reminder_writes.n + 1;
                RETURN NULL;
            END $$;
            DROP TRIGGER IF EXISTS bench_reminder_writes ON orleansreminderstable;
            CREATE TRIGGER bench_reminder_writes AFTER INSERT OR UPDATE OR DELETE ON orleansreminderstable
                FOR EACH ROW EXECUTE FUNCTION bench_count_reminder_write();
            """);
        await command.ExecuteNonQueryAsync();
    }

    public async Task<WriteCount> Count()
    {
        var states = new Dictionary<string, long>(StringComparer.Ordinal);
        await using (var command = _source.CreateCommand("SELECT graintypestring, SUM(version)::bigint FROM orleansstorage WHERE serviceid = $1 GROUP BY graintypestring"))
        {
            command.Parameters.AddWithValue(serviceId);
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                states[reader.GetString(0)] = reader.GetInt64(1);
            }
        }

        await using var reminders = _source.CreateCommand("SELECT COALESCE((SELECT n FROM bench_reminder_writes WHERE serviceid = $1), 0)");
        reminders.Parameters.AddWithValue(serviceId);
        return new WriteCount(states, Convert.ToInt64(await reminders.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture));
    }

    public ValueTask DisposeAsync() => _source.DisposeAsync();
}
