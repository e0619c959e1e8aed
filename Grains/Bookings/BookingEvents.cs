using System.Text.Json;
using System.Text.Json.Serialization;
using ClubGrains.Events;

namespace ClubGrains.Bookings;

/// <summary>
/// A booking as a source of its venue's feed (<c>booking/{id}</c>): each history entry is one event,
/// numbered by its place in the history, typed by the kind the command gave it.
/// </summary>
public static class BookingEvents
{
    public const string Requested = "booking.requested";
    public const string Assigned = "booking.assigned";
    public const string Seated = "booking.seated";
    public const string WalkedIn = "booking.walked_in";
    public const string Released = "booking.released";
    public const string CancelRequested = "booking.cancel_requested";
    public const string Cancelled = "booking.cancelled";
    public const string Transferred = "booking.transferred";
    public const string TransferUndone = "booking.transfer_undone";
    public const string CheckedOut = "booking.checked_out";
    public const string LateArrivalSeated = "booking.late_arrival_seated";
    public const string LateArrivalRefused = "booking.late_arrival_refused";
    public const string ArrivalDuringOutage = "booking.arrival_during_outage";
    public const string ArrivedAfterCancellation = "booking.arrived_after_cancellation";
    public const string HoldExtended = "booking.hold_extended";
    public const string Reinstated = "booking.reinstated";
    public const string RoomFreedByRepair = "booking.room_freed_by_repair";

    /// <summary>An entry stored before kinds were recorded.</summary>
    public const string Changed = "booking.changed";

    public static IReadOnlyList<string> All { get; } =
    [
        Requested, Assigned, Seated, WalkedIn, Released, CancelRequested, Cancelled, Transferred, TransferUndone, CheckedOut,
        LateArrivalSeated, LateArrivalRefused, ArrivalDuringOutage, ArrivedAfterCancellation, HoldExtended, Reinstated, RoomFreedByRepair, Changed,
    ];

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    public static string Source(string bookingId) => "booking/" + bookingId;

    /// <summary>The history entries after the first <paramref name="held"/>, as the feed's source events.</summary>
    public static IReadOnlyList<SourceEvent> After(Booking booking, int held) =>
        FeedSource.Events(booking.History, held, Changed, booking.Id, booking.BookerBadge, booking.PlacedBy, Data(booking));

    /// <summary>What a reader of the feed needs of the booking without asking for it again.</summary>
    public static string Data(Booking b) => JsonSerializer.Serialize(
        new BookingData(b.Id, b.BusinessDay, b.Status, b.GuestName, b.PartySize, b.BookerName, b.BookerBadge, b.RoomId, b.HoldUntil, b.SeatedAt, b.CheckedOutAt, b.Spend,
            b.Spend is null ? null : b.Currency, b.Credit, b.Version),
        Json);

    private sealed record BookingData(
        string BookingId, DateOnly BusinessDay, BookingStatus Status, string GuestName, int? PartySize, string? BookerName, string? BookerBadge, string? RoomId,
        DateTimeOffset? HoldUntil, DateTimeOffset? SeatedAt, DateTimeOffset? CheckedOutAt, decimal? Spend, string? Currency, CreditStatus Credit, int Version);
}
