using ClubGrains.Common;

namespace ClubGrains.Venues;

/// <summary>A venue's profile as stored and shown.</summary>
[GenerateSerializer, Immutable, Alias("clubgrains.Venue")]
public sealed record Venue(
    [property: Id(0)] string Id,
    [property: Id(1)] string Name,
    [property: Id(2)] string TimeZone,
    [property: Id(3)] TimeOnly DayCutoff,
    [property: Id(4)] IReadOnlyList<VenueKind> Kinds,
    [property: Id(5)] string Currency,
    [property: Id(6)] DateTimeOffset CreatedAt,
    [property: Id(7)] DateTimeOffset UpdatedAt);

/// <summary>
/// What a caller sends to create or change a venue. Every field is optional here so that validation
/// can name each missing or bad one; on update a missing field keeps its current value.
/// </summary>
[GenerateSerializer, Immutable, Alias("clubgrains.VenueDraft")]
public sealed record VenueDraft(
    [property: Id(0)] string? Name = null,
    [property: Id(1)] string? TimeZone = null,
    [property: Id(2)] TimeOnly? DayCutoff = null,
    [property: Id(3)] IReadOnlyList<VenueKind>? Kinds = null,
    [property: Id(4)] string? Currency = null);

/// <summary>A line of the chain's venue list.</summary>
[GenerateSerializer, Immutable, Alias("clubgrains.VenueSummary")]
public sealed record VenueSummary(
    [property: Id(0)] string Id,
    [property: Id(1)] string Name,
    [property: Id(2)] string TimeZone,
    [property: Id(3)] IReadOnlyList<VenueKind> Kinds);

/// <summary>A room (KTV) or table (disco) of a venue's catalogue.</summary>
[GenerateSerializer, Immutable, Alias("clubgrains.RoomDefinition")]
public sealed record RoomDefinition(
    [property: Id(0)] string Id,
    [property: Id(1)] string Name,
    [property: Id(2)] VenueKind Kind,
    [property: Id(3)] string Type,
    [property: Id(4)] int Capacity);

/// <summary>What a caller sends to add or change a room; validated field by field.</summary>
[GenerateSerializer, Immutable, Alias("clubgrains.RoomDraft")]
public sealed record RoomDraft(
    [property: Id(0)] string? Name = null,
    [property: Id(1)] VenueKind? Kind = null,
    [property: Id(2)] string? Type = null,
    [property: Id(3)] int? Capacity = null);

/// <summary>A venue's profile, policy and catalogue as one read.</summary>
[GenerateSerializer, Immutable, Alias("clubgrains.VenueSnapshot")]
public sealed record VenueSnapshot(
    [property: Id(0)] Venue Venue,
    [property: Id(1)] VenuePolicy Policy,
    [property: Id(2)] IReadOnlyList<RoomDefinition> Rooms);
