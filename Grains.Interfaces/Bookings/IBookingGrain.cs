using ClubGrains.Common;
using ClubGrains.Rooms;
using Orleans.Concurrency;

namespace ClubGrains.Bookings;

/// <summary>
/// A booking, keyed <c>venueId/bookingId</c>: its record and the history of every step (actor,
/// time, rule). Only reception (and the GM or an authorised supervisor for overrides) changes a
/// booking once placed (BK-6, BK-8).
/// </summary>
[Alias("clubgrains.IBookingGrain")]
public interface IBookingGrain : IGrainWithStringKey
{
    /// <summary>Places the booking (BK-1); reception, or the policy's automatic assignment, also assigns a room (BK-6).</summary>
    [Alias("Place")]
    Task<Result<Booking>> Place(Actor actor, BookingRequest request);

    /// <summary>Reception seats a walk-in party in a free room: no booker, no credit.</summary>
    [Alias("PlaceWalkIn")]
    Task<Result<Booking>> PlaceWalkIn(Actor actor, WalkInRequest request);

    /// <summary>
    /// The booking now, as the reader may see it (a manager: only their own); a hold past its deadline
    /// is released first, never shown as live.
    /// </summary>
    /// <remarks>The token is the HTTP request's: a caller that gave up stops waiting at once.</remarks>
    [Alias("ReadBooking")]
    Task<Result<Booking>> GetBooking(Actor reader, CancellationToken cancellationToken = default);

    /// <summary>Reception assigns a room (given, or the first free one of a type) to a requested booking.</summary>
    [Alias("Assign")]
    Task<Result<Booking>> Assign(Actor actor, string? roomId, string? roomType);

    /// <summary>Reception brings the guest to the held room (带房), at or before the hold deadline (BK-7).</summary>
    [Alias("Seat")]
    Task<Result<Booking>> Seat(Actor actor);

    /// <summary>Reception moves the seated party to a free room; booking, booker and spend stay together (BK-9).</summary>
    [Alias("Transfer")]
    Task<Result<Booking>> Transfer(Actor actor, string toRoomId);

    /// <summary>BK-5 at the booker's request (reception), else a BK-8 override with a reason.</summary>
    [Alias("Cancel")]
    Task<Result<Booking>> Cancel(Actor actor, bool atBookersRequest, string? reason);

    /// <summary>The booker asks reception to cancel (BK-6: a manager does not cancel; reception does).</summary>
    [Alias("RequestCancellation")]
    Task<Result<Booking>> RequestCancellation(Actor actor, string? reason);

    /// <summary>Reception checks the party out with the amount spent (BK-10).</summary>
    [Alias("CheckOut")]
    Task<Result<Booking>> CheckOut(Actor actor, decimal spend);

    /// <summary>BK-4/BK-5: a guest arrives after the automatic release or after a cancellation.</summary>
    [Alias("LateArrival")]
    Task<Result<Booking>> LateArrival(Actor actor, LateArrivalCheck check);

    /// <summary>An arrival that really happened while the service was down, before the deadline: undoes that release.</summary>
    [Alias("RecordOutageArrival")]
    Task<Result<Booking>> RecordOutageArrival(Actor actor, DateTimeOffset arrivedAt, string? reason);

    /// <summary>BK-8: extend the hold past the policy.</summary>
    [Alias("ExtendHold")]
    Task<Result<Booking>> ExtendHold(Actor actor, DateTimeOffset until, string? reason);

    /// <summary>BK-8: reinstate a released or cancelled booking, holding a free room again.</summary>
    [Alias("Reinstate")]
    Task<Result<Booking>> Reinstate(Actor actor, string? roomId, string? reason);

    /// <summary>
    /// A room says it seats this booking's party (sent one way when the room is read or asked for by
    /// another party): a booking with no record adopts the walk-in whose write failed; others ignore it.
    /// </summary>
    [Alias("RoomClaims"), OneWay]
    Task RoomClaims(string roomId);

    /// <summary>
    /// BK-8 "repair room": the GM or an authorised supervisor frees a room that names this booking
    /// though the booking (after its automatic steps) does not agree, or has no record; with a reason.
    /// </summary>
    [Alias("RepairRoom")]
    Task<Result<RoomSnapshot>> RepairRoom(Actor actor, string roomId, string? reason);

    /// <summary>A deadline may have passed: apply it (idempotent; sent by the venue's day index and rooms).</summary>
    [Alias("WakeUp"), OneWay]
    Task WakeUp();
}
