using ClubGrains.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Configuration;
using Orleans.Storage;

namespace ClubGrains.Tests.Hosting;

/// <summary>
/// Reminder rows live in the same SQLite file as grain state: their writes wait on the same queue, so a
/// reminder upsert never competes with a state write for SQLite's lock.
/// </summary>
public sealed class SerializedReminderTableTests
{
    private static readonly GrainId Grain = GrainId.Create("probe", "1");

    [Fact]
    public async Task Reminder_writes_and_grain_state_writes_share_one_queue_and_never_overlap()
    {
        var file = new WriteProbe();
        using var writer = new SqliteWriter();
        var storage = new SerializedGrainStorage(file, writer);
        var reminders = new SerializedReminderTable(file, writer);
        var state = new GrainState<int>();

        var writes = Enumerable.Range(0, 60).Select(i => (i % 6) switch
        {
            0 => storage.WriteStateAsync("s", Grain, state),
            1 => storage.ClearStateAsync("s", Grain, state),
            2 => reminders.UpsertRow(Entry()),
            3 => reminders.UpsertRow(Entry(), CancellationToken.None),
            4 => reminders.RemoveRow(Grain, "r", "etag"),
            _ => reminders.RemoveRow(Grain, "r", "etag", CancellationToken.None),
        }).ToArray();
        await Task.WhenAll(writes).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(60, file.Writes);
        Assert.Equal(1, file.MaxConcurrentWrites);
    }

    [Fact]
    public async Task Reminder_reads_do_not_wait_for_the_queued_writes()
    {
        var file = new WriteProbe { HoldWrites = new(TaskCreationOptions.RunContinuationsAsynchronously) };
        using var writer = new SqliteWriter();
        var storage = new SerializedGrainStorage(file, writer);
        var reminders = new SerializedReminderTable(file, writer);

        var holding = reminders.UpsertRow(Entry());
        var waiting = storage.WriteStateAsync("s", Grain, new GrainState<int>());
        await TestSilo.Eventually(() => Task.FromResult(file.WritesStarted == 1), TimeSpan.FromSeconds(10), "the first write holds the file");

        await Task.WhenAll(
            reminders.ReadRows(Grain),
            reminders.ReadRows(Grain, CancellationToken.None),
            reminders.ReadRows(0, uint.MaxValue),
            reminders.ReadRows(0, uint.MaxValue, CancellationToken.None),
            reminders.ReadRow(Grain, "r"),
            reminders.ReadRow(Grain, "r", CancellationToken.None)).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(6, file.Reads);
        Assert.True(file.MaxConcurrentReads > 1, "reads are not queued behind each other");
        Assert.Equal(1, file.WritesStarted);
        Assert.False(waiting.IsCompleted, "the state write waits behind the reminder write");

        file.HoldWrites.SetResult();
        await Task.WhenAll(holding, waiting).WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(2, file.Writes);
    }

    [Fact]
    public async Task A_reminder_write_given_up_while_queued_is_never_made()
    {
        var file = new WriteProbe { HoldWrites = new(TaskCreationOptions.RunContinuationsAsynchronously) };
        using var writer = new SqliteWriter();
        var storage = new SerializedGrainStorage(file, writer);
        var reminders = new SerializedReminderTable(file, writer);
        var holding = storage.WriteStateAsync("s", Grain, new GrainState<int>());

        using var giveUp = new CancellationTokenSource();
        var upsert = reminders.UpsertRow(Entry(), giveUp.Token);
        var remove = reminders.RemoveRow(Grain, "r", "etag", giveUp.Token);
        await giveUp.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => upsert.WaitAsync(TimeSpan.FromSeconds(10)));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => remove.WaitAsync(TimeSpan.FromSeconds(10)));

        file.HoldWrites.SetResult();
        await holding.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(1, file.WritesStarted);
    }

    [Fact]
    public void Decorating_fails_when_the_ado_net_reminder_table_is_not_the_registered_one()
    {
        var none = new ServiceCollection();
        Assert.Throws<InvalidOperationException>(() => SerializedReminderTable.Decorate(none));

        var other = new ServiceCollection();
        other.AddSingleton<IReminderTable, WriteProbe>();
        Assert.Throws<InvalidOperationException>(() => SerializedReminderTable.Decorate(other));
    }

    [Fact]
    public async Task The_embedded_silo_queues_its_reminder_writes_with_its_state_writes()
    {
        using var folder = new TempFolder();
        var host = await TestSilo.Start(TestSilo.SqliteSettings(folder.File("club.db")));
        try
        {
            var reminders = Assert.IsType<SerializedReminderTable>(host.Services.GetRequiredService<IReminderTable>());
            Assert.Equal("AdoNetReminderTable", reminders.Inner.GetType().Name);
            Assert.Same(typeof(AdoNetReminderTableOptions).Assembly, reminders.Inner.GetType().Assembly);

            var storage = Assert.IsType<SerializedGrainStorage>(host.Services.GetRequiredKeyedService<IGrainStorage>(StorageNames.Club));
            Assert.Same(storage.Writer, reminders.Writer);
            Assert.Same(host.Services.GetRequiredService<SqliteWriter>(), reminders.Writer);
        }
        finally
        {
            await TestSilo.Stop(host);
        }
    }

    [Fact]
    public void A_silo_on_postgresql_does_not_queue_its_reminder_writes()
    {
        // Composed but not started: no server is needed to see which reminder table it would use.
        using var host = TestSilo.Build(TestSilo.PostgreSqlSettings("Host=127.0.0.1;Port=1;Username=none;Password=none;Database=none"));

        var reminders = host.Services.GetRequiredService<IReminderTable>();
        Assert.Equal("AdoNetReminderTable", reminders.GetType().Name);
        Assert.Null(host.Services.GetService<SqliteWriter>());
    }

    private static ReminderEntry Entry() => new()
    {
        GrainId = Grain,
        ReminderName = "r",
        StartAt = DateTime.UtcNow,
        Period = TimeSpan.FromMinutes(1),
    };
}
