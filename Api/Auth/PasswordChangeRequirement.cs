using Microsoft.AspNetCore.Authorization;

namespace ClubGrains.Api.Auth;

/// <summary>
/// A token issued for a password a GM set (<see cref="ClaimNames.PasswordChange"/>) opens only the
/// endpoint that changes it: the person chooses their own password before doing anything else.
/// </summary>
public sealed class PasswordChangeRequirement : IAuthorizationRequirement
{
    public static PasswordChangeRequirement Instance { get; } = new();
}

/// <summary>Marks the endpoint a token awaiting a password change may call.</summary>
public sealed class ChangesOwnPasswordMetadata
{
    public static ChangesOwnPasswordMetadata Instance { get; } = new();
}

public static class PasswordChangeExtensions
{
    public static TBuilder OpenToPendingPasswordChange<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(ChangesOwnPasswordMetadata.Instance);
}

internal sealed class PasswordChangeHandler : AuthorizationHandler<PasswordChangeRequirement>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, PasswordChangeRequirement requirement)
    {
        var endpoint = (context.Resource as HttpContext)?.GetEndpoint();
        if (!context.User.HasClaim(c => c.Type == ClaimNames.PasswordChange)
            || endpoint?.Metadata.GetMetadata<ChangesOwnPasswordMetadata>() is not null)
        {
            context.Succeed(requirement);
        }

        return Task.CompletedTask;
    }
}
