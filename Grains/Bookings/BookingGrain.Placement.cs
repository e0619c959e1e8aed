using ClubGrains.Common;
using ClubGrains.Rooms;
using ClubGrains.Venues;

namespace ClubGrains.Bookings;

/// <summary>Placing a booking (BK-1, BK-6), seating a walk-in, and assigning a room with its hold (BK-2, BK-3, BK-7).</summary>
public sealed partial class BookingGrain
{
    public Task<Result<Booking>> Place(Actor actor, BookingRequest request) => Traced("booking.place", null, async () =>
    {
        if (_state.State.Booking is { } existing)
        {
            if (BookingRules.CheckRetry(existing, request) is { } otherRequest)
            {
                return otherRequest;
            }

            // A retry with the same idempotency key: the original booking, re-reported in case the first report was lost.
            await Report(existing);
            return existing;
        }

        if ((Denied(actor, BookingRules.PlacingRoles) ?? BookingRules.CheckPlacement(actor, request)) is { } refused)
        {
            return refused;
        }

        // WD-2/DS-4, BK-1: the booker's own record says whether they may book now, and in which department.
        if (await Manager(request.BookerBadge!.Trim()).MayBook(request.BookerDepartment!.Value) is { } mayNot)
        {
            return mayNot;
        }

        if ((await Venue()).Value is not { } venue)
        {
            return BookingRules.VenueMissing(VenueId);
        }

        var now = _time.GetUtcNow();
        var booking = BookingRules.Requested(BookingId, VenueId, VenueClock.For(venue.Venue).BusinessDayOf(now), actor, request, venue.Venue.Currency, now);
        if (BookingRules.AssignsOnPlacement(actor, venue.Policy.Bookings))
        {
            var automatic = !BookingRules.ReceptionRoles.Contains(actor.Role);
            var assigned = await AssignRoom(booking, automatic ? Actor.System : actor, venue, request.RoomId, request.RoomType, automatic);
            if (assigned.Value is not { } held)
            {
                return assigned;
            }

            booking = held;
        }

        await Save(booking);
        _metrics.BookingPlaced(VenueId, booking.RoomKind ?? booking.BookerDepartment!.Value);
        return _state.State.Booking!;
    });

    public Task<Result<Booking>> PlaceWalkIn(Actor actor, WalkInRequest request) => Traced("booking.walk_in", request.RoomId, async () =>
    {
        if (_state.State.Booking is { } existing)
        {
            return existing;
        }

        if ((Denied(actor, BookingRules.ReceptionRoles) ?? BookingRules.CheckWalkIn(request)) is { } refused)
        {
            return refused;
        }

        if ((await Venue()).Value is not { } venue)
        {
            return BookingRules.VenueMissing(VenueId);
        }

        if (AssignmentRules.Room(venue, request.RoomId!) is not { } room)
        {
            return BookingRules.UnknownRoom(VenueId, request.RoomId!);
        }

        var guest = BookingRules.WalkInGuest(request);
        var seated = await RoomGrain(room.Id).Seat(actor, new RoomOccupant(BookingId, BookingStatus.Seated, guest, null, null, _time.GetUtcNow(), null, actor.Subject));
        if (seated.Value is not { } taken)
        {
            return seated.Refusal!;
        }

        // A retry (same Idempotency-Key) after the booking's write failed finds the party already seated: it was seated then.
        var now = taken.Occupant!.Since;
        await Save(BookingRules.WalkIn(BookingId, VenueId, VenueClock.For(venue.Venue).BusinessDayOf(now), room, guest, now, venue.Venue.Currency, actor.Subject,
            new Change(now, actor.ForRecord(), $"seated a walk-in party in {room.Id}: no booker, no credit", BookingRules.ReceptionOnlyRule, Kind: BookingEvents.WalkedIn)) with
        {
            GuestPhone = request.GuestPhone,
            GuestPhoneNormalized = request.GuestPhone is null ? null : PhoneNumbers.Normalize(request.GuestPhone),
            PartySize = request.PartySize,
        });
        _metrics.BookingSeated(VenueId, room.Kind);
        return _state.State.Booking!;
    });

    public Task<Result<Booking>> Assign(Actor actor, string? roomId, string? roomType) => Command("booking.assign", actor, BookingRules.ReceptionRoles, async booking =>
    {
        if (booking.Status != BookingStatus.Requested)
        {
            return BookingRules.WrongStatus(booking, "assign a room to", BookingRules.ReceptionOnlyRule);
        }

        if ((await Venue()).Value is not { } venue)
        {
            return BookingRules.VenueMissing(VenueId);
        }

        var assigned = await AssignRoom(booking, actor, venue, roomId ?? booking.RequestedRoomId, roomType ?? booking.RequestedRoomType, automatic: false);
        if (assigned.Value is not { } held)
        {
            return assigned;
        }

        await Save(held);
        return held;
    });

    /// <summary>Holds a room (the one given, or the first free one of a type) with the policy's deadline.</summary>
    private async Task<Result<Booking>> AssignRoom(Booking booking, Actor actor, VenueSnapshot venue, string? roomId, string? roomType, bool automatic, bool overriding = false)
    {
        var now = _time.GetUtcNow();
        var clock = VenueClock.For(venue.Venue);
        var decision = AssignmentRules.Hold(now, clock, venue.Policy.Bookings, overriding);
        if (decision.Value is not { } hold)
        {
            return decision.Refusal!;
        }

        if (AssignmentRules.CheckChoice(VenueId, venue, roomId, roomType) is { } badChoice)
        {
            return badChoice;
        }

        string[] candidates = !string.IsNullOrWhiteSpace(roomId)
            ? [roomId]
            : [.. (await GrainFactory.GetGrain<IVenueBoardGrain>(VenueId).FreeRooms(roomType)).Take(AssignmentRules.TypePickAttempts)];
        if (candidates.Length == 0)
        {
            return AssignmentRules.NoFreeRoom(roomType!);
        }

        Refusal? lastRefusal = null;
        foreach (var candidate in candidates)
        {
            var room = AssignmentRules.Room(venue, candidate)!;
            var held = await RoomGrain(candidate).Hold(actor, new RoomOccupant(BookingId, BookingStatus.Held, booking.GuestName, booking.BookerName, booking.BookerBadge, now, hold.Until, booking.PlacedBy));
            if (held.Refusal is null)
            {
                return AssignmentRules.Held(booking, room, hold, now, actor, clock, automatic);
            }

            lastRefusal = held.Refusal;
        }

        return lastRefusal!;
    }
}
