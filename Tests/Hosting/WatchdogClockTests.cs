using ClubGrains.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace ClubGrains.Tests.Hosting;

/// <summary>
/// Orleans' watchdog takes its first look before it stamps its participant check, measuring from
/// timestamp 0; the silo's membership clock counts from the silo's start, so that look is not
/// reported as a stall as long as the machine's uptime at every start.
/// </summary>
public sealed class WatchdogClockTests
{
    [Fact]
    public void Timestamp_zero_is_the_clocks_creation_not_the_machines_boot()
    {
        var machine = new FakeTimeProvider(new DateTimeOffset(2026, 12, 3, 10, 0, 0, TimeSpan.Zero));
        machine.Advance(TimeSpan.FromDays(3));
        var clock = new ProcessRelativeClock(machine);

        machine.Advance(TimeSpan.FromSeconds(4));

        Assert.True(machine.GetElapsedTime(0) > TimeSpan.FromDays(3), "the machine's clock counts from its own origin");
        Assert.Equal(TimeSpan.FromSeconds(4), clock.GetElapsedTime(0));
        Assert.Equal(machine.GetUtcNow(), clock.GetUtcNow());
    }

    [Fact]
    public async Task The_silos_membership_and_watchdog_clock_counts_from_the_start()
    {
        using var folder = new TempFolder();
        var silo = await TestSilo.Start(TestSilo.SqliteSettings(folder.File("club.db")));
        try
        {
            var membership = silo.Services.GetRequiredKeyedService<TimeProvider>(Orleans.Runtime.TimeProviderNames.Membership);

            Assert.IsType<ProcessRelativeClock>(membership);
            Assert.True(membership.GetElapsedTime(0) < TimeSpan.FromMinutes(5), $"timestamp 0 is {membership.GetElapsedTime(0)} ago");
        }
        finally
        {
            await TestSilo.Stop(silo);
        }
    }
}
