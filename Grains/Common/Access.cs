namespace ClubGrains.Common;

/// <summary>
/// The role and venue-grant checks grains make on every command, whatever the HTTP edge already
/// checked: a grain is the last word on who may change its data.
/// </summary>
public static class Access
{
    /// <summary>Null when the actor holds one of the roles and a grant of the venue; else the refusal.</summary>
    public static Refusal? Require(Actor actor, string venueId, string? rule, params string[] roles)
    {
        if (!actor.MayActAt(venueId))
        {
            return Refusal.Forbidden($"{Describe(actor)} holds no grant for venue '{venueId}'.", rule);
        }

        return actor.HasRole(roles)
            ? null
            : Refusal.Forbidden($"{Describe(actor)} may not do this; it takes the role {string.Join(" or ", roles)}.", rule);
    }

    public static string Describe(Actor actor) => $"'{actor.Subject}' ({actor.Role})";
}
