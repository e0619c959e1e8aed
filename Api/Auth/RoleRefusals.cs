using ClubGrains.Api.Common;
using ClubGrains.Common;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Infrastructure;
using Microsoft.AspNetCore.Authorization.Policy;

namespace ClubGrains.Api.Auth;

/// <summary>The house rule an endpoint's role restriction applies (BK-6: reception assigns and seats), named in its 403.</summary>
public sealed record HouseRuleMetadata(string Rule);

public static class HouseRuleExtensions
{
    /// <summary>A caller of another role is refused under this rule, as the grain behind the endpoint would refuse them.</summary>
    public static TBuilder UnderHouseRule<TBuilder>(this TBuilder builder, string rule)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new HouseRuleMetadata(rule));

    /// <summary>Names the operation, the house rule a caller of another role is refused under, and what it does.</summary>
    public static RouteHandlerBuilder Describe(this RouteHandlerBuilder route, string operationId, string rule, string summary) =>
        route.WithName(operationId).UnderHouseRule(rule).WithSummary(summary);
}

/// <summary>
/// A 403 from the HTTP edge says what was refused as the grains' refusals do: a venue the caller is
/// not granted, or a role that may not do this, with the house rule where one decided.
/// </summary>
internal sealed class RoleRefusals : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler _default = new();

    public async Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        if (!authorizeResult.Forbidden || authorizeResult.AuthorizationFailure is not { } failure || context.User.Identity?.IsAuthenticated != true)
        {
            await _default.HandleAsync(next, context, policy, authorizeResult);
            return;
        }

        var actor = Actors.From(context.User);
        var venueId = context.GetRouteValue(VenueGrantRequirement.RouteValue) as string;
        var refusal = failure.FailedRequirements.OfType<PasswordChangeRequirement>().Any()
            ? Refusal.Forbidden("The password a GM set must be changed first: POST /accounts/me/password, then sign in again.", ClubGrains.Accounts.AccountRules.Rule)
            : failure.FailedRequirements.OfType<VenueGrantRequirement>().Any()
            ? Refusal.Forbidden($"{Access.Describe(actor)} holds no grant for venue '{venueId}'.")
            : failure.FailedRequirements.OfType<RolesAuthorizationRequirement>().FirstOrDefault() is { } roles
                ? Refusal.Forbidden(
                    $"{Access.Describe(actor)} may not do this; it takes the role {string.Join(" or ", roles.AllowedRoles)}.",
                    context.GetEndpoint()?.Metadata.GetMetadata<HouseRuleMetadata>()?.Rule)
                : null;
        if (refusal is null)
        {
            await _default.HandleAsync(next, context, policy, authorizeResult);
            return;
        }

        await refusal.ToProblem().ExecuteAsync(context);
    }
}
