using ClubGrains.Common;
using Microsoft.Extensions.Logging;

namespace ClubGrains.Events;

/// <summary>
/// A grain's history as a source of its venue's feed: the grain's history is its outbox. After each
/// write the feed is told the entries it does not hold; until the feed has answered in this
/// activation, the whole history, which it keeps once per index. So an entry a failed call or a crash
/// kept from the feed reaches it at the grain's next write or activation, in the grain's own order.
/// The grain's change is stored whatever the feed answers: a failure is logged and made good then.
/// </summary>
public sealed partial class FeedSource(string venueId, string source)
{
    /// <summary>How many history entries the feed holds, as it last answered in this activation.</summary>
    private int? _fed;

    public string Source => source;

    /// <summary>Whether the feed has answered in this activation (else the next tell sends the whole history).</summary>
    public bool HasAnswered => _fed is not null;

    /// <summary>Tells the feed the entries after those it holds of a history of <paramref name="count"/> entries; <paramref name="after"/> makes them from an index.</summary>
    public async Task Tell(IGrainFactory grains, ILogger logger, int count, Func<int, IReadOnlyList<SourceEvent>> after)
    {
        if (_fed is { } fed && fed >= count)
        {
            return;
        }

        try
        {
            _fed = await grains.GetGrain<IVenueFeedGrain>(venueId).Append(source, after(_fed ?? 0));
        }
        catch (Exception e)
        {
            LogFeedFailed(logger, e, source, venueId);
        }
    }

    /// <summary>The history entries after the first <paramref name="held"/>, as source events of a subject.</summary>
    public static IReadOnlyList<SourceEvent> Events(IReadOnlyList<Change> history, int held, string fallbackKind, string subject, string? badge, string? placedBy, string? data)
    {
        var events = new List<SourceEvent>(Math.Max(0, history.Count - held));
        for (var i = held; i < history.Count; i++)
        {
            var change = history[i];
            events.Add(new SourceEvent(i + 1, change.Kind ?? fallbackKind, change.At, change.Actor, change.Rule, subject, change.What, change.Reason, badge, placedBy, data));
        }

        return events;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Source} at {VenueId}: the venue's feed did not take its changes; they are told again at its next write or activation")]
    private static partial void LogFeedFailed(ILogger logger, Exception exception, string source, string venueId);
}
