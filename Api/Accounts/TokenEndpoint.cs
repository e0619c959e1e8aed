using System.Collections.Immutable;
using System.Globalization;
using System.Security.Claims;
using System.Security.Cryptography;
using ClubGrains.Accounts;
using ClubGrains.Api.Auth;
using ClubGrains.Common;
using Microsoft.AspNetCore;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http.HttpResults;
using OpenIddict.Abstractions;
using OpenIddict.Server.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace ClubGrains.Api.Accounts;

/// <summary>
/// The OpenID Connect token endpoint's decisions (OpenIddict parses and answers the protocol): staff
/// sign in with their login and password and refresh within their session; partner systems present
/// their client credentials. Every token carries the claims the API has always read
/// (<see cref="ClaimNames"/>), so validation, roles and venue grants are the same for every issuer.
/// </summary>
internal static class TokenEndpoint
{
    public const string Path = "/connect/token";

    /// <summary>The claim of the refresh token naming its session and generation (never in an access token).</summary>
    public const string SessionClaim = "sid";
    public const string GenerationClaim = "session_generation";

    public static IEndpointRouteBuilder MapTokenEndpoint(this IEndpointRouteBuilder routes)
    {
        // The protocol is described by the discovery document, not by the OpenAPI one.
        routes.MapPost(Path, Exchange).AllowAnonymous().ExcludeFromDescription();
        return routes;
    }

    private static async Task<IResult> Exchange(HttpContext http, StaffSignIn signIn, IGrainFactory grains, AuthSettings settings)
    {
        var request = http.GetOpenIddictServerRequest()
            ?? throw new InvalidOperationException("The token endpoint was reached without OpenIddict's request.");
        if (request.IsPasswordGrantType())
        {
            return await Password(request, signIn, grains, settings);
        }

        if (request.IsRefreshTokenGrantType())
        {
            return await Refresh(http, request, grains, settings);
        }

        // Client credentials: the client was authenticated before the request reached here (ClientAuthentication).
        var client = ClientAuthentication.AuthenticatedClient(http)
            ?? throw new InvalidOperationException("A client credentials request reached the endpoint without an authenticated client.");
        return SignIn(client, request, settings, session: null, mustChangePassword: false);
    }

    private static async Task<IResult> Password(OpenIddictRequest request, StaffSignIn signIn, IGrainFactory grains, AuthSettings settings)
    {
        var result = await signIn.Check(request.Username ?? string.Empty, request.Password ?? string.Empty);
        if (!result.Succeeded)
        {
            return Refused(result.Outcome switch
            {
                SignInOutcome.LockedOut => string.Create(CultureInfo.InvariantCulture, $"Too many failed sign-ins: the account is locked until {result.LockedUntil:O}."),
                SignInOutcome.Disabled => "The account is disabled; a GM can enable it again.",
                _ => "The login or the password is wrong.",
            });
        }

        // A password a GM set is only good for choosing a new one: no session, so no refresh token.
        var session = result.MustChangePassword || !request.HasScope(Scopes.OfflineAccess)
            ? null
            : await grains.GetGrain<IStaffAccountGrain>(result.Actor!.Subject).StartSession(Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)));
        return SignIn(result.Actor!, request, settings, session, result.MustChangePassword);
    }

    private static async Task<IResult> Refresh(HttpContext http, OpenIddictRequest request, IGrainFactory grains, AuthSettings settings)
    {
        // OpenIddict has checked the refresh token's encryption and lifetime; the session says whether it is still honoured.
        var presented = (await http.AuthenticateAsync(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme)).Principal;
        var login = presented?.GetClaim(Claims.Subject);
        var sessionId = presented?.GetClaim(SessionClaim);
        if (login is null || sessionId is null
            || !int.TryParse(presented!.GetClaim(GenerationClaim), NumberStyles.None, CultureInfo.InvariantCulture, out var generation))
        {
            return Refused("The refresh token is not a staff session's.");
        }

        var refreshed = await grains.GetGrain<IStaffAccountGrain>(login).RefreshSession(sessionId, generation);
        return refreshed.Outcome switch
        {
            SessionRefreshOutcome.Refreshed => SignIn(refreshed.Actor!, request, settings, new StaffSession(sessionId, refreshed.Generation, default, default), mustChangePassword: false),
            SessionRefreshOutcome.Replayed => Refused("The refresh token was already used: it may have been copied, so the session is ended. Sign in again."),
            SessionRefreshOutcome.Disabled => Refused("The account is disabled; a GM can enable it again."),
            _ => Refused("The session has ended (a new password, or newer sign-ins elsewhere). Sign in again."),
        };
    }

    private static SignInHttpResult SignIn(Actor actor, OpenIddictRequest request, AuthSettings settings, StaffSession? session, bool mustChangePassword)
    {
        var identity = new ClaimsIdentity(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme, ClaimNames.Name, ClaimNames.Role);
        identity.SetClaim(ClaimNames.Subject, actor.Subject)
            .SetClaim(ClaimNames.Name, actor.DisplayName ?? actor.Subject)
            .SetClaim(ClaimNames.Role, actor.Role)
            .SetClaims(ClaimNames.Venue, [.. actor.Venues ?? []])
            .SetClaim(ClaimNames.Badge, actor.Badge)
            .SetClaim(ClaimNames.Department, actor.Department);
        if (mustChangePassword)
        {
            identity.SetClaim(ClaimNames.PasswordChange, "true");
        }

        if (session is not null)
        {
            identity.SetClaim(SessionClaim, session.Id)
                .SetClaim(GenerationClaim, session.Generation.ToString(CultureInfo.InvariantCulture));
        }

        // offline_access (a refresh token) only for a staff session; openid (an identity token) for anyone asking.
        identity.SetScopes(request.GetScopes().Where(s => s == Scopes.OpenId || (s == Scopes.OfflineAccess && session is not null)));
        identity.SetAudiences(settings.Audience);
        identity.SetDestinations(Destinations);
        return TypedResults.SignIn(new ClaimsPrincipal(identity), authenticationScheme: OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
    }

    /// <summary>Where each claim goes: the session's only into the refresh token, which keeps every claim.</summary>
    private static IEnumerable<string> Destinations(Claim claim) => claim.Type switch
    {
        SessionClaim or GenerationClaim => ImmutableArray<string>.Empty,
        ClaimNames.Subject or ClaimNames.Name or ClaimNames.Role => [OpenIddictConstants.Destinations.AccessToken, OpenIddictConstants.Destinations.IdentityToken],
        _ => [OpenIddictConstants.Destinations.AccessToken],
    };

    private static ForbidHttpResult Refused(string description) =>
        TypedResults.Forbid(
            new AuthenticationProperties(new Dictionary<string, string?>
            {
                [OpenIddictServerAspNetCoreConstants.Properties.Error] = Errors.InvalidGrant,
                [OpenIddictServerAspNetCoreConstants.Properties.ErrorDescription] = description,
            }),
            [OpenIddictServerAspNetCoreDefaults.AuthenticationScheme]);
}
