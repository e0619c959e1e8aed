using ClubGrains.Customers;
using ClubGrains.Staff;

namespace ClubGrains.Tests.Staff;

/// <summary>The pure rules of the account managers, family by family, without a silo.</summary>
public sealed class StaffRulesTests
{
    private static readonly TimeSpan China = TimeSpan.FromHours(8);
    private static readonly VenueClock Clock = new(TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai"), new TimeOnly(6, 0));
    private static readonly DateOnly Day = new(2026, 11, 27);
    private static readonly DateTimeOffset SignInBy = new(2026, 11, 27, 18, 0, 0, China);
    private static readonly VenuePolicy Policy = VenuePolicy.Default;
    private static readonly Actor Dm = new("dm-zhao", Roles.DepartmentManager, "赵经理", Venues: ["sh-001"]);
    private static readonly ManagerProfile Profile = new("sh-001", "m-007", "王小明", VenueKind.Ktv, false, ManagerStatus.Active, SignInBy.AddDays(-30));

    private static ManagerMessage Message(bool missed = false, DateTimeOffset? repliedAt = null) =>
        new("msg-1", Dm, "到前台", SignInBy, SignInBy.AddMinutes(5), repliedAt, Missed: missed);

    private static LedgerEntry Fine(string rule, LedgerStatus status = LedgerStatus.Confirmed, bool afterOutage = false) =>
        new("e-" + rule, LedgerKind.Fine, rule, 100m, "CNY", SignInBy, Actor.System, "evidence", status, AfterOutage: afterOutage);

    [Fact]
    public void DS4_a_manager_commands_only_their_own_record_and_others_need_the_role()
    {
        var own = StaffRules.Own("sign another manager's card");
        var manager = new Actor("m-1", Roles.Manager, Badge: "m-007", Venues: ["sh-001"]);

        Assert.Null(StaffRules.MayCommand(manager, "sh-001", "m-007", own));
        var other = StaffRules.MayCommand(manager, "sh-001", "m-008", own)!;
        Assert.Equal((RefusalKind.Forbidden, "DS-4"), (other.Kind, other.Rule));
        Assert.Equal("A manager may not sign another manager's card (badge m-008, not m-007).", other.Message);
        Assert.Equal("DS-4", StaffRules.MayCommand(Dm, "sh-001", "m-007", own)!.Rule);
        Assert.Null(StaffRules.MayCommand(Dm, "sh-001", "m-007", StaffRules.Supervised(StaffRules.ReplyRule)));
        Assert.Equal("WD-5", StaffRules.MayCommand(manager, "sh-001", "m-007", StaffRules.Supervised(StaffRules.ReplyRule))!.Rule);
    }

    [Fact]
    public void WD2_a_manager_phones_in_for_themself_and_reception_takes_the_call_for_any()
    {
        var reception = new Actor("desk", Roles.Reception, Venues: ["sh-001"]);
        var manager = new Actor("m-1", Roles.Manager, Badge: "m-007", Venues: ["sh-001"]);

        Assert.Null(StaffRules.MayCommand(reception, "sh-001", "m-007", StaffRules.PhoneIn));
        Assert.Null(StaffRules.MayCommand(manager, "sh-001", "m-007", StaffRules.PhoneIn));
        Assert.Equal("DS-4", StaffRules.MayCommand(manager, "sh-001", "m-008", StaffRules.PhoneIn)!.Rule);
    }

    [Fact]
    public void WD5_a_reply_is_on_time_until_the_deadline_and_a_missed_one_is_refused()
    {
        Assert.Equal(SignInBy.AddMinutes(5), MessageRules.ReplyBy(SignInBy, Policy.Workday));
        Assert.Null(MessageRules.MayReply(Message(), null, "收到", null, null));
        Assert.False(MessageRules.ReplyOverdue(Message(), SignInBy.AddMinutes(5)));
        Assert.True(MessageRules.ReplyOverdue(Message(), SignInBy.AddMinutes(5).AddTicks(1)));

        var missed = MessageRules.MayReply(Message(missed: true), null, "收到", null, null)!;
        Assert.Equal((RefusalKind.Conflict, "WD-5"), (missed.Kind, missed.Rule));
        Assert.Equal(RefusalKind.Conflict, MessageRules.MayReply(Message(repliedAt: SignInBy), null, "again", null, null)!.Kind);
    }

    [Fact]
    public void WD5_a_reply_during_an_outage_answers_only_a_fine_applied_after_it_within_the_message_time()
    {
        var outageFine = Fine("WD-5", afterOutage: true);
        Assert.Null(MessageRules.MayReply(Message(missed: true), outageFine, "收到", SignInBy.AddMinutes(2), "seen on the phone"));

        var onTimeFine = MessageRules.MayReply(Message(missed: true), Fine("WD-5"), "收到", SignInBy.AddMinutes(2), "seen")!;
        Assert.Equal(["repliedAt"], onTimeFine.Fields!.Select(f => f.Field));
        var outside = MessageRules.MayReply(Message(missed: true), outageFine, "收到", SignInBy.AddMinutes(6), null)!;
        Assert.Equal(["repliedAt", "reason"], outside.Fields!.Select(f => f.Field));
        Assert.All(outside.Fields!, f => Assert.Equal("WD-5", f.Rule));
    }

    [Fact]
    public void WD5_a_deadline_applied_late_is_after_an_outage_and_its_fine_only_recommended()
    {
        Assert.False(MessageRules.AfterOutage(SignInBy, SignInBy.AddSeconds(30)));
        Assert.True(MessageRules.AfterOutage(SignInBy, SignInBy.AddSeconds(31)));

        var fine = MessageRules.MissedReplyFine(Message(), afterOutage: true, 100m, "CNY");
        Assert.Equal(("missed:msg-1", LedgerStatus.Recommended, SignInBy.AddMinutes(5), true), (fine.Id, fine.Status, fine.At, fine.AfterOutage));
        Assert.Equal(LedgerStatus.Confirmed, MessageRules.MissedReplyFine(Message(), afterOutage: false, 100m, "CNY").Status);
    }

    [Fact]
    public void WD5_the_months_missed_replies_reaching_the_limit_recommend_a_suspension()
    {
        var first = Message(missed: true);
        var second = first with { Id = "msg-2", ReplyBy = first.ReplyBy.AddDays(1) };
        Assert.False(MessageRules.SuspensionDue([first], first.ReplyBy, Clock, Policy.Workday));
        Assert.True(MessageRules.SuspensionDue([first, second], second.ReplyBy, Clock, Policy.Workday));
        Assert.False(MessageRules.SuspensionDue([first, second with { ReplyBy = first.ReplyBy.AddMonths(1) }], first.ReplyBy.AddMonths(1), Clock, Policy.Workday));
        Assert.Equal((LedgerKind.Suspension, LedgerStatus.Recommended), (MessageRules.Suspension(second, Policy.Workday, "CNY").Kind, MessageRules.Suspension(second, Policy.Workday, "CNY").Status));
    }

    [Fact]
    public void DS3_an_objection_comes_after_the_reply_and_only_once()
    {
        Assert.Equal("DS-3", MessageRules.MayObject(Message(), "不合理")!.Rule);
        Assert.Null(MessageRules.MayObject(Message(repliedAt: SignInBy), "不合理"));
        Assert.Equal(RefusalKind.Conflict, MessageRules.MayObject(Message(repliedAt: SignInBy) with { ObjectedAt = SignInBy }, "again")!.Kind);
        Assert.Equal(["objection"], MessageRules.MayObject(Message(repliedAt: SignInBy), null)!.Fields!.Select(f => f.Field));
    }

    [Fact]
    public void DS1_DS2_violations_fine_in_range_multiply_tips_and_recommend_dismissal()
    {
        var discipline = Policy.Discipline;
        Assert.Equal("amount", LedgerRules.Violation(new ViolationDraft("DS-1", Amount: 100m), [], discipline, "CNY").Refusal!.Fields![0].Field);
        Assert.Equal((LedgerKind.Fine, 300m), Pick(LedgerRules.Violation(new ViolationDraft("DS-1", Amount: 300m), [], discipline, "CNY")));
        Assert.Equal(LedgerKind.Dismissal, LedgerRules.Violation(new ViolationDraft("DS-1", Serious: true), [], discipline, "CNY").Value!.Kind);
        Assert.Equal((LedgerKind.Fine, 250m), Pick(LedgerRules.Violation(new ViolationDraft("DS-2", Tip: 50m), [], discipline, "CNY")));
        Assert.Equal((LedgerKind.Fine, 500m), Pick(LedgerRules.Violation(new ViolationDraft("DS-2", Tip: 50m), [Fine("DS-2")], discipline, "CNY")));
        Assert.Equal(LedgerKind.Dismissal, LedgerRules.Violation(new ViolationDraft("DS-2", Tip: 50m), [Fine("DS-2"), Fine("DS-2")], discipline, "CNY").Value!.Kind);
        Assert.Equal("rule", LedgerRules.Violation(new ViolationDraft("WD-9"), [], discipline, "CNY").Refusal!.Fields![0].Field);

        static (LedgerKind, decimal?) Pick(Result<ViolationDecision> decided) => (decided.Value!.Kind, decided.Value.Amount);
    }

    [Fact]
    public void DS4_only_a_recommendation_is_decided_and_a_confirmed_suspension_or_dismissal_takes_effect()
    {
        Assert.Equal("DS-4", LedgerRules.MayDecide(Fine("WD-2"), null)!.Rule);
        var recommended = Fine("WD-5", LedgerStatus.Recommended) with { Kind = LedgerKind.Suspension };
        Assert.Null(LedgerRules.MayDecide(recommended, "agreed"));
        Assert.Equal(ManagerStatus.Suspended, LedgerRules.StatusAfter(recommended, confirm: true));
        Assert.Null(LedgerRules.StatusAfter(recommended, confirm: false));
        Assert.Null(LedgerRules.StatusAfter(Fine("BK-4", LedgerStatus.Recommended), confirm: true));
        Assert.Equal(LedgerStatus.Rejected, LedgerRules.Decided(recommended, false, Dm, SignInBy).Status);
    }

    [Fact]
    public void BK1_DS4_a_booker_is_registered_in_the_department_and_neither_suspended_nor_dismissed()
    {
        Assert.Equal(["bookerBadge"], LedgerRules.Standing(null, "sh-001", "m-007", VenueKind.Ktv)!.Fields!.Select(f => f.Field));
        Assert.Equal("BK-1", LedgerRules.Standing(Profile, "sh-001", "m-007", VenueKind.Disco)!.Rule);
        Assert.Null(LedgerRules.Standing(Profile, "sh-001", "m-007", VenueKind.Ktv));
        Assert.Equal("DS-4", LedgerRules.Standing(Profile with { Status = ManagerStatus.Suspended }, "sh-001", "m-007", VenueKind.Ktv)!.Rule);
    }

    [Fact]
    public void WD1_WD2_a_sign_in_after_the_deadline_is_late_unless_phoned_in_before_and_is_made_once()
    {
        Assert.False(WorkdayRules.SignIn("m-007", new ManagerDay(Day), SignInBy, SignInBy, null).Value!.Late);
        Assert.True(WorkdayRules.SignIn("m-007", new ManagerDay(Day), SignInBy.AddTicks(1), SignInBy, null).Value!.Late);
        var phoned = new ManagerDay(Day, PhonedInAt: SignInBy.AddHours(-1));
        Assert.False(WorkdayRules.SignIn("m-007", phoned, SignInBy.AddHours(1), SignInBy, null).Value!.Late);
        Assert.Equal("WD-1", WorkdayRules.SignIn("m-007", new ManagerDay(Day, SignedInAt: SignInBy), SignInBy, SignInBy, null).Refusal!.Rule);
        Assert.Equal("WD-2", WorkdayRules.PhoneIn("m-007", phoned, SignInBy, "看病").Refusal!.Rule);
        Assert.Equal("late:2026-11-27", WorkdayRules.LateFine(Day, SignInBy.AddMinutes(10), Clock, Policy.Workday, "CNY").Id);
    }

    [Fact]
    public void WD2_a_manager_who_never_signed_in_nor_phoned_in_is_a_no_show()
    {
        Assert.True(WorkdayRules.IsNoShow(Profile, new ManagerDay(Day), SignInBy));
        Assert.False(WorkdayRules.IsNoShow(Profile, new ManagerDay(Day, PhonedInAt: SignInBy), SignInBy));
        Assert.False(WorkdayRules.IsNoShow(Profile, new ManagerDay(Day, NoShow: true), SignInBy));
        Assert.False(WorkdayRules.IsNoShow(Profile with { RegisteredAt = SignInBy.AddTicks(1) }, new ManagerDay(Day), SignInBy));
        Assert.Equal(LedgerStatus.Recommended, WorkdayRules.NoShowFine(Day, SignInBy, SignInBy.AddHours(12), Clock, Policy.Workday, "CNY").Status);
    }

    [Fact]
    public void WD7_seven_late_sign_ins_in_a_row_go_to_review()
    {
        Assert.False(WorkdayRules.ReviewDue(6, Policy.Workday));
        Assert.True(WorkdayRules.ReviewDue(7, Policy.Workday));
    }

    [Fact]
    public void WD4_meal_leave_is_asked_ahead_starts_before_the_return_and_an_overrun_is_absence()
    {
        var now = SignInBy;
        Assert.Equal(["from"], WorkdayRules.MealLeave(new ManagerDay(Day), now.AddMinutes(30), now, Clock, Policy.Workday).Refusal!.Fields!.Select(f => f.Field));
        Assert.Equal("WD-4", WorkdayRules.MealLeave(new ManagerDay(Day), now.AddHours(3), now, Clock, Policy.Workday).Refusal!.Rule);
        var away = WorkdayRules.MealLeave(new ManagerDay(Day), now.AddHours(1), now, Clock, Policy.Workday).Value!;
        Assert.Equal(new DateTimeOffset(2026, 11, 27, 20, 30, 0, China), away.MealReturnBy);
        Assert.Equal(RefusalKind.Conflict, WorkdayRules.MealLeave(away, now.AddHours(1), now, Clock, Policy.Workday).Refusal!.Kind);
        Assert.False(WorkdayRules.MealOverdue(away, away.MealReturnBy!.Value));
        Assert.True(WorkdayRules.MealOverdue(away, away.MealReturnBy!.Value.AddTicks(1)));
        Assert.Equal("WD-4", WorkdayRules.MealReturn("m-007", null, now).Refusal!.Rule);
        Assert.Equal(now, WorkdayRules.MealReturn("m-007", away, now).Value!.MealReturnedAt);
    }

    [Fact]
    public void WD3_WD6_an_absence_names_its_rule_and_evidence_and_is_recorded_once_a_day()
    {
        Assert.Equal(["rule", "evidence"], WorkdayRules.CheckAbsence("DS-1", null)!.Fields!.Select(f => f.Field));
        Assert.Null(WorkdayRules.CheckAbsence("WD-3", "left at 22:00"));
        var fine = WorkdayRules.AbsenceFine("WD-3", Day, SignInBy, Dm, " left at 22:00 ", Policy.Workday, "CNY");
        Assert.Equal(("WD-3", "left at 22:00", 50m), (fine.Rule, fine.Evidence, fine.Amount));
        Assert.Equal("WD-3", WorkdayRules.AbsenceRecorded([fine], "WD-3", Day)!.Rule);
        Assert.Null(WorkdayRules.AbsenceRecorded([fine], "WD-6", Day));
        Assert.Equal(SignInBy, WorkdayRules.Absent(new ManagerDay(Day), "WD-3", SignInBy).LeftEarlyAt);
        Assert.Null(WorkdayRules.Absent(new ManagerDay(Day), "WD-6", SignInBy).LeftEarlyAt);
    }

    [Fact]
    public void PF1_PF2_a_slip_is_signed_by_the_policys_business_days_else_void_and_arrives_void_on_a_cancelled_day()
    {
        var signBy = CardRules.SignBy(Day, Clock, Policy.Logs);
        Assert.Equal(new DateTimeOffset(2026, 11, 29, 6, 0, 0, China), signBy);
        var credit = new BookingCredit("b-1", Day, "李先生", "k01", 1288m, SignInBy.AddHours(6));
        Assert.True(CardRules.Slip(credit, signBy, "WD-2").Void);
        var slip = CardRules.Slip(credit, signBy, null);
        Assert.False(CardRules.SlipOverdue(slip, signBy));
        Assert.True(CardRules.SlipOverdue(slip, signBy.AddTicks(1)));
        Assert.Equal([0], CardRules.Open([slip]).Value!);
        Assert.Equal("PF-2", CardRules.Open([slip with { SignedAt = signBy }]).Refusal!.Rule);
    }

    [Fact]
    public void LG1_WD8_a_log_is_bounded_flags_its_missing_parts_and_too_few_contacts()
    {
        var bad = new DailyLogDraft(Bookings: [new LoggedBooking("李先生")], Gifts: new Gifts(-1), NewCustomers: [new NewCustomer("张女士")], Contacts: 1001);
        Assert.Equal(["contacts", "gifts", "newCustomers[0]", "bookings"], LogRules.CheckLog(bad)!.Fields!.Select(f => f.Field));
        var partial = new DailyLogDraft(Bookings: [], Contacts: 3);
        Assert.Null(LogRules.CheckLog(partial));
        Assert.Equal(["gifts", "newCustomers", "feedback"], LogRules.MissingParts(partial));
        Assert.True(LogRules.TooFewContacts(partial, Policy.Workday));
        Assert.Equal("LG-1", LogRules.AlreadyWritten(true, Day)!.Rule);
    }

    [Fact]
    public void LG2_a_log_not_written_by_the_days_end_is_empty_and_the_months_third_is_fined()
    {
        var dueBy = LogRules.LogDueBy(Day, Clock, written: false)!.Value;
        Assert.Null(LogRules.LogDueBy(Day, Clock, written: true));
        var day = new ManagerDay(Day, LogDueBy: dueBy);
        Assert.False(LogRules.LogOverdue(day, false, dueBy));
        Assert.True(LogRules.LogOverdue(day, false, dueBy.AddTicks(1)));
        Assert.False(LogRules.LogOverdue(day, true, dueBy.AddTicks(1)));
        Assert.Equal(2, LogRules.EmptyInMonth([Day, Day.AddDays(-1), Day.AddDays(-30)], Day));
        Assert.Null(LogRules.EmptyLogFine(Day, 2, dueBy, Policy.Logs, "CNY"));
        Assert.Equal("empty-logs:2026-11", LogRules.EmptyLogFine(Day, 3, dueBy, Policy.Logs, "CNY")!.Id);
    }

    [Fact]
    public void TG1_a_month_is_assessed_on_its_signed_slips_and_missed_months_in_a_row_recommend_dismissal()
    {
        var month = new DateOnly(2026, 11, 1);
        var slip = new CardSlip("b-1", Day, "李先生", "k01", 100_000m, SignInBy, SignInBy.AddDays(1), SignInBy);
        var result = LogRules.Assess(month, [slip, slip with { BookingId = "b-2", SignedAt = null }], VenueKind.Disco, false, [(Day, "13800138000")], Policy.Targets);
        Assert.Equal((100_000m, 1, true, 1), (result.Revenue, result.Rooms, result.Met, result.NewCustomers));
        var ktv = LogRules.Assess(month, [slip], VenueKind.Ktv, false, [], Policy.Targets);
        Assert.False(ktv.Met);
        Assert.Null(LogRules.QuotaDismissal(month, ktv, 1, SignInBy, Policy.Targets, "CNY"));
        Assert.Equal("quota:2026-11", LogRules.QuotaDismissal(month, ktv, 2, SignInBy, Policy.Targets, "CNY")!.Id);
        Assert.Null(LogRules.QuotaDismissal(month, ktv with { OnProbation = true }, 2, SignInBy, Policy.Targets, "CNY"));
        Assert.Equal(new DateTimeOffset(2026, 12, 2, 6, 0, 0, China), LogRules.AssessmentAt(month, Clock, Policy.Logs));
    }

    [Fact]
    public void TG2_the_months_new_customers_are_counted_at_the_end_of_the_due_day()
    {
        var check = LogRules.NextNewCustomersCheck(SignInBy.AddDays(-20), Clock, Policy.Targets);
        Assert.Equal(new DateTimeOffset(2026, 11, 16, 6, 0, 0, China), check);
        Assert.Equal(new DateTimeOffset(2026, 12, 16, 6, 0, 0, China), LogRules.NextNewCustomersCheck(check.AddTicks(1), Clock, Policy.Targets));
        var count = LogRules.NewCustomersBy(check, [(new DateOnly(2026, 11, 3), "1"), (new DateOnly(2026, 11, 16), "2")], Clock, Policy.Targets);
        Assert.Equal((new DateOnly(2026, 11, 15), 1, 7, false), (count.DueDay, count.Reported, count.Needed, count.Met));
    }
}
