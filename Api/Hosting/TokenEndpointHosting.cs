using ClubGrains.Api.Accounts;
using ClubGrains.Api.Auth;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Server;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace ClubGrains.Api.Hosting;

/// <summary>
/// ClubGrains' own OpenID Connect provider (OpenIddict's server, degraded mode: accounts, clients and
/// sessions live in grains, not in OpenIddict's stores): the token endpoint with the password, refresh
/// token and client credentials grants, the discovery document and the JWKS.
/// </summary>
public static class TokenEndpointHosting
{
    public const string DiscoveryPath = ".well-known/openid-configuration";
    public const string KeySetPath = ".well-known/jwks";

    public static IServiceCollection AddClubGrainsTokenEndpoint(this IServiceCollection services, AuthSettings settings)
    {
        services.AddSingleton<TokenKeys>();
        services.AddHostedService<TokenKeysLoader>();
        services.AddOpenIddict().AddServer(server =>
        {
            server.EnableDegradedMode();
            server.SetTokenEndpointUris(TokenEndpoint.Path.TrimStart('/'))
                .SetConfigurationEndpointUris(DiscoveryPath)
                .SetJsonWebKeySetEndpointUris(KeySetPath);
            server.AllowPasswordFlow().AllowRefreshTokenFlow().AllowClientCredentialsFlow();
            server.AcceptAnonymousClients();
            server.RegisterScopes(Scopes.OpenId, Scopes.OfflineAccess);
            server.RegisterClaims(ClaimNames.Name, ClaimNames.Role, ClaimNames.Venue, ClaimNames.Badge, ClaimNames.Department, ClaimNames.PasswordChange);

            // Access tokens are signed JWTs the API validates as it validates every token; refresh tokens stay encrypted.
            server.DisableAccessTokenEncryption();
            server.SetAccessTokenLifetime(TimeSpan.FromMinutes(settings.AccessTokenMinutes))
                .SetIdentityTokenLifetime(TimeSpan.FromMinutes(settings.AccessTokenMinutes))
                .SetRefreshTokenLifetime(TimeSpan.FromHours(settings.RefreshTokenHours));

            // A session ends at its lifetime from the sign-in, however often it is refreshed.
            server.DisableSlidingRefreshTokenExpiration();
            if (settings.IssuerUrl is { } issuer)
            {
                server.SetIssuer(new Uri(issuer, UriKind.Absolute));
            }

            server.AddEventHandler(ClientAuthentication.Descriptor);

            // A partner authenticates with its secret (in the body or HTTP Basic); signed client assertions are not taken.
            server.Configure(o =>
            {
                o.ClientAuthenticationMethods.Remove(ClientAuthenticationMethods.PrivateKeyJwt);
                o.ClientAssertionTypes.Clear();
            });

            // TLS ends in front of the service, as for every other endpoint (README, Deployment).
            server.UseAspNetCore().EnableTokenEndpointPassthrough().DisableTransportSecurityRequirement();
        });
        services.AddScoped<ClientAuthentication>();

        // The keys come from the cluster, so they join the options when these are first built, after start.
        services.AddOptions<OpenIddictServerOptions>().Configure<TokenKeys>((o, keys) =>
        {
            o.SigningCredentials.Add(new SigningCredentials(keys.Signing, SecurityAlgorithms.RsaSha256));
            o.EncryptionCredentials.Add(new EncryptingCredentials(keys.Encryption, SecurityAlgorithms.Aes256KW, SecurityAlgorithms.Aes256CbcHmacSha512));

            // Tokens are stamped with the clock their lifetimes are checked against by the API: the system's.
            o.TimeProvider = TimeProvider.System;
        });
        return services;
    }
}
