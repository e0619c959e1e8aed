using ClubGrains.Common;
using ClubGrains.Customers;
using ClubGrains.Rooms;

namespace ClubGrains.Staff;

/// <summary>The daily logs (LG-1, LG-2, WD-8), the new customers they claim (TG-3), and the period's figures.</summary>
public sealed partial class ManagerGrain
{
    public Task<Result<DailyLog>> SubmitLog(Actor actor, DailyLogDraft draft) =>
        Command<DailyLog>(actor, StaffRules.Own("write another manager's daily log"), async _ =>
        {
            if (LogRules.CheckLog(draft) is { } invalid)
            {
                return invalid;
            }

            var (venue, clock, today, now) = await Today();
            if (LogRules.AlreadyWritten(S.Logs.ContainsKey(today), today) is { } written)
            {
                return written;
            }

            var (claimed, refused) = await ClaimNewCustomers(actor, draft, today);
            var missing = LogRules.MissingParts(draft);
            var tooFew = LogRules.TooFewContacts(draft, venue.Policy.Workday);
            var log = new DailyLog(today, now, draft, missing, tooFew, claimed, refused);
            S.Logs[today] = log;
            Record(actor, now, $"wrote the daily log of {today:yyyy-MM-dd}{(missing.Count > 0 ? $"; missing {string.Join(", ", missing)} (flagged)" : string.Empty)}{(tooFew ? $"; {draft.Contacts ?? 0} contacts, fewer than {venue.Policy.Workday.MinDailyContacts} ({StaffRules.ContactsRule}, flagged)" : string.Empty)}", StaffRules.LogRule);
            await SaveDay(today, clock);
            return log;
        });

    public async Task<Result<ManagerReport>> Report(DateOnly firstDay, DateOnly lastDay)
    {
        if (S.Profile is null)
        {
            return Missing();
        }

        await ApplyDeadlines();
        return ReportRules.Report(S, firstDay, lastDay, (await Venue()).Value!);
    }

    /// <summary>TG-3: the log's new customers are claimed in the chain's files; a customer counts once, on the day first claimed.</summary>
    private async Task<(List<string> Claimed, List<string> Refused)> ClaimNewCustomers(Actor actor, DailyLogDraft draft, DateOnly today)
    {
        var claimed = new List<string>();
        var refused = new List<string>();
        foreach (var customer in draft.NewCustomers ?? [])
        {
            var phone = PhoneNumbers.Normalize(customer.Phone)!;
            var claim = await GrainFactory.GetGrain<ICustomerGrain>(phone).Claim(actor, VenueId, customer.Name);
            if (claim.Succeeded)
            {
                claimed.Add(phone);
                if (!S.NewCustomers.Any(c => c.Phone == phone))
                {
                    S.NewCustomers.Add((today, phone));
                }
            }
            else
            {
                refused.Add($"{phone}: {claim.Refusal!.Message}");
            }
        }

        return (claimed, refused);
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
            Record(Actor.System, dueBy, $"no daily log for business day {day.BusinessDay:yyyy-MM-dd} ({inMonth} this month)", StaffRules.EmptyLogRule);
            if (LogRules.EmptyLogFine(day.BusinessDay, inMonth, dueBy, venue.Policy.Logs, venue.Venue.Currency) is { Amount: { } fine } entry)
            {
                S.Ledger.Add(entry);
                Record(Actor.System, dueBy, $"{inMonth} empty daily logs this month: fined {fine} {venue.Venue.Currency}", StaffRules.EmptyLogRule);
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
        Record(Actor.System, check, count.Met
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
            Record(Actor.System, assessAt, $"{monthStart:yyyy-MM} assessed: {result.Revenue} {currency} of {result.RevenueQuota}{(result.RoomQuota is { } rq ? $", {result.Rooms} of {rq} rooms" : string.Empty)} — {(result.Met ? "quota met" : "below quota")}{(result.OnProbation ? " (on probation: assessed, not dismissed)" : string.Empty)}", StaffRules.QuotaRule);
            if (LogRules.QuotaDismissal(monthStart, result, S.MissedMonthsInRow, assessAt, venue.Policy.Targets, currency) is { } dismissal)
            {
                S.Ledger.Add(dismissal);
                Record(Actor.System, assessAt, $"{S.MissedMonthsInRow} consecutive months below quota: dismissal recommended for the department manager to confirm", StaffRules.QuotaRule);
            }

            S.NextAssessedMonth = monthStart.AddMonths(1);
            S.AssessmentAt = LogRules.AssessmentAt(S.NextAssessedMonth.Value, clock, venue.Policy.Logs);
            pass.Changed = true;
        }
    }
}
