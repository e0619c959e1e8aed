using Orleans.Concurrency;
using ClubGrains.Common;

namespace ClubGrains.Venues;

/// <summary>
/// A venue of the chain, keyed by its id: profile, time zone, business-day cut-off, policy and the
/// catalogue of rooms and tables, with the history of every change.
/// </summary>
[Alias("clubgrains.IVenueGrain")]
public interface IVenueGrain : IGrainWithStringKey
{
    [Alias("Create")]
    Task<Result<Venue>> Create(Actor actor, VenueDraft draft);

    [Alias("GetVenue"), ReadOnly]
    Task<Result<Venue>> GetVenue();

    [Alias("Update")]
    Task<Result<Venue>> Update(Actor actor, VenueDraft draft);

    /// <summary>Profile, policy and rooms at once, for grains that apply the policy.</summary>
    [Alias("GetSnapshot"), ReadOnly]
    Task<Result<VenueSnapshot>> GetSnapshot();

    [Alias("GetPolicy"), ReadOnly]
    Task<Result<VenuePolicy>> GetPolicy();

    [Alias("SetPolicy")]
    Task<Result<VenuePolicy>> SetPolicy(Actor actor, VenuePolicy policy);

    [Alias("GetRooms"), ReadOnly]
    Task<Result<IReadOnlyList<RoomDefinition>>> GetRooms();

    [Alias("PutRoom")]
    Task<Result<RoomDefinition>> PutRoom(Actor actor, string roomId, RoomDraft draft);

    [Alias("RemoveRoom")]
    Task<Result<RoomDefinition>> RemoveRoom(Actor actor, string roomId);

    /// <summary>BK-8: the GM authorises a reception supervisor to override, within a scope, until a time.</summary>
    [Alias("AuthoriseSupervisor")]
    Task<Result<SupervisorAuthorisation>> AuthoriseSupervisor(Actor actor, AuthorisationDraft draft);

    [Alias("RevokeSupervisor")]
    Task<Result<SupervisorAuthorisation>> RevokeSupervisor(Actor actor, string supervisor);

    [Alias("GetAuthorisations"), ReadOnly]
    Task<Result<IReadOnlyList<SupervisorAuthorisation>>> GetAuthorisations();

    /// <summary>BK-8: whether the actor may override now; null when allowed, else the refusal.</summary>
    [Alias("CheckOverride"), ReadOnly]
    Task<Refusal?> CheckOverride(Actor actor, OverrideScope scope);

    /// <summary>
    /// Records a change of a staff account or partner client listed at the venue, keyed by the login or
    /// by <c>client/</c> and the client id (a login holds no '/'); the same (key, version) twice is recorded once.
    /// </summary>
    [Alias("RecordAccountChange")]
    Task RecordAccountChange(string key, long version, Change change);

    [Alias("GetHistory"), ReadOnly]
    Task<Result<IReadOnlyList<Change>>> GetHistory();
}
