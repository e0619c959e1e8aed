using ClubGrains.Common;

namespace ClubGrains.Events;

/// <summary>
/// One entry of a venue's event feed: a state change the domain stored, with the venue-wide sequence
/// number the feed gave it. <see cref="At"/> is the change's own time (a deadline's effect: the
/// deadline), <see cref="RecordedAt"/> when the feed took it. <see cref="Data"/> is the subject's
/// public state after the write that stored the change, as a JSON object (e.g. a booking's status and room).
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
    [property: Id(12)] DateTimeOffset RecordedAt,
    [property: Id(13)] string? Data = null);

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
    [property: Id(9)] string? PlacedBy = null,
    [property: Id(10)] string? Data = null);

/// <summary>
/// A page of a venue's feed for one reader: the events it may see, the feed's head (its highest
/// sequence number) when read, and <see cref="Through"/>, the last sequence number looked at, which
/// is where the reader's next page starts (past events it may not see, too).
/// </summary>
[GenerateSerializer, Immutable, Alias("clubgrains.EventPage")]
public sealed record EventPage(
    [property: Id(0)] IReadOnlyList<VenueEvent> Events,
    [property: Id(1)] long Head,
    [property: Id(2)] long Through);
