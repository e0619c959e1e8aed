using ClubGrains.Common;

namespace ClubGrains.Events;

/// <summary>Who reads a venue's feed and what of it they see, and the bounds of a page.</summary>
public static class FeedRules
{
    public const int DefaultPage = 100;

    public const int MaxPage = 500;

    /// <summary>At most this many events are looked at for one page, so a reader who may see few of them still gets an answer at once.</summary>
    public const int MaxScan = 2500;

    public static readonly string[] ReadingRoles = [.. Roles.All];

    public static Refusal? MayRead(Actor reader, string venueId) => Access.Require(reader, venueId, null, ReadingRoles);

    /// <summary>
    /// Whether the reader sees the event: a manager only the changes of bookings they are the booker
    /// of (and their own record), a partner system only those of the bookings it placed; reception
    /// and those above see everything of their venue.
    /// </summary>
    public static bool MaySee(Actor reader, VenueEvent e) => reader.Role switch
    {
        Roles.Manager => reader.Badge is not null && e.Badge == reader.Badge,
        Roles.ApiClient => e.PlacedBy is not null && e.PlacedBy == reader.Subject,
        _ => true,
    };

    /// <summary>The paging fields as the API names them: <c>after</c> a sequence number (0 for the start), <c>limit</c> 1 to <see cref="MaxPage"/>.</summary>
    public static Refusal? CheckPage(long after, int limit)
    {
        var errors = new List<FieldError>();
        if (after < 0)
        {
            errors.Add(new("after", "Must be 0 (the start of the feed) or an event's sequence number."));
        }

        if (limit is < 1 or > MaxPage)
        {
            errors.Add(new("limit", $"Must be between 1 and {MaxPage}."));
        }

        return errors.Count == 0 ? null : Refusal.Invalid(errors);
    }

    /// <summary>The events the reader may see, up to the limit, and the last sequence number looked at.</summary>
    public static EventPage Page(Actor reader, IReadOnlyList<VenueEvent> scanned, int limit, long after, long head)
    {
        var visible = new List<VenueEvent>(Math.Min(limit, scanned.Count));
        var through = after;
        foreach (var e in scanned)
        {
            if (visible.Count == limit)
            {
                break;
            }

            through = e.Seq;
            if (MaySee(reader, e))
            {
                visible.Add(e);
            }
        }

        return new EventPage(visible, head, through);
    }

    /// <summary>
    /// The source's changes the feed does not hold yet, given the highest index it holds; they must
    /// follow it without a gap (a source tells every change after the last one the feed answered).
    /// </summary>
    public static IReadOnlyList<SourceEvent> Unheld(string source, IReadOnlyList<SourceEvent> events, int held)
    {
        var next = events.Where(e => e.Index > held).OrderBy(e => e.Index).ToList();
        for (var i = 0; i < next.Count; i++)
        {
            if (next[i].Index != held + 1 + i)
            {
                throw new ArgumentException($"Source '{source}' told change {next[i].Index} where {held + 1 + i} was due: a source tells every change after the last one the feed holds.", nameof(events));
            }
        }

        return next;
    }
}
