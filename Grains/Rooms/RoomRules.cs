using ClubGrains.Bookings;
using ClubGrains.Common;
using ClubGrains.Venues;

namespace ClubGrains.Rooms;

/// <summary>
/// Who a room lets in (BK-7): it never holds or seats two parties, a live hold keeps it for its guest,
/// and a hold past its deadline counts as free even before its booking records the release.
/// </summary>
public static class RoomRules
{
    /// <summary>Who frees a room by repair (BK-8), when the GM's authorisation allows it too.</summary>
    public static readonly string[] RepairingRoles = [Roles.GeneralManager, Roles.ReceptionSupervisor];

    /// <summary>Another booking's hold that ran out: the room is free, and that booking is told in case it sleeps.</summary>
    public static bool IsExpiredHoldOfAnother(RoomOccupant? current, string bookingId, DateTimeOffset now) =>
        current is { Status: BookingStatus.Held } held && held.BookingId != bookingId && HoldRules.IsExpired(held.HoldUntil, now);

    /// <summary>BK-7: a live hold or a seated party of another booking keeps the room from this one.</summary>
    public static Refusal? Blocking(string roomId, RoomOccupant? current, string bookingId, DateTimeOffset now)
    {
        if (current is null || current.BookingId == bookingId || IsExpiredHoldOfAnother(current, bookingId, now))
        {
            return null;
        }

        return current.Status == BookingStatus.Held
            ? Refusal.Conflict($"Room '{roomId}' is held for booking '{current.BookingId}' ({current.GuestName}) until {current.HoldUntil:O}; it cannot be opened or given to anyone else before that guest arrives.", BookingRules.NoEarlyOpeningRule)
            : Refusal.Conflict($"Room '{roomId}' is occupied by booking '{current.BookingId}' ({current.GuestName}).", BookingRules.NoEarlyOpeningRule);
    }

    /// <summary>The booking's own hold seats its party up to and including the deadline, never after.</summary>
    public static Refusal? HoldRanOut(string roomId, RoomOccupant own, DateTimeOffset now) =>
        HoldRules.IsExpired(own.HoldUntil, now) ? Refusal.Conflict($"The hold on room '{roomId}' ran out at {own.HoldUntil:O}.") : null;

    /// <summary>Only the booking holding the room moves its deadline.</summary>
    public static Refusal? MayExtend(string roomId, RoomOccupant? current, string bookingId) =>
        current is { Status: BookingStatus.Held } held && held.BookingId == bookingId ? null : Refusal.Conflict($"Booking '{bookingId}' does not hold room '{roomId}'.");

    /// <summary>BK-8: a repair frees the room only from the booking it names now.</summary>
    public static Refusal? MayRepair(string roomId, RoomOccupant? current, string bookingId) =>
        current is not null && current.BookingId == bookingId ? null : Refusal.Conflict($"Room '{roomId}' does not name booking '{bookingId}' now.", OverrideRules.Rule);

    /// <summary>The room's history entry of a repair: whom it named, since when, and that the booking did not agree.</summary>
    public static Change Repaired(RoomOccupant freed, DateTimeOffset now, Actor actor, string reason) =>
        new(now, actor.ForRecord(), $"freed the room by repair: it named booking '{freed.BookingId}' ({freed.Status.ToString().ToLowerInvariant()} since {freed.Since:O}), which does not agree", OverrideRules.Rule, reason);
}
