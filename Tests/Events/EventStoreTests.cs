using ClubGrains.Events;
using ClubGrains.Hosting;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace ClubGrains.Tests.Events;

/// <summary>
/// The venue event store on each database, as the feed grain uses it: events come back exactly as
/// written, in order and paged; an append that meets a stored number or source change writes nothing;
/// two deployments on one database never see each other's events.
/// </summary>
public abstract class EventStoreTests
{
    private static readonly TimeSpan China = TimeSpan.FromHours(8);

    /// <summary>A store on a freshly migrated database, for the service id.</summary>
    protected abstract Task<IVenueEventStore> Store(string serviceId = "clubgrains-test");

    protected static async Task<ClubGrainsOptions> Migrated(Dictionary<string, string?> settings)
    {
        var options = ClubGrainsOptions.From(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        await SchemaMigrator.Migrate(options, NullLogger.Instance, CancellationToken.None);
        return options;
    }

    private static VenueEvent Event(long seq, string source = "booking/b-1", int index = 1, DateTimeOffset? at = null) =>
        new(seq, "booking.seated", at ?? new DateTimeOffset(2026, 11, 27, 21, 0, 0, China), new Actor("desk-1", Roles.Reception, "前台小王", "R01"), "BK-7",
            "b-1", "brought the guest to k01 (带房)", "guest arrived", "K007", "partner-1", source, index, new DateTimeOffset(2026, 11, 27, 13, 0, 1, TimeSpan.Zero),
            """{"status":"seated","roomId":"k01"}""");

    [SkippableFact]
    public async Task An_event_reads_back_with_every_field_as_written()
    {
        var store = await Store();
        var written = Event(1) with { At = new DateTimeOffset(2026, 11, 27, 21, 0, 0, China).AddTicks(1234567) };

        await store.Append("v-1", [written]);

        var read = Assert.Single(await store.Read("v-1", 0, 10));
        Assert.Equal(written, read);
        Assert.Equal(China, read.At.Offset);
        Assert.Equal(written.At.Ticks, read.At.Ticks);
    }

    [SkippableFact]
    public async Task Events_are_read_in_order_after_a_number_a_page_at_a_time()
    {
        var store = await Store();
        await store.Append("v-1", [.. Enumerable.Range(1, 7).Select(i => Event(i, $"booking/b-{i}", 1))]);
        await store.Append("v-1", [Event(8, "booking/b-1", 2)]);

        Assert.Equal([1L, 2, 3], (await store.Read("v-1", 0, 3)).Select(e => e.Seq));
        Assert.Equal([4L, 5, 6], (await store.Read("v-1", 3, 3)).Select(e => e.Seq));
        Assert.Equal([7L, 8], (await store.Read("v-1", 6, 3)).Select(e => e.Seq));
        Assert.Empty(await store.Read("v-1", 8, 3));
        Assert.Equal(8, await store.Head("v-1"));
        Assert.Equal(2, await store.SourceIndex("v-1", "booking/b-1"));
        Assert.Equal(1, await store.SourceIndex("v-1", "booking/b-7"));
        Assert.Equal(0, await store.SourceIndex("v-1", "booking/b-9"));
        Assert.Equal(0, await store.Head("v-2"));
    }

    [SkippableFact]
    public async Task An_append_meeting_a_stored_number_or_source_change_writes_none_of_its_events()
    {
        var store = await Store();
        await store.Append("v-1", [Event(1, "booking/b-1", 1), Event(2, "booking/b-2", 1)]);

        await Assert.ThrowsAsync<EventConflictException>(() => store.Append("v-1", [Event(3, "booking/b-3", 1), Event(2, "booking/b-4", 1)]));
        await Assert.ThrowsAsync<EventConflictException>(() => store.Append("v-1", [Event(3, "booking/b-3", 1), Event(4, "booking/b-1", 1)]));

        Assert.Equal([1L, 2], (await store.Read("v-1", 0, 10)).Select(e => e.Seq));
        Assert.Equal(0, await store.SourceIndex("v-1", "booking/b-3"));
    }

    [SkippableFact]
    public async Task Venues_and_deployments_on_one_database_keep_their_own_feeds()
    {
        var store = await Store();
        await store.Append("v-1", [Event(1)]);
        await store.Append("v-2", [Event(1)]);

        Assert.Single(await store.Read("v-1", 0, 10));
        Assert.Single(await store.Read("v-2", 0, 10));
        var other = await OtherDeployment(store);
        Assert.Equal(0, await other.Head("v-1"));
        await other.Append("v-1", [Event(1)]);
        Assert.Equal(1, await store.Head("v-1"));
    }

    /// <summary>A store of another service id on the same database as <paramref name="store"/>.</summary>
    protected abstract Task<IVenueEventStore> OtherDeployment(IVenueEventStore store);
}

public sealed class SqliteEventStoreTests : EventStoreTests, IDisposable
{
    private readonly TempFolder _folder = new();
    private readonly SqliteWriter _writer = new();
    private string? _connectionString;

    protected override async Task<IVenueEventStore> Store(string serviceId = "clubgrains-test")
    {
        var options = await Migrated(TestSilo.SqliteSettings(_folder.File("club.db"), serviceId));
        _connectionString = options.Sqlite.ConnectionString;
        return VenueEventStore.Sqlite(serviceId, _connectionString, _writer);
    }

    protected override Task<IVenueEventStore> OtherDeployment(IVenueEventStore store) =>
        Task.FromResult<IVenueEventStore>(VenueEventStore.Sqlite("another-deployment", _connectionString!, _writer));

    [Fact]
    public async Task A_database_of_the_first_schema_gets_the_event_table_at_the_next_start()
    {
        var path = _folder.File("old.db");
        var settings = TestSilo.SqliteSettings(path);
        var options = ClubGrainsOptions.From(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        await Migrated(settings);
        await using (var connection = new SqliteConnection(options.Sqlite.ConnectionString))
        {
            // As a database of the first schema was: no event table, and its journal without script 0002.
            await connection.OpenAsync();
            await using var downgrade = connection.CreateCommand();
            downgrade.CommandText = "DROP TABLE clubgrains_venue_events; DELETE FROM schemaversions WHERE scriptname LIKE '%0002_venue_events.sql';";
            await downgrade.ExecuteNonQueryAsync();
        }

        await Migrated(settings);

        var store = VenueEventStore.Sqlite("clubgrains-test", options.Sqlite.ConnectionString, _writer);
        await store.Append("v-1", [new VenueEvent(1, "booking.requested", DateTimeOffset.UtcNow, Actor.System, null, "b-1", "placed", null, null, null, "booking/b-1", 1, DateTimeOffset.UtcNow)]);
        Assert.Equal(1, await store.Head("v-1"));
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _writer.Dispose();
        _folder.Dispose();
    }
}

public sealed class PostgreSqlEventStoreTests : EventStoreTests, IAsyncDisposable
{
    private readonly List<NpgsqlDataSource> _sources = [];
    private string? _connectionString;

    protected override async Task<IVenueEventStore> Store(string serviceId = "clubgrains-test")
    {
        _connectionString = await PostgreSqlServer.CreateDatabase();
        await Migrated(TestSilo.PostgreSqlSettings(_connectionString, serviceId));
        return VenueEventStore.PostgreSql(serviceId, Source());
    }

    protected override Task<IVenueEventStore> OtherDeployment(IVenueEventStore store) =>
        Task.FromResult<IVenueEventStore>(VenueEventStore.PostgreSql("another-deployment", Source()));

    private NpgsqlDataSource Source()
    {
        var source = NpgsqlDataSource.Create(_connectionString!);
        _sources.Add(source);
        return source;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var source in _sources)
        {
            await source.DisposeAsync();
        }
    }
}
