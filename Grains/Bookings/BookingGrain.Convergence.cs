using ClubGrains.Common;
using ClubGrains.Deadlines;
using ClubGrains.Venues;

namespace ClubGrains.Bookings;

/// <summary>
/// The automatic steps: a booking and its rooms agree again after a write failed half-way (the rooms
/// decide who is in them), and a hold past its deadline is released (BK-2, BK-3).
/// </summary>
public sealed partial class BookingGrain
{
    public async Task RoomClaims(string roomId)
    {
        if (_state.State.Booking is not null || (await Venue()).Value is not { } venue || AssignmentRules.Room(venue, roomId) is not { } room)
        {
            return;
        }

        // The message may be stale: only what the room holds now counts.
        var occupant = (await RoomGrain(roomId).GetSnapshot()).Occupant;
        if (!ConvergenceRules.IsUnrecordedWalkIn(_state.State.Booking, BookingId, occupant))
        {
            return;
        }

        var since = occupant!.Since;
        var recorded = new Change(since, Actor.System, $"recorded the walk-in party seated in {room.Id} after a failed write: the room took the party, the booking's record was not written; no booker, no credit", BookingRules.ReceptionOnlyRule, Kind: BookingEvents.WalkedIn);
        await Save(BookingRules.WalkIn(BookingId, VenueId, VenueClock.For(venue.Venue).BusinessDayOf(since), room, occupant.GuestName, since, venue.Venue.Currency, occupant.PlacedBy, recorded));
        await TellRooms(since, recorded.What, BookingRules.ReceptionOnlyRule, room.Id);
        _metrics.BookingSeated(VenueId, room.Kind);
    }

    /// <summary>
    /// Completes or undoes a cross-grain step whose write failed half-way, by what the rooms hold (they
    /// decide who is in them): a seat the room took, a transfer the target took or never took. Done by
    /// the system actor, stamped with the step's own time, before any deadline is applied. First, once
    /// an activation, the feed is told what it may have missed.
    /// </summary>
    private async Task Converge()
    {
        var booking = _state.State.Booking!;
        if (_feed?.HasAnswered != true)
        {
            await TellFeed(booking);
        }

        if (booking.PendingTransfer is { } move)
        {
            var target = (await RoomGrain(move.ToRoomId).GetSnapshot()).Occupant;
            if (ConvergenceRules.TransferWentThrough(booking, target))
            {
                await RoomGrain(move.FromRoomId).Release(Actor.System, BookingId);
                var kind = (await Venue()).Value is { } venue && AssignmentRules.Room(venue, move.ToRoomId) is { } room ? room.Kind : booking.RoomKind;
                var moved = $"moved the party from {move.FromRoomId} to {move.ToRoomId} (转房), as {move.By.DisplayName ?? move.By.Subject} asked: {ConvergenceRules.CompletedAfterFailedWrite} (operation {move.OperationId})";
                await Save(BookingEvents.Transferred, booking with { RoomId = move.ToRoomId, RoomKind = kind, PendingTransfer = null }, Actor.System, move.At, moved, SeatingRules.TransferRule);
                await TellRooms(move.At, moved, SeatingRules.TransferRule, move.FromRoomId, move.ToRoomId);
                _metrics.BookingTransferred(VenueId, kind ?? booking.BookerDepartment!.Value);
            }
            else
            {
                var undone = $"the move from {move.FromRoomId} to {move.ToRoomId} did not happen (a write failed before {move.ToRoomId} took the party): the party stays in {move.FromRoomId} (operation {move.OperationId})";
                await Save(BookingEvents.TransferUndone, booking with { PendingTransfer = null }, Actor.System, move.At, undone, SeatingRules.TransferRule);
                await TellRooms(move.At, undone, SeatingRules.TransferRule, move.FromRoomId, move.ToRoomId);
            }

            return;
        }

        if (booking is { Status: BookingStatus.Held, RoomId: { } roomId })
        {
            var occupant = (await RoomGrain(roomId).GetSnapshot()).Occupant;
            if (ConvergenceRules.SeatWentThrough(booking, occupant))
            {
                var seated = $"brought the guest to {roomId} (带房); the room is opened: {ConvergenceRules.CompletedAfterFailedWrite} (the room seated the party)";
                await Save(BookingEvents.Seated, booking with { Status = BookingStatus.Seated, SeatedAt = occupant!.Since }, Actor.System, occupant.Since, seated, BookingRules.NoEarlyOpeningRule);
                await TellRooms(occupant.Since, seated, BookingRules.NoEarlyOpeningRule, roomId);
                _metrics.BookingSeated(VenueId, booking.RoomKind!.Value);
            }
        }
    }

    /// <summary>The rooms a completed or undone step concerns record it too, after the booking stored it.</summary>
    private Task TellRooms(DateTimeOffset at, string what, string rule, params string[] roomIds) =>
        Task.WhenAll(roomIds.Select(id => RoomGrain(id).RecordConvergence(Actor.System, new Change(at, Actor.System, $"booking {BookingId}: {what}", rule))));

    /// <summary>
    /// Applies a hold deadline that has passed (BK-2/BK-3): the release is stamped with the deadline,
    /// done by the system actor under the hold's rule, and marked when an outage delayed it.
    /// </summary>
    private async Task ApplyDeadline()
    {
        var booking = _state.State.Booking!;
        var now = _time.GetUtcNow();
        if (booking.Status != BookingStatus.Held || !HoldRules.IsExpired(booking.HoldUntil, now))
        {
            return;
        }

        var deadline = booking.HoldUntil!.Value;
        var lateness = now - deadline;
        var afterOutage = lateness > DeadlineAlarm.OutageThreshold;
        await RoomGrain(booking.RoomId!).Release(Actor.System, BookingId);
        var released = await Store(WithChange(BookingEvents.Released, booking with { Status = BookingStatus.Released, ReleasedAt = deadline, ReleasedAfterOutage = afterOutage }, Actor.System, deadline,
            afterOutage
                ? $"released the hold at its deadline: the guest had not arrived (no-show); applied after an outage, {lateness.TotalSeconds:0} s late — an arrival during the outage can still be recorded"
                : "released the hold at its deadline: the guest had not arrived (no-show)",
            booking.HoldRule!));

        // Counted once stored, whether or not the day index hears of it now (a missed report is sent again at its next wake-up).
        _metrics.BookingReleased(VenueId, booking.RoomKind!.Value, booking.HoldRule!, lateness);
        LogReleased(_logger, BookingId, VenueId, deadline, lateness.TotalSeconds);
        await Report(released);
    }
}
