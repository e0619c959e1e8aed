using ClubGrains.Rooms;

namespace ClubGrains.Bookings;

/// <summary>
/// How a booking and its rooms agree again after one of their writes failed half-way: the room
/// decides who is in it, so what the room holds completes the step or undoes it.
/// </summary>
public static class ConvergenceRules
{
    public const string CompletedAfterFailedWrite = "completed after a failed write";

    /// <summary>A held booking whose room seats it: the seat went through and only the booking's write failed.</summary>
    public static bool SeatWentThrough(Booking booking, RoomOccupant? occupantOfItsRoom) =>
        booking.Status == BookingStatus.Held
        && occupantOfItsRoom is { Status: BookingStatus.Seated } occupant
        && occupant.BookingId == booking.Id;

    /// <summary>A transfer under way went through once the target room seats the party; otherwise it never happened.</summary>
    public static bool TransferWentThrough(Booking booking, RoomOccupant? occupantOfTarget) =>
        booking.PendingTransfer is not null
        && occupantOfTarget is { Status: BookingStatus.Seated } occupant
        && occupant.BookingId == booking.Id;

    /// <summary>
    /// A room seats a walk-in party under a booking id that has no record: the walk-in's write failed
    /// after the room took the party. Only a walk-in is seated without a record (no booker on the room).
    /// </summary>
    public static bool IsUnrecordedWalkIn(Booking? booking, string bookingId, RoomOccupant? occupant) =>
        booking is null
        && occupant is { Status: BookingStatus.Seated, BookerBadge: null } seated
        && seated.BookingId == bookingId;
}
