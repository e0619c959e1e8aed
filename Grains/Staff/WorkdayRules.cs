using ClubGrains.Common;
using ClubGrains.Venues;
using static ClubGrains.Staff.StaffRules;

namespace ClubGrains.Staff;

/// <summary>Pure rules of a manager's working day: sign-in and phoning in (WD-1, WD-2, WD-7), meal leave (WD-4), absences (WD-2, WD-3, WD-6).</summary>
public static class WorkdayRules
{
    /// <summary>WD-2: at or before the sign-in deadline is on time; phoning in then excuses the day.</summary>
    public static bool OnTime(DateTimeOffset at, DateTimeOffset signInBy) => at <= signInBy;

    public static Refusal? CheckPhoneInReason(string? reason) => Limits.Check("reason", reason, Limits.Reason, LateRule);

    /// <summary>WD-2: one call a day, asking for leave with its reason.</summary>
    public static Result<ManagerDay> PhoneIn(string badge, ManagerDay day, DateTimeOffset now, string? reason)
    {
        if (day.PhonedInAt is { } phoned)
        {
            return Refusal.Conflict($"Manager {badge} already phoned in today, at {phoned:O}.", LateRule);
        }

        return day with { PhonedInAt = now, LeaveReason = reason?.Trim() };
    }

    /// <summary>
    /// WD-1, WD-2: one sign-in a day; after the deadline without having phoned in beforehand it is late.
    /// The day's log falls due at its end unless already written (<paramref name="logDueBy"/>).
    /// </summary>
    public static Result<ManagerDay> SignIn(string badge, ManagerDay day, DateTimeOffset now, DateTimeOffset signInBy, DateTimeOffset? logDueBy)
    {
        if (day.SignedInAt is not null)
        {
            return Refusal.Conflict($"Manager {badge} already signed in at {day.SignedInAt:O}.", SignInRule);
        }

        var late = !OnTime(now, signInBy) && !day.Excused(signInBy);
        return day with { LogDueBy = logDueBy, SignedInAt = now, Late = late };
    }

    /// <summary>WD-2: the fine of a late sign-in without having phoned in, stamped at the sign-in.</summary>
    public static LedgerEntry LateFine(DateOnly businessDay, DateTimeOffset signedInAt, VenueClock clock, WorkdayPolicy policy, string currency) =>
        new($"late:{businessDay:yyyy-MM-dd}", LedgerKind.Fine, LateRule, policy.LateFine, currency, signedInAt, Actor.System,
            $"signed in at {clock.ToLocal(signedInAt):HH:mm:ss}, after {policy.SignInBy:HH:mm}, without having phoned in", LedgerStatus.Confirmed);

    /// <summary>WD-7: the late sign-ins in a row that go to the department manager for review.</summary>
    public static bool ReviewDue(int lateStreak, WorkdayPolicy policy) => lateStreak == policy.LateStreakForReview;

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

    /// <summary>WD-2: the absence fine of a no-show, recommended for the department manager to confirm, stamped at the day's close.</summary>
    public static LedgerEntry NoShowFine(DateOnly businessDay, DateTimeOffset signInBy, DateTimeOffset closedAt, VenueClock clock, WorkdayPolicy policy, string currency) =>
        new($"no-show:{businessDay:yyyy-MM-dd}", LedgerKind.Fine, LateRule, policy.AbsenceFine, currency, closedAt, Actor.System,
            $"never signed in on business day {businessDay:yyyy-MM-dd} and did not phone in before {clock.ToLocal(signInBy):HH:mm}", LedgerStatus.Recommended);

    /// <summary>
    /// WD-4: leave for a meal with a customer, asked the policy's notice ahead, starting before the
    /// return deadline; one at a time, until the return is recorded.
    /// </summary>
    public static Result<ManagerDay> MealLeave(ManagerDay day, DateTimeOffset? from, DateTimeOffset now, VenueClock clock, WorkdayPolicy policy)
    {
        if (day is { MealFrom: { } asked, MealReturnedAt: null })
        {
            return Refusal.Conflict($"Leave for a meal from {clock.ToLocal(asked):HH:mm} is already asked for; the return is recorded first.", MealRule);
        }

        if (from is not { } start || start - now < TimeSpan.FromMinutes(policy.MealLeaveNoticeMinutes))
        {
            return Refusal.Invalid([new FieldError("from", $"Ask at least {policy.MealLeaveNoticeMinutes} minutes before the meal.", MealRule)]);
        }

        var returnBy = clock.InstantOf(day.BusinessDay, policy.MealReturnBy);
        if (start >= returnBy)
        {
            return Refusal.Invalid([new FieldError("from", $"The meal must start before the return deadline {policy.MealReturnBy:HH:mm}.", MealRule)]);
        }

        return day with { MealFrom = start, MealReturnBy = returnBy, MealReturnedAt = null };
    }

    /// <summary>WD-4: a return is recorded for a meal the manager is away at.</summary>
    public static Result<ManagerDay> MealReturn(string badge, ManagerDay? day, DateTimeOffset now)
    {
        if (day is null || day.MealFrom is null || day.MealReturnedAt is not null)
        {
            return Refusal.Conflict($"Manager {badge} is not away at a meal.", MealRule);
        }

        return day with { MealReturnedAt = now };
    }

    /// <summary>WD-4: not back by the return deadline, and not yet counted: a day's absence.</summary>
    public static bool MealOverdue(ManagerDay day, DateTimeOffset now) =>
        day.MealReturnBy is { } by && day.MealReturnedAt is null && Passed(by, now) && !day.MealOverrun;

    /// <summary>WD-2, WD-3, WD-6: the absences the department manager records, each with its evidence.</summary>
    public static Refusal? CheckAbsence(string? rule, string? evidence)
    {
        var errors = new List<FieldError>();
        if (rule is not (LateRule or EarlyLeaveRule or MoodRule))
        {
            errors.Add(new("rule", "WD-2 (did not come, without having phoned in), WD-3 (left early without approved leave) or WD-6 (bad mood at work)."));
        }

        Limits.CheckText(errors, "evidence", evidence, Limits.Text, rule, "what happened, and how it is known");
        return errors.Count > 0 ? Refusal.Invalid(errors) : null;
    }

    /// <summary>One absence of each rule a business day.</summary>
    public static Refusal? AbsenceRecorded(IEnumerable<LedgerEntry> ledger, string rule, DateOnly businessDay) =>
        ledger.Any(e => e.Id == AbsenceId(rule, businessDay))
            ? Refusal.Conflict($"This absence ({rule}) is already recorded for {businessDay:yyyy-MM-dd}.", rule)
            : null;

    /// <summary>WD-3: leaving early is recorded on the day when it is recorded.</summary>
    public static ManagerDay Absent(ManagerDay day, string rule, DateTimeOffset now) =>
        day with { LeftEarlyAt = rule == EarlyLeaveRule ? now : day.LeftEarlyAt };

    /// <summary>The absence fine (旷工), in force at once, recorded by the department manager with the evidence.</summary>
    public static LedgerEntry AbsenceFine(string rule, DateOnly businessDay, DateTimeOffset now, Actor recorder, string evidence, WorkdayPolicy policy, string currency) =>
        new(AbsenceId(rule, businessDay), LedgerKind.Fine, rule, policy.AbsenceFine, currency, now, recorder.ForRecord(), evidence.Trim(), LedgerStatus.Confirmed);

    public static string AbsenceWhat(string rule) => rule switch
    {
        LateRule => "did not come and did not phone in",
        EarlyLeaveRule => "left early without approved leave",
        _ => "showed a bad mood at work",
    };

    /// <summary>WD-2, PF-1: a day whose credit is cancelled (late or absent) gives no booking rights; existing bookings stand.</summary>
    public static Refusal? BookingRightsToday(string badge, ManagerDay? today) =>
        today is { CreditCancelledBy: { } rule }
            ? Refusal.Forbidden($"Manager {badge} has no booking rights today: {(today.Late ? "signed in late without having phoned in" : "absent")} ({rule}); existing bookings stand, without credit.", rule)
            : null;

    private static string AbsenceId(string rule, DateOnly businessDay) => $"absent:{rule}:{businessDay:yyyy-MM-dd}";
}
