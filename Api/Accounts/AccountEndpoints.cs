using ClubGrains.Accounts;
using ClubGrains.Api.Auth;
using ClubGrains.Api.Common;
using ClubGrains.Common;
using ClubGrains.Venues;

namespace ClubGrains.Api.Accounts;

/// <summary>Body of <c>POST /venues/{venueId}/accounts</c>: the person, their role and grants, and a first password.</summary>
public sealed record NewAccountBody(
    string? Login,
    string? DisplayName,
    string? Role,
    [property: System.ComponentModel.Description("Venue ids the account is granted; left out: the venue it is made at. A GM grants exactly their venue.")] IReadOnlyList<string>? Venues,
    [property: System.ComponentModel.Description("A manager's badge, registered at the venue in that department.")] string? Badge,
    VenueKind? Department,
    [property: System.ComponentModel.Description("The first password; the person must change it at their first sign-in.")] string? Password);

/// <summary>Body of <c>POST …/accounts/{login}/password</c>: a new password set by a GM or operator.</summary>
public sealed record PasswordBody(string? Password);

/// <summary>Body of <c>POST /accounts/me/password</c>.</summary>
public sealed record OwnPasswordBody(string? CurrentPassword, string? NewPassword);

/// <summary>Staff accounts: GMs manage their venue's, operators any venue's; each person changes their own password.</summary>
internal static class AccountEndpoints
{
    private const string Tag = "Staff accounts";

    public static IEndpointRouteBuilder MapAccountEndpoints(this IEndpointRouteBuilder routes)
    {
        var accounts = routes.MapGroup("/venues/{venueId}/accounts").WithTags(Tag);
        accounts.MapPost("/", Create).RequireVenueRoles(AccountRules.Managers).Describe("createAccount", AccountRules.Rule,
            "Creates a staff account granted this venue (a GM: exactly their venue, any role but operator); a manager's names a badge registered here. The password must be changed at the first sign-in.")
            .Produces<StaffAccount>(StatusCodes.Status201Created).ProducesValidationProblem().ProducesProblem(StatusCodes.Status409Conflict);
        accounts.MapGet("/", List).RequireVenueRoles(AccountRules.Managers).Describe("listAccounts", AccountRules.Rule,
            "The venue's staff accounts: login, name, role, badge, enabled, whether the password must be changed.")
            .Produces<IReadOnlyList<AccountSummary>>();
        accounts.MapGet("/{login}", Read).RequireVenueRoles(AccountRules.Managers).Describe("getAccount", AccountRules.Rule,
            "A staff account with the history of its changes (never its password or hash).")
            .Produces<AccountView>().ProducesProblem(StatusCodes.Status404NotFound);
        accounts.MapPost("/{login}/disable", Disable).RequireVenueRoles(AccountRules.Managers).Describe("disableAccount", AccountRules.Rule,
            "Disables the account: it can no longer sign in.")
            .Produces<StaffAccount>().ProducesProblem(StatusCodes.Status404NotFound);
        accounts.MapPost("/{login}/enable", Enable).RequireVenueRoles(AccountRules.Managers).Describe("enableAccount", AccountRules.Rule,
            "Enables a disabled account again.")
            .Produces<StaffAccount>().ProducesProblem(StatusCodes.Status404NotFound);
        accounts.MapPost("/{login}/password", Reset).RequireVenueRoles(AccountRules.Managers).Describe("resetAccountPassword", AccountRules.Rule,
            "Sets a new password (and lifts a lockout); the person must change it at their next sign-in.")
            .Produces<StaffAccount>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
        routes.MapPost("/accounts/me/password", ChangeOwn).WithTags(Tag).RequireVenueRoles(AccountRules.AccountRoles).OpenToPendingPasswordChange().Describe("changeOwnPassword", AccountRules.Rule,
            "The signed-in person (the token's subject is the login) changes their own password, giving the current one; a wrong one counts as a failed sign-in.")
            .Produces<StaffAccount>().ProducesValidationProblem();
        return routes;
    }

    private static async Task<IResult> Create(string venueId, NewAccountBody body, IGrainFactory grains, StaffPasswords passwords, HttpContext http)
    {
        var draft = new AccountDraft(body.DisplayName, body.Role, body.Venues, body.Badge, body.Department);
        var errors = AccountRules.CheckDraft(draft, venueId);
        AccountRules.CheckLogin(errors, body.Login);
        AccountRules.CheckPassword(errors, "password", body.Password, passwords.MinimumLength);
        if (errors.Count > 0)
        {
            return Refusal.Invalid(errors).ToProblem();
        }

        var created = await grains.GetGrain<IStaffAccountGrain>(body.Login!)
            .Create(Actors.From(http.User), venueId, draft, passwords.Hash(body.Login!, body.Password!));
        return created.ToHttp(a => TypedResults.Created($"/venues/{venueId}/accounts/{a.Login}", a));
    }

    private static async Task<IResult> List(string venueId, IGrainFactory grains, HttpContext http) =>
        (await grains.GetGrain<IVenueAccountsGrain>(venueId).List(Actors.From(http.User))).ToHttp(v => TypedResults.Ok(v));

    private static Task<IResult> Read(string venueId, string login, IGrainFactory grains, HttpContext http) =>
        Run(venueId, login, grains, g => g.GetAccount(Actors.From(http.User), venueId));

    private static Task<IResult> Disable(string venueId, string login, IGrainFactory grains, HttpContext http) =>
        Run(venueId, login, grains, g => g.SetEnabled(Actors.From(http.User), venueId, enabled: false));

    private static Task<IResult> Enable(string venueId, string login, IGrainFactory grains, HttpContext http) =>
        Run(venueId, login, grains, g => g.SetEnabled(Actors.From(http.User), venueId, enabled: true));

    private static Task<IResult> Reset(string venueId, string login, PasswordBody body, IGrainFactory grains, StaffPasswords passwords, HttpContext http)
    {
        var errors = new List<FieldError>();
        AccountRules.CheckPassword(errors, "password", body.Password, passwords.MinimumLength);
        return errors.Count > 0
            ? Task.FromResult(Refusal.Invalid(errors).ToProblem())
            : Run(venueId, login, grains, g => g.ResetPassword(Actors.From(http.User), venueId, passwords.Hash(login, body.Password!)));
    }

    private static async Task<IResult> ChangeOwn(OwnPasswordBody body, IGrainFactory grains, StaffPasswords passwords, StaffSignIn signIn, HttpContext http)
    {
        var actor = Actors.From(http.User);
        if (AccountRules.CheckOwnPassword(body.CurrentPassword, body.NewPassword, passwords.MinimumLength) is { Count: > 0 } errors)
        {
            return Refusal.Invalid(errors).ToProblem();
        }

        if (AccountRules.CurrentPasswordRefusal(await signIn.Check(actor.Subject, body.CurrentPassword!)) is { } refused)
        {
            return refused.ToProblem();
        }

        return (await grains.GetGrain<IStaffAccountGrain>(actor.Subject).ChangeOwnPassword(actor, passwords.Hash(actor.Subject, body.NewPassword!)))
            .ToHttp(a => TypedResults.Ok(a));
    }

    private static async Task<IResult> Run<T>(string venueId, string login, IGrainFactory grains, Func<IStaffAccountGrain, Task<Result<T>>> act) =>
        AccountRules.IsLogin(login)
            ? (await act(grains.GetGrain<IStaffAccountGrain>(login))).ToHttp(v => TypedResults.Ok(v))
            : Refusal.NotFound($"Venue '{venueId}' has no staff account of that login.").ToProblem();
}
