using ClubGrains.Accounts;

namespace ClubGrains.Tests.Accounts;

/// <summary>Refresh token rotation with reuse detection, as pure rules.</summary>
public sealed class SessionRulesTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 3, 20, 0, 0, TimeSpan.FromHours(8));

    private static StaffAccount Account(bool enabled = true) => new(
        "desk.wang", "前台小王", Roles.Reception, ["sh-001"], null, null, enabled, MustChangePassword: false, FailedSignIns: 0, LockedUntil: null,
        CreatedAt: Now, ChangedAt: Now, Version: 2, HomeVenue: "sh-001");

    [Fact]
    public void A_new_session_starts_at_generation_one_and_the_oldest_beyond_the_limit_ends()
    {
        var sessions = new List<StaffSession>();
        for (var i = 0; i <= Limits.AccountSessions; i++)
        {
            sessions = SessionRules.Start(sessions, "s" + i, Now.AddMinutes(i));
        }

        Assert.Equal(Limits.AccountSessions, sessions.Count);
        Assert.DoesNotContain(sessions, s => s.Id == "s0");
        Assert.Equal(new StaffSession("s10", 1, Now.AddMinutes(10), Now.AddMinutes(10)), sessions[^1]);
    }

    [Fact]
    public void The_newest_generation_refreshes_once_with_the_account_as_it_is_now()
    {
        var sessions = SessionRules.Start([], "s1", Now);

        var (after, result) = SessionRules.Refresh(Account(), sessions, "s1", 1, Now.AddMinutes(5));

        Assert.Equal(SessionRefreshOutcome.Refreshed, result.Outcome);
        Assert.Equal((2, "desk.wang", Roles.Reception), (result.Generation, result.Actor!.Subject, result.Actor.Role));
        Assert.Equal(new StaffSession("s1", 2, Now, Now.AddMinutes(5)), Assert.Single(after));
    }

    [Fact]
    public void An_older_generation_is_a_replay_and_ends_the_session()
    {
        var sessions = SessionRules.Start(SessionRules.Start([], "s1", Now), "s2", Now);
        var (refreshed, _) = SessionRules.Refresh(Account(), sessions, "s1", 1, Now);

        var (after, result) = SessionRules.Refresh(Account(), refreshed, "s1", 1, Now);

        Assert.Equal(SessionRefreshOutcome.Replayed, result.Outcome);
        Assert.Null(result.Actor);
        Assert.Equal("s2", Assert.Single(after).Id);
    }

    [Fact]
    public void An_unknown_session_has_ended_and_a_disabled_account_ends_every_session()
    {
        var sessions = SessionRules.Start([], "s1", Now);

        Assert.Equal(SessionRefreshOutcome.Ended, SessionRules.Refresh(Account(), sessions, "gone", 1, Now).Result.Outcome);
        var (after, disabled) = SessionRules.Refresh(Account(enabled: false), sessions, "s1", 1, Now);
        Assert.Equal(SessionRefreshOutcome.Disabled, disabled.Outcome);
        Assert.Empty(after);
    }
}
