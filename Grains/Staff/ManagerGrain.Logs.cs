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
            Record(ManagerEvents.LogWritten, actor, now, $"wrote the daily log of {today:yyyy-MM-dd}{(missing.Count > 0 ? $"; missing {string.Join(", ", missing)} (flagged)" : string.Empty)}{(tooFew ? $"; {draft.Contacts ?? 0} contacts, fewer than {venue.Policy.Workday.MinDailyContacts} ({StaffRules.ContactsRule}, flagged)" : string.Empty)}", StaffRules.LogRule);
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
}
