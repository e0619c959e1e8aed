namespace ClubGrains.Bookings;

/// <summary>What the board and lists show of a booking.</summary>
[GenerateSerializer, Immutable, Alias("clubgrains.BookingSummary")]
public sealed record BookingSummary(
    [property: Id(0)] string Id,
    [property: Id(1)] BookingStatus Status,
    [property: Id(2)] BookingSource Source,
    [property: Id(3)] string GuestName,
    [property: Id(4)] string? BookerName,
    [property: Id(5)] string? BookerBadge,
    [property: Id(6)] string? RoomId,
    [property: Id(7)] DateTimeOffset? HoldUntil,
    [property: Id(8)] decimal? Spend,
    [property: Id(9)] CreditStatus Credit,
    [property: Id(10)] int Version,
    [property: Id(11)] string? PlacedBy = null)
{
    public static BookingSummary Of(Booking b) =>
        new(b.Id, b.Status, b.Source, b.GuestName, b.BookerName, b.BookerBadge, b.RoomId, b.HoldUntil, b.Spend, b.Credit, b.Version, b.PlacedBy);
}
