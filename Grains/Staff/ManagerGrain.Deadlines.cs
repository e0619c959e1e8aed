using ClubGrains.Common;
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

        // At activation too: what the feed may have missed before a crash reaches it now.
        await TellFeed();
        if (pass.ShiftDays.Count > 0)
        {
            var (_, clock) = await pass.Venue();
            foreach (var day in pass.ShiftDays)
            {
                ReportToShift(day, clock);
            }
        }
    }

    /// <summary>WD-5: each reply deadline passed is leaving the post, fined at the deadline; the month's misses may recommend a suspension.</summary>
    private async Task ApplyReplyDeadlines(DeadlinePass pass)
    {
        for (var i = 0; i < S.Messages.Count; i++)
        {
            var message = S.Messages[i];
            if (!MessageRules.ReplyOverdue(message, pass.Now))
            {
                continue;
            }

            var (venue, clock) = await pass.Venue();
            var (policy, currency) = (venue.Policy.Workday, venue.Venue.Currency);
            var afterOutage = MessageRules.AfterOutage(message.ReplyBy, pass.Now);
            S.Messages[i] = message with { Missed = true };
            S.Ledger.Add(MessageRules.MissedReplyFine(message, afterOutage, policy.LeavingPostFine, currency));
            Record(ManagerEvents.ReplyMissed, Actor.System, message.ReplyBy,
                afterOutage
                    ? $"missed the reply deadline: a fine of {policy.LeavingPostFine} {currency} is recommended (applied after an outage; a reply during the outage can still be recorded)"
                    : $"missed the reply deadline: leaving the post, fined {policy.LeavingPostFine} {currency}",
                StaffRules.ReplyRule);
            _metrics.ReplyMissed(VenueId, S.Profile!.Department);
            if (!afterOutage)
            {
                _metrics.Fined(VenueId, StaffRules.ReplyRule, policy.LeavingPostFine);
            }

            if (MessageRules.SuspensionDue(S.Messages, message.ReplyBy, clock, policy))
            {
                S.Ledger.Add(MessageRules.Suspension(message, policy, currency));
                Record(ManagerEvents.SuspensionRecommended, Actor.System, message.ReplyBy, "missed replies reached the month's limit: suspension recommended for the department manager to confirm", StaffRules.ReplyRule);
            }

            pass.Changed = true;
        }
    }

    /// <summary>WD-4: each meal not back from by its deadline is a day's absence, stamped at the deadline; the day's credit is cancelled.</summary>
    private void ApplyMealDeadlines(DeadlinePass pass)
    {
        foreach (var day in S.Days.Values.Where(d => WorkdayRules.MealOverdue(d, pass.Now)).ToArray())
        {
            Record(ManagerEvents.MealOverrun, Actor.System, day.MealReturnBy!.Value, "not back from the meal with a customer by the deadline: a day's absence (旷工); the day's credit is cancelled", StaffRules.MealRule);
            S.Days[day.BusinessDay] = day with { MealOverrun = true };
            CancelDayCredit(day.BusinessDay, StaffRules.MealRule, day.MealReturnBy.Value);
            pass.ShiftDays.Add(day.BusinessDay);
            pass.Changed = true;
        }
    }

    /// <summary>LG-2: each day whose log is overdue is an empty log, stamped at its deadline; the month's count may be fined.</summary>
    private async Task ApplyLogDeadlines(DeadlinePass pass)
    {
        foreach (var day in S.Days.Values.Where(d => LogRules.LogOverdue(d, S.Logs.ContainsKey(d.BusinessDay), pass.Now)).OrderBy(d => d.BusinessDay).ToArray())
        {
            var (venue, _) = await pass.Venue();
            var dueBy = day.LogDueBy!.Value;
            S.Days[day.BusinessDay] = day with { LogMissing = true };
            S.EmptyLogDays.Add(day.BusinessDay);
            pass.ShiftDays.Add(day.BusinessDay);
            var inMonth = LogRules.EmptyInMonth(S.EmptyLogDays, day.BusinessDay);
            Record(ManagerEvents.LogMissing, Actor.System, dueBy, $"no daily log for business day {day.BusinessDay:yyyy-MM-dd} ({inMonth} this month)", StaffRules.EmptyLogRule);
            if (LogRules.EmptyLogFine(day.BusinessDay, inMonth, dueBy, venue.Policy.Logs, venue.Venue.Currency) is { Amount: { } fine } entry)
            {
                S.Ledger.Add(entry);
                Record(ManagerEvents.LogFined, Actor.System, dueBy, $"{inMonth} empty daily logs this month: fined {fine} {venue.Venue.Currency}", StaffRules.EmptyLogRule);
                _metrics.Fined(VenueId, StaffRules.EmptyLogRule, fine);
            }

            pass.Changed = true;
        }
    }

    /// <summary>TG-2: at the due day's end, the month's new customers so far are counted, and short of the minimum flagged.</summary>
    private async Task ApplyNewCustomersCheck(DeadlinePass pass)
    {
        if (S.NewCustomersCheckAt is not { } check || !StaffRules.Passed(check, pass.Now))
        {
            return;
        }

        var (venue, clock) = await pass.Venue();
        var count = LogRules.NewCustomersBy(check, S.NewCustomers, clock, venue.Policy.Targets);
        Record(ManagerEvents.NewCustomersChecked, Actor.System, check, count.Met
            ? $"{count.Reported} new customers reported by the {count.DueDay.Day}th: the month's minimum of {count.Needed} is met"
            : $"only {count.Reported} new customers reported by the {count.DueDay.Day}th (minimum {count.Needed}): flagged to the department manager", StaffRules.NewCustomersRule);
        S.NewCustomersCheckAt = LogRules.NextNewCustomersCheck(check.AddTicks(1), clock, venue.Policy.Targets);
        pass.Changed = true;
    }

    /// <summary>TG-1: each month whose last slips' signing deadline has passed is assessed, stamped at that deadline.</summary>
    private async Task ApplyMonthAssessments(DeadlinePass pass)
    {
        while (S.AssessmentAt is { } assessAt && StaffRules.Passed(assessAt, pass.Now) && S.NextAssessedMonth is { } monthStart)
        {
            var (venue, clock) = await pass.Venue();
            var currency = venue.Venue.Currency;
            var result = LogRules.Assess(monthStart, S.Card, S.Profile!.Department, S.Profile.OnProbation, S.NewCustomers, venue.Policy.Targets);
            S.Months.Add(result);
            S.MissedMonthsInRow = result.Met ? 0 : S.MissedMonthsInRow + 1;
            Record(ManagerEvents.MonthAssessed, Actor.System, assessAt, $"{monthStart:yyyy-MM} assessed: {result.Revenue} {currency} of {result.RevenueQuota}{(result.RoomQuota is { } rq ? $", {result.Rooms} of {rq} rooms" : string.Empty)} — {(result.Met ? "quota met" : "below quota")}{(result.OnProbation ? " (on probation: assessed, not dismissed)" : string.Empty)}", StaffRules.QuotaRule);
            if (LogRules.QuotaDismissal(monthStart, result, S.MissedMonthsInRow, assessAt, venue.Policy.Targets, currency) is { } dismissal)
            {
                S.Ledger.Add(dismissal);
                Record(ManagerEvents.DismissalRecommended, Actor.System, assessAt, $"{S.MissedMonthsInRow} consecutive months below quota: dismissal recommended for the department manager to confirm", StaffRules.QuotaRule);
            }

            S.NextAssessedMonth = monthStart.AddMonths(1);
            S.AssessmentAt = LogRules.AssessmentAt(S.NextAssessedMonth.Value, clock, venue.Policy.Logs);
            pass.Changed = true;
        }
    }

    /// <summary>PF-2: each slip not signed by its deadline is void, stamped at the deadline.</summary>
    private void ApplyCardDeadlines(DeadlinePass pass)
    {
        for (var i = 0; i < S.Card.Count; i++)
        {
            var slip = S.Card[i];
            if (CardRules.SlipOverdue(slip, pass.Now))
            {
                S.Card[i] = slip with { Void = true };
                Record(ManagerEvents.SlipVoid, Actor.System, slip.SignBy, $"the slip of booking {slip.BookingId} was not signed in time: void, the booking does not count", StaffRules.CardRule);
                pass.ShiftDays.Add(slip.BusinessDay);
                pass.Changed = true;
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
