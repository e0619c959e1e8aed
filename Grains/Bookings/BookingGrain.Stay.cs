using ClubGrains.Common;
using ClubGrains.Customers;
using ClubGrains.Staff;
using ClubGrains.Venues;

namespace ClubGrains.Bookings;

/// <summary>The party's stay: brought to the held room (BK-7), moved (BK-9), checked out with its spend (BK-10, PF-1).</summary>
public sealed partial class BookingGrain
{
    public Task<Result<Booking>> Seat(Actor actor) => Command("booking.seat", actor, BookingRules.ReceptionRoles, async booking =>
    {
        if (SeatingRules.IsSeatRetry(booking))
        {
            return booking;
        }

        if (SeatingRules.MaySeat(booking) is { } refused)
        {
            return refused;
        }

        var now = _time.GetUtcNow();
        var seated = await RoomGrain(booking.RoomId!).Seat(actor, Occupant(booking, BookingStatus.Seated, now));
        if (seated.Refusal is { } refusal)
        {
            return refusal;
        }

        await Save(BookingEvents.Seated, booking with { Status = BookingStatus.Seated, SeatedAt = now }, actor, now, $"brought the guest to {booking.RoomId} (带房); the room is opened", BookingRules.NoEarlyOpeningRule);
        _metrics.BookingSeated(VenueId, booking.RoomKind!.Value);
        return _state.State.Booking!;
    });

    public Task<Result<Booking>> Transfer(Actor actor, string toRoomId) => Command("booking.transfer", actor, BookingRules.ReceptionRoles, async booking =>
    {
        if (SeatingRules.IsTransferRetry(booking, toRoomId))
        {
            return booking;
        }

        if (SeatingRules.MayTransfer(booking, toRoomId) is { } refused)
        {
            return refused;
        }

        if ((await Venue()).Value is not { } venue)
        {
            return BookingRules.VenueMissing(VenueId);
        }

        if (AssignmentRules.Room(venue, toRoomId) is not { } target)
        {
            return BookingRules.UnknownRoom(VenueId, toRoomId, "toRoomId");
        }

        // The move is written first, so a failure of any later step leaves a booking that knows both rooms
        // and completes the move (the target seats the party) or forgets it (it does not) at its next read or wake-up.
        var now = _time.GetUtcNow();
        var pending = await Store(booking with { PendingTransfer = new RoomMove(Guid.NewGuid().ToString("N"), booking.RoomId!, target.Id, now, actor.ForRecord()) });
        var moved = await RoomGrain(target.Id).Seat(actor, Occupant(booking, BookingStatus.Seated, now));
        if (moved.Refusal is { } refusal)
        {
            await Store(pending with { PendingTransfer = null });
            return refusal;
        }

        await RoomGrain(booking.RoomId!).Release(actor, BookingId);
        await Save(BookingEvents.Transferred, pending with { RoomId = target.Id, RoomKind = target.Kind, PendingTransfer = null }, actor, now,
            $"moved the party from {booking.RoomId} to {target.Id} (转房); booking, booker and spend stay together", SeatingRules.TransferRule);
        _metrics.BookingTransferred(VenueId, target.Kind);
        return _state.State.Booking!;
    });

    public Task<Result<Booking>> CheckOut(Actor actor, decimal spend) => Command("booking.check_out", actor, BookingRules.ReceptionRoles, async booking =>
    {
        if (SeatingRules.IsCheckOutRetry(booking, spend))
        {
            await DeliverCredit(booking);
            await DeliverVisit(booking);
            return booking;
        }

        if (SeatingRules.MayCheckOut(booking, spend) is { } refused)
        {
            return refused;
        }

        var now = _time.GetUtcNow();
        await RoomGrain(booking.RoomId!).Release(actor, BookingId);
        var credit = SeatingRules.CreditOf(booking);
        await Save(BookingEvents.CheckedOut, booking with { Status = BookingStatus.CheckedOut, CheckedOutAt = now, Spend = spend, Credit = credit }, actor, now,
            credit == CreditStatus.Credited
                ? $"checked the party out with a spend of {spend} {booking.Currency}; it counts for badge {booking.BookerBadge} (PF-1)"
                : $"checked the walk-in party out with a spend of {spend} {booking.Currency}",
            SeatingRules.CheckOutRule);
        _metrics.BookingCheckedOut(VenueId, booking.RoomKind!.Value, spend, booking.Currency);
        await DeliverCredit(_state.State.Booking!);
        await DeliverVisit(_state.State.Booking!);
        return _state.State.Booking!;
    });

    /// <summary>PF-1: a checked-out booking credits its booker's card; the operation is the booking, so retries count once.</summary>
    private Task DeliverCredit(Booking booking) =>
        booking.Credit == CreditStatus.Credited
            ? Manager(booking.BookerBadge!).Credit(new BookingCredit(booking.Id, booking.BusinessDay, booking.GuestName, booking.RoomId, booking.Spend!.Value, booking.CheckedOutAt!.Value))
            : Task.CompletedTask;

    /// <summary>CR-1/CR-4: the visit and its spend go to the customer's file, which asks the booker to call back.</summary>
    private async Task DeliverVisit(Booking booking)
    {
        if (booking.GuestPhoneNormalized is not { } phone)
        {
            return;
        }

        var policy = (await GrainFactory.GetGrain<IVenueGrain>(VenueId).GetPolicy()).Value ?? VenuePolicy.Default;
        var at = booking.CheckedOutAt!.Value;
        await GrainFactory.GetGrain<ICustomerGrain>(phone).RecordVisit(
            new CustomerVisit(VenueId, booking.Id, at, booking.Spend!.Value, booking.Currency, booking.Source == BookingSource.WalkIn ? null : booking.BookerBadge, CustomerRules.CallbackBy(at, policy.Customers)));
    }
}
