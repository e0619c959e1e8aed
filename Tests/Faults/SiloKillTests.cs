using System.Globalization;
using Microsoft.Extensions.Hosting;
using Xunit.Abstractions;

namespace ClubGrains.Tests.Faults;

/// <summary>Scenario 1: kill -9 of one silo of three, under booking load.</summary>
[Collection(FaultScenarios.Name)]
public sealed class SiloKillTests(ITestOutputHelper output)
{
    /// <summary>Bounds asserted on the figures; the measured values are printed and kept in docs/reliability.md.</summary>
    private static readonly TimeSpan RecoveryBound = TimeSpan.FromSeconds(45);
    private static readonly TimeSpan LatencyBound = TimeSpan.FromSeconds(25);

    [SkippableFact]
    public async Task Killing_a_silo_under_load_loses_no_acknowledged_booking_and_its_holds_are_released_by_a_survivor()
    {
        var report = new Report(output, "silo kill");
        await using var cluster = await FaultCluster.Start(await PostgreSqlServer.CreateDatabase(), silos: 3);
        var venue = await FaultVenue.Create(cluster.Http, rooms: 30);
        var load = new BookingLoad(cluster.Http, venue);
        using var stop = new CancellationTokenSource();
        var running = load.Run(partners: 4, receptionists: 2, stop.Token);
        try
        {
            // Under load with no fault, no healthy silo may be voted out.
            await Task.Delay(TimeSpan.FromSeconds(12));
            Assert.Empty(await cluster.WronglyDeclaredDead());

            var firstHold = load.Acknowledged.Values.Where(b => b.Status == BookingStatus.Held).Min(b => b.AssignedAt)
                ?? throw new InvalidOperationException("No hold was acknowledged before the kill.");
            var victim = await SiloHostingTheDay(cluster, venue, load);
            report.Line($"killing silo {victim.Number} (pid {victim.Process.Pid}), host of the venue's day grain and its hold wake-up");
            var killedAt = DateTimeOffset.UtcNow;
            victim.Kill();
            var detected = await DeclaredDead(cluster, victim, killedAt);
            report.Line($"silo {victim.Number} declared dead {detected.TotalSeconds:0.0} s after kill -9");

            // Load goes on after the kill, but stops before the first hold runs out: only the durable wake-up may release holds.
            var loadEnd = Min(killedAt + TimeSpan.FromSeconds(25), firstHold + TimeSpan.FromSeconds(50));
            await Task.Delay(Max(loadEnd - DateTimeOffset.UtcNow, TimeSpan.Zero));
            await stop.CancelAsync();
            await running;

            var figures = load.Figures(killedAt);
            report.Line(figures.ToString());
            report.Line("exceptions behind the API's 503s: " + cluster.ApiExceptions());
            AssertServed(figures, report);

            var holds = load.Acknowledged.Values.Where(b => b.Status == BookingStatus.Held).ToArray();
            var lastDeadline = holds.Max(b => b.HoldUntil!.Value);
            report.Line($"{holds.Length} holds acknowledged, deadlines from {holds.Min(b => b.HoldUntil):HH:mm:ss} to {lastDeadline:HH:mm:ss} UTC; waiting for the survivors to release them");
            var released = 0.0;
            await cluster.Until(
                async () => (released = await cluster.CounterOnRunningSilos("clubgrains_bookings_released_total", venue.Id)) >= holds.Length,
                lastDeadline - DateTimeOffset.UtcNow + TimeSpan.FromSeconds(150),
                $"the surviving silos released all {holds.Length} holds (released so far: {released})");
            var lateness = await cluster.CounterOnRunningSilos("clubgrains_hold_release_lateness_seconds_sum", venue.Id) / holds.Length;
            report.Line($"survivors released {released} holds, on average {lateness:0.0} s after their deadline");

            var (lost, now) = await load.ReadBack(cluster.Http);
            report.Line($"read back {now.Count} of {load.Acknowledged.Count} acknowledged bookings: lost or changed {lost.Count}");
            Assert.Empty(lost);
            Assert.Equal(holds.Length, (int)released);
            BookingLoad.AssertReleasedAtTheirDeadlines(holds, now, HoldRules.LaterRule);
            Assert.Empty(await cluster.WronglyDeclaredDead());
        }
        finally
        {
            await stop.CancelAsync();
            await running;
        }
    }

    /// <summary>Every failure a caller saw was a 503 problem with Retry-After, the errors stopped within the bound, nothing hung.</summary>
    internal static void AssertServed(LoadFigures figures, Report report)
    {
        if (figures.SampleErrors is { } errors)
        {
            report.Line("errors seen: " + errors);
        }

        Assert.True(figures.Unexpected.Count == 0, "Statuses other than 201, 409 and 503: " + string.Join(", ", figures.Unexpected.Select(a => $"{a.Status} {a.Error}")));
        Assert.True(figures.UnavailableWithoutRetryAfter.Count == 0, "503s without problem details and Retry-After: " + figures.UnavailableWithoutRetryAfter.Count);
        Assert.True(figures.RecoverySeconds <= RecoveryBound.TotalSeconds, $"Requests still failed {figures.RecoverySeconds:0.0} s after the fault.");
        Assert.True(figures.MaxLatencyMs <= LatencyBound.TotalMilliseconds, $"A request took {figures.MaxLatencyMs:0} ms.");
        Assert.True(figures.Created > 0, "No booking was acknowledged.");
    }

    private static async Task<SiloProcess> SiloHostingTheDay(FaultCluster cluster, FaultVenue venue, BookingLoad load)
    {
        var day = load.Acknowledged.Values.First().BusinessDay;
        using var client = await TestSilo.StartClient(cluster.ClientSettings);
        try
        {
            var grains = client.Grains();
            var address = await grains.GetGrain<IManagementGrain>(0).GetActivationAddress(grains.GetGrain<IVenueDayGrain>(GrainKeys.Day(venue.Id, day)));
            Assert.True(address is not null, "The venue's day grain is not active anywhere, though bookings were placed.");
            return cluster.Silos.Single(s => s.SiloPort == address!.Endpoint.Port);
        }
        finally
        {
            await client.StopAsync();
        }
    }

    private static async Task<TimeSpan> DeclaredDead(FaultCluster cluster, SiloProcess victim, DateTimeOffset killedAt)
    {
        await cluster.Until(
            async () => (await cluster.Membership()).Any(r => r.SiloPort == victim.SiloPort && r.Status == MembershipRow.Dead),
            TimeSpan.FromSeconds(60),
            $"silo {victim.Number} is declared dead");
        return DateTimeOffset.UtcNow - killedAt;
    }

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;
}
