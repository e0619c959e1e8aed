using ClubGrains.Bookings;
using ClubGrains.Common;
using Orleans.Concurrency;

namespace ClubGrains.Rooms;

/// <summary>A room's occupant: the booking holding it or seated in it.</summary>
[GenerateSerializer, Immutable, Alias("clubgrains.RoomOccupant")]
public sealed record RoomOccupant(
    [property: Id(0)] string BookingId,
    [property: Id(1)] BookingStatus Status,
    [property: Id(2)] string GuestName,
    [property: Id(3)] string? BookerName,
    [property: Id(4)] string? BookerBadge,
    [property: Id(5)] DateTimeOffset Since,
    [property: Id(6)] DateTimeOffset? HoldUntil,
    [property: Id(7)] string? PlacedBy = null);

/// <summary>A room's state as its board shows it; the sequence number orders the room's changes.</summary>
[GenerateSerializer, Immutable, Alias("clubgrains.RoomSnapshot")]
public sealed record RoomSnapshot(
    [property: Id(0)] string RoomId,
    [property: Id(1)] RoomOccupant? Occupant,
    [property: Id(2)] long Sequence);

/// <summary>
/// A room or table, keyed <c>venueId/roomId</c>: its timeline. It never holds or seats two parties,
/// and a live hold is given to nobody else (BK-7); an expired hold is never honoured as live.
/// </summary>
[Alias("clubgrains.IRoomGrain")]
public interface IRoomGrain : IGrainWithStringKey
{
    /// <summary>Holds the room for a booking; refused (BK-7) while another booking holds it or a party sits in it.</summary>
    [Alias("Hold")]
    Task<Result<RoomSnapshot>> Hold(Actor actor, RoomOccupant occupant);

    /// <summary>Seats the booking holding the room, or — with no hold on it — seats the party directly (walk-in, transfer, late arrival).</summary>
    [Alias("Seat")]
    Task<Result<RoomSnapshot>> Seat(Actor actor, RoomOccupant occupant);

    /// <summary>Frees the room if this booking holds or occupies it; otherwise changes nothing.</summary>
    [Alias("Release")]
    Task<RoomSnapshot> Release(Actor actor, string bookingId);

    /// <summary>Moves a hold's deadline (BK-8 extension) if this booking holds the room.</summary>
    [Alias("Extend")]
    Task<Result<RoomSnapshot>> Extend(Actor actor, string bookingId, DateTimeOffset holdUntil);

    [Alias("GetSnapshot"), ReadOnly]
    Task<RoomSnapshot> GetSnapshot();

    /// <summary>BK-8 "repair room": frees the room this booking occupies though the booking does not agree (asked by the booking, which checked).</summary>
    [Alias("Repair")]
    Task<Result<RoomSnapshot>> Repair(Actor actor, string bookingId, string reason);

    /// <summary>
    /// Records in the room's history a step its booking completed or undid after a failed write, so the
    /// room tells the same story as the booking. Only the system actor records it (a grain: the silo
    /// refuses the system actor from outside); it changes who is in the room not at all.
    /// </summary>
    [Alias("RecordConvergence")]
    Task RecordConvergence(Actor actor, Change change);

    /// <summary>The room's history: repairs (who freed it, when, why) and steps completed or undone after a failed write.</summary>
    [Alias("GetHistory"), ReadOnly]
    Task<IReadOnlyList<Change>> GetHistory();
}
