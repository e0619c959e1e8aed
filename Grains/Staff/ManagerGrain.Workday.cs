using ClubGrains.Common;
using ClubGrains.Venues;

namespace ClubGrains.Staff;

/// <summary>The working day: phoning in and signing in (WD-1, WD-2, WD-7), meal leave (WD-4), absences (WD-2, WD-3, WD-6) and the day's close.</summary>
public sealed partial class ManagerGrain
{
    public Task<Result<ManagerDay>> PhoneIn(Actor actor, string? reason) =>
        Command<ManagerDay>(actor, StaffRules.PhoneIn, async _ =>
        {
            if (WorkdayRules.CheckPhoneInReason(reason) is { } badReason)
            {
                return badReason;
            }

            var (venue, clock, today, now) = await Today();
            var phoned = WorkdayRules.PhoneIn(Badge, DayOf(today), now, reason);
            if (phoned.Value is not { } day)
            {
                return phoned;
            }

            S.Days[today] = day;
            Record(ManagerEvents.PhonedIn, actor, now, WorkdayRules.OnTime(now, clock.InstantOf(today, venue.Policy.Workday.SignInBy))
                ? "phoned in to ask for leave before the sign-in deadline: the day is excused"
                : "phoned in after the sign-in deadline: it does not excuse lateness", StaffRules.LateRule, reason);
            await SaveDay(today, clock);
            return day;
        });

    public Task<Result<ManagerDay>> SignIn(Actor actor) =>
        Command<ManagerDay>(actor, StaffRules.Recorded(StaffRules.LateRule), async profile =>
        {
            var (venue, clock, today, now) = await Today();
            var policy = venue.Policy.Workday;
            var signInBy = clock.InstantOf(today, policy.SignInBy);
            var signed = WorkdayRules.SignIn(Badge, DayOf(today), now, signInBy, LogRules.LogDueBy(today, clock, S.Logs.ContainsKey(today)));
            if (signed.Value is not { } day)
            {
                return signed;
            }

            S.Days[today] = day;
            if (!day.Late)
            {
                var onTime = WorkdayRules.OnTime(now, signInBy);
                S.LateStreak = onTime ? 0 : S.LateStreak;
                Record(ManagerEvents.SignedIn, actor, now, onTime ? "signed in on time" : "signed in after the deadline, excused: phoned in beforehand", StaffRules.SignInRule);
            }
            else
            {
                S.LateStreak++;
                S.Ledger.Add(WorkdayRules.LateFine(today, now, clock, policy, venue.Venue.Currency));
                Record(ManagerEvents.SignedInLate, actor, now, $"signed in late without having phoned in: fined {policy.LateFine} {venue.Venue.Currency}; no new bookings, no credit and no day's pay today", StaffRules.LateRule);
                CancelDayCredit(today, StaffRules.LateRule, now);
                _metrics.SignedInLate(VenueId, profile.Department, now - signInBy);
                _metrics.Fined(VenueId, StaffRules.LateRule, policy.LateFine);
                if (WorkdayRules.ReviewDue(S.LateStreak, policy))
                {
                    Record(ManagerEvents.LateStreakEscalated, Actor.System, now, $"{S.LateStreak} late sign-ins in a row: escalated to the department manager for review", StaffRules.ReviewRule);
                }
            }

            await SaveDay(today, clock);
            return S.Days[today];
        });

    public Task<Result<ManagerDay>> RequestMealLeave(Actor actor, DateTimeOffset? from) =>
        Command<ManagerDay>(actor, StaffRules.Own("ask for another manager's leave"), async _ =>
        {
            var (venue, clock, today, now) = await Today();
            var asked = WorkdayRules.MealLeave(DayOf(today), from, now, clock, venue.Policy.Workday);
            if (asked.Value is not { } day)
            {
                return asked;
            }

            S.Days[today] = day;
            Record(ManagerEvents.MealLeave, actor, now, $"asked for leave to dine with a customer from {clock.ToLocal(day.MealFrom!.Value):HH:mm}; back by {clock.ToLocal(day.MealReturnBy!.Value):HH:mm}", StaffRules.MealRule);
            await SaveDay(today, clock);
            return day;
        });

    public Task<Result<ManagerDay>> ReturnFromMeal(Actor actor) =>
        Command<ManagerDay>(actor, StaffRules.Recorded(StaffRules.MealRule), async _ =>
        {
            await ApplyDeadlines();
            var (_, clock, today, now) = await Today();
            var returned = WorkdayRules.MealReturn(Badge, S.Days.GetValueOrDefault(today), now);
            if (returned.Value is not { } day)
            {
                return returned;
            }

            S.Days[today] = day;
            Record(ManagerEvents.MealBack, actor, now, day.MealOverrun ? "back from the meal after the deadline (already counted as absence)" : "back from the meal in time", StaffRules.MealRule);
            await SaveDay(today, clock);
            return S.Days[today];
        });

    public Task<Result<ManagerDay>> RecordAbsence(Actor actor, string? rule, string? evidence) =>
        Command<ManagerDay>(actor, StaffRules.Supervised(StaffRules.LedgerRule), async _ =>
        {
            if (WorkdayRules.CheckAbsence(rule, evidence) is { } invalid)
            {
                return invalid;
            }

            var (venue, clock, today, now) = await Today();
            if (WorkdayRules.AbsenceRecorded(S.Ledger, rule!, today) is { } recorded)
            {
                return recorded;
            }

            S.Days[today] = WorkdayRules.Absent(DayOf(today), rule!, now);
            var fine = WorkdayRules.AbsenceFine(rule!, today, now, actor, evidence!, venue.Policy.Workday, venue.Venue.Currency);
            S.Ledger.Add(fine);
            Record(ManagerEvents.Absent, actor, now, $"{WorkdayRules.AbsenceWhat(rule!)}: a day's absence (旷工), fined {fine.Amount} {venue.Venue.Currency}; the day's credit is cancelled", rule!, evidence);
            CancelDayCredit(today, rule!, now);
            _metrics.Fined(VenueId, rule!, fine.Amount!.Value);
            await SaveDay(today, clock);
            return S.Days[today];
        });

    public async Task<ManagerDay> CloseDay(DateOnly businessDay, DateTimeOffset closedAt)
    {
        var day = DayOf(businessDay);
        if (S.Profile is null)
        {
            return day;
        }

        var venue = (await Venue()).Value!;
        var clock = VenueClock.For(venue.Venue);
        var signInBy = clock.InstantOf(businessDay, venue.Policy.Workday.SignInBy);
        if (!WorkdayRules.IsNoShow(S.Profile, day, signInBy))
        {
            return day;
        }

        S.Days[businessDay] = day with { NoShow = true };
        S.Ledger.Add(WorkdayRules.NoShowFine(businessDay, signInBy, closedAt, clock, venue.Policy.Workday, venue.Venue.Currency));
        Record(ManagerEvents.AbsentAtClose, Actor.System, closedAt,
            $"never signed in and did not phone in: a day's absence (旷工), the day's credit is cancelled; a fine of {venue.Policy.Workday.AbsenceFine} {venue.Venue.Currency} is recommended for the department manager to confirm",
            StaffRules.LateRule);
        CancelDayCredit(businessDay, StaffRules.LateRule, closedAt);
        await Save();
        return S.Days[businessDay];
    }
}
