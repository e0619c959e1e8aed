using Microsoft.Extensions.Time.Testing;

namespace ClubGrains.Tests.Deadlines;

/// <summary>
/// A deadline registered by a grain takes effect after the silo is gone: a new silo on the same SQLite
/// file fires it from the durable reminder alone, with no request to the grain.
/// </summary>
public sealed class DurableDeadlineTests
{
    private static readonly TimeSpan ReminderPeriod = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task Deadline_passed_while_the_silo_was_down_fires_after_restart_without_any_request()
    {
        using var folder = new TempFolder();
        var settings = TestSilo.SqliteSettings(folder.File("club.db"));
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 27, 12, 40, 0, TimeSpan.Zero));
        var probe = "restart-" + Guid.NewGuid().ToString("N");
        var due = clock.GetUtcNow().AddMinutes(10);

        var first = await TestSilo.Start(settings, clock, ReminderPeriod);
        await first.Grains().GetGrain<IDeadlineProbeGrain>(probe).Schedule("hold", due);
        await TestSilo.Stop(first);

        clock.Advance(TimeSpan.FromMinutes(15));
        var second = await TestSilo.Start(settings, clock, ReminderPeriod);
        try
        {
            // Only the clock moves; nothing calls the grain.
            await TestSilo.Eventually(
                () => Task.FromResult(DeadlineProbeGrain.Applied.Any(f => f.Grain == probe)),
                TimeSpan.FromSeconds(60),
                "the reminder wakes the grain and it applies the overdue deadline",
                step: () =>
                {
                    clock.Advance(TimeSpan.FromSeconds(1));
                    return Task.CompletedTask;
                });

            var fired = Assert.Single(DeadlineProbeGrain.Applied, f => f.Grain == probe);
            Assert.Equal(due, fired.Due);
            Assert.True(fired.AppliedAt >= due.AddMinutes(5), "applied after the outage, stamped with its own due time");
        }
        finally
        {
            await TestSilo.Stop(second);
        }
    }

    [Fact]
    public async Task Deadline_passed_while_the_silo_was_down_is_applied_as_the_silo_starts_not_at_the_reminder_s_next_tick()
    {
        using var folder = new TempFolder();
        await OverdueDeadlineIsAppliedAtStartUp(() => TestSilo.SqliteSettings(folder.File("club.db")));
    }

    /// <summary>
    /// Issue 20: with the default one-minute reminder period and the clock standing still after the
    /// restart, the reminder's next tick never comes: only the silo's start-up wake applies the deadline.
    /// </summary>
    internal static async Task OverdueDeadlineIsAppliedAtStartUp(Func<IDictionary<string, string?>> settings)
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 27, 12, 40, 0, TimeSpan.Zero));
        var probe = "overdue-" + Guid.NewGuid().ToString("N");
        var due = clock.GetUtcNow().AddMinutes(10);
        var stored = settings();

        var first = await TestSilo.Start(stored, clock);
        await first.Grains().GetGrain<IDeadlineProbeGrain>(probe).Schedule("hold", due);
        await TestSilo.Stop(first);

        clock.Advance(TimeSpan.FromMinutes(15));
        var second = await TestSilo.Start(stored, clock);
        try
        {
            await TestSilo.Eventually(
                () => Task.FromResult(DeadlineProbeGrain.Applied.Any(f => f.Grain == probe)),
                TimeSpan.FromSeconds(20),
                "the restarted silo wakes the grain whose deadline passed while it was down, with the clock still");

            var fired = Assert.Single(DeadlineProbeGrain.Applied, f => f.Grain == probe);
            Assert.Equal(due, fired.Due);
            Assert.Equal(due.AddMinutes(5), fired.AppliedAt);
        }
        finally
        {
            await TestSilo.Stop(second);
        }
    }

    [Fact]
    public async Task A_next_deadline_within_a_reminder_period_is_armed_without_rewriting_the_reminder_and_still_fires_on_time()
    {
        using var folder = new TempFolder();
        var database = folder.File("club.db");
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 27, 12, 40, 0, TimeSpan.Zero));
        var host = await TestSilo.Start(TestSilo.SqliteSettings(database), clock, remindersOnFakeClock: false);
        try
        {
            var key = "close-" + Guid.NewGuid().ToString("N");
            var probe = host.Grains().GetGrain<IDeadlineProbeGrain>(key);
            var first = clock.GetUtcNow().AddMinutes(10);
            var second = first.AddSeconds(30);
            await probe.Schedule("first", first);
            await probe.Schedule("second", second);
            Assert.Equal(0, ReminderVersion(database, key));

            // The reminder at the first deadline is behind us once it passes; the second is 29 s away.
            clock.SetUtcNow(first.AddSeconds(1));
            await TestSilo.Eventually(async () => (await probe.Fired()).Count == 1, TimeSpan.FromSeconds(10), "the first deadline fires");
            Assert.Equal(0, ReminderVersion(database, key));

            clock.SetUtcNow(second);
            await TestSilo.Eventually(async () => (await probe.Fired()).Count == 2, TimeSpan.FromSeconds(10), "the second deadline fires from the timer");
            Assert.Equal(second, (await probe.Fired())[1].Due);
            Assert.Equal(second, (await probe.Fired())[1].AppliedAt);
        }
        finally
        {
            await TestSilo.Stop(host);
        }
    }

    /// <summary>How often the grain's reminder row was rewritten (0: written once), or -1 when it has none.</summary>
    private static long ReminderVersion(string databasePath, string grainKey)
    {
        using var db = new Microsoft.Data.Sqlite.SqliteConnection(new ClubGrains.Hosting.SqliteSettings { Path = databasePath }.ConnectionString);
        db.Open();
        using var read = db.CreateCommand();
        read.CommandText = "SELECT COALESCE(MAX(Version), -1) FROM OrleansRemindersTable WHERE GrainId LIKE $key";
        read.Parameters.AddWithValue("$key", "%" + grainKey + "%");
        return (long)read.ExecuteScalar()!;
    }

    [Fact]
    public async Task Deadline_fires_on_time_from_the_grain_timer_while_the_grain_is_active()
    {
        using var folder = new TempFolder();
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 27, 12, 40, 0, TimeSpan.Zero));
        var host = await TestSilo.Start(TestSilo.SqliteSettings(folder.File("club.db")), clock, ReminderPeriod);
        try
        {
            var probe = host.Grains().GetGrain<IDeadlineProbeGrain>("timer-" + Guid.NewGuid().ToString("N"));
            var due = clock.GetUtcNow().AddMinutes(20);
            await probe.Schedule("hold", due);

            clock.Advance(TimeSpan.FromMinutes(20) - TimeSpan.FromSeconds(1));
            await Task.Delay(200);
            Assert.Empty(await probe.Fired());

            clock.Advance(TimeSpan.FromSeconds(1));
            await TestSilo.Eventually(async () => (await probe.Fired()).Count == 1, TimeSpan.FromSeconds(10), "the timer fires at the deadline");
            var fired = Assert.Single(await probe.Fired());
            Assert.Equal(due, fired.Due);
            Assert.Equal(due, fired.AppliedAt);
        }
        finally
        {
            await TestSilo.Stop(host);
        }
    }

    [Fact]
    public async Task Deadline_further_ahead_than_a_grain_timer_reaches_is_armed_and_fires_at_its_time()
    {
        using var folder = new TempFolder();
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 27, 12, 40, 0, TimeSpan.Zero));
        var host = await TestSilo.Start(TestSilo.SqliteSettings(folder.File("club.db")), clock, ReminderPeriod);
        try
        {
            // Orleans refuses a grain timer due beyond ~49.7 days; month ends and the like lie that far.
            var probe = host.Grains().GetGrain<IDeadlineProbeGrain>("far-" + Guid.NewGuid().ToString("N"));
            var due = clock.GetUtcNow().AddDays(60);
            await probe.Schedule("month end", due);
            await probe.Schedule("never", DateTimeOffset.MaxValue);

            clock.Advance(TimeSpan.FromDays(60));
            await TestSilo.Eventually(async () => (await probe.Fired()).Count == 1, TimeSpan.FromSeconds(10), "the far deadline fires once its day comes");
            var fired = Assert.Single(await probe.Fired());
            Assert.Equal("month end", fired.Name);
            Assert.Equal(due, fired.Due);
        }
        finally
        {
            await TestSilo.Stop(host);
        }
    }
}
