using ClubGrains.Customers;
using ClubGrains.Staff;

namespace ClubGrains.Tests.Staff;

/// <summary>
/// Stored state keeps loading: a manager's state written by an earlier build (a committed fixture, in
/// the Orleans serializer's format that grain storage uses) must still read with today's types, every
/// member of the state filled so that a renumbered id or a renamed alias anywhere in it shows.
/// </summary>
public sealed class ManagerStoredStateTests
{
    private const string Fixture = "manager-state-v1.bin";
    private static readonly TimeSpan China = TimeSpan.FromHours(8);
    private static readonly DateOnly Day = new(2026, 11, 27);
    private static readonly DateTimeOffset Registered = new(2026, 11, 1, 12, 0, 0, China);
    private static readonly DateTimeOffset SignedIn = new(2026, 11, 27, 17, 50, 0, China);
    private static readonly Actor DepartmentManager = new("dm-zhao", Roles.DepartmentManager, "赵经理");

    [Fact]
    public void A_manager_state_stored_by_version_1_still_loads()
    {
        var state = StoredFixtures.Load<ManagerState>(Fixture);

        Assert.Equal(new ManagerProfile("sh-001", "m-007", "王小明", VenueKind.Ktv, true, ManagerStatus.Active, Registered), state.Profile);
        Assert.Equal(
            [
                new LedgerEntry("late:2026-11-26", LedgerKind.Fine, "WD-2", 50m, "CNY", SignedIn.AddDays(-1), Actor.System, "signed in at 18:10:00", LedgerStatus.Confirmed),
                new LedgerEntry("missed:msg-1", LedgerKind.Fine, "WD-5", 100m, "CNY", SignedIn, Actor.System, "no reply", LedgerStatus.Rejected, DepartmentManager, SignedIn.AddHours(1), AfterOutage: true),
            ],
            state.Ledger);
        var message = Assert.Single(state.Messages);
        Assert.Equal(new ManagerMessage("msg-1", DepartmentManager, "到前台", SignedIn, SignedIn.AddMinutes(5), SignedIn.AddMinutes(2), "收到", false, "不合理", SignedIn.AddMinutes(30)), message);
        Assert.Equal(new CardSlip("b-1", Day, "李先生", "k01", 1288.5m, SignedIn.AddHours(6), SignedIn.AddDays(2), SignedIn.AddDays(1), false), Assert.Single(state.Card));
        var change = Assert.Single(state.History);
        Assert.Equal(new Change(SignedIn, DepartmentManager, "signed in on time", "WD-1", "at the desk", "sh-001"), change);
        Assert.Equal(SignedIn.AddMinutes(5), state.WakeUp);
        Assert.Equal(["credit:b-1", "fine-op-1"], state.Operations.Order(StringComparer.Ordinal));
        Assert.Equal(
            new ManagerDay(Day, SignedIn.AddHours(-2), "看病", SignedIn, true, SignedIn.AddHours(1), SignedIn.AddHours(2), SignedIn.AddHours(3), "WD-2", SignedIn.AddHours(4), true, SignedIn.AddHours(12), true, true),
            state.Days[Day]);
        Assert.Equal(3, state.LateStreak);
        var log = state.Logs[Day];
        Assert.Equal((Day, SignedIn.AddHours(8), 12, true), (log.BusinessDay, log.WrittenAt, log.Content.Contacts, log.TooFewContacts));
        Assert.Equal("李先生", Assert.Single(log.Content.Bookings!).Customer);
        Assert.Equal(new Gifts(2, 3, 4), log.Content.Gifts);
        Assert.Equal(new NewCustomer("张女士", "13800138000"), Assert.Single(log.Content.NewCustomers!));
        Assert.Equal(["服务好"], log.Content.Feedback);
        Assert.Equal("生日派对", log.Content.SpecialEvents);
        Assert.Equal(["gifts"], log.MissingParts);
        Assert.Equal(["13800138000"], log.NewCustomersClaimed);
        Assert.Equal(["13900139000: claimed by another venue"], log.NewCustomersRefused);
        Assert.Equal([Day.AddDays(-1)], state.EmptyLogDays);
        Assert.Equal([(Day, "13800138000")], state.NewCustomers);
        Assert.Equal(new MonthResult(2026, 10, 90_000m, 25, 100_000m, 30, false, true, 6), Assert.Single(state.Months));
        Assert.Equal(1, state.MissedMonthsInRow);
        Assert.Equal(new DateOnly(2026, 11, 1), state.NextAssessedMonth);
        Assert.Equal(new DateTimeOffset(2026, 12, 4, 6, 0, 0, China), state.AssessmentAt);
        Assert.Equal(new DateTimeOffset(2026, 12, 16, 6, 0, 0, China), state.NewCustomersCheckAt);
    }

    /// <summary>Writes the fixture (run once with CLUBGRAINS_WRITE_FIXTURES=1 pointing at Tests/Fixtures); never overwritten otherwise.</summary>
    [Fact]
    public void The_committed_manager_fixture_is_present_or_rewritten_on_request() => StoredFixtures.AssertPresentOrWrite(Fixture, Populated);

    private static ManagerState Populated()
    {
        var state = new ManagerState
        {
            Profile = new ManagerProfile("sh-001", "m-007", "王小明", VenueKind.Ktv, true, ManagerStatus.Active, Registered),
            WakeUp = SignedIn.AddMinutes(5),
            LateStreak = 3,
            MissedMonthsInRow = 1,
            NextAssessedMonth = new DateOnly(2026, 11, 1),
            AssessmentAt = new DateTimeOffset(2026, 12, 4, 6, 0, 0, China),
            NewCustomersCheckAt = new DateTimeOffset(2026, 12, 16, 6, 0, 0, China),
        };
        state.Ledger.Add(new LedgerEntry("late:2026-11-26", LedgerKind.Fine, "WD-2", 50m, "CNY", SignedIn.AddDays(-1), Actor.System, "signed in at 18:10:00", LedgerStatus.Confirmed));
        state.Ledger.Add(new LedgerEntry("missed:msg-1", LedgerKind.Fine, "WD-5", 100m, "CNY", SignedIn, Actor.System, "no reply", LedgerStatus.Rejected, DepartmentManager, SignedIn.AddHours(1), AfterOutage: true));
        state.Messages.Add(new ManagerMessage("msg-1", DepartmentManager, "到前台", SignedIn, SignedIn.AddMinutes(5), SignedIn.AddMinutes(2), "收到", false, "不合理", SignedIn.AddMinutes(30)));
        state.Card.Add(new CardSlip("b-1", Day, "李先生", "k01", 1288.5m, SignedIn.AddHours(6), SignedIn.AddDays(2), SignedIn.AddDays(1), false));
        state.History.Add(new Change(SignedIn, DepartmentManager, "signed in on time", "WD-1", "at the desk", "sh-001"));
        state.Operations.Add("credit:b-1");
        state.Operations.Add("fine-op-1");
        state.Days[Day] = new ManagerDay(Day, SignedIn.AddHours(-2), "看病", SignedIn, true, SignedIn.AddHours(1), SignedIn.AddHours(2), SignedIn.AddHours(3), "WD-2", SignedIn.AddHours(4), true, SignedIn.AddHours(12), true, true);
        var content = new DailyLogDraft([new LoggedBooking("李先生", 1288.5m)], new Gifts(2, 3, 4), [new NewCustomer("张女士", "13800138000")], ["服务好"], "生日派对", 12);
        state.Logs[Day] = new DailyLog(Day, SignedIn.AddHours(8), content, ["gifts"], true, ["13800138000"], ["13900139000: claimed by another venue"]);
        state.EmptyLogDays.Add(Day.AddDays(-1));
        state.NewCustomers.Add((Day, "13800138000"));
        state.Months.Add(new MonthResult(2026, 10, 90_000m, 25, 100_000m, 30, false, true, 6));
        return state;
    }
}
