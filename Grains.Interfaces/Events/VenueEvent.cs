using ClubGrains.Common;

namespace ClubGrains.Events;

/// <summary>
/// One entry of a venue's event feed: a state change the domain stored, with the venue-wide sequence
/// number the feed gave it. <see cref="At"/> is the change's own time (a deadline's effect: the
/// deadline), <see cref="RecordedAt"/> when the feed took it.
/// </summary>
[GenerateSerializer, Immutable, Alias("clubgrains.VenueEvent")]
public sealed record VenueEvent(
    [property: Id(0)] long Seq,
    [property: Id(1)] string Type,
    [property: Id(2)] DateTimeOffset At,
    [property: Id(3)] Actor Actor,
    [property: Id(4)] string? Rule,
    [property: Id(5)] string Subject,
    [property: Id(6)] string What,
    [property: Id(7)] string? Reason,
    [property: Id(8)] string? Badge,
    [property: Id(9)] string? PlacedBy,
    [property: Id(10)] string Source,
    [property: Id(11)] int SourceIndex,
    [property: Id(12)] DateTimeOffset RecordedAt);

/// <summary>
/// A change as its source grain tells it to the feed: the source (e.g. <c>booking/b-1</c>) numbers its
/// changes from 1 in the order it stored them; the feed keeps each (source, index) once.
/// </summary>
[GenerateSerializer, Immutable, Alias("clubgrains.SourceEvent")]
public sealed record SourceEvent(
    [property: Id(0)] int Index,
    [property: Id(1)] string Type,
    [property: Id(2)] DateTimeOffset At,
    [property: Id(3)] Actor Actor,
    [property: Id(4)] string? Rule,
    [property: Id(5)] string Subject,
    [property: Id(6)] string What,
    [property: Id(7)] string? Reason = null,
    [property: Id(8)] string? Badge = null,
    [property: Id(9)] string? PlacedBy = null);

/// <summary>A page of a venue's feed for one reader, and the feed's head (its highest sequence number) when read.</summary>
[GenerateSerializer, Immutable, Alias("clubgrains.EventPage")]
public sealed record EventPage(
    [property: Id(0)] IReadOnlyList<VenueEvent> Events,
    [property: Id(1)] long Head);
