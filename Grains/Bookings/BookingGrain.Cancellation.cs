using ClubGrains.Common;
using ClubGrains.Venues;

namespace ClubGrains.Bookings;

/// <summary>Cancelling: at the booker's request (BK-5) or by override (BK-8), and the booker asking reception to (BK-6).</summary>
public sealed partial class BookingGrain
{
    public Task<Result<Booking>> Cancel(Actor actor, bool atBookersRequest, string? reason) => Command("booking.cancel", actor, [.. BookingRules.ReceptionRoles], async booking =>
    {
        if (CancellationRules.MayCancel(booking, reason) is { } refused)
        {
            return refused;
        }

        if (!atBookersRequest)
        {
            if (await CheckOverride(actor, OverrideScope.ReleaseHold) is { } notAllowed)
            {
                return notAllowed;
            }

            if (CancellationRules.CheckOverrideReason(reason) is { } noReason)
            {
                return noReason;
            }
        }

        if (booking.RoomId is { } roomId && booking.Status == BookingStatus.Held)
        {
            await RoomGrain(roomId).Release(actor, BookingId);
        }

        var now = _time.GetUtcNow();
        var rule = CancellationRules.RuleOf(atBookersRequest);
        await Save(BookingEvents.Cancelled, booking with { Status = BookingStatus.Cancelled, Credit = CreditStatus.None }, actor, now,
            atBookersRequest ? "cancelled at the booker's request; a later arrival is a walk-in with no credit" : "released the hold by override", rule, reason);
        _metrics.BookingCancelled(VenueId, booking.RoomKind ?? booking.BookerDepartment!.Value, rule);
        return _state.State.Booking!;
    });

    public Task<Result<Booking>> RequestCancellation(Actor actor, string? reason) => Command("booking.request_cancellation", actor, [Roles.Manager, Roles.ApiClient], async booking =>
    {
        if (CancellationRules.MayAskToCancel(actor, booking, reason) is { } refused)
        {
            return refused;
        }

        var now = _time.GetUtcNow();
        await Save(BookingEvents.CancelRequested, booking with { CancellationRequestedAt = now }, actor, now, "asked reception to cancel the booking", BookingRules.ReceptionOnlyRule, reason);
        return _state.State.Booking!;
    });
}
