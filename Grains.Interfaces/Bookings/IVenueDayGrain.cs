using ClubGrains.Common;
using ClubGrains.Venues;
using Orleans.Concurrency;

namespace ClubGrains.Bookings;

/// <summary>
/// A venue's business day (key: <c>venueId/yyyy-MM-dd</c>): the index of its bookings for lists and
/// reports, and the durable wake-up for their hold deadlines.
/// </summary>
[Alias("clubgrains.IVenueDayGrain")]
public interface IVenueDayGrain : IGrainWithStringKey
{
    /// <summary>A booking reports its state; an older version than the index holds is ignored.</summary>
    [Alias("Upsert")]
    Task Upsert(BookingSummary booking);

    /// <summary>The day's bookings, of one booker or in one state when given; a manager or partner reader sees only their own.</summary>
    [Alias("ListFor"), ReadOnly]
    Task<Result<IReadOnlyList<BookingSummary>>> List(Actor reader, string? bookerBadge, BookingStatus? status, CancellationToken cancellationToken = default);
}
