using ClubGrains.Venues;

namespace ClubGrains.Staff;

/// <summary>
/// The deadlines a manager's record holds, applied once each, stamped with their own time by the
/// system actor: one step per kind, then one save-and-arm.
/// </summary>
public sealed partial class ManagerGrain
{
    public Task ReceiveReminder(string reminderName, TickStatus status) => ApplyDeadlines();

    /// <summary>Applies every passed deadline, from one reading of the clock, then saves and arms for the next.</summary>
    private async Task ApplyDeadlines()
    {
        if (S.Profile is null)
        {
            return;
        }

        var pass = new DeadlinePass(_time.GetUtcNow(), async () => (await Venue()).Value!);
        await ApplyReplyDeadlines(pass);
        ApplyMealDeadlines(pass);
        await ApplyLogDeadlines(pass);
        await ApplyNewCustomersCheck(pass);
        await ApplyMonthAssessments(pass);
        ApplyCardDeadlines(pass);
        await _alarm.ArmAndSave(_state, StaffRules.NextDeadline(S), pass.Changed);
        if (pass.ShiftDays.Count > 0)
        {
            var (_, clock) = await pass.Venue();
            foreach (var day in pass.ShiftDays)
            {
                ReportToShift(day, clock);
            }
        }
    }

    /// <summary>
    /// One pass over the deadlines: the time they are judged at, whether anything changed, the business
    /// days whose shift must hear of it, and the venue, read once and only when a deadline needs it.
    /// </summary>
    private sealed class DeadlinePass(DateTimeOffset now, Func<Task<VenueSnapshot>> readVenue)
    {
        private (VenueSnapshot Venue, VenueClock Clock)? _venue;

        public DateTimeOffset Now { get; } = now;

        public bool Changed { get; set; }

        public HashSet<DateOnly> ShiftDays { get; } = [];

        public async Task<(VenueSnapshot Venue, VenueClock Clock)> Venue()
        {
            if (_venue is not { } known)
            {
                var venue = await readVenue();
                known = (venue, VenueClock.For(venue.Venue));
                _venue = known;
            }

            return known;
        }
    }
}
