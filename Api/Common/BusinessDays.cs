using System.Globalization;
using ClubGrains.Common;
using ClubGrains.Venues;

namespace ClubGrains.Api.Common;

/// <summary>The <c>day</c> query parameter: a venue's business day as yyyy-MM-dd, today's when absent.</summary>
internal static class BusinessDays
{
    public static async Task<Result<(VenueSnapshot Venue, DateOnly Day)>> Resolve(IGrainFactory grains, string venueId, string? day, TimeProvider time)
    {
        var snapshot = await grains.GetGrain<IVenueGrain>(venueId).GetSnapshot();
        if (snapshot.Value is not { } venue)
        {
            return snapshot.Refusal!;
        }

        if (day is null)
        {
            return (venue, VenueClock.For(venue.Venue).BusinessDayOf(time.GetUtcNow()));
        }

        return DateOnly.TryParseExact(day, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed)
            ? (venue, parsed)
            : Refusal.Invalid([new FieldError("day", "A business day as yyyy-MM-dd.")]);
    }
}
