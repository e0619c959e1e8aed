using ClubGrains.Accounts;
using ClubGrains.Staff;
using Microsoft.Extensions.Time.Testing;

namespace ClubGrains.Tests.Accounts;

/// <summary>Who manages which account, what a valid account is, and how failed sign-ins lock it.</summary>
public sealed class AccountRulesTests
{
    private static readonly SignInPolicy Policy = new(5, TimeSpan.FromMinutes(15));
    private static readonly DateTimeOffset Now = new(2026, 12, 3, 20, 0, 0, TimeSpan.FromHours(8));

    private static readonly Actor Gm = new("gm-li", Roles.GeneralManager, Venues: ["sh-001"]);
    private static readonly Actor Operator = new("op-1", Roles.Operator, Venues: [Actor.AllVenues]);

    private static StaffAccount Account(string role = Roles.Reception, params string[] venues) =>
        AccountRules.NewAccount("desk-wang", "sh-001", new AccountDraft("前台小王", role, venues.Length == 0 ? null : venues), Now);

    [Fact]
    public void A_new_account_must_change_the_password_set_for_it()
    {
        var account = Account();
        Assert.Equal((true, true, 0, 1L), (account.Enabled, account.MustChangePassword, account.FailedSignIns, account.Version));
        Assert.Equal(["sh-001"], account.Venues);
    }

    [Fact]
    public void The_account_is_locked_at_the_fifth_failure_in_a_row_not_before()
    {
        var account = Account();
        for (var i = 1; i < 5; i++)
        {
            var (after, result) = AccountRules.SignIn(account, passwordMatched: false, Policy, Now);
            Assert.Equal((SignInOutcome.InvalidCredentials, i, null), (result.Outcome, after.FailedSignIns, after.LockedUntil));
            account = after;
        }

        var (locked, fifth) = AccountRules.SignIn(account, passwordMatched: false, Policy, Now);
        Assert.Equal((SignInOutcome.LockedOut, Now.AddMinutes(15)), (fifth.Outcome, fifth.LockedUntil));
        Assert.Equal(Now.AddMinutes(15), locked.LockedUntil);

        // Locked: even the right password is refused, with the time the lockout ends.
        var (_, right) = AccountRules.SignIn(locked, passwordMatched: true, Policy, Now.AddMinutes(14));
        Assert.Equal((SignInOutcome.LockedOut, Now.AddMinutes(15)), (right.Outcome, right.LockedUntil));
    }

    [Fact]
    public void A_lockout_ends_at_its_time_on_the_clock()
    {
        var clock = new FakeTimeProvider(Now);
        var account = Account() with { LockedUntil = Now.AddMinutes(15) };

        clock.Advance(TimeSpan.FromMinutes(15) - TimeSpan.FromSeconds(1));
        Assert.Equal(SignInOutcome.LockedOut, AccountRules.SignIn(account, true, Policy, clock.GetUtcNow()).Result.Outcome);

        clock.Advance(TimeSpan.FromSeconds(1));
        var (after, result) = AccountRules.SignIn(account, true, Policy, clock.GetUtcNow());
        Assert.Equal((SignInOutcome.Succeeded, null, 0), (result.Outcome, after.LockedUntil, after.FailedSignIns));
    }

    [Fact]
    public void A_successful_sign_in_resets_the_failure_count_and_carries_the_actor_of_the_token()
    {
        var account = AccountRules.NewAccount("li.na", "sh-001", new AccountDraft("李娜", Roles.Manager, null, "K007", VenueKind.Ktv), Now) with { FailedSignIns = 4 };

        var (after, result) = AccountRules.SignIn(account, true, Policy, Now);

        Assert.Equal(0, after.FailedSignIns);
        Assert.True(result.MustChangePassword);
        Assert.Equal(("li.na", Roles.Manager, "李娜", "K007", "ktv"), (result.Actor!.Subject, result.Actor.Role, result.Actor.DisplayName, result.Actor.Badge, result.Actor.Department));
        Assert.Equal(["sh-001"], result.Actor.Venues!);
    }

    [Fact]
    public void A_disabled_account_is_refused_with_the_right_password_and_a_wrong_one_still_counts()
    {
        var account = Account() with { Enabled = false };
        Assert.Equal(SignInOutcome.Disabled, AccountRules.SignIn(account, true, Policy, Now).Result.Outcome);
        var (after, wrong) = AccountRules.SignIn(account, false, Policy, Now);
        Assert.Equal((SignInOutcome.InvalidCredentials, 1), (wrong.Outcome, after.FailedSignIns));
    }

    [Fact]
    public void A_gm_creates_accounts_of_their_venue_of_any_role_but_operator()
    {
        Assert.Null(AccountRules.MayCreate(Gm, "sh-001", new AccountDraft("前台", Roles.Reception)));
        Assert.Null(AccountRules.MayCreate(Gm, "sh-001", new AccountDraft("副总", Roles.GeneralManager, ["sh-001"])));

        var operatorAccount = AccountRules.MayCreate(Gm, "sh-001", new AccountDraft("运营", Roles.Operator));
        var otherVenue = AccountRules.MayCreate(Gm, "sh-001", new AccountDraft("前台", Roles.Reception, ["sh-001", "sh-002"]));
        var foreign = AccountRules.MayCreate(Gm, "sh-002", new AccountDraft("前台", Roles.Reception));
        foreach (var refused in new[] { operatorAccount, otherVenue, foreign })
        {
            Assert.Equal((RefusalKind.Forbidden, AccountRules.Rule), (refused!.Kind, refused.Rule));
        }
    }

    [Fact]
    public void An_operator_manages_any_account_incl_gms_and_operators_and_a_gm_not_an_operators_or_another_venues()
    {
        var otherGm = Account(Roles.GeneralManager, "sh-002");
        Assert.Null(AccountRules.MayCreate(Operator, "sh-001", new AccountDraft("运营", Roles.Operator, [Actor.AllVenues])));
        Assert.Null(AccountRules.MayManage(Operator, "sh-001", Account(Roles.Operator, Actor.AllVenues)));
        Assert.Null(AccountRules.MayManage(Gm, "sh-001", Account()));
        Assert.Equal(RefusalKind.Forbidden, AccountRules.MayManage(Gm, "sh-001", Account(Roles.Operator, Actor.AllVenues))!.Kind);
        Assert.Equal(RefusalKind.Forbidden, AccountRules.MayManage(Gm, "sh-001", otherGm)!.Kind);
        Assert.Equal(RefusalKind.NotFound, AccountRules.MayManage(Operator, "sh-003", Account())!.Kind);
    }

    [Fact]
    public void A_draft_names_each_bad_field()
    {
        var errors = AccountRules.CheckDraft(new AccountDraft("bad\nname", Roles.ApiClient, [Actor.AllVenues], "K007", VenueKind.Ktv), "sh-001");
        Assert.Equal(["badge", "department", "displayName", "role", "venues"], errors.Select(e => e.Field).Distinct().Order(StringComparer.Ordinal).ToArray());
        Assert.All(errors, e => Assert.Equal(AccountRules.Rule, e.Rule));

        var manager = AccountRules.CheckDraft(new AccountDraft("李娜", Roles.Manager), "sh-001");
        Assert.Equal(["badge", "department"], manager.Select(e => e.Field).ToArray());
    }

    [Theory]
    [InlineData("desk-wang", true)]
    [InlineData("li.na_2", true)]
    [InlineData("ab", false)]
    [InlineData("Desk", false)]
    [InlineData("-desk", false)]
    [InlineData("desk/wang", false)]
    public void Logins_are_lower_case_3_to_40_characters(string login, bool valid) =>
        Assert.Equal(valid, AccountRules.IsLogin(login));

    [Fact]
    public void A_password_shorter_than_the_minimum_or_longer_than_the_bound_is_refused_naming_the_field()
    {
        var errors = new List<FieldError>();
        AccountRules.CheckPassword(errors, "password", "123456789", 10);
        AccountRules.CheckPassword(errors, "newPassword", new string('x', Limits.Password + 1), 10);
        AccountRules.CheckPassword(errors, "ok", "1234567890", 10);
        Assert.Equal(["password", "newPassword"], errors.Select(e => e.Field).ToArray());
    }

    [Fact]
    public void A_manager_account_needs_the_manager_registered_at_the_venue_in_that_department()
    {
        var draft = new AccountDraft("李娜", Roles.Manager, null, "K007", VenueKind.Ktv);
        var registered = new ManagerProfile("sh-001", "K007", "李娜", VenueKind.Ktv, true, ManagerStatus.Active, Now);
        Assert.Null(AccountRules.ManagerMismatch(draft, "sh-001", registered));
        var missing = AccountRules.ManagerMismatch(draft, "sh-001", null)!;
        Assert.Equal((RefusalKind.Conflict, "badge"), (missing.Kind, Assert.Single(missing.Fields!).Field));
        Assert.NotNull(AccountRules.ManagerMismatch(draft, "sh-001", registered with { Department = VenueKind.Disco }));
    }
}
