using System.Buffers.Text;
using System.Security.Cryptography;
using ClubGrains.Accounts;
using ClubGrains.Api.Auth;
using ClubGrains.Api.Common;
using ClubGrains.Common;

namespace ClubGrains.Api.Accounts;

/// <summary>Body of <c>POST /venues/{venueId}/clients</c>: the partner's name and the venues its client is granted.</summary>
public sealed record NewClientBody(
    [property: System.ComponentModel.Description("The partner system's name, as history and lists show it.")] string? Name,
    [property: System.ComponentModel.Description("Venue ids the client is granted (never '*'); left out: the venue it is made at. A GM grants exactly their venue.")] IReadOnlyList<string>? Venues);

/// <summary>A client and its secret: the only answer that shows the secret, at creation and at each rotation.</summary>
public sealed record NewClientSecret(
    ApiClient Client,
    [property: System.ComponentModel.Description("The client secret, shown this once: only its hash is stored.")] string ClientSecret);

/// <summary>
/// Partner clients (OAuth2 client credentials of the <c>api-client</c> role): GMs manage their venue's,
/// operators those of the venues they are granted. The server makes the id and the secret.
/// </summary>
internal static class ClientEndpoints
{
    private const string Tag = "Partner clients";

    /// <summary>256 random bits: no lockout is needed against guessing, and none could lock a partner out.</summary>
    private const int SecretBytes = 32;

    public static IEndpointRouteBuilder MapClientEndpoints(this IEndpointRouteBuilder routes)
    {
        var clients = routes.MapGroup("/venues/{venueId}/clients").WithTags(Tag);
        clients.MapPost("/", Create).RequireVenueRoles(ClientRules.Managers).Describe("createClient", ClientRules.Rule,
            "Creates a partner system's client granted this venue (a GM: exactly their venue; an operator: venues they are granted, never '*'). The answer shows the client secret, this once.")
            .Produces<NewClientSecret>(StatusCodes.Status201Created).ProducesValidationProblem().ProducesProblem(StatusCodes.Status409Conflict);
        clients.MapGet("/", List).RequireVenueRoles(ClientRules.Managers).Describe("listClients", ClientRules.Rule,
            "The venue's partner clients: id, name, enabled.")
            .Produces<IReadOnlyList<ApiClientSummary>>();
        clients.MapGet("/{clientId}", Read).RequireVenueRoles(ClientRules.Managers).Describe("getClient", ClientRules.Rule,
            "A partner client with the history of its changes (never its secret or hash).")
            .Produces<ApiClientView>().ProducesProblem(StatusCodes.Status404NotFound);
        clients.MapPost("/{clientId}/disable", Disable).RequireVenueRoles(ClientRules.Managers).Describe("disableClient", ClientRules.Rule,
            "Disables the client: its secret no longer gets a token.")
            .Produces<ApiClient>().ProducesProblem(StatusCodes.Status404NotFound);
        clients.MapPost("/{clientId}/enable", Enable).RequireVenueRoles(ClientRules.Managers).Describe("enableClient", ClientRules.Rule,
            "Enables a disabled client again.")
            .Produces<ApiClient>().ProducesProblem(StatusCodes.Status404NotFound);
        clients.MapPost("/{clientId}/secret", Rotate).RequireVenueRoles(ClientRules.Managers).Describe("rotateClientSecret", ClientRules.Rule,
            "Issues a new client secret, shown this once; the old one stops working at once.")
            .Produces<NewClientSecret>().ProducesProblem(StatusCodes.Status404NotFound);
        return routes;
    }

    private static async Task<IResult> Create(string venueId, NewClientBody body, IGrainFactory grains, StaffPasswords passwords, HttpContext http)
    {
        var draft = new ApiClientDraft(body.Name, body.Venues);
        if (ClientRules.CheckDraft(draft, venueId) is { Count: > 0 } errors)
        {
            return Refusal.Invalid(errors).ToProblem();
        }

        var clientId = ClientRules.NewClientId();
        var secret = NewSecret();
        var created = await grains.GetGrain<IApiClientGrain>(clientId).Create(Actors.From(http.User), venueId, draft, passwords.Hash(clientId, secret));
        return created.ToHttp(c => Secret(http, TypedResults.Created($"/venues/{venueId}/clients/{c.ClientId}", new NewClientSecret(c, secret))));
    }

    private static async Task<IResult> List(string venueId, IGrainFactory grains, HttpContext http) =>
        (await grains.GetGrain<IVenueAccountsGrain>(venueId).ListClients(Actors.From(http.User))).ToHttp(v => TypedResults.Ok(v));

    private static Task<IResult> Read(string venueId, string clientId, IGrainFactory grains, HttpContext http) =>
        Run(venueId, clientId, grains, g => g.GetClient(Actors.From(http.User), venueId), v => TypedResults.Ok(v));

    private static Task<IResult> Disable(string venueId, string clientId, IGrainFactory grains, HttpContext http) =>
        Run(venueId, clientId, grains, g => g.SetEnabled(Actors.From(http.User), venueId, enabled: false), c => TypedResults.Ok(c));

    private static Task<IResult> Enable(string venueId, string clientId, IGrainFactory grains, HttpContext http) =>
        Run(venueId, clientId, grains, g => g.SetEnabled(Actors.From(http.User), venueId, enabled: true), c => TypedResults.Ok(c));

    private static Task<IResult> Rotate(string venueId, string clientId, IGrainFactory grains, StaffPasswords passwords, HttpContext http)
    {
        var secret = NewSecret();
        return Run(venueId, clientId, grains, g => g.RotateSecret(Actors.From(http.User), venueId, passwords.Hash(clientId, secret)),
            c => Secret(http, TypedResults.Ok(new NewClientSecret(c, secret))));
    }

    /// <summary>A malformed id answers as an unknown one: 404, and no grain is called.</summary>
    private static async Task<IResult> Run<T>(string venueId, string clientId, IGrainFactory grains, Func<IApiClientGrain, Task<Result<T>>> act, Func<T, IResult> ok) =>
        ClientRules.IsClientId(clientId)
            ? (await act(grains.GetGrain<IApiClientGrain>(clientId))).ToHttp(ok)
            : Refusal.NotFound($"Venue '{venueId}' has no partner client of that id.").ToProblem();

    /// <summary>An answer carrying a secret is kept by no cache, as OAuth2's token answers are not.</summary>
    private static IResult Secret(HttpContext http, IResult result)
    {
        http.Response.Headers.CacheControl = "no-store";
        return result;
    }

    private static string NewSecret() => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(SecretBytes));
}
