
namespace ClubGrains.Tests.Bookings;

/// <summary>Bookings in each state, for the pure rules' tests: no silo, no clock, just the record.</summary>
internal static class BookingSamples
{
    public static readonly TimeSpan China = TimeSpan.FromHours(8);
    public static readonly DateTimeOffset Evening = new(2026, 11, 27, 20, 0, 0, China);
    public static readonly Actor Desk = new("desk-1", Roles.Reception, "Reception", Venues: ["v1"]);
    public static readonly Actor Booker = new("m-7", Roles.Manager, "李娜", "K007", ["v1"], "ktv");
    public static readonly VenueClock Shanghai = new(TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai"), new TimeOnly(6, 0));

    public static readonly VenueSnapshot SampleVenue = new(
        new Venue("v1", "金色年华", "Asia/Shanghai", new TimeOnly(6, 0), [VenueKind.Ktv, VenueKind.Disco], "CNY", Evening, Evening),
        VenuePolicy.Default,
        [new RoomDefinition("k01", "牡丹厅", VenueKind.Ktv, "large", 12), new RoomDefinition("k02", "兰花厅", VenueKind.Ktv, "small", 6)]);

    public static Booking Requested() => new()
    {
        Id = "b1",
        VenueId = "v1",
        BusinessDay = new DateOnly(2026, 11, 27),
        Status = BookingStatus.Requested,
        Source = BookingSource.Booker,
        GuestName = "王小明",
        GuestPhone = "138 0013 8000",
        GuestPhoneNormalized = "+8613800138000",
        BookerDepartment = VenueKind.Ktv,
        BookerName = "李娜",
        BookerBadge = "K007",
        Currency = "CNY",
        CreatedAt = Evening,
        PlacedBy = Booker.Subject,
        History = [new Change(Evening, Booker, "placed", "BK-1")],
    };

    public static Booking Held() => Requested() with
    {
        Status = BookingStatus.Held,
        RoomId = "k01",
        RoomKind = VenueKind.Ktv,
        AssignedAt = Evening,
        HoldUntil = Evening.AddHours(1),
        HoldRule = "BK-2",
    };

    public static Booking Seated(string lastRule = "BK-7") => Held() with
    {
        Status = BookingStatus.Seated,
        SeatedAt = Evening.AddMinutes(30),
        History = [.. Requested().History, new Change(Evening.AddMinutes(30), Desk, "seated", lastRule)],
    };

    public static Booking Released(bool afterOutage = false) => Held() with
    {
        Status = BookingStatus.Released,
        ReleasedAt = Evening.AddHours(1),
        ReleasedAfterOutage = afterOutage,
    };
}
