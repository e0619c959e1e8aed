using System.Globalization;
using ClubGrains.Common;
using ClubGrains.Venues;

namespace ClubGrains.Api.Common;

/// <summary>The <c>day</c> query parameter: a venue's business day as yyyy-MM-dd, today's when absent.</summary>
internal static class BusinessDays
{
    /// <summary>The refusal of a <c>day</c> that is not a business day as yyyy-MM-dd within the bounds.</summary>
    public static readonly FieldError Invalid = new("day", $"A business day as yyyy-MM-dd, {Limits.DayRange}.");

    /// <summary>The day, or null when it is malformed or out of bounds (a far date would overflow the day's deadlines).</summary>
    public static DateOnly? Parse(string day) =>
        DateOnly.TryParseExact(day, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed) && Limits.InRange(parsed)
            ? parsed
            : null;

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

        return Parse(day) is { } parsed
            ? (venue, parsed)
            : Refusal.Invalid([Invalid]);
    }
}
