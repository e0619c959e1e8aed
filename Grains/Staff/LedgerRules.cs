using ClubGrains.Common;
using ClubGrains.Venues;
using static ClubGrains.Staff.StaffRules;

namespace ClubGrains.Staff;

/// <summary>What a violation puts in the ledger (DS-1, DS-2).</summary>
public sealed record ViolationDecision(LedgerKind Kind, string Rule, decimal? Amount, LedgerStatus Status, string What);

/// <summary>Pure rules of the ledger: violations (DS-1, DS-2), decisions on recommendations (DS-4), and whether a manager may book.</summary>
public static class LedgerRules
{
    public static Refusal NoSuchEntry(string badge, string entryId) => Refusal.NotFound($"Manager {badge}'s ledger has no entry '{entryId}'.");

    /// <summary>Evidence within its bound, and at most <see cref="Limits.PerManagerPerDay"/> entries recorded by people within 24 hours.</summary>
    public static Refusal? MayRecord(string badge, string? evidence, IEnumerable<LedgerEntry> ledger, DateTimeOffset now)
    {
        if (Limits.Check("evidence", evidence, Limits.Text, LedgerRule, "what happened, and how it is known") is { } badEvidence)
        {
            return badEvidence;
        }

        return RecentCount(ledger.Where(e => !e.RecordedBy.IsSystem).Select(e => e.At), now) >= Limits.PerManagerPerDay
            ? Refusal.Conflict($"{Limits.PerManagerPerDay} entries were recorded in manager {badge}'s ledger within the last 24 hours; no more can be recorded now.", LedgerRule)
            : null;
    }

    /// <summary>DS-1 and DS-2: the ledger entry a recorded violation makes, or every bad field.</summary>
    public static Result<ViolationDecision> Violation(ViolationDraft draft, IEnumerable<LedgerEntry> ledger, DisciplinePolicy policy, string currency)
    {
        switch (draft.Rule)
        {
            case QuarrelRule when draft.Serious == true:
                return new ViolationDecision(LedgerKind.Dismissal, QuarrelRule, null, LedgerStatus.Recommended, "a serious quarrel or fight: dismissal recommended");
            case QuarrelRule:
                if (draft.Amount is not { } amount || amount < policy.QuarrelFineMin || amount > policy.QuarrelFineMax)
                {
                    return Refusal.Invalid([new FieldError("amount", $"A quarrel or fight is fined {policy.QuarrelFineMin}–{policy.QuarrelFineMax} {currency}, set by the department manager; or mark it serious.", QuarrelRule)]);
                }

                return new ViolationDecision(LedgerKind.Fine, QuarrelRule, amount, LedgerStatus.Confirmed, $"a quarrel or fight: fined {amount} {currency}");
            case TipRule:
                if (draft.Tip is not { } tip || Limits.CheckAmount(tip, allowZero: false) is not null)
                {
                    return Refusal.Invalid([new FieldError("tip", $"Required: the tip asked for, which sets the fine: {Limits.AmountRange(allowZero: false)}.", TipRule)]);
                }

                var offence = ledger.Count(e => e.Rule == TipRule && e.Status != LedgerStatus.Rejected) + 1;
                if (offence >= policy.TipDismissalAt)
                {
                    return new ViolationDecision(LedgerKind.Dismissal, TipRule, null, LedgerStatus.Recommended, $"asked a guest for a tip, offence {offence}: dismissal recommended");
                }

                var times = offence == 1 ? policy.TipFirstMultiplier : policy.TipSecondMultiplier;
                return new ViolationDecision(LedgerKind.Fine, TipRule, tip * times, LedgerStatus.Confirmed, $"asked a guest for a tip of {tip} {currency}, offence {offence}: fined {times}× the tip");
            default:
                return Refusal.Invalid([new FieldError("rule", "DS-1 (quarrel or fight) or DS-2 (asking for tips).")]);
        }
    }

    /// <summary>DS-4: only a recommendation is confirmed or rejected, with a reason within its bound.</summary>
    public static Refusal? MayDecide(LedgerEntry entry, string? reason)
    {
        if (entry.Status != LedgerStatus.Recommended)
        {
            return Refusal.Conflict($"The entry is {entry.Status.ToString().ToLowerInvariant()}, not a recommendation.", LedgerRule);
        }

        return Limits.Check("reason", reason, Limits.Reason, LedgerRule);
    }

    public static LedgerEntry Decided(LedgerEntry entry, bool confirm, Actor actor, DateTimeOffset now) =>
        entry with { Status = confirm ? LedgerStatus.Confirmed : LedgerStatus.Rejected, DecidedBy = actor.ForRecord(), DecidedAt = now };

    /// <summary>DS-4: a confirmed suspension or dismissal takes effect; a fine or a rejection leaves the status.</summary>
    public static ManagerStatus? StatusAfter(LedgerEntry entry, bool confirm) =>
        confirm && entry.Kind != LedgerKind.Fine
            ? entry.Kind == LedgerKind.Suspension ? ManagerStatus.Suspended : ManagerStatus.Dismissed
            : null;

    /// <summary>A fine another rule recommends (BK-4), for the department manager to confirm.</summary>
    public static LedgerEntry Recommended(FineRequest fine) =>
        new(fine.OperationId, LedgerKind.Fine, fine.Rule, fine.Amount, fine.Currency, fine.At, fine.RecordedBy, fine.Evidence, LedgerStatus.Recommended);

    /// <summary>
    /// BK-1, DS-4: a booker is a registered manager of the booking's department (the record decides,
    /// never a token), neither suspended nor dismissed.
    /// </summary>
    public static Refusal? Standing(ManagerProfile? profile, string venueId, string badge, VenueKind bookerDepartment) => profile switch
    {
        null => Refusal.Invalid([new FieldError("bookerBadge", $"No account manager with badge {badge} works at venue '{venueId}'.", BookerRule)]),
        { Department: var registered } when registered != bookerDepartment =>
            Refusal.Invalid([new FieldError("bookerDepartment", $"Manager {badge} works in the {registered.ToString().ToLowerInvariant()} department, not {bookerDepartment.ToString().ToLowerInvariant()}.", BookerRule)]),
        { Status: ManagerStatus.Suspended } => Refusal.Forbidden($"Manager {badge} is suspended and cannot book.", LedgerRule),
        { Status: ManagerStatus.Dismissed } => Refusal.Forbidden($"Manager {badge} is dismissed and cannot book.", LedgerRule),
        _ => null,
    };

    /// <summary>The conduct entries of a business day the shift hears of (WD-6 mood, DS-1 quarrels, DS-2 tips).</summary>
    public static int ConductOn(IEnumerable<LedgerEntry> ledger, DateOnly businessDay, VenueClock clock) =>
        ledger.Count(e => e.Rule is MoodRule or QuarrelRule or TipRule && clock.BusinessDayOf(e.At) == businessDay);
}
