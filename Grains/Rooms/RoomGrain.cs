using ClubGrains.Bookings;
using ClubGrains.Common;
using ClubGrains.Hosting;
using ClubGrains.Venues;

namespace ClubGrains.Rooms;

[GenerateSerializer, Alias("clubgrains.RoomState")]
public sealed class RoomGrainState
{
    [Id(0)] public RoomOccupant? Occupant { get; set; }
    [Id(1)] public long Sequence { get; set; }

    /// <summary>Repairs (BK-8), newest last, bounded.</summary>
    [Id(2)] public List<Change> History { get; set; } = [];
}

/// <summary>
/// A room's timeline. The room alone decides who holds or sits in it, so two parties never share it;
/// a hold past its deadline counts as free here even before its booking records the release.
/// </summary>
public sealed class RoomGrain(
    [PersistentState("room", StorageNames.Club)] IPersistentState<RoomGrainState> state,
    TimeProvider time) : Grain, IRoomGrain
{
    /// <summary>The seated booking this activation has told of its room already (see TellSeatedBooking).</summary>
    private string? _toldBooking;

    private string VenueId => GrainKeys.ParseRoom(this.GetPrimaryKeyString()).VenueId;

    private string RoomId => GrainKeys.ParseRoom(this.GetPrimaryKeyString()).RoomId;

    public async Task<Result<RoomSnapshot>> Hold(Actor actor, RoomOccupant occupant)
    {
        if (Access.Require(actor, VenueId, BookingRules.ReceptionOnlyRule, BookingRules.ReceptionRoles) is { } denied)
        {
            return denied;
        }

        if (state.State.Occupant is { } current && current.BookingId == occupant.BookingId && current.Status == BookingStatus.Held)
        {
            return Snapshot();
        }

        if (Blocking(occupant.BookingId) is { } refusal)
        {
            return refusal;
        }

        await Occupy(occupant with { Status = BookingStatus.Held });
        return Snapshot();
    }

    public async Task<Result<RoomSnapshot>> Seat(Actor actor, RoomOccupant occupant)
    {
        if (Access.Require(actor, VenueId, BookingRules.ReceptionOnlyRule, BookingRules.ReceptionRoles) is { } denied)
        {
            return denied;
        }

        if (state.State.Occupant is { } current && current.BookingId == occupant.BookingId)
        {
            if (current.Status == BookingStatus.Seated)
            {
                return Snapshot();
            }

            if (HoldRules.IsExpired(current.HoldUntil, time.GetUtcNow()))
            {
                return Refusal.Conflict($"The hold on room '{RoomId}' ran out at {current.HoldUntil:O}.");
            }
        }
        else if (Blocking(occupant.BookingId) is { } refusal)
        {
            return refusal;
        }

        await Occupy(occupant with { Status = BookingStatus.Seated, HoldUntil = null });
        return Snapshot();
    }

    public async Task<RoomSnapshot> Release(Actor actor, string bookingId)
    {
        if (state.State.Occupant?.BookingId == bookingId)
        {
            await Occupy(null);
        }

        return Snapshot();
    }

    public async Task<Result<RoomSnapshot>> Extend(Actor actor, string bookingId, DateTimeOffset holdUntil)
    {
        if (Access.Require(actor, VenueId, BookingRules.ReceptionOnlyRule, BookingRules.ReceptionRoles) is { } denied)
        {
            return denied;
        }

        if (state.State.Occupant is not { Status: BookingStatus.Held } current || current.BookingId != bookingId)
        {
            return Refusal.Conflict($"Booking '{bookingId}' does not hold room '{RoomId}'.");
        }

        await Occupy(current with { HoldUntil = holdUntil });
        return Snapshot();
    }

    public async Task<Result<RoomSnapshot>> Repair(Actor actor, string bookingId, string reason)
    {
        if (Access.Require(actor, VenueId, OverrideRules.Rule, [Roles.GeneralManager, Roles.ReceptionSupervisor]) is { } denied)
        {
            return denied;
        }

        if (state.State.Occupant is not { } current || current.BookingId != bookingId)
        {
            return Refusal.Conflict($"Room '{RoomId}' does not name booking '{bookingId}' now.", OverrideRules.Rule);
        }

        Remember(new Change(time.GetUtcNow(), actor.ForRecord(), $"freed the room by repair: it named booking '{bookingId}' ({current.Status.ToString().ToLowerInvariant()} since {current.Since:O}), which does not agree", OverrideRules.Rule, reason));
        await Occupy(null);
        return Snapshot();
    }

    public async Task RecordConvergence(Actor actor, Change change)
    {
        if (!actor.IsSystem)
        {
            return;
        }

        Remember(change);
        await state.WriteOrReloadAsync(this);
    }

    /// <summary>The history keeps its newest entries, as many as a booking's.</summary>
    private void Remember(Change change)
    {
        if (state.State.History.Count >= Limits.BookingHistory)
        {
            state.State.History.RemoveAt(0);
        }

        state.State.History.Add(change);
    }

    public Task<IReadOnlyList<Change>> GetHistory() => Task.FromResult<IReadOnlyList<Change>>([.. state.State.History]);

    public Task<RoomSnapshot> GetSnapshot()
    {
        TellSeatedBooking();
        return Task.FromResult(Snapshot());
    }

    /// <summary>
    /// A seated party's booking may have no record (its write failed after the room took the party):
    /// tell it one way, never waiting on it, so it records the party and checkout can free the room.
    /// Once per seated booking and activation: the booking's own reads of the room (its convergence
    /// checks, the claim's re-check) would otherwise send it a message each time, and a booking with no
    /// record that is not a walk-in would be told again at every re-check, without end.
    /// </summary>
    private void TellSeatedBooking()
    {
        if (state.State.Occupant is { Status: BookingStatus.Seated } seated && seated.BookingId != _toldBooking)
        {
            _toldBooking = seated.BookingId;
            GrainFactory.GetGrain<IBookingGrain>(GrainKeys.Booking(VenueId, seated.BookingId)).RoomClaims(RoomId).Ignore();
        }
    }

    /// <summary>BK-7: a live hold or a seated party keeps the room from anyone else.</summary>
    private Refusal? Blocking(string bookingId)
    {
        if (state.State.Occupant is not { } current || current.BookingId == bookingId)
        {
            return null;
        }

        if (current.Status == BookingStatus.Held && HoldRules.IsExpired(current.HoldUntil, time.GetUtcNow()))
        {
            // The old booking learns of its release from its own deadline; tell it now in case it sleeps.
            GrainFactory.GetGrain<IBookingGrain>(GrainKeys.Booking(VenueId, current.BookingId)).WakeUp().Ignore();
            return null;
        }

        TellSeatedBooking();
        return current.Status == BookingStatus.Held
            ? Refusal.Conflict($"Room '{RoomId}' is held for booking '{current.BookingId}' ({current.GuestName}) until {current.HoldUntil:O}; it cannot be opened or given to anyone else before that guest arrives.", BookingRules.NoEarlyOpeningRule)
            : Refusal.Conflict($"Room '{RoomId}' is occupied by booking '{current.BookingId}' ({current.GuestName}).", BookingRules.NoEarlyOpeningRule);
    }

    private async Task Occupy(RoomOccupant? occupant)
    {
        state.State.Occupant = occupant;
        state.State.Sequence++;
        await state.WriteOrReloadAsync(this);
        await GrainFactory.GetGrain<IVenueBoardGrain>(VenueId).RoomChanged(Snapshot());
    }

    private RoomSnapshot Snapshot() => new(RoomId, state.State.Occupant, state.State.Sequence);
}
