using System.Globalization;

namespace ClubGrains.Rooms;

/// <summary>Grain keys of the per-venue grains: <c>venueId/roomId</c>, <c>venueId/bookingId</c>, <c>venueId/badge</c>, <c>venueId/yyyy-MM-dd</c>.</summary>
public static class RoomKeys
{
    public static string Room(string venueId, string roomId) => $"{venueId}/{roomId}";

    public static string Booking(string venueId, string bookingId) => $"{venueId}/{bookingId}";

    public static string Manager(string venueId, string badge) => $"{venueId}/{badge}";

    public static string Day(string venueId, DateOnly businessDay) =>
        $"{venueId}/{businessDay.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}";

    /// <summary>A department's shift on a business day: <c>venueId/department/yyyy-MM-dd</c>.</summary>
    public static string Shift(string venueId, Venues.VenueKind department, DateOnly businessDay) =>
        $"{venueId}/{department.ToString().ToLowerInvariant()}/{businessDay.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}";

    /// <summary>Splits a <c>venueId/rest</c> key.</summary>
    public static (string VenueId, string Local) Split(string key)
    {
        var slash = key.IndexOf('/', StringComparison.Ordinal);
        return (key[..slash], key[(slash + 1)..]);
    }
}
