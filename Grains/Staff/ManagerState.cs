using ClubGrains.Common;
using ClubGrains.Deadlines;

namespace ClubGrains.Staff;

/// <summary>An account manager's stored record (its ids and alias are stored: never renumber or rename them).</summary>
[GenerateSerializer, Alias("clubgrains.ManagerState")]
public sealed class ManagerState : IDeadlineState
{
    [Id(0)] public ManagerProfile? Profile { get; set; }
    [Id(1)] public List<LedgerEntry> Ledger { get; set; } = [];
    [Id(2)] public List<ManagerMessage> Messages { get; set; } = [];
    [Id(3)] public List<CardSlip> Card { get; set; } = [];
    [Id(4)] public List<Change> History { get; set; } = [];
    [Id(5)] public DateTimeOffset? WakeUp { get; set; }
    [Id(6)] public HashSet<string> Operations { get; set; } = new(StringComparer.Ordinal);
    [Id(7)] public Dictionary<DateOnly, ManagerDay> Days { get; set; } = [];
    [Id(8)] public int LateStreak { get; set; }
    [Id(9)] public Dictionary<DateOnly, DailyLog> Logs { get; set; } = [];
    [Id(10)] public List<DateOnly> EmptyLogDays { get; set; } = [];
    [Id(11)] public List<(DateOnly Day, string Phone)> NewCustomers { get; set; } = [];
    [Id(12)] public List<MonthResult> Months { get; set; } = [];
    [Id(13)] public int MissedMonthsInRow { get; set; }
    [Id(14)] public DateOnly? NextAssessedMonth { get; set; }
    [Id(15)] public DateTimeOffset? AssessmentAt { get; set; }
    [Id(16)] public DateTimeOffset? NewCustomersCheckAt { get; set; }
}
