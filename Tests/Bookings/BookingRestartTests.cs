using ClubGrains.Staff;
using Microsoft.Extensions.Time.Testing;
using static ClubGrains.Tests.Rooms.EveningFixture;

namespace ClubGrains.Tests.Bookings;

/// <summary>A hold whose deadline passes while the silo is down is released after the restart, without any request.</summary>
public sealed class BookingRestartTests
{
    [Fact]
    public async Task BK2_a_hold_expiring_while_the_silo_is_down_is_released_after_restart_stamped_with_its_deadline_and_an_arrival_during_the_outage_undoes_it()
    {
        using var folder = new TempFolder();
        var settings = TestSilo.SqliteSettings(folder.File("club.db"));
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 27, 20, 0, 0, China));
        var op = new Actor("op-1", Roles.Operator, Venues: [Actor.AllVenues]);
        var desk = new Actor("desk-1", Roles.Reception, Venues: ["night"]);
        var deadline = new DateTimeOffset(2026, 11, 27, 21, 0, 0, China);

        var first = await TestSilo.Start(settings, clock, TimeSpan.FromSeconds(5));
        Booking booking;
        try
        {
            var venue = first.Grains().GetGrain<IVenueGrain>("night");
            await venue.Create(op, new VenueDraft("Night", "Asia/Shanghai", null, [VenueKind.Ktv]));
            await venue.PutRoom(op, "k01", new RoomDraft("K01", VenueKind.Ktv, "small", 6));
            await first.Grains().GetGrain<IManagerGrain>(GrainKeys.Manager("night", "K007"))
                .Register(new Actor("dm-1", Roles.DepartmentManager, Venues: ["night"]), new ManagerDraft("李娜", VenueKind.Ktv));
            booking = (await first.Grains().GetGrain<IBookingGrain>(GrainKeys.Booking("night", "b1")).Place(desk, new BookingRequest("王小明", "13800138000", VenueKind.Ktv, "李娜", "K007", "k01"))).Value!;
            Assert.Equal(deadline, booking.HoldUntil);
        }
        finally
        {
            await TestSilo.Stop(first);
        }

        // Down from 20:00 to 21:10: the deadline passes with no silo.
        clock.SetUtcNow(new DateTimeOffset(2026, 11, 27, 21, 10, 0, China));
        var second = await TestSilo.Start(settings, clock, TimeSpan.FromSeconds(5));
        try
        {
            // Only the clock moves, and the stored booking row is watched: no grain is called until the release is stored.
            await TestSilo.Eventually(
                () => Task.FromResult(TestSilo.StoredVersion(folder.File("club.db"), "night/b1") >= 2),
                TimeSpan.FromSeconds(60),
                "the reminder wakes the day, the day wakes the booking, and the booking stores its release",
                step: () =>
                {
                    clock.Advance(TimeSpan.FromSeconds(1));
                    return Task.CompletedTask;
                });

            var grain = second.Grains().GetGrain<IBookingGrain>(GrainKeys.Booking("night", "b1"));
            var released = (await grain.GetBooking(TestActors.Auditor)).Value!;
            Assert.Equal((BookingStatus.Released, deadline, true), (released.Status, released.ReleasedAt!.Value, released.ReleasedAfterOutage));
            Assert.Equal((Actor.System, deadline, "BK-2"), (released.History[^1].Actor, released.History[^1].At, released.History[^1].Rule));
            Assert.Contains("after an outage", released.History[^1].What);
            Assert.Single(released.History, h => h.Rule == "BK-2" && h.Actor == Actor.System);

            var arrivedAt = new DateTimeOffset(2026, 11, 27, 20, 55, 0, China);
            var undone = (await grain.RecordOutageArrival(desk, arrivedAt, "guest signed the paper log at 20:55 while the system was down")).Value!;
            Assert.Equal((BookingStatus.Seated, arrivedAt), (undone.Status, undone.SeatedAt!.Value));
            Assert.Equal("BK-2", undone.History[^1].Rule);
        }
        finally
        {
            await TestSilo.Stop(second);
        }
    }
}
