using ClubGrains.Tests.Infrastructure;
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
