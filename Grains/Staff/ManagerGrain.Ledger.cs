using ClubGrains.Common;
using ClubGrains.Venues;

namespace ClubGrains.Staff;

/// <summary>The ledger: violations (DS-1, DS-2), recommendations and their decisions (DS-4), and whether the manager may book.</summary>
public sealed partial class ManagerGrain
{
    public Task<Result<LedgerEntry>> RecordViolation(Actor actor, ViolationDraft draft) =>
        Command<LedgerEntry>(actor, StaffRules.Supervised(StaffRules.LedgerRule), async _ =>
        {
            if (LedgerRules.MayRecord(Badge, draft.Evidence, S.Ledger, _time.GetUtcNow()) is { } refused)
            {
                return refused;
            }

            if ((await Venue()).Value is not { } venue)
            {
                return StaffRules.VenueMissing(VenueId);
            }

            var decided = LedgerRules.Violation(draft, S.Ledger, venue.Policy.Discipline, venue.Venue.Currency);
            if (decided.Value is not { } decision)
            {
                return decided.Refusal!;
            }

            var now = _time.GetUtcNow();
            var entry = new LedgerEntry(Guid.CreateVersion7().ToString("N"), decision.Kind, decision.Rule, decision.Amount, venue.Venue.Currency, now, actor.ForRecord(), draft.Evidence!.Trim(), decision.Status);
            S.Ledger.Add(entry);
            Record(ManagerEvents.LedgerRecorded, actor, now, decision.What, decision.Rule, draft.Evidence.Trim());
            var clock = VenueClock.For(venue.Venue);
            await SaveDay(clock.BusinessDayOf(now), clock);
            if (entry.Kind == LedgerKind.Fine)
            {
                _metrics.Fined(VenueId, entry.Rule, entry.Amount!.Value);
            }

            return entry;
        });

    public Task<Result<LedgerEntry>> Decide(Actor actor, string entryId, bool confirm, string? reason) =>
        Command<LedgerEntry>(actor, StaffRules.Supervised(StaffRules.LedgerRule), async profile =>
        {
            var index = S.Ledger.FindIndex(e => e.Id == entryId);
            if (index < 0)
            {
                return LedgerRules.NoSuchEntry(Badge, entryId);
            }

            var entry = S.Ledger[index];
            if (LedgerRules.MayDecide(entry, reason) is { } refused)
            {
                return refused;
            }

            var now = _time.GetUtcNow();
            var decided = LedgerRules.Decided(entry, confirm, actor, now);
            S.Ledger[index] = decided;
            if (LedgerRules.StatusAfter(entry, confirm) is { } status)
            {
                S.Profile = profile with { Status = status };
            }

            Record(ManagerEvents.LedgerDecided, actor, now, $"{(confirm ? "confirmed" : "rejected")} the recommended {entry.Kind.ToString().ToLowerInvariant()} ({entry.Rule})", StaffRules.LedgerRule, reason);
            await Save();
            if (confirm && entry.Kind == LedgerKind.Fine)
            {
                _metrics.Fined(VenueId, entry.Rule, entry.Amount!.Value);
            }

            return decided;
        });

    public async Task RecommendFine(FineRequest fine)
    {
        if (S.Profile is null || !S.Operations.Add(fine.OperationId))
        {
            return;
        }

        S.Ledger.Add(LedgerRules.Recommended(fine));
        Record(ManagerEvents.FineRecommended, fine.RecordedBy, fine.At, $"recommended a fine of {fine.Amount} {fine.Currency} for the department manager to confirm", fine.Rule, fine.Evidence);
        await Save();
    }

    public async Task<Refusal?> MayBook(VenueKind bookerDepartment)
    {
        if (LedgerRules.Standing(S.Profile, VenueId, Badge, bookerDepartment) is { } standing)
        {
            return standing;
        }

        await ApplyDeadlines();
        var venue = (await Venue()).Value!;
        var today = VenueClock.For(venue.Venue).BusinessDayOf(_time.GetUtcNow());
        return WorkdayRules.BookingRightsToday(Badge, S.Days.GetValueOrDefault(today));
    }
}
