using ClubGrains.Common;

namespace ClubGrains.Bookings;

/// <summary>Bringing the guest to the held room (BK-7), moving the party (BK-9) and checking it out (BK-10).</summary>
public static class SeatingRules
{
    public const string TransferRule = "BK-9";
    public const string CheckOutRule = "BK-10";

    /// <summary>A retry of the seat just recorded (or completed after its write failed): the guest is in the room.</summary>
    public static bool IsSeatRetry(Booking booking) =>
        booking.Status == BookingStatus.Seated && booking.History[^1].Rule == BookingRules.NoEarlyOpeningRule;

    /// <summary>Only a held room is opened for its guest; after the hold ran out the arrival is a late one (BK-4).</summary>
    public static Refusal? MaySeat(Booking booking) => booking.Status switch
    {
        BookingStatus.Held => null,
        BookingStatus.Released => Refusal.Conflict($"The hold ran out at {booking.ReleasedAt:O} ({booking.HoldRule}); record the late arrival instead ({LateArrivalRules.Rule}).", booking.HoldRule),
        _ => BookingRules.WrongStatus(booking, "seat", BookingRules.NoEarlyOpeningRule),
    };

    /// <summary>A retry of the transfer just recorded (or completed after a write failed half-way).</summary>
    public static bool IsTransferRetry(Booking booking, string toRoomId) =>
        booking.Status == BookingStatus.Seated && toRoomId == booking.RoomId && booking.History[^1].Rule == TransferRule;

    /// <summary>A seated party moves to another room.</summary>
    public static Refusal? MayTransfer(Booking booking, string toRoomId)
    {
        if (booking.Status != BookingStatus.Seated)
        {
            return BookingRules.WrongStatus(booking, "transfer", TransferRule);
        }

        return toRoomId == booking.RoomId
            ? Refusal.Invalid([new FieldError("toRoomId", $"The party is already in {toRoomId}.", TransferRule)])
            : null;
    }

    /// <summary>A retry of the checkout recorded with this spend: the credit and the visit are delivered again (card and file take them once).</summary>
    public static bool IsCheckOutRetry(Booking booking, decimal spend) =>
        booking.Status == BookingStatus.CheckedOut && booking.Spend == spend;

    /// <summary>A seated party checks out with an amount the bounds allow.</summary>
    public static Refusal? MayCheckOut(Booking booking, decimal spend)
    {
        if (booking.Status != BookingStatus.Seated)
        {
            return BookingRules.WrongStatus(booking, "check out", CheckOutRule);
        }

        return Limits.CheckAmount(spend) is { } badSpend
            ? Refusal.Invalid([new FieldError("spend", $"The amount spent {badSpend}.", CheckOutRule)])
            : null;
    }

    /// <summary>PF-1: a checked-out booking counts for its booker; a walk-in has none.</summary>
    public static CreditStatus CreditOf(Booking booking) => booking.Source == BookingSource.WalkIn ? CreditStatus.None : CreditStatus.Credited;
}
