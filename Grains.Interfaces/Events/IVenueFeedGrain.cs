using ClubGrains.Common;
using Orleans.Concurrency;

namespace ClubGrains.Events;

/// <summary>
/// A venue's event feed (key: venue id): the one writer of its events, numbering them in the order
/// it stores them. Sources tell it their changes after they stored them, and again after a failure,
/// so every stored change reaches the feed, once.
/// </summary>
[Alias("clubgrains.IVenueFeedGrain")]
public interface IVenueFeedGrain : IGrainWithStringKey
{
    /// <summary>
    /// Stores the source's changes the feed does not hold yet (by index; the rest are ignored) and
    /// answers the highest index it holds for the source. Changes told together by many sources are
    /// stored in one transaction.
    /// </summary>
    [Alias("Append")]
    Task<int> Append(string source, IReadOnlyList<SourceEvent> events);

    /// <summary>Up to <paramref name="limit"/> events after <paramref name="after"/> that the reader may see.</summary>
    [Alias("Read"), ReadOnly]
    Task<Result<EventPage>> Read(Actor reader, long after, int limit);

    /// <summary>
    /// Answers the feed's head as soon as it is above <paramref name="after"/>, or when
    /// <paramref name="wait"/> has passed: a live reader's long poll.
    /// </summary>
    [Alias("WaitForEvents"), ReadOnly, AlwaysInterleave]
    Task<long> WaitForEvents(long after, TimeSpan wait);
}
