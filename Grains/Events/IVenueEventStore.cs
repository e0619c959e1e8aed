namespace ClubGrains.Events;

/// <summary>
/// Where venue feeds are kept: an append-only table beside the grain state (SQLite embedded,
/// PostgreSQL in a cluster), read by sequence number. One writer per venue (its feed grain) gives the
/// numbers; the store refuses a (venue, source, index) or (venue, seq) it already holds.
/// </summary>
public interface IVenueEventStore
{
    /// <summary>The venue's highest sequence number; 0 when its feed is empty.</summary>
    Task<long> Head(string venueId, CancellationToken cancellationToken = default);

    /// <summary>The highest index stored for the source at the venue; 0 when none.</summary>
    Task<int> SourceIndex(string venueId, string source, CancellationToken cancellationToken = default);

    /// <summary>Up to <paramref name="limit"/> events with a sequence number above <paramref name="after"/>, in order.</summary>
    Task<IReadOnlyList<VenueEvent>> Read(string venueId, long after, int limit, CancellationToken cancellationToken = default);

    /// <summary>
    /// Stores the events (numbered by the caller, consecutive from head + 1) in one transaction, all or
    /// none. Throws <see cref="EventConflictException"/> when a sequence number or a (source, index) is
    /// already stored, writing nothing.
    /// </summary>
    Task Append(string venueId, IReadOnlyList<VenueEvent> events, CancellationToken cancellationToken = default);
}

/// <summary>An append met a sequence number or a source's index already stored: nothing was written.</summary>
public sealed class EventConflictException(string message, Exception? inner = null) : Exception(message, inner);
