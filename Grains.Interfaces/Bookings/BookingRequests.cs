using ClubGrains.Venues;

namespace ClubGrains.Bookings;

/// <summary>
/// BK-1: what a booker (or partner system, or reception for a booker) sends. Every detail is
/// optional here so that a refusal can list every missing one.
/// </summary>
[GenerateSerializer, Immutable, Alias("clubgrains.BookingRequest")]
public sealed record BookingRequest(
    [property: Id(0)] string? GuestName = null,
    [property: Id(1)] string? GuestPhone = null,
    [property: Id(2)] VenueKind? BookerDepartment = null,
    [property: Id(3)] string? BookerName = null,
    [property: Id(4)] string? BookerBadge = null,
    [property: Id(5)] string? RoomId = null,
    [property: Id(6)] string? RoomType = null,
    [property: Id(7)] int? PartySize = null,
    [property: Id(8)] string? Notes = null);

/// <summary>A walk-in party seated by reception: no booker, no credit.</summary>
[GenerateSerializer, Immutable, Alias("clubgrains.WalkInRequest")]
public sealed record WalkInRequest(
    [property: Id(0)] string? RoomId = null,
    [property: Id(1)] string? GuestName = null,
    [property: Id(2)] string? GuestPhone = null,
    [property: Id(3)] int? PartySize = null);

/// <summary>BK-4: reception's check (核实) of a guest who arrives after the automatic release.</summary>
[GenerateSerializer, Immutable, Alias("clubgrains.LateArrivalCheck")]
public sealed record LateArrivalCheck(
    [property: Id(0)] bool? DetailsMatch = null,
    [property: Id(1)] string? Reason = null,
    [property: Id(2)] string? RoomId = null,
    [property: Id(3)] string? ArrivingGuestName = null,
    [property: Id(4)] string? ArrivingGuestPhone = null);
