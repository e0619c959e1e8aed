using System.Text.Json;
using ClubGrains.Events;

namespace ClubGrains.Staff;

/// <summary>
/// An account manager's record as a source of the venue's feed (<c>manager/{badge}</c>): each history
/// entry is one event, typed by the kind the step gave it; a manager reading the feed sees their own.
/// </summary>
public static class ManagerEvents
{
    public const string Registered = "manager.registered";
    public const string PhonedIn = "manager.phoned_in";
    public const string SignedIn = "manager.signed_in";
    public const string SignedInLate = "manager.signed_in_late";
    public const string LateStreakEscalated = "manager.late_streak_escalated";
    public const string MealLeave = "manager.meal_leave";
    public const string MealBack = "manager.meal_back";
    public const string MealOverrun = "manager.meal_overrun";
    public const string Absent = "manager.absent";
    public const string AbsentAtClose = "manager.absent_at_close";
    public const string MessageSent = "manager.message_sent";
    public const string Replied = "manager.replied";
    public const string ReplyDuringOutage = "manager.reply_during_outage";
    public const string ReplyMissed = "manager.reply_missed";
    public const string ObjectionRaised = "manager.objection_raised";
    public const string SuspensionRecommended = "manager.suspension_recommended";
    public const string FineRecommended = "manager.fine_recommended";
    public const string LedgerRecorded = "manager.ledger_recorded";
    public const string LedgerDecided = "manager.ledger_decided";
    public const string Credited = "manager.credited";
    public const string CardSigned = "manager.card_signed";
    public const string SlipVoid = "manager.slip_void";
    public const string LogWritten = "manager.log_written";
    public const string LogMissing = "manager.log_missing";
    public const string LogFined = "manager.log_fined";
    public const string NewCustomersChecked = "manager.new_customers_checked";
    public const string MonthAssessed = "manager.month_assessed";
    public const string DismissalRecommended = "manager.dismissal_recommended";

    /// <summary>An entry stored before kinds were recorded.</summary>
    public const string Changed = "manager.changed";

    public static string Source(string badge) => "manager/" + badge;

    /// <summary>The history entries after the first <paramref name="held"/>, as the feed's source events.</summary>
    public static IReadOnlyList<SourceEvent> After(ManagerState state, int held)
    {
        var profile = state.Profile!;
        var data = JsonSerializer.Serialize(new { badge = profile.Badge, name = profile.Name, department = profile.Department.ToString().ToLowerInvariant(), status = profile.Status.ToString().ToLowerInvariant(), lateStreak = state.LateStreak });
        return FeedSource.Events(state.History, held, Changed, profile.Badge, profile.Badge, null, data);
    }
}
