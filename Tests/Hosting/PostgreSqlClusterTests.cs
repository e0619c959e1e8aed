using ClubGrains.Hosting;
using ClubGrains.Staff;
using ClubGrains.Tests.Deadlines;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;

namespace ClubGrains.Tests.Hosting;

/// <summary>Cluster mode: silos and a client sharing one PostgreSQL database.</summary>
public sealed class PostgreSqlClusterTests
{
    private static readonly Actor Operator = new("op-1", Roles.Operator, "Operator", Venues: [Actor.AllVenues]);

    [SkippableFact]
    public async Task Two_silos_starting_at_once_on_a_fresh_database_form_one_cluster_with_storage_and_reminders()
    {
        var database = await PostgreSqlServer.CreateDatabase();
        var serviceId = "pg-" + Guid.NewGuid().ToString("N")[..8];
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 27, 12, 0, 0, TimeSpan.Zero));
        var period = TimeSpan.FromSeconds(5);

        // Both migrate the empty database at the same moment: the advisory lock lets one do it.
        var silos = await Task.WhenAll(
            TestSilo.Start(TestSilo.PostgreSqlSettings(database, serviceId), clock, period),
            TestSilo.Start(TestSilo.PostgreSqlSettings(database, serviceId), clock, period));
        IHost? client = null;
        IHost? restarted = null;
        try
        {
            client = await TestSilo.StartClient(TestSilo.PostgreSqlSettings(database, serviceId));
            var grains = client.Grains();

            var hosts = await grains.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true);
            Assert.Equal(2, hosts.Count);

            var created = await grains.GetGrain<IVenueGrain>("pg-venue").Create(Operator, new VenueDraft("Cluster Club", "Asia/Shanghai", null, [VenueKind.Ktv]));
            Assert.True(created.Succeeded);
            var probe = "pg-" + Guid.NewGuid().ToString("N");
            var due = clock.GetUtcNow().AddMinutes(10);
            await grains.GetGrain<IDeadlineProbeGrain>(probe).Schedule("hold", due);

            await TestSilo.Stop(client);
            client = null;
            foreach (var silo in silos)
            {
                await TestSilo.Stop(silo);
            }

            silos = [];
            clock.Advance(TimeSpan.FromMinutes(15));

            restarted = await TestSilo.Start(TestSilo.PostgreSqlSettings(database, serviceId), clock, period);
            await TestSilo.Eventually(
                () => Task.FromResult(DeadlineProbeGrain.Applied.Any(f => f.Grain == probe)),
                TimeSpan.FromSeconds(90),
                "the PostgreSQL reminder wakes the grain on the new silo",
                step: () =>
                {
                    clock.Advance(TimeSpan.FromSeconds(1));
                    return Task.CompletedTask;
                });
            Assert.Equal(due, Assert.Single(DeadlineProbeGrain.Applied, f => f.Grain == probe).Due);

            var venue = await restarted.Grains().GetGrain<IVenueGrain>("pg-venue").GetVenue();
            Assert.Equal("Cluster Club", venue.Value!.Name);
        }
        finally
        {
            if (client is not null)
            {
                await TestSilo.Stop(client);
            }

            foreach (var silo in silos)
            {
                await TestSilo.Stop(silo);
            }

            if (restarted is not null)
            {
                await TestSilo.Stop(restarted);
            }
        }
    }

    [SkippableFact]
    public async Task BK2_on_two_silos_holds_falling_due_together_under_early_timers_are_all_released_at_their_deadline_without_the_clock_moving_on()
    {
        var database = await PostgreSqlServer.CreateDatabase();
        var serviceId = "pg-" + Guid.NewGuid().ToString("N")[..8];
        var china = TimeSpan.FromHours(8);
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 27, 20, 0, 0, china));
        var deadline = new DateTimeOffset(2026, 11, 27, 21, 0, 0, china);

        // Both silos' grain timers fire 2 ms early, as real ones often do.
        var timers = new SkewedTimerClock(clock) { Skew = TimeSpan.FromMilliseconds(-2) };
        void EarlyTimers(Orleans.Hosting.ISiloBuilder silo) => silo.Services.AddSingleton<TimeProvider>(timers);
        var silos = await Task.WhenAll(
            TestSilo.Start(TestSilo.PostgreSqlSettings(database, serviceId), clock, remindersOnFakeClock: false, configure: EarlyTimers),
            TestSilo.Start(TestSilo.PostgreSqlSettings(database, serviceId), clock, remindersOnFakeClock: false, configure: EarlyTimers));
        IHost? client = null;
        try
        {
            client = await TestSilo.StartClient(TestSilo.PostgreSqlSettings(database, serviceId));
            var grains = client.Grains();
            Assert.Equal(2, (await grains.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true)).Count);

            // Two venues of eight rooms: sixteen holds until 21:00, placed alternately, more per day than are told at once.
            var venues = new[] { "pg-a-" + serviceId, "pg-b-" + serviceId };
            foreach (var venueId in venues)
            {
                var venue = grains.GetGrain<IVenueGrain>(venueId);
                Assert.True((await venue.Create(Operator, new VenueDraft("Cluster Club", "Asia/Shanghai", null, [VenueKind.Ktv]))).Succeeded);
                for (var r = 1; r <= 8; r++)
                {
                    Assert.True((await venue.PutRoom(Operator, $"k{r:00}", new RoomDraft($"K{r:00}", VenueKind.Ktv, "small", 6))).Succeeded);
                }

                var departmentManager = new Actor("dm-1", Roles.DepartmentManager, "客户部经理", Venues: [venueId]);
                Assert.True((await grains.GetGrain<IManagerGrain>(GrainKeys.Manager(venueId, "K007")).Register(departmentManager, new ManagerDraft("李娜", VenueKind.Ktv))).Succeeded);
            }

            var holds = new List<(string Venue, Booking Booking)>();
            for (var r = 1; r <= 8; r++)
            {
                foreach (var venueId in venues)
                {
                    var desk = new Actor("desk-1", Roles.Reception, "前台小王", Venues: [venueId]);
                    var placed = await grains.GetGrain<IBookingGrain>(GrainKeys.Booking(venueId, Guid.NewGuid().ToString("N")))
                        .Place(desk, new BookingRequest("客人", $"1380013{holds.Count:0000}", VenueKind.Ktv, "李娜", "K007", $"k{r:00}"));
                    Assert.True(placed.Succeeded, placed.Refusal?.Message);
                    Assert.Equal(deadline, placed.Value!.HoldUntil);
                    holds.Add((venueId, placed.Value));
                }
            }

            clock.SetUtcNow(deadline.AddMilliseconds(1));
            foreach (var venueId in venues)
            {
                var day = grains.GetGrain<IVenueDayGrain>(GrainKeys.Day(venueId, holds[0].Booking.BusinessDay));
                await TestSilo.Eventually(
                    async () => (await day.List(TestActors.Auditor, null, BookingStatus.Released)).Value!.Count == 8,
                    TimeSpan.FromSeconds(30),
                    $"all eight holds of {venueId} are released with the clock still a millisecond past 21:00");
            }

            Assert.Equal(deadline.AddMilliseconds(1), clock.GetUtcNow());
            foreach (var (venueId, booking) in holds)
            {
                var stored = (await grains.GetGrain<IBookingGrain>(GrainKeys.Booking(venueId, booking.Id)).GetBooking(TestActors.Auditor)).Value!;
                Assert.Equal(BookingStatus.Released, stored.Status);
                Assert.Equal(deadline, stored.ReleasedAt);
            }
        }
        finally
        {
            if (client is not null)
            {
                await TestSilo.Stop(client);
            }

            foreach (var silo in silos)
            {
                await TestSilo.Stop(silo);
            }
        }
    }

    [SkippableFact]
    public async Task Deadline_passed_while_the_cluster_was_down_is_applied_as_a_silo_starts_on_PostgreSQL()
    {
        var database = await PostgreSqlServer.CreateDatabase();
        var serviceId = "pg-" + Guid.NewGuid().ToString("N")[..8];
        await DurableDeadlineTests.OverdueDeadlineIsAppliedAtStartUp(() => TestSilo.PostgreSqlSettings(database, serviceId));
    }

    [SkippableFact]
    public async Task A_silo_restarting_on_a_migrated_database_applies_no_script_again()
    {
        var database = await PostgreSqlServer.CreateDatabase();
        var settings = TestSilo.PostgreSqlSettings(database);

        await TestSilo.Stop(await TestSilo.Start(settings));
        await TestSilo.Stop(await TestSilo.Start(settings));

        await using var connection = new Npgsql.NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var count = new Npgsql.NpgsqlCommand("SELECT count(*) FROM schemaversions", connection);
        var journalled = (long)(await count.ExecuteScalarAsync())!;
        Assert.Equal(Directory.GetFiles(Path.Combine(RepositoryRoot(), "db", "postgresql"), "*.sql").Length, journalled);
    }

    [Fact]
    public async Task An_unreachable_database_fails_start_up_fast_with_one_clear_message()
    {
        var port = TestSilo.FreePort();
        var settings = TestSilo.PostgreSqlSettings($"Host=127.0.0.1;Port={port};Username=nobody;Password=wrong;Database=none;Timeout=5");
        var started = DateTime.UtcNow;

        var failure = await Assert.ThrowsAnyAsync<Exception>(() => TestSilo.Start(settings));

        var startup = ClubGrainsStartupException.Find(failure);
        Assert.NotNull(startup);
        Assert.Contains($"Cannot use the PostgreSQL database 'none' on 127.0.0.1:{port}", startup.Message);
        Assert.DoesNotContain("wrong", startup.Message);
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(30));
    }

    private static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "ClubGrains.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("ClubGrains.sln not found above the test output.");
    }
}
