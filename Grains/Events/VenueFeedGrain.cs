using ClubGrains.Common;
using Microsoft.Extensions.Logging;
using Orleans.Concurrency;

namespace ClubGrains.Events;

/// <summary>
/// A venue's event feed: the only writer of the venue's events in the store, so its numbers have no
/// gap and no repeat. Appends that arrive while a write is under way are stored together in the next
/// transaction (the 21:00 burst tells many at once). The newest events are kept in memory for live
/// readers; a reader further behind reads the store. Reentrant: a long poll or a write in flight never
/// holds up the others; the state it changes (head, caches, queue) is changed between awaits only.
/// </summary>
[Reentrant]
public sealed partial class VenueFeedGrain(IVenueEventStore store, TimeProvider time, ILogger<VenueFeedGrain> logger) : Grain, IVenueFeedGrain
{
    /// <summary>How many of the newest events stay in memory for live readers.</summary>
    private const int RecentEvents = 256;

    /// <summary>How many sources' highest indexes are remembered; beyond it they are read from the store again.</summary>
    private const int KnownSources = 4096;

    /// <summary>The longest a long poll waits; under the cluster's response timeout.</summary>
    private static readonly TimeSpan LongestWait = TimeSpan.FromSeconds(20);

    private readonly List<VenueEvent> _recent = [];
    private readonly Dictionary<string, int> _held = new(StringComparer.Ordinal);
    private readonly List<PendingAppend> _queue = [];
    private TaskCompletionSource _stored = NewSignal();
    private bool _writing;
    private long _head;

    private string VenueId => this.GetPrimaryKeyString();

    public override async Task OnActivateAsync(CancellationToken cancellationToken) =>
        _head = await store.Head(VenueId, cancellationToken);

    public Task<int> Append(string source, IReadOnlyList<SourceEvent> events)
    {
        ArgumentException.ThrowIfNullOrEmpty(source);
        ArgumentNullException.ThrowIfNull(events);
        var pending = new PendingAppend(source, events);
        _queue.Add(pending);
        if (!_writing)
        {
            _writing = true;
            _ = WriteQueued();
        }

        return pending.Done.Task;
    }

    public async Task<Result<EventPage>> Read(Actor reader, long after, int limit)
    {
        if ((FeedRules.MayRead(reader, VenueId) ?? FeedRules.CheckPage(after, limit)) is { } refused)
        {
            return refused;
        }

        var head = _head;
        if (after >= head)
        {
            return new EventPage([], head, after);
        }

        // A reader who sees everything needs no more than a page; others may skip many.
        var scan = reader.Role is Roles.Manager or Roles.ApiClient ? FeedRules.MaxScan : limit;
        var scanned = Recent(after, scan) ?? await store.Read(VenueId, after, scan);
        return FeedRules.Page(reader, scanned, limit, after, head);
    }

    public async Task<long> WaitForEvents(long after, TimeSpan wait)
    {
        if (_head > after || wait <= TimeSpan.Zero)
        {
            return _head;
        }

        // A transport's patience, not the domain's clock: real time even where the domain's runs fake.
        var stored = _stored.Task;
        await Task.WhenAny(stored, Task.Delay(wait < LongestWait ? wait : LongestWait));
        return _head;
    }

    /// <summary>The events after <paramref name="after"/> from memory, when memory still has the first of them.</summary>
    private List<VenueEvent>? Recent(long after, int count)
    {
        if (_recent.Count == 0 || _recent[0].Seq > after + 1)
        {
            return null;
        }

        var start = (int)(after + 1 - _recent[0].Seq);
        return _recent.GetRange(start, Math.Min(count, _recent.Count - start));
    }

    private async Task WriteQueued()
    {
        try
        {
            while (_queue.Count > 0)
            {
                var batch = _queue.ToList();
                _queue.Clear();
                await Write(batch);
            }
        }
        finally
        {
            _writing = false;
        }
    }

    private async Task Write(List<PendingAppend> batch)
    {
        var now = time.GetUtcNow();
        var next = _head;
        var held = new Dictionary<string, int>(StringComparer.Ordinal);
        var events = new List<VenueEvent>();
        var answers = new List<(PendingAppend Append, int Held)>();
        try
        {
            foreach (var append in batch)
            {
                var known = held.TryGetValue(append.Source, out var h) ? h
                    : _held.TryGetValue(append.Source, out h) ? h
                    : await store.SourceIndex(VenueId, append.Source);
                IReadOnlyList<SourceEvent> unheld;
                try
                {
                    unheld = FeedRules.Unheld(append.Source, append.Events, known);
                }
                catch (ArgumentException e)
                {
                    append.Done.TrySetException(e);
                    continue;
                }

                foreach (var e in unheld)
                {
                    events.Add(new VenueEvent(++next, e.Type, e.At, e.Actor.ForRecord(), e.Rule, e.Subject, e.What, e.Reason, e.Badge, e.PlacedBy, append.Source, e.Index, now, e.Data));
                }

                held[append.Source] = known + unheld.Count;
                answers.Add((append, known + unheld.Count));
            }

            await store.Append(VenueId, events);
        }
        catch (Exception e)
        {
            // Nothing of the batch was stored; what the store holds now is read again (another
            // activation may have written, on a silo that thought this one gone).
            _held.Clear();
            _recent.Clear();
            _head = await ReadHeadOr(_head);
            LogWriteFailed(logger, e, VenueId, batch.Count);
            foreach (var append in batch)
            {
                append.Done.TrySetException(new InvalidOperationException($"The feed of venue '{VenueId}' could not store the changes of {append.Source}: {e.Message}"));
            }

            return;
        }

        Remember(events, held);
        foreach (var (append, h) in answers)
        {
            append.Done.TrySetResult(h);
        }
    }

    private void Remember(List<VenueEvent> events, Dictionary<string, int> held)
    {
        if (events.Count == 0)
        {
            return;
        }

        _head = events[^1].Seq;
        _recent.AddRange(events);
        if (_recent.Count > RecentEvents)
        {
            _recent.RemoveRange(0, _recent.Count - RecentEvents);
        }

        if (_held.Count + held.Count > KnownSources)
        {
            _held.Clear();
        }

        foreach (var (source, index) in held)
        {
            _held[source] = index;
        }

        var stored = _stored;
        _stored = NewSignal();
        stored.TrySetResult();
    }

    private async Task<long> ReadHeadOr(long fallback)
    {
        try
        {
            return await store.Head(VenueId);
        }
        catch (Exception e)
        {
            LogWriteFailed(logger, e, VenueId, 0);
            return fallback;
        }
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private sealed record PendingAppend(string Source, IReadOnlyList<SourceEvent> Events)
    {
        public TaskCompletionSource<int> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The feed of venue {VenueId} could not store a batch of {Appends} sources' changes; they are told again")]
    private static partial void LogWriteFailed(ILogger logger, Exception exception, string venueId, int appends);
}
