using ClubGrains.Bookings;
using ClubGrains.Common;
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

    public Task<Result<RoomSnapshot>> Hold(Actor actor, RoomOccupant occupant) => Command(actor, async () =>
    {
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
    });

    public Task<Result<RoomSnapshot>> Seat(Actor actor, RoomOccupant occupant) => Command(actor, async () =>
    {
        if (state.State.Occupant is { } current && current.BookingId == occupant.BookingId)
        {
            if (current.Status == BookingStatus.Seated)
            {
                return Snapshot();
            }

            if (RoomRules.HoldRanOut(RoomId, current, time.GetUtcNow()) is { } ranOut)
            {
                return ranOut;
            }
        }
        else if (Blocking(occupant.BookingId) is { } refusal)
        {
            return refusal;
        }

        await Occupy(occupant with { Status = BookingStatus.Seated, HoldUntil = null });
        return Snapshot();
    });

    public async Task<RoomSnapshot> Release(Actor actor, string bookingId)
    {
        if (state.State.Occupant?.BookingId == bookingId)
        {
            await Occupy(null);
        }

        return Snapshot();
    }

    public Task<Result<RoomSnapshot>> Extend(Actor actor, string bookingId, DateTimeOffset holdUntil) => Command(actor, async () =>
    {
        if (RoomRules.MayExtend(RoomId, state.State.Occupant, bookingId) is { } refused)
        {
            return refused;
        }

        await Occupy(state.State.Occupant! with { HoldUntil = holdUntil });
        return Snapshot();
    });

    public Task<Result<RoomSnapshot>> Repair(Actor actor, string bookingId, string reason) => Command(actor, async () =>
    {
        if (RoomRules.MayRepair(RoomId, state.State.Occupant, bookingId) is { } refused)
        {
            return refused;
        }

        Remember(RoomRules.Repaired(state.State.Occupant!, time.GetUtcNow(), actor, reason));
        await Occupy(null);
        return Snapshot();
    }, OverrideRules.Rule, RoomRules.RepairingRoles);

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
        var now = time.GetUtcNow();
        var current = state.State.Occupant;
        if (RoomRules.IsExpiredHoldOfAnother(current, bookingId, now))
        {
            // The old booking learns of its release from its own deadline; tell it now in case it sleeps.
            GrainFactory.GetGrain<IBookingGrain>(GrainKeys.Booking(VenueId, current!.BookingId)).WakeUp().Ignore();
        }
        else if (current is not null && current.BookingId != bookingId)
        {
            TellSeatedBooking();
        }

        return RoomRules.Blocking(RoomId, current, bookingId, now);
    }

    /// <summary>The role and grant check of every command that changes who is in the room, written once.</summary>
    private async Task<Result<RoomSnapshot>> Command(Actor actor, Func<Task<Result<RoomSnapshot>>> act, string rule = BookingRules.ReceptionOnlyRule, string[]? roles = null) =>
        Access.Require(actor, VenueId, rule, roles ?? BookingRules.ReceptionRoles) is { } denied ? denied : await act();

    private async Task Occupy(RoomOccupant? occupant)
    {
        state.State.Occupant = occupant;
        state.State.Sequence++;
        await state.WriteOrReloadAsync(this);
        await GrainFactory.GetGrain<IVenueBoardGrain>(VenueId).RoomChanged(Snapshot());
    }

    private RoomSnapshot Snapshot() => new(RoomId, state.State.Occupant, state.State.Sequence);
}
