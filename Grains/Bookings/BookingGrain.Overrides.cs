using ClubGrains.Common;
using ClubGrains.Rooms;
using ClubGrains.Venues;

namespace ClubGrains.Bookings;

/// <summary>BK-8 overrides by the GM or an authorised supervisor: extend a hold, reinstate a booking, repair a room.</summary>
public sealed partial class BookingGrain
{
    public Task<Result<Booking>> ExtendHold(Actor actor, DateTimeOffset until, string? reason) => Command("booking.extend_hold", actor, BookingOverrideRules.OverridingRoles, async booking =>
    {
        if ((await CheckOverride(actor, OverrideScope.ExtendHold) ?? BookingOverrideRules.MayExtend(booking)) is { } refused)
        {
            return refused;
        }

        if ((await Venue()).Value is not { } venue)
        {
            return BookingRules.VenueMissing(VenueId);
        }

        if (BookingOverrideRules.CheckExtension(booking, until, VenueClock.For(venue.Venue), reason) is { } invalid)
        {
            return invalid;
        }

        var extended = await RoomGrain(booking.RoomId!).Extend(actor, BookingId, until);
        if (extended.Refusal is { } refusal)
        {
            return refusal;
        }

        await Save(BookingEvents.HoldExtended, booking with { HoldUntil = until }, actor, _time.GetUtcNow(), $"extended the hold from {booking.HoldUntil:O} to {until:O}", OverrideRules.Rule, reason);
        return _state.State.Booking!;
    }, OverrideRules.Rule);

    public Task<Result<Booking>> Reinstate(Actor actor, string? roomId, string? reason) => Command("booking.reinstate", actor, BookingOverrideRules.OverridingRoles, async booking =>
    {
        if ((await CheckOverride(actor, OverrideScope.Reinstate) ?? BookingOverrideRules.MayReinstate(booking, reason)) is { } refused)
        {
            return refused;
        }

        if ((await Venue()).Value is not { } venue)
        {
            return BookingRules.VenueMissing(VenueId);
        }

        var assigned = await AssignRoom(BookingOverrideRules.Reopened(booking), actor, venue, roomId ?? booking.RoomId, null, automatic: false, overriding: true);
        if (assigned.Value is not { } held)
        {
            return assigned;
        }

        await Save(BookingEvents.Reinstated, held, actor, _time.GetUtcNow(), $"reinstated the booking ({booking.Status.ToString().ToLowerInvariant()} before)", OverrideRules.Rule, reason);
        return _state.State.Booking!;
    }, OverrideRules.Rule);

    public async Task<Result<RoomSnapshot>> RepairRoom(Actor actor, string roomId, string? reason)
    {
        if ((Denied(actor, BookingOverrideRules.OverridingRoles, OverrideRules.Rule)
                ?? await CheckOverride(actor, OverrideScope.RepairRoom)
                ?? BookingOverrideRules.CheckRepairReason(reason)) is { } refused)
        {
            return refused;
        }

        if (_state.State.Booking is not null)
        {
            // The automatic steps first: what they can decide needs no repair.
            await Converge();
            if (BookingOverrideRules.CheckRepairNeeded(BookingId, _state.State.Booking, roomId) is { } agrees)
            {
                return agrees;
            }
        }

        var repaired = await RoomGrain(roomId).Repair(actor, BookingId, reason!.Trim());
        if (repaired.Refusal is null && _state.State.Booking is { } booking && BookingRules.HistoryFull(booking) is null)
        {
            await Save(BookingEvents.RoomFreedByRepair, booking, actor, _time.GetUtcNow(), $"room {roomId}, which still named this booking ({booking.Status.ToString().ToLowerInvariant()}{(booking.RoomId is { } own ? $", in {own}" : string.Empty)}), was freed by repair", OverrideRules.Rule, reason.Trim());
        }

        return repaired;
    }
}
