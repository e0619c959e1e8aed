using ClubGrains.Common;

namespace ClubGrains.Venues;

/// <summary>BK-8: only the GM, or a reception supervisor the GM has authorised, may override.</summary>
public static class OverrideRules
{
    public const string Rule = "BK-8";

    public static Refusal? Check(Actor actor, OverrideScope scope, IEnumerable<SupervisorAuthorisation> authorisations, DateTimeOffset now)
    {
        if (actor.Role == Roles.GeneralManager)
        {
            return null;
        }

        if (actor.Role == Roles.ReceptionSupervisor && authorisations.Any(a => a.Covers(actor.Subject, scope, now)))
        {
            return null;
        }

        return actor.Role == Roles.ReceptionSupervisor
            ? Refusal.Forbidden($"Reception supervisor '{actor.Subject}' holds no current authorisation from the GM to {Describe(scope)}.", Rule)
            : Refusal.Forbidden($"Only the GM, or a reception supervisor the GM has authorised, may {Describe(scope)}.", Rule);
    }

    public static Result<SupervisorAuthorisation> Authorise(Actor gm, AuthorisationDraft draft, DateTimeOffset now)
    {
        var errors = new List<FieldError>();
        Limits.CheckText(errors, "supervisor", draft.Supervisor, Limits.Name, Rule, "the reception supervisor's subject (as in their token)");
        Limits.CheckText(errors, "reason", draft.Reason, Limits.Reason, Rule);

        if (draft.Scopes is null || draft.Scopes.Count == 0 || draft.Scopes.Any(s => !Enum.IsDefined(s)))
        {
            errors.Add(new("scopes", "Required: one or more of extendHold, reinstate, releaseHold, repairRoom.", Rule));
        }

        if (draft.Until is not { } until || until <= now)
        {
            errors.Add(new("until", "Required: when the authorisation ends, in the future.", Rule));
        }
        else if (until - now > Limits.MaxAuthorisation)
        {
            errors.Add(new("until", $"At most {Limits.MaxAuthorisation.TotalDays:0} days ahead: the GM renews an authorisation rather than granting it for ever.", Rule));
        }

        if (errors.Count > 0)
        {
            return Refusal.Invalid(errors);
        }

        return new SupervisorAuthorisation(draft.Supervisor!.Trim(), draft.Scopes!.Distinct().Order().ToArray(), draft.Until!.Value, gm.ForRecord(), now, draft.Reason);
    }

    public static string Describe(OverrideScope scope) => scope switch
    {
        OverrideScope.ExtendHold => "extend a hold past the policy",
        OverrideScope.Reinstate => "reinstate a booking",
        OverrideScope.RepairRoom => "repair a room",
        _ => "release a live hold",
    };
}
