using System.Globalization;
using System.Threading.RateLimiting;
using ClubGrains.Api.Hosting;
using ClubGrains.Hosting;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.IdentityModel.Tokens;

namespace ClubGrains.Api.Auth;

/// <summary>JWT bearer authentication, role and venue-grant authorization, and write rate limits.</summary>
public static class AuthExtensions
{
    public static WebApplicationBuilder AddClubGrainsAuth(this WebApplicationBuilder builder)
    {
        var settings = builder.Configuration.GetSection(AuthSettings.Section).Get<AuthSettings>() ?? new AuthSettings();
        if (Problems(settings) is { Count: > 0 } problems)
        {
            throw new ClubGrainsStartupException(string.Join(" ", problems));
        }

        var key = SigningKeys.Resolve(settings, ClubGrainsOptions.From(builder.Configuration));
        builder.Services.AddSingleton(settings);

        AddTokenValidation(builder.Services, settings, key);
        if (key is not null)
        {
            // ClubGrains issues its own tokens; with an external issuer, people and partners sign in there.
            builder.Services.AddClubGrainsTokenEndpoint(settings);
            AddTokenEndpointValidation(builder.Services, settings);
        }

        AddWriteLimits(builder.Services, settings);
        return builder;
    }

    /// <summary>Authenticates, limits writes per client, then authorizes (roles, venue grants).</summary>
    public static WebApplication UseClubGrainsAuth(this WebApplication app)
    {
        app.UseAuthentication();
        app.UseRateLimiter();
        app.UseAuthorization();
        return app;
    }

    /// <summary>
    /// The endpoint needs one of the roles, and — on routes with a venue id — a grant of that venue.
    /// Checked before the body is read, so a stranger never learns what the body got wrong.
    /// </summary>
    public static TBuilder RequireVenueRoles<TBuilder>(this TBuilder builder, params string[] roles)
        where TBuilder : IEndpointConventionBuilder =>
        builder.RequireAuthorization(policy => policy
            .RequireAuthenticatedUser()
            .RequireRole(roles)
            .AddRequirements(VenueGrantRequirement.Instance, PasswordChangeRequirement.Instance));

    /// <summary>Bearer tokens signed with the service's key, or with the external issuer's when there is none.</summary>
    private static void AddTokenValidation(IServiceCollection services, AuthSettings settings, SymmetricSecurityKey? key)
    {
        services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme)
            .AddJwtBearer(o =>
            {
                o.MapInboundClaims = false;
                if (key is null)
                {
                    o.Authority = settings.Authority;
                }

                o.TokenValidationParameters = new TokenValidationParameters
                {
                    ValidIssuer = key is null ? null : settings.Issuer,
                    ValidateIssuer = true,
                    ValidAudience = settings.Audience,
                    ValidateAudience = true,
                    IssuerSigningKey = key,
                    ValidateIssuerSigningKey = key is not null,
                    ValidateLifetime = true,
                    ClockSkew = TimeSpan.FromSeconds(30),
                    NameClaimType = ClaimNames.Name,
                    RoleClaimType = ClaimNames.Role,
                };
            });

        services.AddSingleton(_ => new CachingTokenHandler(TimeProvider.System) { MapInboundClaims = false });
        services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme).Configure<CachingTokenHandler>((o, handler) =>
        {
            o.TokenHandlers.Clear();
            o.TokenHandlers.Add(handler);
        });
        services.AddSingleton<IAuthorizationHandler, VenueGrantHandler>();
        services.AddSingleton<IAuthorizationHandler, PasswordChangeHandler>();
        services.AddSingleton<IAuthorizationMiddlewareResultHandler, RoleRefusals>();
        services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().AddRequirements(PasswordChangeRequirement.Instance).Build());
    }

    private static List<string> Problems(AuthSettings settings)
    {
        var problems = new List<string>();
        if (settings.WritesPerSecond < 1)
        {
            problems.Add("ClubGrains:Auth:WritesPerSecond must be at least 1.");
        }

        if (settings.AccessTokenMinutes is < 1 or > 60)
        {
            problems.Add($"ClubGrains:Auth:AccessTokenMinutes must be between 1 and 60 (a disabled account keeps access that long), not {settings.AccessTokenMinutes}.");
        }

        if (settings.RefreshTokenHours is < 1 or > 24 * 7)
        {
            problems.Add($"ClubGrains:Auth:RefreshTokenHours must be between 1 and 168, not {settings.RefreshTokenHours}.");
        }

        if (settings.IssuerUrl is { } issuer
            && (!Uri.TryCreate(issuer, UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http") || uri.Query.Length > 0 || uri.Fragment.Length > 0))
        {
            problems.Add($"ClubGrains:Auth:IssuerUrl must be an absolute http(s) URL without query or fragment, not '{issuer}'.");
        }

        return problems;
    }

    /// <summary>
    /// Tokens of the token endpoint are honoured beside the signing key's: signed with the chain's RSA
    /// key (read at start), issued by the configured issuer or, when none is, by the address the
    /// request came to. Only access tokens and the signing key's own are taken: an identity token
    /// (another audience) or a refresh token (encrypted) is refused.
    /// </summary>
    private static void AddTokenEndpointValidation(IServiceCollection services, AuthSettings settings)
    {
        services.AddHttpContextAccessor();
        services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme).Configure<TokenKeys, IHttpContextAccessor>((o, keys, http) =>
        {
            var parameters = o.TokenValidationParameters;
            parameters.IssuerSigningKeys = [keys.Signing];
            parameters.ValidTypes = ["at+jwt", "JWT"];
            parameters.IssuerValidator = (issuer, _, _) =>
                issuer == settings.Issuer || issuer == ExpectedIssuer(settings, http.HttpContext)
                    ? issuer
                    : throw new SecurityTokenInvalidIssuerException($"Tokens of issuer '{issuer}' are not honoured here.");
        });
    }

    /// <summary>The token endpoint's issuer as OpenIddict writes it: the configured URL, or the request's base address, with a final slash.</summary>
    public static string? ExpectedIssuer(AuthSettings settings, HttpContext? http)
    {
        if (settings.IssuerUrl is { } configured)
        {
            return new Uri(configured, UriKind.Absolute).AbsoluteUri;
        }

        return http is null ? null : $"{http.Request.Scheme}://{http.Request.Host}{http.Request.PathBase}/";
    }

    /// <summary>A token bucket of writes per client; reads are never limited.</summary>
    private static void AddWriteLimits(IServiceCollection services, AuthSettings settings)
    {
        services.AddRateLimiter(o =>
        {
            o.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(http => IsWrite(http.Request.Method)
                ? RateLimitPartition.GetTokenBucketLimiter(ClientKey(http), _ => new TokenBucketRateLimiterOptions
                {
                    TokenLimit = settings.WritesPerSecond * 2,
                    TokensPerPeriod = settings.WritesPerSecond,
                    ReplenishmentPeriod = TimeSpan.FromSeconds(1),
                    QueueLimit = 0,
                })
                : RateLimitPartition.GetNoLimiter("reads"));
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.OnRejected = async (context, cancellationToken) =>
            {
                context.HttpContext.Response.Headers.RetryAfter = "1";
                var problems = context.HttpContext.RequestServices.GetRequiredService<IProblemDetailsService>();
                await problems.WriteAsync(new ProblemDetailsContext
                {
                    HttpContext = context.HttpContext,
                    ProblemDetails =
                    {
                        Status = StatusCodes.Status429TooManyRequests,
                        Title = "Too many writes.",
                        Detail = string.Create(CultureInfo.InvariantCulture, $"At most {settings.WritesPerSecond} writes a second per client; retry in a second."),
                    },
                });
            };
        });
    }

    private static bool IsWrite(string method) =>
        HttpMethods.IsPost(method) || HttpMethods.IsPut(method) || HttpMethods.IsPatch(method) || HttpMethods.IsDelete(method);

    private static string ClientKey(HttpContext http) =>
        http.User.Identity?.IsAuthenticated == true
            ? "sub:" + http.User.FindFirst(ClaimNames.Subject)?.Value
            : "ip:" + http.Connection.RemoteIpAddress;
}
