using ClubGrains.Common;
using OpenIddict.Abstractions;
using OpenIddict.Server;
using OpenIddict.Server.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace ClubGrains.Api.Accounts;

/// <summary>
/// Who may ask the token endpoint (OpenIddict's degraded mode leaves clients to the application, which
/// keeps them in grains): a partner's client credentials are checked against its stored secret hash;
/// staff sign in through the public client <see cref="StaffClientId"/> (or none), which holds no secret.
/// </summary>
internal sealed class ClientAuthentication(ClientSignIn clients) : IOpenIddictServerHandler<ValidateTokenRequestContext>
{
    /// <summary>The client id of ClubGrains' own front ends (the desk, the phone): public, no secret.</summary>
    public const string StaffClientId = "clubgrains-staff";

    private const string ClientProperty = "clubgrains:client";

    public static OpenIddictServerHandlerDescriptor Descriptor { get; } =
        OpenIddictServerHandlerDescriptor.CreateBuilder<ValidateTokenRequestContext>()
            .UseScopedHandler<ClientAuthentication>()
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

    /// <summary>The partner authenticated for this client credentials request.</summary>
    public static Actor? AuthenticatedClient(HttpContext http) =>
        http.Features.Get<OpenIddictServerAspNetCoreFeature>()?.Transaction?.GetProperty<Actor>(ClientProperty);

    public async ValueTask HandleAsync(ValidateTokenRequestContext context)
    {
        if (context.Request.IsClientCredentialsGrantType())
        {
            if (await clients.Check(context.ClientId, context.ClientSecret) is not { } client)
            {
                context.Reject(Errors.InvalidClient, "The client id or secret is wrong, or the client is disabled.");
                return;
            }

            context.Transaction.SetProperty(ClientProperty, client);
            return;
        }

        // Staff grants: a partner's credentials are not a person's, and the staff client has no secret to check.
        if ((context.ClientId is not null && context.ClientId != StaffClientId) || context.ClientSecret is not null)
        {
            context.Reject(Errors.InvalidClient, $"Staff sign in with the public client '{StaffClientId}' (no secret); partner systems use client credentials.");
        }
    }
}
