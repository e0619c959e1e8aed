using ClubGrains.Common;
using ClubGrains.Venues;

namespace ClubGrains.Staff;

[GenerateSerializer, Alias("clubgrains.VenueRosterState")]
public sealed class VenueRosterState
{
    [Id(0)] public Dictionary<string, VenueKind> Managers { get; set; } = new(StringComparer.Ordinal);
}

/// <summary>The venue's account managers by department; enlisting the same manager twice changes nothing.</summary>
public sealed class VenueRosterGrain([PersistentState("roster", StorageNames.Club)] IPersistentState<VenueRosterState> state) : Grain, IVenueRosterGrain
{
    public async Task Enlist(string badge, VenueKind department)
    {
        if (state.State.Managers.TryGetValue(badge, out var known) && known == department)
        {
            return;
        }

        state.State.Managers[badge] = department;
        await state.WriteOrReloadAsync(this);
    }

    public Task<IReadOnlyList<string>> Badges(VenueKind? department) =>
        Task.FromResult<IReadOnlyList<string>>(state.State.Managers
            .Where(m => department is null || m.Value == department)
            .Select(m => m.Key)
            .Order(StringComparer.Ordinal)
            .ToArray());
}
