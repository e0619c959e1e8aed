using System.Data;
using System.Data.Common;
using ClubGrains.Common;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace ClubGrains.Events;

/// <summary>
/// The venue feeds in the table <c>clubgrains_venue_events</c> (db/*/0002), through ADO.NET: the same
/// SQL on SQLite and PostgreSQL, rows scoped by the cluster's service id. An append is one
/// transaction; a constraint met (a number or a source's change already stored) rolls it back whole.
/// On SQLite every append waits its turn in the silo's one write queue (<see cref="Hosting.SqliteWriter"/>).
/// </summary>
public sealed class VenueEventStore : IVenueEventStore
{
    private const string Columns =
        "seq, type, at_ticks, at_offset_minutes, actor_subject, actor_role, actor_name, actor_badge, rule, subject, what, reason, badge, placed_by, source, source_index, recorded_ticks, data";

    private readonly string _serviceId;
    private readonly Func<DbConnection> _connect;
    private readonly Func<DbException, bool> _isConflict;
    private readonly Func<Func<Task>, CancellationToken, Task> _write;

    private VenueEventStore(string serviceId, Func<DbConnection> connect, Func<DbException, bool> isConflict, Func<Func<Task>, CancellationToken, Task> write)
    {
        _serviceId = serviceId;
        _connect = connect;
        _isConflict = isConflict;
        _write = write;
    }

    public static VenueEventStore Sqlite(string serviceId, string connectionString, Hosting.SqliteWriter writer) =>
        new(serviceId, () => new SqliteConnection(connectionString),
            // SQLITE_CONSTRAINT_PRIMARYKEY (1555) and SQLITE_CONSTRAINT_UNIQUE (2067).
            e => e is SqliteException { SqliteExtendedErrorCode: 1555 or 2067 },
            (write, token) => writer.Write(write, token));

    public static VenueEventStore PostgreSql(string serviceId, NpgsqlDataSource dataSource) =>
        new(serviceId, dataSource.CreateConnection,
            e => e is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation },
            (write, _) => write());

    public async Task<long> Head(string venueId, CancellationToken cancellationToken = default) =>
        await Scalar("SELECT COALESCE(MAX(seq), 0) FROM clubgrains_venue_events WHERE service_id = @service AND venue_id = @venue",
            venueId, null, cancellationToken);

    public async Task<int> SourceIndex(string venueId, string source, CancellationToken cancellationToken = default) =>
        (int)await Scalar("SELECT COALESCE(MAX(source_index), 0) FROM clubgrains_venue_events WHERE service_id = @service AND venue_id = @venue AND source = @source",
            venueId, source, cancellationToken);

    public async Task<IReadOnlyList<VenueEvent>> Read(string venueId, long after, int limit, CancellationToken cancellationToken = default)
    {
        await using var connection = _connect();
        await connection.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {Columns} FROM clubgrains_venue_events WHERE service_id = @service AND venue_id = @venue AND seq > @after ORDER BY seq LIMIT @limit";
        Add(command, "service", _serviceId);
        Add(command, "venue", venueId);
        Add(command, "after", after);
        Add(command, "limit", limit);
        var events = new List<VenueEvent>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            events.Add(ReadEvent(reader));
        }

        return events;
    }

    public Task Append(string venueId, IReadOnlyList<VenueEvent> events, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(events);
        return events.Count == 0 ? Task.CompletedTask : _write(() => Insert(venueId, events, cancellationToken), cancellationToken);
    }

    private async Task Insert(string venueId, IReadOnlyList<VenueEvent> events, CancellationToken cancellationToken)
    {
        await using var connection = _connect();
        await connection.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(IsolationLevel.ReadCommitted, cancellationToken);
        try
        {
            foreach (var e in events)
            {
                await using var command = connection.CreateCommand();
                command.Transaction = transaction;
                command.CommandText = $"INSERT INTO clubgrains_venue_events (service_id, venue_id, {Columns}) VALUES " +
                    "(@service, @venue, @seq, @type, @at, @offset, @actor_subject, @actor_role, @actor_name, @actor_badge, @rule, @subject, @what, @reason, @badge, @placed_by, @source, @source_index, @recorded, @data)";
                Add(command, "service", _serviceId);
                Add(command, "venue", venueId);
                Add(command, "seq", e.Seq);
                Add(command, "type", e.Type);
                Add(command, "at", e.At.UtcTicks);
                Add(command, "offset", (int)e.At.Offset.TotalMinutes);
                Add(command, "actor_subject", e.Actor.Subject);
                Add(command, "actor_role", e.Actor.Role);
                Add(command, "actor_name", e.Actor.DisplayName);
                Add(command, "actor_badge", e.Actor.Badge);
                Add(command, "rule", e.Rule);
                Add(command, "subject", e.Subject);
                Add(command, "what", e.What);
                Add(command, "reason", e.Reason);
                Add(command, "badge", e.Badge);
                Add(command, "placed_by", e.PlacedBy);
                Add(command, "source", e.Source);
                Add(command, "source_index", e.SourceIndex);
                Add(command, "recorded", e.RecordedAt.UtcTicks);
                Add(command, "data", e.Data);
                await command.ExecuteNonQueryAsync(cancellationToken);
            }

            await transaction.CommitAsync(cancellationToken);
        }
        catch (DbException e) when (_isConflict(e))
        {
            await transaction.RollbackAsync(CancellationToken.None);
            throw new EventConflictException(
                $"Venue '{venueId}' already holds one of the events {events[0].Seq}..{events[^1].Seq} (a sequence number, or a source's change): nothing was written.", e);
        }
    }

    private async Task<long> Scalar(string sql, string venueId, string? source, CancellationToken cancellationToken)
    {
        await using var connection = _connect();
        await connection.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        Add(command, "service", _serviceId);
        Add(command, "venue", venueId);
        if (source is not null)
        {
            Add(command, "source", source);
        }

        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static void Add(DbCommand command, string name, object? value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value ?? DBNull.Value;
        command.Parameters.Add(parameter);
    }

    private static VenueEvent ReadEvent(DbDataReader r)
    {
        string? Text(int i) => r.IsDBNull(i) ? null : r.GetString(i);
        var at = new DateTimeOffset(r.GetInt64(2), TimeSpan.Zero).ToOffset(TimeSpan.FromMinutes(r.GetInt32(3)));
        return new VenueEvent(
            Seq: r.GetInt64(0),
            Type: r.GetString(1),
            At: at,
            Actor: new Actor(r.GetString(4), r.GetString(5), Text(6), Text(7)),
            Rule: Text(8),
            Subject: r.GetString(9),
            What: r.GetString(10),
            Reason: Text(11),
            Badge: Text(12),
            PlacedBy: Text(13),
            Source: r.GetString(14),
            SourceIndex: r.GetInt32(15),
            RecordedAt: new DateTimeOffset(r.GetInt64(16), TimeSpan.Zero),
            Data: Text(17));
    }
}
