using ClubGrains.Accounts;
using ClubGrains.Api.Accounts;
using ClubGrains.Api.Hosting;
using ClubGrains.Tests.Rooms;
using Microsoft.AspNetCore.Identity;
using SignInResult = ClubGrains.Accounts.SignInResult;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace ClubGrains.Tests.Accounts;

/// <summary>Staff accounts and the sign-in check through a silo on a fake clock.</summary>
public sealed class AccountGrainTests(EveningFixture fixture) : IClassFixture<EveningFixture>
{
    private const string Password = "first password 1";

    private static readonly CountingHasher Hasher = new();
    private static readonly StaffPasswords Passwords = new(Hasher, Options.Create(new AccountSettings()));

    private StaffSignIn SignIn => new(fixture.Grains, Passwords, Options.Create(new AccountSettings()));

    private static string NewLogin() => "a-" + Guid.NewGuid().ToString("N")[..12];

    private async Task<string> Desk(Evening evening, string? login = null)
    {
        login ??= NewLogin();
        var created = await Account(login).Create(evening.Gm, evening.VenueId, new AccountDraft("前台小王", Roles.Reception), Passwords.Hash(login, Password));
        Assert.True(created.Succeeded, created.Refusal?.Message);
        return login;
    }

    private IStaffAccountGrain Account(string login) => fixture.Grains.GetGrain<IStaffAccountGrain>(login);

    [Fact]
    public async Task A_created_account_keeps_only_the_hash_and_is_listed_and_recorded_at_its_venue_with_who_did_it()
    {
        var evening = await fixture.NewEvening();
        var login = await Desk(evening);

        var credentials = (await Account(login).GetCredentials())!;
        Assert.NotEqual(Password, credentials.PasswordHash);
        Assert.True(Passwords.Verify(login, credentials.PasswordHash, Password));
        var listed = Assert.Single((await fixture.Grains.GetGrain<IVenueAccountsGrain>(evening.VenueId).List(evening.Gm)).Value!);
        Assert.Equal((login, Roles.Reception, true, 1L), (listed.Login, listed.Role, listed.MustChangePassword, listed.Version));
        var recorded = (await evening.Venue.GetHistory()).Value![^1];
        Assert.Equal(("gm-1", AccountRules.Rule), (recorded.Actor.Subject, recorded.Rule));
        Assert.Contains(login, recorded.What);
    }

    [Fact]
    public async Task A_venue_records_an_account_change_told_twice_once()
    {
        var evening = await fixture.NewEvening();
        var change = new Change(fixture.Clock.GetUtcNow(), evening.Gm, "disabled staff account 'x'", AccountRules.Rule);
        await evening.Venue.RecordAccountChange("x-account", 2, change);
        await evening.Venue.RecordAccountChange("x-account", 2, change);
        await evening.Venue.RecordAccountChange("x-account", 1, change);
        Assert.Single((await evening.Venue.GetHistory()).Value!, h => h == change with { Kind = ClubGrains.Venues.VenueEvents.AccountChanged });
    }

    [Fact]
    public async Task Disabling_twice_is_one_change_in_the_account_the_list_and_the_venues_history()
    {
        var evening = await fixture.NewEvening();
        var login = await Desk(evening);
        await Account(login).SetEnabled(evening.Gm, evening.VenueId, false);
        var again = await Account(login).SetEnabled(evening.Gm, evening.VenueId, false);

        Assert.Equal((false, 2L), (again.Value!.Enabled, again.Value.Version));
        Assert.Equal(2, (await Account(login).GetAccount(evening.Gm, evening.VenueId)).Value!.History.Count);
        Assert.Equal(2L, Assert.Single((await fixture.Grains.GetGrain<IVenueAccountsGrain>(evening.VenueId).List(evening.Gm)).Value!).Version);
        Assert.Single((await evening.Venue.GetHistory()).Value!, h => h.What.StartsWith("disabled", StringComparison.Ordinal) && h.What.Contains(login, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_gm_creating_an_operator_or_an_account_of_another_venue_is_refused_and_nothing_is_written()
    {
        var evening = await fixture.NewEvening();
        var other = await fixture.NewEvening();
        var login = NewLogin();
        var asOperator = await Account(login).Create(evening.Gm, evening.VenueId, new AccountDraft("运营", Roles.Operator), "hash");
        var granted = await Account(login).Create(evening.Gm, evening.VenueId, new AccountDraft("前台", Roles.Reception, [evening.VenueId, other.VenueId]), "hash");
        var foreign = await Account(login).Create(evening.Gm, other.VenueId, new AccountDraft("前台", Roles.Reception), "hash");

        Assert.All(new[] { asOperator, granted, foreign }, r => Assert.Equal((RefusalKind.Forbidden, AccountRules.Rule), (r.Refusal!.Kind, r.Refusal.Rule)));
        Assert.Null(await Account(login).GetCredentials());
        Assert.Empty((await fixture.Grains.GetGrain<IVenueAccountsGrain>(evening.VenueId).List(evening.Gm)).Value!);
    }

    [Fact]
    public async Task A_manager_account_needs_a_manager_registered_with_that_badge()
    {
        var evening = await fixture.NewEvening();
        var unknown = await Account(NewLogin()).Create(evening.Gm, evening.VenueId, new AccountDraft("张三", Roles.Manager, null, "K999", VenueKind.Ktv), "hash");
        Assert.Equal((RefusalKind.Conflict, "badge"), (unknown.Refusal!.Kind, Assert.Single(unknown.Refusal.Fields!).Field));

        var known = await Account(NewLogin()).Create(evening.Gm, evening.VenueId, new AccountDraft("李娜", Roles.Manager, null, "K007", VenueKind.Ktv), "hash");
        Assert.Equal(("K007", VenueKind.Ktv), (known.Value!.Badge, known.Value.Department));
    }

    [Fact]
    public async Task An_account_survives_a_restart_of_the_silo()
    {
        using var folder = new TempFolder();
        var settings = TestSilo.SqliteSettings(folder.File("club.db"));
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 12, 3, 20, 0, 0, TimeSpan.FromHours(8)));
        var op = new Actor("op-1", Roles.Operator, Venues: [Actor.AllVenues]);
        var first = await TestSilo.Start(settings, clock);
        try
        {
            await first.Grains().GetGrain<IVenueGrain>("night").Create(op, new VenueDraft("Night", "Asia/Shanghai", null, [VenueKind.Ktv]));
            Assert.True((await first.Grains().GetGrain<IStaffAccountGrain>("desk.night").Create(op, "night", new AccountDraft("前台", Roles.Reception), "stored-hash")).Succeeded);
            Assert.True((await first.Grains().GetGrain<IStaffAccountGrain>("desk.night").SetEnabled(op, "night", false)).Succeeded);
        }
        finally
        {
            await TestSilo.Stop(first);
        }

        var second = await TestSilo.Start(settings, clock);
        try
        {
            var stored = (await second.Grains().GetGrain<IStaffAccountGrain>("desk.night").GetAccount(op, "night")).Value!;
            Assert.Equal((false, 2L, 2), (stored.Account.Enabled, stored.Account.Version, stored.History.Count));
            Assert.Equal("stored-hash", (await second.Grains().GetGrain<IStaffAccountGrain>("desk.night").GetCredentials())!.PasswordHash);
            Assert.False(Assert.Single((await second.Grains().GetGrain<IVenueAccountsGrain>("night").List(op)).Value!).Enabled);
        }
        finally
        {
            await TestSilo.Stop(second);
        }
    }

    [Fact]
    public async Task Sign_in_an_unknown_login_gets_the_wrong_password_answer_after_the_same_hashing_work()
    {
        var evening = await fixture.NewEvening();
        var login = await Desk(evening);

        var before = Hasher.Verifications;
        var wrong = await SignIn.Check(login, "not the password");
        var afterWrong = Hasher.Verifications;
        var unknown = await SignIn.Check(NewLogin(), "not the password");
        var malformed = await SignIn.Check("NOT A LOGIN", "not the password");

        Assert.Equal(wrong, unknown);
        Assert.Equal(wrong, malformed);
        Assert.Equal(SignInResult.Invalid, wrong);
        Assert.True(Hasher.Verifications - afterWrong >= 2 && afterWrong - before >= 1, "every attempt verifies one hash");
    }

    [Fact]
    public async Task Sign_in_succeeds_with_the_actor_of_the_token_and_says_the_password_must_be_changed()
    {
        var evening = await fixture.NewEvening();
        var login = await Desk(evening);

        var result = await SignIn.Check(login, Password);

        Assert.Equal((SignInOutcome.Succeeded, true), (result.Outcome, result.MustChangePassword));
        Assert.Equal((login, Roles.Reception, "前台小王"), (result.Actor!.Subject, result.Actor.Role, result.Actor.DisplayName));
        Assert.Equal([evening.VenueId], result.Actor.Venues!);
    }

    [Fact]
    public async Task Sign_in_to_a_disabled_account_is_refused()
    {
        var evening = await fixture.NewEvening();
        var login = await Desk(evening);
        Assert.True((await Account(login).SetEnabled(evening.Gm, evening.VenueId, false)).Succeeded);

        Assert.Equal(SignInOutcome.Disabled, (await SignIn.Check(login, Password)).Outcome);
    }

    [Fact]
    public async Task Five_failures_lock_the_account_until_its_time_and_a_reset_by_the_gm_lifts_it()
    {
        var evening = await fixture.NewEvening();
        var login = await Desk(evening);
        var attempts = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => SignIn.Check(login, "not the password")));

        // Concurrent attempts are counted one after another in the grain: exactly the fifth locks.
        Assert.Equal(4, attempts.Count(a => a.Outcome == SignInOutcome.InvalidCredentials));
        var lockedUntil = Assert.Single(attempts, a => a.Outcome == SignInOutcome.LockedOut).LockedUntil;
        Assert.Equal(fixture.Clock.GetUtcNow().AddMinutes(15), lockedUntil);
        var refused = await SignIn.Check(login, Password);
        Assert.Equal((SignInOutcome.LockedOut, lockedUntil), (refused.Outcome, refused.LockedUntil));

        Assert.True((await Account(login).ResetPassword(evening.Gm, evening.VenueId, Passwords.Hash(login, "second password 2"))).Succeeded);
        var after = await SignIn.Check(login, "second password 2");
        Assert.Equal((SignInOutcome.Succeeded, true), (after.Outcome, after.MustChangePassword));
    }

    [Fact]
    public async Task The_lockout_ends_when_the_clock_passes_its_time()
    {
        var evening = await fixture.NewEvening();
        var login = await Desk(evening);
        for (var i = 0; i < 5; i++)
        {
            await SignIn.Check(login, "not the password");
        }

        fixture.MoveTo(fixture.Clock.GetUtcNow().AddMinutes(15));
        Assert.Equal(SignInOutcome.Succeeded, (await SignIn.Check(login, Password)).Outcome);
    }

    [Fact]
    public async Task Changing_ones_own_password_clears_must_change_and_only_the_person_may()
    {
        var evening = await fixture.NewEvening();
        var login = await Desk(evening);
        var person = new Actor(login, Roles.Reception, Venues: [evening.VenueId]);

        var someoneElse = await Account(login).ChangeOwnPassword(evening.Desk, "hash");
        Assert.Equal(RefusalKind.NotFound, someoneElse.Refusal!.Kind);

        var changed = await Account(login).ChangeOwnPassword(person, Passwords.Hash(login, "my own password"));
        Assert.False(changed.Value!.MustChangePassword);
        var signedIn = await SignIn.Check(login, "my own password");
        Assert.Equal((SignInOutcome.Succeeded, false), (signedIn.Outcome, signedIn.MustChangePassword));
    }

    /// <summary>Identity's hasher, counting its verifications.</summary>
    [Fact]
    public async Task Two_refreshes_with_one_token_honour_one_and_end_the_session()
    {
        var evening = await fixture.NewEvening();
        var login = await Desk(evening);
        var session = (await Account(login).StartSession("s-" + login))!;

        var both = await Task.WhenAll(Account(login).RefreshSession(session.Id, 1), Account(login).RefreshSession(session.Id, 1));

        Assert.Equal([SessionRefreshOutcome.Refreshed, SessionRefreshOutcome.Replayed], both.Select(r => r.Outcome).Order());
        Assert.Equal(SessionRefreshOutcome.Ended, (await Account(login).RefreshSession(session.Id, 2)).Outcome);
    }

    [Fact]
    public async Task A_session_is_stored_beyond_its_grains_activation_and_a_disabled_account_starts_none()
    {
        var evening = await fixture.NewEvening();
        var login = await Desk(evening);
        var session = (await Account(login).StartSession("s-" + login))!;

        await fixture.Grains.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);
        Assert.Equal((SessionRefreshOutcome.Refreshed, 2), (await Account(login).RefreshSession(session.Id, 1)) is var r ? (r.Outcome, r.Generation) : default);

        Assert.True((await Account(login).SetEnabled(evening.Gm, evening.VenueId, enabled: false)).Succeeded);
        Assert.Null(await Account(login).StartSession("s2-" + login));
    }

    [Fact]
    public async Task The_chains_token_keys_are_made_once_and_given_alike_from_storage_after_deactivation()
    {
        var first = await fixture.Grains.GetGrain<ITokenKeysGrain>(TokenKeyMaterial.Chain).GetOrCreate();

        await fixture.Grains.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);
        var again = await fixture.Grains.GetGrain<ITokenKeysGrain>(TokenKeyMaterial.Chain).GetOrCreate();

        Assert.Equal(first.KeyId, again.KeyId);
        Assert.Equal(first.RsaPrivateKey, again.RsaPrivateKey);
        Assert.Equal(first.EncryptionKey, again.EncryptionKey);
        using var rsa = System.Security.Cryptography.RSA.Create();
        rsa.ImportPkcs8PrivateKey(again.RsaPrivateKey, out _);
        Assert.Equal((TokenKeysGrain.RsaKeyBits, TokenKeysGrain.EncryptionKeyBytes), (rsa.KeySize, again.EncryptionKey.Length));
    }
}
