using System.Text.RegularExpressions;
using ClubGrains.Common;
using ClubGrains.Staff;
using ClubGrains.Venues;

namespace ClubGrains.Accounts;

/// <summary>
/// Who may manage which staff account, what a valid account is, and how sign-in failures lock it.
/// The rulebook has no rule for accounts: refusals name <see cref="Rule"/>.
/// </summary>
public static partial class AccountRules
{
    /// <summary>The rule id of account refusals and history entries (not a handbook rule).</summary>
    public const string Rule = "ACCOUNTS";

    /// <summary>Who manages accounts: a GM at their venue, an operator anywhere.</summary>
    public static readonly string[] Managers = [Roles.Operator, Roles.GeneralManager];

    /// <summary>Every role a person's account can hold: partners get client credentials, not accounts.</summary>
    public static readonly string[] AccountRoles = Roles.All.Where(r => r != Roles.ApiClient).ToArray();

    [GeneratedRegex("^[a-z0-9][a-z0-9._-]{2,39}$")]
    private static partial Regex LoginPattern();

    [GeneratedRegex("^[A-Za-z0-9-]{1,40}$")]
    private static partial Regex BadgePattern();

    public static bool IsLogin(string? login) => login is not null && LoginPattern().IsMatch(login);

    public static void CheckLogin(List<FieldError> errors, string? login)
    {
        if (!IsLogin(login))
        {
            errors.Add(new("login", "Required: 3 to 40 characters of a-z, 0-9, '.', '_' or '-', starting with a letter or digit.", Rule));
        }
    }

    /// <summary>A password of at least the configured length and at most <see cref="Limits.Password"/> characters.</summary>
    public static void CheckPassword(List<FieldError> errors, string field, string? password, int minimumLength)
    {
        if (password is null || password.Length < minimumLength || password.Length > Limits.Password)
        {
            errors.Add(new(field, $"Required: {minimumLength} to {Limits.Password} characters.", Rule));
        }
    }

    /// <summary>The field errors of a new account made at a venue.</summary>
    public static List<FieldError> CheckDraft(AccountDraft draft, string venueId)
    {
        var errors = new List<FieldError>();
        Limits.CheckText(errors, "displayName", draft.DisplayName, Limits.Name, Rule, "the person's name");
        if (Limits.HasControlCharacters(draft.DisplayName))
        {
            errors.Add(new("displayName", "Must not contain control characters.", Rule));
        }

        if (draft.Role is null || !AccountRoles.Contains(draft.Role))
        {
            errors.Add(new("role", $"Required: one of {string.Join(", ", AccountRoles)}.", Rule));
        }

        CheckVenues(errors, draft, venueId);
        var manager = draft.Role == Roles.Manager;
        if (manager ? draft.Badge is null || !BadgePattern().IsMatch(draft.Badge) : draft.Badge is not null)
        {
            errors.Add(new("badge", manager ? "Required for a manager: 1 to 40 letters, digits or '-'." : "Only a manager's account has a badge.", Rule));
        }

        if (manager ? draft.Department is null : draft.Department is not null)
        {
            errors.Add(new("department", manager ? "Required for a manager: ktv or disco." : "Only a manager's account has a department.", Rule));
        }

        return errors;
    }

    private static void CheckVenues(List<FieldError> errors, AccountDraft draft, string venueId)
    {
        var venues = draft.Venues ?? [venueId];
        if (venues.Count is 0 or > Limits.AccountVenues
            || venues.Any(v => string.IsNullOrWhiteSpace(v) || v.Length > Limits.Id || Limits.HasControlCharacters(v)))
        {
            errors.Add(new("venues", $"1 to {Limits.AccountVenues} venue ids of at most {Limits.Id} characters.", Rule));
        }
        else if (!venues.Contains(venueId) && !venues.Contains(Actor.AllVenues))
        {
            errors.Add(new("venues", $"Must include the venue '{venueId}' the account is made at.", Rule));
        }
        else if (venues.Contains(Actor.AllVenues) && draft.Role != Roles.Operator)
        {
            errors.Add(new("venues", "The grant of every venue ('*') is an operator's only.", Rule));
        }
    }

    /// <summary>
    /// A GM creates accounts granted exactly their venue, of any role but operator; an operator creates
    /// any account at a venue they are granted.
    /// </summary>
    public static Refusal? MayCreate(Actor actor, string venueId, AccountDraft draft) =>
        Access.Require(actor, venueId, Rule, Managers)
        ?? (actor.Role == Roles.GeneralManager ? GmLimits(actor, venueId, draft.Role, draft.Venues ?? [venueId]) : null);

    /// <summary>Whether the actor manages an existing account at this venue; an account not listed there is not found.</summary>
    public static Refusal? MayManage(Actor actor, string venueId, StaffAccount? account) =>
        account is null || !ListedAt(account).Contains(venueId) ? Refusal.NotFound($"Venue '{venueId}' has no staff account of that login.")
        : Access.Require(actor, venueId, Rule, Managers)
        ?? (actor.Role == Roles.GeneralManager ? GmLimits(actor, venueId, account.Role, account.Venues) : null);

    private static Refusal? GmLimits(Actor actor, string venueId, string? role, IReadOnlyList<string> venues) =>
        role == Roles.Operator ? Refusal.Forbidden($"{Access.Describe(actor)} may not manage an operator's account; only an operator may.", Rule)
        : venues.Distinct().SequenceEqual([venueId]) ? null
        : Refusal.Forbidden($"{Access.Describe(actor)} manages only accounts granted exactly venue '{venueId}'.", Rule);

    /// <summary>The person themself, by the token's subject, while the account is enabled.</summary>
    public static Refusal? MayChangeOwn(Actor actor, string login, StaffAccount? account) =>
        account is null || actor.Subject != login ? Refusal.NotFound($"'{actor.Subject}' has no staff account.")
        : !account.Enabled ? Refusal.Forbidden($"The account '{login}' is disabled.", Rule)
        : null;

    /// <summary>A manager's account and the manager's record are one person: the badge must be registered at the venue in that department.</summary>
    public static Refusal? ManagerMismatch(AccountDraft draft, string venueId, ManagerProfile? manager) =>
        draft.Role != Roles.Manager || (manager is not null && manager.Department == draft.Department) ? null
        : new Refusal(RefusalKind.Conflict, $"Venue '{venueId}' has no account manager with badge '{draft.Badge}' in department {draft.Department}; register the manager first.", Rule,
            [new FieldError("badge", "Must be the badge of a manager registered at the venue in that department.", Rule)]);

    public static Refusal Taken(string login) => Refusal.Conflict($"The login '{login}' is taken; logins are unique in the chain.", Rule);

    public static Refusal? HistoryFull(int count) =>
        count >= Limits.AccountHistory ? Refusal.Conflict($"The account's history holds {Limits.AccountHistory} changes; no more are recorded.", Rule) : null;

    public static StaffAccount NewAccount(string login, string venueId, AccountDraft draft, DateTimeOffset now) =>
        new(login, draft.DisplayName!, draft.Role!, (draft.Venues ?? [venueId]).Distinct(StringComparer.Ordinal).ToArray(), draft.Badge, draft.Department,
            Enabled: true, MustChangePassword: true, FailedSignIns: 0, LockedUntil: null, CreatedAt: now, ChangedAt: now, Version: 1, HomeVenue: venueId);

    /// <summary>What sign-in attempts on a login no account holds are counted against: never enabled, never matched.</summary>
    public static StaffAccount Unheld(string login, DateTimeOffset now) =>
        new(login, login, Roles.Reception, [], null, null, Enabled: false, MustChangePassword: false, FailedSignIns: 0, LockedUntil: null,
            CreatedAt: now, ChangedAt: now, Version: 0, HomeVenue: string.Empty);

    /// <summary>The venues that list the account and record its changes: where it was made and every venue it is granted by id.</summary>
    public static IReadOnlyList<string> ListedAt(StaffAccount account) =>
        account.Venues.Prepend(account.HomeVenue).Where(v => v != Actor.AllVenues).Distinct(StringComparer.Ordinal).ToArray();

    public static AccountSummary Summary(StaffAccount a) =>
        new(a.Login, a.DisplayName, a.Role, a.Badge, a.Department, a.Enabled, a.MustChangePassword, a.Version);

    /// <summary>The actor a token for this account carries.</summary>
    public static Actor ActorOf(StaffAccount a) =>
        new(a.Login, a.Role, a.DisplayName, a.Badge, a.Venues, a.Department?.ToString().ToLowerInvariant());

    /// <summary>
    /// A sign-in attempt: a locked account stays locked until its time; a wrong password counts, and
    /// the policy's number of failures in a row locks it for the policy's time (the count starts again
    /// after); a right one resets the count. A disabled account is refused, a right password or not.
    /// </summary>
    public static (StaffAccount Account, SignInResult Result) SignIn(StaffAccount account, bool passwordMatched, SignInPolicy policy, DateTimeOffset now)
    {
        if (account.LockedUntil is { } until && until > now)
        {
            return (account, new SignInResult(SignInOutcome.LockedOut, LockedUntil: until));
        }

        if (!passwordMatched)
        {
            var failures = account.FailedSignIns + 1;
            return failures >= policy.MaxFailedSignIns
                ? (account with { FailedSignIns = 0, LockedUntil = now + policy.Lockout }, new SignInResult(SignInOutcome.LockedOut, LockedUntil: now + policy.Lockout))
                : (account with { FailedSignIns = failures, LockedUntil = null }, SignInResult.Invalid);
        }

        var reset = account with { FailedSignIns = 0, LockedUntil = null };
        return !account.Enabled
            ? (reset, new SignInResult(SignInOutcome.Disabled))
            : (reset, new SignInResult(SignInOutcome.Succeeded, ActorOf(account), account.MustChangePassword));
    }

    /// <summary>Why a password change is refused after checking the current password; null when it matched.</summary>
    public static Refusal? CurrentPasswordRefusal(SignInResult check) => check.Outcome switch
    {
        SignInOutcome.Succeeded => null,
        SignInOutcome.LockedOut => Refusal.Forbidden($"Too many failed sign-ins: the account is locked until {check.LockedUntil:O}.", Rule),
        SignInOutcome.Disabled => Refusal.Forbidden("The account is disabled.", Rule),
        _ => new Refusal(RefusalKind.Forbidden, "The current password is wrong.", Rule, [new FieldError("currentPassword", "Does not match the account's password.", Rule)]),
    };

    /// <summary>The field errors of a person's own password change.</summary>
    public static List<FieldError> CheckOwnPassword(string? currentPassword, string? newPassword, int minimumLength)
    {
        var errors = new List<FieldError>();
        Limits.CheckText(errors, "currentPassword", currentPassword, Limits.Password, Rule, "the password in use");
        CheckPassword(errors, "newPassword", newPassword, minimumLength);
        if (errors.Count == 0 && currentPassword == newPassword)
        {
            errors.Add(new("newPassword", "Must differ from the current password.", Rule));
        }

        return errors;
    }

    public static string Created(StaffAccount a) =>
        $"created staff account '{a.Login}' ({a.DisplayName}, {a.Role}{(a.Badge is null ? string.Empty : $", badge {a.Badge}, {a.Department?.ToString().ToLowerInvariant()}")}, venues {string.Join(", ", a.Venues)})";

    public static string EnabledChanged(string login, bool enabled) => $"{(enabled ? "enabled" : "disabled")} staff account '{login}'";

    public static string PasswordReset(string login) => $"set a new password for staff account '{login}' (to be changed at the next sign-in)";

    public static string OwnPasswordChanged(string login) => $"changed the password of their own staff account '{login}'";
}
