using ClubGrains.Common;
using ClubGrains.Venues;
using Orleans.Concurrency;

namespace ClubGrains.Rooms;

/// <summary>How a room stands on the board now.</summary>
public enum RoomState
{
    Free = 0,
    Held = 1,
    Seated = 2,
}

/// <summary>One line of the room board.</summary>
[GenerateSerializer, Immutable, Alias("clubgrains.BoardRoom")]
public sealed record BoardRoom(
    [property: Id(0)] string Id,
    [property: Id(1)] string Name,
    [property: Id(2)] VenueKind Kind,
    [property: Id(3)] string Type,
    [property: Id(4)] int Capacity,
    [property: Id(5)] RoomState State,
    [property: Id(6)] string? BookingId,
    [property: Id(7)] string? GuestName,
    [property: Id(8)] string? BookerName,
    [property: Id(9)] string? BookerBadge,
    [property: Id(10)] DateTimeOffset? Since,
    [property: Id(11)] DateTimeOffset? HoldUntil,
    [property: Id(12)] int? SecondsLeft);

/// <summary>
/// The room board as it stands, named by a stamp: one stamp, one set of lines, so a caller holding
/// the lines of a stamp (rendered, or in a browser as an ETag) need not have them again.
/// <see cref="Rooms"/> is left out when the caller already holds the stamp.
/// </summary>
[GenerateSerializer, Immutable, Alias("clubgrains.BoardView")]
public sealed record BoardView(
    [property: Id(0)] string Stamp,
    [property: Id(1)] IReadOnlyList<BoardRoom>? Rooms);

/// <summary>
/// A venue's room board (key: venue id): a projection of every room's state, fed by the rooms with
/// sequence numbers, so reading the board is one call. Kept in memory and rebuilt from the rooms
/// when it activates; expired holds are shown as free.
/// </summary>
[Alias("clubgrains.IVenueBoardGrain")]
public interface IVenueBoardGrain : IGrainWithStringKey
{
    /// <summary>A room reports a change; an older sequence than the board knows is ignored.</summary>
    [Alias("RoomChanged"), AlwaysInterleave]
    Task RoomChanged(RoomSnapshot snapshot);

    /// <summary>The venue's catalogue changed.</summary>
    [Alias("CatalogueChanged"), AlwaysInterleave]
    Task CatalogueChanged(IReadOnlyList<RoomDefinition> rooms);

    /// <summary>
    /// The board now as the reader may see it, or not found for an unknown venue. A manager or a
    /// partner system sees every room's state, but the booking, guest and booker only of its own
    /// bookings; its view has a stamp of its own. Given the stamp the caller already holds, and the
    /// board still the same, the lines are left out.
    /// </summary>
    [Alias("GetBoardView")]
    Task<Result<BoardView>> GetBoard(Actor reader, string? knownStamp = null, CancellationToken cancellationToken = default);

    /// <summary>Free rooms of a type (or any), in id order: candidates for an assignment.</summary>
    [Alias("FreeRooms")]
    Task<IReadOnlyList<string>> FreeRooms(string? type);
}
