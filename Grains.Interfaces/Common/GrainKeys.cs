using System.Globalization;
using ClubGrains.Venues;

namespace ClubGrains.Common;

/// <summary>
/// The one place that builds and parses the keys of the per-venue grains, so a key written by a
/// caller always reads back the same in the grain. Venue, board and roster grains are keyed by the
/// venue id alone, customers by their normalised phone number.
/// </summary>
public static class GrainKeys
{
    private const string DayFormat = "yyyy-MM-dd";

    /// <summary><c>venueId/roomId</c>.</summary>
    public static string Room(string venueId, string roomId) => Join(venueId, roomId);

    /// <summary><c>venueId/bookingId</c>.</summary>
    public static string Booking(string venueId, string bookingId) => Join(venueId, bookingId);

    /// <summary><c>venueId/badge</c>.</summary>
    public static string Manager(string venueId, string badge) => Join(venueId, badge);

    /// <summary><c>venueId/yyyy-MM-dd</c>.</summary>
    public static string Day(string venueId, DateOnly businessDay) => Join(venueId, FormatDay(businessDay));

    /// <summary>A department's shift on a business day: <c>venueId/department/yyyy-MM-dd</c>.</summary>
    public static string Shift(string venueId, VenueKind department, DateOnly businessDay) =>
        Join(venueId, $"{department.ToString().ToLowerInvariant()}/{FormatDay(businessDay)}");

    public static (string VenueId, string RoomId) ParseRoom(string key) => Split(key);

    public static (string VenueId, string BookingId) ParseBooking(string key) => Split(key);

    public static (string VenueId, string Badge) ParseManager(string key) => Split(key);

    public static (string VenueId, DateOnly BusinessDay) ParseDay(string key)
    {
        var (venueId, day) = Split(key);
        return (venueId, ParseDayPart(day));
    }

    public static (string VenueId, VenueKind Department, DateOnly BusinessDay) ParseShift(string key)
    {
        var (venueId, rest) = Split(key);
        var (department, day) = Split(rest);
        return (venueId, Enum.Parse<VenueKind>(department, ignoreCase: true), ParseDayPart(day));
    }

    private static string Join(string venueId, string local) => $"{venueId}/{local}";

    private static string FormatDay(DateOnly day) => day.ToString(DayFormat, CultureInfo.InvariantCulture);

    private static DateOnly ParseDayPart(string day) => DateOnly.ParseExact(day, DayFormat, CultureInfo.InvariantCulture);

    private static (string Head, string Tail) Split(string key)
    {
        var slash = key.IndexOf('/', StringComparison.Ordinal);
        if (slash <= 0 || slash == key.Length - 1)
        {
            throw new FormatException($"'{key}' is not a per-venue grain key (venueId/…).");
        }

        return (key[..slash], key[(slash + 1)..]);
    }
}
