using ClubGrains.Common;

namespace ClubGrains.Venues;

[GenerateSerializer, Alias("clubgrains.VenueDirectoryState")]
public sealed class VenueDirectoryState
{
    [Id(0)] public Dictionary<string, VenueSummary> Venues { get; set; } = new(StringComparer.Ordinal);
}

/// <summary>The chain's venue list, fed by venue grains; registering the same summary twice is a no-op.</summary>
public sealed class VenueDirectoryGrain(
    [PersistentState("venues", StorageNames.Club)] IPersistentState<VenueDirectoryState> state) : Grain, IVenueDirectoryGrain
{
    public async Task Register(VenueSummary venue)
    {
        if (state.State.Venues.TryGetValue(venue.Id, out var known) && Same(known, venue))
        {
            return;
        }

        state.State.Venues[venue.Id] = venue;
        await state.WriteOrReloadAsync(this);
    }

    public Task<IReadOnlyList<VenueSummary>> List() =>
        Task.FromResult<IReadOnlyList<VenueSummary>>(state.State.Venues.Values.OrderBy(v => v.Id, StringComparer.Ordinal).ToArray());

    private static bool Same(VenueSummary a, VenueSummary b) =>
        a.Name == b.Name && a.TimeZone == b.TimeZone && a.Kinds.SequenceEqual(b.Kinds);
}
