namespace ClubGrains.Common;

public static class PersistentStateExtensions
{
    /// <summary>
    /// Writes the state; if the write fails the grain deactivates, so that its next call reloads what
    /// storage really holds instead of serving changes that were never stored.
    /// </summary>
    public static async Task WriteOrReloadAsync<T>(this IPersistentState<T> state, IGrainBase grain)
    {
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            grain.GrainContext.Deactivate(new DeactivationReason(DeactivationReasonCode.ApplicationError, "A state write failed; the next call reloads from storage."));
            throw;
        }
    }
}
