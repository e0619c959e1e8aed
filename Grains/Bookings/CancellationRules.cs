using ClubGrains.Common;
using ClubGrains.Venues;

namespace ClubGrains.Bookings;

/// <summary>Cancelling a booking: at the booker's request (BK-5), asked by the booker (BK-6), or by override (BK-8).</summary>
public static class CancellationRules
{
    public const string BookersRequestRule = "BK-5";

    /// <summary>A booking not yet seated is cancelled, with a reason within the bounds.</summary>
    public static Refusal? MayCancel(Booking booking, string? reason) =>
        booking.Status is not (BookingStatus.Requested or BookingStatus.Held)
            ? BookingRules.WrongStatus(booking, "cancel", BookingRules.ReceptionOnlyRule)
            : Limits.Check("reason", reason, Limits.Reason, OverrideRules.Rule);

    /// <summary>A cancellation other than at the booker's request is an override, and says why.</summary>
    public static Refusal? CheckOverrideReason(string? reason) =>
        string.IsNullOrWhiteSpace(reason)
            ? Refusal.Invalid([new FieldError("reason", "Required: why the hold is released other than at the booker's request.", OverrideRules.Rule)])
            : null;

    public static string RuleOf(bool atBookersRequest) => atBookersRequest ? BookersRequestRule : OverrideRules.Rule;

    /// <summary>
    /// BK-6: only the booker (or the partner system that placed it) asks reception to cancel, once,
    /// while the booking is not yet seated.
    /// </summary>
    public static Refusal? MayAskToCancel(Actor actor, Booking booking, string? reason)
    {
        if (actor.Role == Roles.Manager && actor.Badge != booking.BookerBadge)
        {
            return Refusal.Forbidden($"Only the booker (badge {booking.BookerBadge}) may ask to cancel this booking.", BookingRules.ReceptionOnlyRule);
        }

        if (BookingRules.MayReadBookingOf(actor, booking.BookerBadge, booking.PlacedBy) is { } notTheirs)
        {
            return notTheirs;
        }

        if (booking.Status is not (BookingStatus.Requested or BookingStatus.Held))
        {
            return BookingRules.WrongStatus(booking, "ask to cancel", BookingRules.ReceptionOnlyRule);
        }

        return booking.CancellationRequestedAt is { } asked
            ? Refusal.Conflict($"Reception was already asked to cancel this booking, at {asked:O}.", BookingRules.ReceptionOnlyRule)
            : Limits.Check("reason", reason, Limits.Reason, BookingRules.ReceptionOnlyRule);
    }
}
