using ClubGrains.Common;
using ClubGrains.Venues;

namespace ClubGrains.Bookings;

/// <summary>BK-8 on a booking: extending its hold, reinstating it, repairing a room that names it.</summary>
public static class BookingOverrideRules
{
    /// <summary>Who may override, when the GM's authorisation (venue state) allows it too.</summary>
    public static readonly string[] OverridingRoles = [Roles.GeneralManager, Roles.ReceptionSupervisor];

    public static Refusal? MayExtend(Booking booking) =>
        booking.Status != BookingStatus.Held ? BookingRules.WrongStatus(booking, "extend the hold of", OverrideRules.Rule) : null;

    /// <summary>Past the current deadline, within the business day, and why.</summary>
    public static Refusal? CheckExtension(Booking booking, DateTimeOffset until, VenueClock clock, string? reason)
    {
        var errors = new List<FieldError>();
        if (HoldRules.CheckExtension(booking.HoldUntil!.Value, until, clock) is { } badUntil)
        {
            errors.Add(badUntil);
        }

        Limits.CheckText(errors, "reason", reason, Limits.Reason, OverrideRules.Rule, "why the hold is extended past the policy");
        return errors.Count > 0 ? Refusal.Invalid(errors) : null;
    }

    /// <summary>A released or cancelled booking is reinstated, and why.</summary>
    public static Refusal? MayReinstate(Booking booking, string? reason) =>
        booking.Status is not (BookingStatus.Released or BookingStatus.Cancelled)
            ? BookingRules.WrongStatus(booking, "reinstate", OverrideRules.Rule)
            : Limits.Check("reason", reason, Limits.Reason, OverrideRules.Rule, "why the booking is reinstated");

    /// <summary>The booking open again for an assignment: its release, credit and arrival after a cancellation forgotten.</summary>
    public static Booking Reopened(Booking booking) =>
        booking with { Status = BookingStatus.Requested, ReleasedAt = null, ReleasedAfterOutage = false, Credit = CreditStatus.Pending, ArrivedAfterCancellationAt = null };

    public static Refusal? CheckRepairReason(string? reason) =>
        Limits.Check("reason", reason, Limits.Reason, OverrideRules.Rule, "why the room is freed");

    /// <summary>A booking that (after its automatic steps) holds or sits in the room agrees with it: nothing to repair.</summary>
    public static Refusal? CheckRepairNeeded(string bookingId, Booking? booking, string roomId) =>
        booking is { Status: BookingStatus.Held or BookingStatus.Seated } live && live.RoomId == roomId
            ? Refusal.Conflict($"Booking '{bookingId}' agrees with room '{roomId}' ({live.Status.ToString().ToLowerInvariant()}): check it out or cancel it instead.", OverrideRules.Rule)
            : null;
}
