using ClubGrains.Tests.Rooms;
using Orleans.TestingHost;

namespace ClubGrains.Tests.Faults;

/// <summary>An evening on the fake clock whose storage fails the next write of a grain on demand.</summary>
public sealed class FaultyEveningFixture : EveningFixture
{
    protected override void Configure(Orleans.Hosting.ISiloBuilder silo) => StorageFaultTests.InjectStorageFaults(silo.Services);

    /// <summary>The decorator keys its faults by the grain's state name (its [PersistentState] name).</summary>
    public Task FailNextWrite(string stateName, IAddressable grain) =>
        Grains.GetGrain<IStorageFaultGrain>(stateName).AddFaultOnWrite(grain.GetGrainId(), StorageFaultTests.DatabaseGone());
}

/// <summary>
/// A room and its booking converge after any one of their cross-grain writes fails: the step is
/// completed or undone at the next read or wake-up, by the system actor, and no room is lost.
/// </summary>
public sealed class ConvergenceTests(FaultyEveningFixture fixture) : IClassFixture<FaultyEveningFixture>
{
    [Fact]
    public async Task A_walk_in_whose_booking_write_failed_is_completed_by_the_retry_as_seated_when_the_room_took_the_party()
    {
        var evening = await fixture.NewEvening();
        var seatedAt = fixture.NextDayAt(22, 0);
        var walkIn = evening.Booking("w-" + Guid.NewGuid().ToString("N")[..8]);
        await fixture.FailNextWrite("booking", walkIn);

        await Assert.ThrowsAnyAsync<Exception>(() => walkIn.PlaceWalkIn(evening.Desk, new WalkInRequest("k01", "张三")));
        // The board shows the room taken (reading the room itself would let it tell the booking, step 4's path).
        Assert.Equal(RoomState.Seated, (await evening.Board.GetBoard(evening.Desk)).Value!.Rooms!.Single(r => r.Id == "k01").State);

        fixture.MoveTo(seatedAt.AddMinutes(2));
        var retried = (await walkIn.PlaceWalkIn(evening.Desk, new WalkInRequest("k01", "张三"))).Value!;
        Assert.Equal((BookingStatus.Seated, BookingSource.WalkIn, seatedAt, "k01"), (retried.Status, retried.Source, retried.SeatedAt, retried.RoomId));

        var checkedOut = (await walkIn.CheckOut(evening.Desk, 300m)).Value!;
        Assert.Equal(BookingStatus.CheckedOut, checkedOut.Status);
        Assert.Null((await evening.Room("k01").GetSnapshot()).Occupant);
    }

    [Fact]
    public async Task BK2_a_seat_whose_booking_write_failed_is_completed_at_the_deadline_not_released_as_a_no_show_and_keeps_the_credit()
    {
        var evening = await fixture.NewEvening();
        var start = fixture.NextDayAt(20, 0);
        var placed = await evening.Place(evening.Desk, Evening.Request("k01"));
        Assert.Equal(EveningFixture.Local(start, 21, 0), placed.HoldUntil);
        var booking = evening.Booking(placed.Id);

        fixture.MoveTo(EveningFixture.Local(start, 20, 30));
        await fixture.FailNextWrite("booking", booking);
        await Assert.ThrowsAnyAsync<Exception>(() => booking.Seat(evening.Desk));

        // Nobody retries; the hold's deadline passes.
        fixture.MoveTo(EveningFixture.Local(start, 21, 1));
        var read = (await booking.GetBooking(TestActors.Auditor)).Value!;
        Assert.Equal((BookingStatus.Seated, EveningFixture.Local(start, 20, 30), null), (read.Status, read.SeatedAt, read.ReleasedAt));
        Assert.Equal((Actor.SystemSubject, "BK-7", EveningFixture.Local(start, 20, 30)), (read.History[^1].Actor.Subject, read.History[^1].Rule, read.History[^1].At));
        Assert.Contains(ConvergenceRules.CompletedAfterFailedWrite, read.History[^1].What);
        Assert.Equal((placed.Id, BookingStatus.Seated), ((await evening.Room("k01").GetSnapshot()).Occupant?.BookingId, (await evening.Room("k01").GetSnapshot()).Occupant?.Status));
        await RoomRecords(evening, "k01", placed.Id, "BK-7", ConvergenceRules.CompletedAfterFailedWrite);

        var checkedOut = (await booking.CheckOut(evening.Desk, 800m)).Value!;
        Assert.Equal((BookingStatus.CheckedOut, CreditStatus.Credited), (checkedOut.Status, checkedOut.Credit));
        Assert.DoesNotContain(checkedOut.History, h => h.What.Contains("no-show", StringComparison.Ordinal));
    }

    [Fact]
    public async Task BK9_a_transfer_whose_release_of_the_old_room_failed_is_completed_at_the_next_read_and_checkout_frees_every_room()
    {
        var evening = await fixture.NewEvening();
        var start = fixture.NextDayAt(22, 0);
        var placed = await evening.Place(evening.Desk, Evening.Request("k01"));
        var booking = evening.Booking(placed.Id);
        Assert.True((await booking.Seat(evening.Desk)).Succeeded);

        fixture.MoveTo(EveningFixture.Local(start, 22, 10));
        await fixture.FailNextWrite("room", evening.Room("k01"));
        await Assert.ThrowsAnyAsync<Exception>(() => booking.Transfer(evening.Desk, "k02"));

        var read = (await booking.GetBooking(TestActors.Auditor)).Value!;
        Assert.Equal(("k02", (RoomMove?)null), (read.RoomId, read.PendingTransfer));
        Assert.Equal((Actor.SystemSubject, "BK-9", EveningFixture.Local(start, 22, 10)), (read.History[^1].Actor.Subject, read.History[^1].Rule, read.History[^1].At));
        Assert.Contains(ConvergenceRules.CompletedAfterFailedWrite, read.History[^1].What);
        Assert.Null((await evening.Room("k01").GetSnapshot()).Occupant);
        Assert.Equal(placed.Id, (await evening.Room("k02").GetSnapshot()).Occupant?.BookingId);
        await RoomRecords(evening, "k01", placed.Id, "BK-9", ConvergenceRules.CompletedAfterFailedWrite);
        await RoomRecords(evening, "k02", placed.Id, "BK-9", ConvergenceRules.CompletedAfterFailedWrite);

        // The desk's retry of the same move answers the booking as it is.
        Assert.Equal(read.Version, (await booking.Transfer(evening.Desk, "k02")).Value!.Version);
        Assert.Equal(CreditStatus.Credited, (await booking.CheckOut(evening.Desk, 1200m)).Value!.Credit);
        Assert.Null((await evening.Room("k01").GetSnapshot()).Occupant);
        Assert.Null((await evening.Room("k02").GetSnapshot()).Occupant);
    }

    [Fact]
    public async Task BK9_a_transfer_whose_target_room_write_failed_is_undone_the_party_stays_and_a_retry_moves_it()
    {
        var evening = await fixture.NewEvening();
        fixture.NextDayAt(22, 0);
        var placed = await evening.Place(evening.Desk, Evening.Request("k01"));
        var booking = evening.Booking(placed.Id);
        Assert.True((await booking.Seat(evening.Desk)).Succeeded);

        await fixture.FailNextWrite("room", evening.Room("k02"));
        await Assert.ThrowsAnyAsync<Exception>(() => booking.Transfer(evening.Desk, "k02"));

        var read = (await booking.GetBooking(TestActors.Auditor)).Value!;
        Assert.Equal(("k01", (RoomMove?)null, BookingStatus.Seated), (read.RoomId, read.PendingTransfer, read.Status));
        Assert.Equal((Actor.SystemSubject, "BK-9"), (read.History[^1].Actor.Subject, read.History[^1].Rule));
        Assert.Contains("did not happen", read.History[^1].What);
        Assert.Null((await evening.Room("k02").GetSnapshot()).Occupant);
        await RoomRecords(evening, "k02", placed.Id, "BK-9", "did not happen");

        Assert.Equal("k02", (await booking.Transfer(evening.Desk, "k02")).Value!.RoomId);
        Assert.Null((await evening.Room("k01").GetSnapshot()).Occupant);
        Assert.Equal(placed.Id, (await evening.Room("k02").GetSnapshot()).Occupant?.BookingId);
    }

    [Fact]
    public async Task A_walk_in_whose_booking_was_never_written_is_recorded_by_the_system_when_the_room_is_asked_for_and_checks_out()
    {
        var evening = await fixture.NewEvening();
        var seatedAt = fixture.NextDayAt(22, 30);
        var walkIn = evening.Booking("w-" + Guid.NewGuid().ToString("N")[..8]);
        await fixture.FailNextWrite("booking", walkIn);
        await Assert.ThrowsAnyAsync<Exception>(() => walkIn.PlaceWalkIn(evening.Desk, new WalkInRequest("k03", "赵六")));
        Assert.Equal(RefusalKind.NotFound, (await walkIn.GetBooking(TestActors.Auditor)).Refusal?.Kind);

        // Nobody retries; the desk tries to give the room to another party and is refused, and the room tells the booking.
        fixture.MoveTo(seatedAt.AddMinutes(30));
        var refused = await evening.Booking(Guid.NewGuid().ToString("N")).PlaceWalkIn(evening.Desk, new WalkInRequest("k03"));
        Assert.Equal((RefusalKind.Conflict, "BK-7"), (refused.Refusal?.Kind, refused.Refusal?.Rule));
        await TestSilo.Eventually(async () => (await walkIn.GetBooking(TestActors.Auditor)).Succeeded, TimeSpan.FromSeconds(20), "the walk-in is recorded");

        var recorded = (await walkIn.GetBooking(TestActors.Auditor)).Value!;
        Assert.Equal((BookingStatus.Seated, BookingSource.WalkIn, seatedAt, "赵六", CreditStatus.None), (recorded.Status, recorded.Source, recorded.SeatedAt, recorded.GuestName, recorded.Credit));
        Assert.Equal((Actor.SystemSubject, seatedAt), (recorded.History.Single().Actor.Subject, recorded.History.Single().At));
        Assert.Contains("after a failed write", recorded.History.Single().What);
        await RoomRecords(evening, "k03", recorded.Id, "BK-6", "after a failed write");
        Assert.Contains((await evening.Day(recorded.BusinessDay).List(TestActors.Auditor, null, null)).Value!, b => b.Id == recorded.Id);

        Assert.Equal(BookingStatus.CheckedOut, (await walkIn.CheckOut(evening.Desk, 150m)).Value!.Status);
        Assert.Null((await evening.Room("k03").GetSnapshot()).Occupant);
    }

    [Fact]
    public async Task BK8_repair_room_frees_a_room_held_for_a_booking_never_written_only_by_the_gm_or_an_authorised_supervisor_with_the_reason_recorded()
    {
        var evening = await fixture.NewEvening();
        fixture.NextDayAt(22, 0);
        var ghost = evening.Booking("g-" + Guid.NewGuid().ToString("N")[..8]);
        await fixture.FailNextWrite("booking", ghost);
        await Assert.ThrowsAnyAsync<Exception>(() => ghost.Place(evening.Desk, Evening.Request("k04")));
        Assert.Equal(BookingStatus.Held, (await evening.Room("k04").GetSnapshot()).Occupant?.Status);

        var unauthorised = await ghost.RepairRoom(evening.Supervisor, "k04", "the desk gave up on the booking");
        Assert.Equal((RefusalKind.Forbidden, "BK-8"), (unauthorised.Refusal?.Kind, unauthorised.Refusal?.Rule));
        Assert.Equal(RefusalKind.Forbidden, (await ghost.RepairRoom(evening.Desk, "k04", "why not")).Refusal?.Kind);
        Assert.True((await evening.Venue.AuthoriseSupervisor(evening.Gm, new AuthorisationDraft(evening.Supervisor.Subject, [OverrideScope.RepairRoom], fixture.Clock.GetUtcNow().AddHours(6), "busy night"))).Succeeded);
        Assert.Equal(RefusalKind.Invalid, (await ghost.RepairRoom(evening.Supervisor, "k04", null)).Refusal?.Kind);

        var repaired = await ghost.RepairRoom(evening.Supervisor, "k04", "the booking was never written");
        Assert.Null(repaired.Value!.Occupant);
        var entry = (await evening.Room("k04").GetHistory()).Single();
        Assert.Equal((evening.Supervisor.Subject, "BK-8", "the booking was never written"), (entry.Actor.Subject, entry.Rule, entry.Reason));

        // A booking that agrees with its room is not repaired: it is checked out or cancelled.
        var held = await evening.Place(evening.Desk, Evening.Request("k04"));
        var agrees = await evening.Booking(held.Id).RepairRoom(evening.Gm, "k04", "wrong room");
        Assert.Equal((RefusalKind.Conflict, "BK-8"), (agrees.Refusal?.Kind, agrees.Refusal?.Rule));
        Assert.Equal(held.Id, (await evening.Room("k04").GetSnapshot()).Occupant?.BookingId);
    }

    /// <summary>The room tells the same story as its booking: the system's step, with the booking and the rule, in its history.</summary>
    private static Task RoomRecords(Evening evening, string roomId, string bookingId, string rule, string words) =>
        TestSilo.Eventually(
            async () => (await evening.Room(roomId).GetHistory()).Any(h => h.Actor.IsSystem && h.Rule == rule && h.What.Contains(bookingId, StringComparison.Ordinal) && h.What.Contains(words, StringComparison.Ordinal)),
            TimeSpan.FromSeconds(20),
            $"room {roomId} records the step of booking {bookingId} ({rule}: {words})");
}
