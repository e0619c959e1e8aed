using ClubGrains.Common;
using ClubGrains.Deadlines;
using ClubGrains.Venues;
using static ClubGrains.Staff.StaffRules;

namespace ClubGrains.Staff;

/// <summary>Pure rules of the department manager's messages and the replies (WD-5), and of objections (DS-3).</summary>
public static class MessageRules
{
    /// <summary>WD-5: a reply is on time at or before this.</summary>
    public static DateTimeOffset ReplyBy(DateTimeOffset sentAt, WorkdayPolicy policy) => sentAt.AddMinutes(policy.ReplyMinutes);

    /// <summary>The ledger entry of the fine for a missed reply: one per message.</summary>
    public static string FineId(string messageId) => "missed:" + messageId;

    public static Refusal NoSuchMessage(string badge, string messageId) => Refusal.NotFound($"Manager {badge} has no message '{messageId}'.");

    /// <summary>A message within its text bound, and at most <see cref="Limits.PerManagerPerDay"/> to one manager within 24 hours.</summary>
    public static Refusal? MaySend(string badge, string? text, IEnumerable<ManagerMessage> messages, DateTimeOffset now)
    {
        if (Limits.Check("text", text, Limits.Text, ReplyRule, "the message") is { } badText)
        {
            return badText;
        }

        return RecentCount(messages.Select(m => m.SentAt), now) >= Limits.PerManagerPerDay
            ? Refusal.Conflict($"Manager {badge} was sent {Limits.PerManagerPerDay} messages within the last 24 hours; no more can be sent now.", ReplyRule)
            : null;
    }

    /// <summary>
    /// WD-5: a message is answered once, by its deadline. A reply given during an outage
    /// (<paramref name="repliedAt"/>, with a reason) answers only a deadline applied after the outage,
    /// whose <paramref name="fine"/> it withdraws, and only with a time between message and deadline.
    /// </summary>
    public static Refusal? MayReply(ManagerMessage message, LedgerEntry? fine, string? text, DateTimeOffset? repliedAt, string? reason)
    {
        if (message.RepliedAt is not null)
        {
            return Refusal.Conflict("This message was already answered.", ReplyRule);
        }

        var bounds = new List<FieldError>();
        Limits.CheckText(bounds, "text", text, Limits.Text, ReplyRule);
        Limits.CheckText(bounds, "reason", reason, Limits.Reason, ReplyRule);
        if (bounds.Count > 0)
        {
            return Refusal.Invalid(bounds);
        }

        if (repliedAt is not { } real)
        {
            return message.Missed ? Refusal.Conflict($"The reply was due by {message.ReplyBy:O}; the deadline was missed.", ReplyRule) : null;
        }

        var errors = new List<FieldError>();
        if (!message.Missed || fine is not { AfterOutage: true })
        {
            errors.Add(new("repliedAt", "Only a deadline applied after an outage can be answered with a past time.", ReplyRule));
        }
        else if (real < message.SentAt || real > message.ReplyBy)
        {
            errors.Add(new("repliedAt", $"Must be between the message ({message.SentAt:O}) and its deadline ({message.ReplyBy:O}).", ReplyRule));
        }

        if (string.IsNullOrWhiteSpace(reason))
        {
            errors.Add(new("reason", "Required: how the reply during the outage is known.", ReplyRule));
        }

        return errors.Count > 0 ? Refusal.Invalid(errors) : null;
    }

    /// <summary>DS-3: obey first, complain after: one objection, within its bound, to an instruction already answered.</summary>
    public static Refusal? MayObject(ManagerMessage message, string? objection)
    {
        if (Limits.Check("objection", objection, Limits.Text, ObeyFirstRule, "the objection") is { } badObjection)
        {
            return badObjection;
        }

        if (message.ObjectedAt is { } objected)
        {
            return Refusal.Conflict($"An objection to this instruction was already raised, at {objected:O}.", ObeyFirstRule);
        }

        return message.RepliedAt is null
            ? Refusal.Conflict("Carry the instruction out first (answer it); objections are raised afterwards.", ObeyFirstRule)
            : null;
    }

    /// <summary>WD-5: an open message whose reply deadline has passed.</summary>
    public static bool ReplyOverdue(ManagerMessage message, DateTimeOffset now) =>
        message.RepliedAt is null && !message.Missed && Passed(message.ReplyBy, now);

    /// <summary>A deadline applied this late was held up by an outage: its fine is only recommended, and a reply during it can still be recorded.</summary>
    public static bool AfterOutage(DateTimeOffset deadline, DateTimeOffset now) => now - deadline > DeadlineAlarm.OutageThreshold;

    /// <summary>WD-5: no reply by the deadline is leaving the post (离岗), fined at the deadline.</summary>
    public static LedgerEntry MissedReplyFine(ManagerMessage message, bool afterOutage, decimal fine, string currency) =>
        new(FineId(message.Id), LedgerKind.Fine, ReplyRule, fine, currency, message.ReplyBy, Actor.System,
            $"no reply by {message.ReplyBy:O} to the message sent at {message.SentAt:O}: leaving the post (离岗)",
            afterOutage ? LedgerStatus.Recommended : LedgerStatus.Confirmed, AfterOutage: afterOutage);

    /// <summary>WD-5: whether this miss, with the month's earlier ones, reaches the suspension count (chosen: one calendar month).</summary>
    public static bool SuspensionDue(IEnumerable<ManagerMessage> messages, DateTimeOffset missedAt, VenueClock clock, WorkdayPolicy policy)
    {
        var month = Month(clock, missedAt);
        return messages.Count(m => m.Missed && Month(clock, m.ReplyBy) == month) == policy.MissedRepliesForSuspension;
    }

    /// <summary>WD-5: the suspension the month's missed replies recommend, for the department manager to confirm.</summary>
    public static LedgerEntry Suspension(ManagerMessage message, WorkdayPolicy policy, string currency) =>
        new("suspend:" + message.Id, LedgerKind.Suspension, ReplyRule, null, currency, message.ReplyBy, Actor.System,
            $"{policy.MissedRepliesForSuspension} missed replies this month", LedgerStatus.Recommended);

    private static (int Year, int Month) Month(VenueClock clock, DateTimeOffset at)
    {
        var day = clock.BusinessDayOf(at);
        return (day.Year, day.Month);
    }
}
