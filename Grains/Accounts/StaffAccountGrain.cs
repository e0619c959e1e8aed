using ClubGrains.Common;
using ClubGrains.Staff;
using ClubGrains.Venues;

namespace ClubGrains.Accounts;

/// <summary>
/// A staff account: the grain is the last word on who may change it (<see cref="AccountRules"/>).
/// Every change by a person is kept in its history and told, one way and with its version, to the
/// account lists and histories of the venues that list it.
/// </summary>
public sealed class StaffAccountGrain(
    [PersistentState("account", StorageNames.Club)] IPersistentState<AccountState> state,
    TimeProvider time) : Grain, IStaffAccountGrain
{
    /// <summary>The failed sign-ins counted for a login no account holds, while the grain is active.</summary>
    private StaffAccount? _unheldLogin;

    private string Login => this.GetPrimaryKeyString();

    public async Task<Result<StaffAccount>> Create(Actor actor, string venueId, AccountDraft draft, string passwordHash)
    {
        var errors = AccountRules.CheckDraft(draft, venueId);
        AccountRules.CheckLogin(errors, Login);
        if (errors.Count > 0)
        {
            return Refusal.Invalid(errors);
        }

        if (AccountRules.MayCreate(actor, venueId, draft) is { } denied)
        {
            return denied;
        }

        if ((await GrainFactory.GetGrain<IVenueGrain>(venueId).GetVenue()).Refusal is { } missing)
        {
            return missing;
        }

        if (state.State.Account is not null)
        {
            return AccountRules.Taken(Login);
        }

        var manager = draft.Role == Roles.Manager
            ? (await GrainFactory.GetGrain<IManagerGrain>(GrainKeys.Manager(venueId, draft.Badge!)).GetManager(Actor.System)).Value?.Profile
            : null;
        if (AccountRules.ManagerMismatch(draft, venueId, manager) is { } mismatch)
        {
            return mismatch;
        }

        var account = AccountRules.NewAccount(Login, venueId, draft, time.GetUtcNow());
        state.State.Account = account;
        state.State.PasswordHash = passwordHash;
        await SaveAndPublish(actor, AccountRules.Created(account));
        return account;
    }

    public Task<Result<AccountView>> GetAccount(Actor reader, string venueId)
    {
        var guarded = Guard(reader, venueId);
        return Task.FromResult(guarded.Value is { } account
            ? (Result<AccountView>)new AccountView(account, state.State.History.ToArray())
            : guarded.Refusal!);
    }

    public Task<Result<StaffAccount>> SetEnabled(Actor actor, string venueId, bool enabled) =>
        Apply(actor, venueId, a => a.Enabled == enabled ? null : a with { Enabled = enabled }, AccountRules.EnabledChanged(Login, enabled));

    public Task<Result<StaffAccount>> ResetPassword(Actor actor, string venueId, string passwordHash) =>
        Apply(actor, venueId, a => a with { MustChangePassword = true, FailedSignIns = 0, LockedUntil = null }, AccountRules.PasswordReset(Login), passwordHash);

    public async Task<Result<StaffAccount>> ChangeOwnPassword(Actor actor, string passwordHash)
    {
        if ((AccountRules.MayChangeOwn(actor, Login, state.State.Account) ?? AccountRules.HistoryFull(state.State.History.Count)) is { } refused)
        {
            return refused;
        }

        state.State.PasswordHash = passwordHash;
        state.State.Account = Stamped(state.State.Account! with { MustChangePassword = false, FailedSignIns = 0, LockedUntil = null });

        // Whoever signed in with the old password is signed out: a changed password is often a leaked one.
        state.State.Sessions.Clear();
        await SaveAndPublish(actor, AccountRules.OwnPasswordChanged(Login));
        return state.State.Account;
    }

    public Task<AccountCredentials?> GetCredentials() =>
        Task.FromResult(state.State is { Account: { } account, PasswordHash: { } hash } ? new AccountCredentials(account, hash) : null);

    public async Task<SignInResult> RecordSignIn(bool passwordMatched, SignInPolicy policy)
    {
        if (state.State.Account is not { } account)
        {
            // A login nobody holds locks as a real one would (in memory only: nothing is stored for a
            // stranger's guesses), so the lockout message does not tell which logins exist.
            (_unheldLogin, var answer) = AccountRules.SignIn(_unheldLogin ?? AccountRules.Unheld(Login, time.GetUtcNow()), passwordMatched: false, policy, time.GetUtcNow());
            return answer;
        }

        var (after, result) = AccountRules.SignIn(account, passwordMatched, policy, time.GetUtcNow());
        if (after != account)
        {
            // Counted in the grain's turn: concurrent attempts are counted one after another, none lost.
            state.State.Account = after;
            await state.WriteOrReloadAsync(this);
        }

        return result;
    }

    public async Task<StaffSession?> StartSession(string sessionId)
    {
        if (state.State.Account is not { Enabled: true })
        {
            return null;
        }

        state.State.Sessions = SessionRules.Start(state.State.Sessions, sessionId, time.GetUtcNow());
        await state.WriteOrReloadAsync(this);
        return state.State.Sessions[^1];
    }

    public async Task<SessionRefresh> RefreshSession(string sessionId, int generation)
    {
        if (state.State.Account is not { } account)
        {
            return new SessionRefresh(SessionRefreshOutcome.Ended);
        }

        var (sessions, result) = SessionRules.Refresh(account, state.State.Sessions, sessionId, generation, time.GetUtcNow());
        if (result.Refreshed || sessions.Count != state.State.Sessions.Count)
        {
            // Written in the grain's turn before the answer: two refreshes with one token honour one.
            state.State.Sessions = sessions;
            await state.WriteOrReloadAsync(this);
        }

        return result;
    }

    /// <summary>The guard of every command on an existing account at a venue.</summary>
    private Result<StaffAccount> Guard(Actor actor, string venueId) =>
        AccountRules.MayManage(actor, venueId, state.State.Account) is { } refused ? refused : state.State.Account!;

    /// <summary>
    /// Applies a change a GM or operator makes, with the new password hash when it sets one;
    /// <paramref name="apply"/> answers null when there is nothing to change.
    /// </summary>
    private async Task<Result<StaffAccount>> Apply(Actor actor, string venueId, Func<StaffAccount, StaffAccount?> apply, string what, string? passwordHash = null)
    {
        var guarded = Guard(actor, venueId);
        if (guarded.Value is not { } account)
        {
            return guarded;
        }

        if (AccountRules.HistoryFull(state.State.History.Count) is { } full)
        {
            return full;
        }

        if (apply(account) is not { } changed)
        {
            // Nothing to change: told again, so a retry after a failure half-way completes the venues' lists and histories.
            await Publish();
            return account;
        }

        state.State.Account = Stamped(changed);
        state.State.PasswordHash = passwordHash ?? state.State.PasswordHash;

        // Every change a GM or operator makes (disabling, a new password) signs the account out everywhere.
        state.State.Sessions.Clear();
        await SaveAndPublish(actor, what);
        return state.State.Account;
    }

    private StaffAccount Stamped(StaffAccount account) => account with { ChangedAt = time.GetUtcNow(), Version = account.Version + 1 };

    private async Task SaveAndPublish(Actor actor, string what)
    {
        state.State.History.Add(new Change(state.State.Account!.ChangedAt, actor.ForRecord(), what, AccountRules.Rule));
        await state.WriteOrReloadAsync(this);
        await Publish();
    }

    /// <summary>Tells the venues the account as it is and its latest change, with its version: telling twice changes nothing.</summary>
    private async Task Publish()
    {
        var account = state.State.Account!;
        foreach (var venueId in AccountRules.ListedAt(account))
        {
            await GrainFactory.GetGrain<IVenueAccountsGrain>(venueId).Upsert(AccountRules.Summary(account));
            await GrainFactory.GetGrain<IVenueGrain>(venueId).RecordAccountChange(account.Login, account.Version, state.State.History[^1]);
        }
    }
}
