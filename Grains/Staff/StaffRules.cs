using ClubGrains.Common;
using ClubGrains.Venues;

namespace ClubGrains.Staff;

/// <summary>What a violation puts in the ledger (DS-1, DS-2).</summary>
public sealed record ViolationDecision(LedgerKind Kind, string Rule, decimal? Amount, LedgerStatus Status, string What);

/// <summary>Pure rules of the account managers' discipline, replies and cards.</summary>
public static class StaffRules
{
    public const string QuarrelRule = "DS-1";
    public const string TipRule = "DS-2";
    public const string ObeyFirstRule = "DS-3";
    public const string LedgerRule = "DS-4";
    public const string ReplyRule = "WD-5";
    public const string CardRule = "PF-2";
    public const string CreditRule = "PF-1";
    public const string LateRule = "WD-2";
    public const string ReviewRule = "WD-7";
    public const string LogRule = "LG-1";
    public const string EmptyLogRule = "LG-2";
    public const string ContactsRule = "WD-8";
    public const string QuotaRule = "TG-1";
    public const string NewCustomersRule = "TG-2";
    public const string EarlyLeaveRule = "WD-3";
    public const string MealRule = "WD-4";
    public const string MoodRule = "WD-6";

    /// <summary>Who records sign-ins and returns at the designated place: reception and the department manager (WD-2).</summary>
    public static readonly string[] Recorders = [Roles.Reception, Roles.ReceptionSupervisor, Roles.DepartmentManager, Roles.GeneralManager];

    public static readonly string[] Supervisors = [Roles.DepartmentManager, Roles.GeneralManager];

    /// <summary>Who reads a department's shift: those who record it and run the department, and operators.</summary>
    public static readonly string[] ShiftReaders = [.. Recorders, Roles.Operator];

    /// <summary>Who reads a manager's record: their supervisors, operators, and the manager themself.</summary>
    public static readonly string[] RecordReaders = [Roles.DepartmentManager, Roles.GeneralManager, Roles.Operator, Roles.Manager];

    /// <summary>Whether the reader may see this manager's record (DS-4: the ledger is the manager's and their supervisors').</summary>
    public static Refusal? MayRead(Actor reader, string venueId, string badge) =>
        Access.Require(reader, venueId, LedgerRule, RecordReaders)
        ?? (reader.Role == Roles.Manager && reader.Badge != badge
            ? Refusal.Forbidden("A manager reads only their own record.", LedgerRule)
            : null);

    /// <summary>
    /// WD-2: not signing in at all is absence (旷工). An active manager, registered by the day's sign-in
    /// deadline, who neither signed in nor phoned in beforehand, and whose day holds no absence yet.
    /// </summary>
    public static bool IsNoShow(ManagerProfile profile, ManagerDay day, DateTimeOffset signInBy) =>
        profile.Status == ManagerStatus.Active
        && profile.RegisteredAt <= signInBy
        && day.SignedInAt is null
        && !day.Excused(signInBy)
        && day.CreditCancelledBy is null
        && !day.NoShow;

    /// <summary>WD-5: a reply is on time at or before this.</summary>
    public static DateTimeOffset ReplyBy(DateTimeOffset sentAt, WorkdayPolicy policy) => sentAt.AddMinutes(policy.ReplyMinutes);

    /// <summary>PF-2: a slip of business day D must be signed by the end of the policy's following business days.</summary>
    public static DateTimeOffset SignBy(DateOnly businessDay, VenueClock clock, LogPolicy policy) =>
        clock.InstantOf(businessDay.AddDays(1 + policy.CardSigningBusinessDays), clock.DayCutoff);

    /// <summary>The end of a business day: the next day's cut-off.</summary>
    public static DateTimeOffset EndOf(DateOnly businessDay, VenueClock clock) => clock.InstantOf(businessDay.AddDays(1), clock.DayCutoff);

    /// <summary>TG-2 (chosen: the 15th): the end of the due day of the month that is next after <paramref name="now"/>.</summary>
    public static DateTimeOffset NextNewCustomersCheck(DateTimeOffset now, VenueClock clock, TargetPolicy policy)
    {
        var today = clock.BusinessDayOf(now);
        var due = new DateOnly(today.Year, today.Month, policy.NewCustomersDueDay);
        var end = EndOf(due, clock);
        return end >= now ? end : EndOf(due.AddMonths(1), clock);
    }

    /// <summary>TG-1: a month is assessed once its last slips' signing deadline has passed.</summary>
    public static DateTimeOffset AssessmentAt(DateOnly monthStart, VenueClock clock, LogPolicy policy) =>
        SignBy(monthStart.AddMonths(1).AddDays(-1), clock, policy);

    /// <summary>TG-1: the month's result from its signed slips, against the department's quota (chosen numbers in the policy).</summary>
    public static MonthResult Assess(DateOnly monthStart, IEnumerable<CardSlip> card, VenueKind department, bool onProbation, int newCustomers, TargetPolicy policy)
    {
        var counted = card.Where(c => c.SignedAt is not null && !c.Void && c.BusinessDay.Year == monthStart.Year && c.BusinessDay.Month == monthStart.Month).ToArray();
        var revenue = counted.Sum(c => c.Spend);
        var rooms = counted.Length;
        var (revenueQuota, roomQuota) = department == VenueKind.Ktv ? (policy.KtvMonthlyRevenue, (int?)policy.KtvMonthlyRooms) : (policy.DiscoMonthlyRevenue, null);
        var met = revenue >= revenueQuota && (roomQuota is null || rooms >= roomQuota);
        return new MonthResult(monthStart.Year, monthStart.Month, revenue, rooms, revenueQuota, roomQuota, met, onProbation, newCustomers);
    }

    /// <summary>LG-1: the required parts a log leaves out.</summary>
    public static IReadOnlyList<string> MissingParts(DailyLogDraft log) =>
        new (string Part, bool Present)[]
        {
            ("bookings", log.Bookings is not null),
            ("gifts", log.Gifts is not null),
            ("newCustomers", log.NewCustomers is not null),
            ("feedback", log.Feedback is not null),
        }.Where(p => !p.Present).Select(p => p.Part).ToArray();

    /// <summary>WD-5: whether this miss, with the month's earlier ones, reaches the suspension count (chosen: one calendar month).</summary>
    public static bool SuspensionDue(IEnumerable<ManagerMessage> messages, DateTimeOffset missedAt, VenueClock clock, WorkdayPolicy policy)
    {
        var month = Month(clock, missedAt);
        return messages.Count(m => m.Missed && Month(clock, m.ReplyBy) == month) == policy.MissedRepliesForSuspension;
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

    private static (int Year, int Month) Month(VenueClock clock, DateTimeOffset at)
    {
        var day = clock.BusinessDayOf(at);
        return (day.Year, day.Month);
    }
}
