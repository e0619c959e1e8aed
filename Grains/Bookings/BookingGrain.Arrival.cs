using ClubGrains.Common;
using ClubGrains.Staff;

namespace ClubGrains.Bookings;

/// <summary>A guest who arrives after the hold ended: after the release (BK-4), after the booker's cancellation (BK-5), or during an outage.</summary>
public sealed partial class BookingGrain
{
    public Task<Result<Booking>> LateArrival(Actor actor, LateArrivalCheck check) => Command("booking.late_arrival", actor, BookingRules.ReceptionRoles, async booking =>
    {
        var now = _time.GetUtcNow();
        if (LateArrivalRules.IsAfterBookersCancellation(booking))
        {
            return await ArrivedAfterCancellation(actor, booking, check, now);
        }

        if (LateArrivalRules.IsFineRetry(booking, check))
        {
            await DeliverFine(booking, booking.Fine!);
            return booking;
        }

        if (LateArrivalRules.CheckAfterRelease(booking, check) is { } refused)
        {
            return refused;
        }

        var evidence = LateArrivalRules.Evidence(booking, check);
        return check.DetailsMatch == false
            ? await ArrivedNotMatching(actor, booking, now, evidence)
            : await ArrivedMatching(actor, booking, check.RoomId!, now, evidence);
    });

    public Task<Result<Booking>> RecordOutageArrival(Actor actor, DateTimeOffset arrivedAt, string? reason) => Command("booking.outage_arrival", actor, BookingRules.ReceptionRoles, async booking =>
    {
        if (LateArrivalRules.CheckOutageArrival(booking, arrivedAt, reason) is { } refused)
        {
            return refused;
        }

        var now = _time.GetUtcNow();
        var seated = await RoomGrain(booking.RoomId!).Seat(actor, Occupant(booking, BookingStatus.Seated, arrivedAt));
        if (seated.Refusal is { } taken)
        {
            return taken;
        }

        await Save(BookingEvents.ArrivalDuringOutage, booking with { Status = BookingStatus.Seated, SeatedAt = arrivedAt, ReleasedAt = null, ReleasedAfterOutage = false }, actor, now,
            $"recorded the guest's arrival at {arrivedAt:O}, during the outage and before the deadline: the release at {booking.ReleasedAt:O} is undone",
            booking.HoldRule!, reason);
        _metrics.BookingSeated(VenueId, booking.RoomKind!.Value);
        return _state.State.Booking!;
    });

    /// <summary>BK-5: the arrival is recorded once; the party is a walk-in from then on.</summary>
    private async Task<Result<Booking>> ArrivedAfterCancellation(Actor actor, Booking booking, LateArrivalCheck check, DateTimeOffset now)
    {
        if (LateArrivalRules.CheckAfterCancellation(booking, check) is { } refused)
        {
            return refused;
        }

        await Save(BookingEvents.ArrivedAfterCancellation, booking with { ArrivedAfterCancellationAt = now }, actor, now, "the guest arrived after the booker's cancellation: the booking is void; seat the party as a walk-in, with no credit",
            CancellationRules.BookersRequestRule, check.Reason!.Trim());
        return _state.State.Booking!;
    }

    /// <summary>BK-4: a mismatch is cheating: no credit, and the policy's fine recommended on the booker.</summary>
    private async Task<Result<Booking>> ArrivedNotMatching(Actor actor, Booking booking, DateTimeOffset now, string evidence)
    {
        if ((await Venue()).Value is not { } venue)
        {
            return BookingRules.VenueMissing(VenueId);
        }

        var fine = LateArrivalRules.Fine(booking, venue.Policy.Bookings, now, actor, evidence);
        await Save(BookingEvents.LateArrivalRefused, booking with { Status = BookingStatus.Void, Credit = CreditStatus.None, Fine = fine }, actor, now,
            $"checked the late arrival against the booking: it does not match — treated as cheating, no credit; a fine of {fine.Amount} {fine.Currency} on badge {fine.BookerBadge} is recommended for the department manager to confirm (DS-4)",
            LateArrivalRules.Rule, evidence);
        await DeliverFine(_state.State.Booking!, fine);
        return _state.State.Booking!;
    }

    /// <summary>BK-4: a match re-seats the guest in a free room and keeps the booker's credit.</summary>
    private async Task<Result<Booking>> ArrivedMatching(Actor actor, Booking booking, string roomId, DateTimeOffset now, string evidence)
    {
        if ((await Venue()).Value is not { } venue)
        {
            return BookingRules.VenueMissing(VenueId);
        }

        if (AssignmentRules.Room(venue, roomId) is not { } room)
        {
            return BookingRules.UnknownRoom(VenueId, roomId);
        }

        var seated = await RoomGrain(room.Id).Seat(actor, Occupant(booking, BookingStatus.Seated, now));
        if (seated.Refusal is { } taken)
        {
            return taken;
        }

        await Save(BookingEvents.LateArrivalSeated, booking with { Status = BookingStatus.Seated, SeatedAt = now, RoomId = room.Id, RoomKind = room.Kind, LateArrival = true }, actor, now,
            $"checked the late arrival against the booking: it matches — seated in {room.Id}; the visit still counts for badge {booking.BookerBadge}",
            LateArrivalRules.Rule, evidence);
        _metrics.BookingSeated(VenueId, room.Kind);
        return _state.State.Booking!;
    }

    /// <summary>BK-4: the cheating fine goes to the booker's ledger as a recommendation (DS-4), once.</summary>
    private Task DeliverFine(Booking booking, FineRecommendation fine) =>
        Manager(fine.BookerBadge).RecommendFine(new FineRequest(LateArrivalRules.FineOperation(booking.Id), fine.Rule, fine.Amount, fine.Currency, fine.At, fine.RecordedBy, fine.Evidence));
}
